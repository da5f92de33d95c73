"""A loaded course: the authored files put together, with ids resolved and paths checked.

The loader builds these from the file models; the renderer and the manifest read them.
They add no field an author writes, only what assembling the files yields: resolved ids,
source paths, rendered-ready Markdown and the assets each page uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scorm_builder.structure.files import CourseFile, ModuleFile, Question, QuizFile


@dataclass(frozen=True)
class Asset:
    """A file of the course folder that a page uses, and its name inside the package."""

    source: Path
    package_path: str


def in_package_order(assets: Iterable[Asset]) -> tuple[Asset, ...]:
    """Return each asset once, sorted by its name in the package."""
    unique = {asset.package_path: asset for asset in assets}
    return tuple(unique[key] for key in sorted(unique))


@dataclass(frozen=True)
class KnowledgeCheck:
    """A question in a page, checked on its own and never graded."""

    question: Question
    id: str
    """Unique in its module: `<page id>_<question id>` once the loader has linked the page."""
    line: int
    """0-based body line of the block that holds it."""


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    markdown: str
    source: Path
    assets: tuple[Asset, ...] = ()
    html: str = ""
    """The body as safe HTML, its links and images pointing into the package."""
    body_line: int = 0
    """0-based line of the file where the Markdown body starts (after the front matter)."""
    checks: tuple[KnowledgeCheck, ...] = ()


@dataclass(frozen=True)
class Quiz:
    file: QuizFile
    pass_mark: int
    question_ids: tuple[str, ...]
    source: Path
    question_lines: tuple[int, ...]
    """1-based line of the quiz file where each question starts, for the review document."""

    @property
    def questions(self) -> list[Question]:
        return self.file.questions

    def checks_each_question(self, graded: bool) -> bool:
        """Whether learners can check each question as they answer it: in a practice quiz
        (a graded one is submitted whole) that shows more than the score."""
        return not graded and self.file.review != "score"


@dataclass(frozen=True)
class Module:
    id: str
    file: ModuleFile
    pages: tuple[Page, ...]
    quiz: Quiz | None

    @property
    def title(self) -> str:
        return self.file.title

    @property
    def checks(self) -> tuple[KnowledgeCheck, ...]:
        """The knowledge checks of every page, in reading order."""
        return tuple(check for page in self.pages for check in page.checks)

    @property
    def assets(self) -> tuple[Asset, ...]:
        """Every file the module's pages use, once, in package order."""
        return in_package_order(asset for page in self.pages for asset in page.assets)

    @property
    def graded(self) -> bool:
        """Whether the quiz score decides pass or fail (and the LMS gets a mastery score)."""
        return self.mastery_score is not None

    @property
    def mastery_score(self) -> int | None:
        """The pass mark the LMS judges the module by, when its quiz decides pass or fail."""
        graded = self.quiz is not None and self.file.completion != "pages"
        return self.quiz.pass_mark if graded and self.quiz else None


@dataclass(frozen=True)
class Course:
    id: str
    file: CourseFile
    modules: tuple[Module, ...]
    templates: Path | None
    root: Path
    """The course folder, resolved: where the problems of its files are told from."""
    single_sco: bool = False
    """One SCO with a module menu inside (`single_sco: true`, or `build --single-sco`)."""
    logo: Asset | None = None
    """The image of `theme.logo`, shown in the header of every page."""

    @property
    def title(self) -> str:
        return self.file.title

    @property
    def assets(self) -> tuple[Asset, ...]:
        """Every file the course's pages use and its logo, once, in package order."""
        used = (asset for module in self.modules for asset in module.assets)
        return in_package_order([*used, *([self.logo] if self.logo else [])])
