"""Loading: read a course folder, check everything, and assemble a `Course`.

Every file is read and every rule checked before anything is written, and every problem
is collected (not just the first), each at the `path:line:column` where the author can
fix it. Paths never leave the course folder, symbolic links included, and files of a theme
never leave their theme folder. What a package may contain is `assets.asset_problem`'s rule.
"""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token
from pydantic import BaseModel

from scorm_builder import components, contrast, markdown, parallel, themes
from scorm_builder.assets import IMAGE_SUFFIXES, SVG_SUFFIX, asset_problem, destination
from scorm_builder.components import checks as checks_component
from scorm_builder.components import glossary as glossary_component
from scorm_builder.components import maths
from scorm_builder.components.base import Attachment, LinkedFile, Use
from scorm_builder.diagnostics import Diagnostic, Report, shown_path, utf8_error_position
from scorm_builder.exceptions import CourseError
from scorm_builder.structure.course import Asset, Course, Module, Page, Quiz
from scorm_builder.structure.files import (
    CourseFile,
    GlossaryFile,
    ModuleFile,
    PageFrontMatter,
    QuizFile,
    control_character,
    markdown_texts,
    slugify,
)
from scorm_builder.structure.suspend import (
    SUSPEND_DATA_LIMIT,
    worst_case_course_state_length,
    worst_case_suspend_data_length,
)
from scorm_builder.yamlsource import Source, parse_yaml, position, validate

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

M = TypeVar("M", bound=BaseModel)

COURSE_FILE = "course.yaml"
GLOSSARY_FILE = "glossary.yaml"
MODULE_FILE = "module.yaml"
QUIZ_PAGE_ID = "quiz"
DEFAULT_QUIZ_FILE = "quiz.yaml"
"""The quiz checked in a module folder whose `module.yaml` cannot be read at all."""
DEFAULT_MASTERY_SCORE: int = CourseFile.model_fields["mastery_score"].default
DIST_FOLDER = "dist"
"""The course's own output folder: ignored by the loader, allowed for the zip."""
IGNORED_TOP_LEVEL = {DIST_FOLDER}
FRONT_MATTER_FENCE = "---"
PAGE_ANCHOR = "#page-"
"""A link to another page of the module becomes this fragment, followed by the page's id."""
WEB_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Place:
    """Where in the course a file was named, to tell a problem with that file there."""

    path: str
    line: int = 1
    column: int = 1


@dataclass
class Loader:
    """One load of one course folder: the report of its problems and the files it used."""

    root: Path
    templates_override: Path | None = None
    single_sco_override: bool = False
    report: Report = field(default_factory=Report)
    used: set[Path] = field(default_factory=set)
    package_names: dict[str, Path] = field(default_factory=dict)
    """The course file that each name under `media/` in the package comes from."""
    strings: dict[str, str] = field(default_factory=dict)
    """The interface strings of the course's language, which label components in pages."""
    language: str = "en"
    """The course's language, which a video's captions are looked for in."""
    glossary: tuple[glossary_component.Entry, ...] = ()
    """The terms of `glossary.yaml`, defined at their first use on each page."""
    read_states: dict[Path, FileState] = field(default_factory=dict)
    """The state of each text file read, taken before reading it."""
    workers: int = 1
    """Processes that may load modules at once."""
    cache: ModuleCache | None = None
    """Modules of a previous load, reused when their files did not change."""

    # -- files -------------------------------------------------------------------------

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def relative_folder(self, folder: Path) -> str:
        return folder.resolve().relative_to(self.root).as_posix()

    def shown(self, path: Path) -> str:
        return shown_path(path, self.root)

    def usable_name(self, name: str, named_at: Place) -> bool:
        """Tell whether a name can name a file, after reporting why not."""
        control = control_character(name)
        if control:
            self.error(named_at, f"the name contains the control character {control}: remove it")
        return control is None

    def resolve(self, base: Path, name: str, named_at: Place) -> Path | None:
        """Return the file `name` (relative to folder `base`) if it is inside the course."""
        if not self.usable_name(name, named_at):
            return None
        candidate = base / name
        try:
            real = candidate.resolve(strict=True)
        except (FileNotFoundError, NotADirectoryError):
            shown = posixpath.normpath(f"{self.relative_folder(base)}/{name}")
            close = closest_name(base, name)
            maybe = f": did you mean '{close}'?" if close else ""
            self.error(named_at, f"'{name}' does not exist (looked for {shown}){maybe}")
            return None
        except (OSError, RuntimeError) as error:
            self.error(named_at, f"'{name}' cannot be read: {error}")
            return None
        if not real.is_relative_to(self.root):
            self.error(named_at, f"'{name}' is outside the course folder; copy it inside")
            return None
        if not real.is_file():
            self.error(named_at, f"'{name}' is not a file")
            return None
        try:
            real.open("rb").close()
        except OSError as error:
            self.error(named_at, f"'{name}' cannot be read: {error.strerror}")
            return None
        return real

    def read_text(self, path: Path) -> str | None:
        """Return the UTF-8 text of `path`, or None after reporting where it is not UTF-8."""
        self.used.add(path)
        try:
            # Its state before reading: an edit saved while it is read changes it again.
            self.read_states[path] = file_state(path)
            data = path.read_bytes()
        except OSError as error:
            self.report.error(self.shown(path), 1, 1, f"cannot be read: {error.strerror}")
            return None
        try:
            return data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            line, column, message = utf8_error_position(data, error)
            self.report.error(self.shown(path), line, column, message)
            return None

    def derived_id(self, given: str | None, name: str, named_at: Place, where_to_add: str) -> str:
        """Return the id given, else one made from a file or folder name (told if none can be)."""
        if given:
            return given
        made = slugify(name)
        if not made:
            self.error(
                named_at,
                f"cannot make an id from the name '{name}': add 'id: ...' to {where_to_add}",
            )
        return made

    def error(self, place: Place, message: str) -> None:
        self.report.error(place.path, place.line, place.column, message)

    def load_yaml(self, model: type[M], path: Path) -> tuple[M | None, object]:
        """Return the file's model (None if invalid) and its raw data, for positions."""
        text = self.read_text(path)
        if text is None:
            return None, None
        source = Source(self.relative(path), text)
        data = parse_yaml(source, self.report)
        return (validate(model, data, source, self.report) if data is not None else None), data

    # -- course ------------------------------------------------------------------------

    def load(self) -> Course | None:
        if not (self.root / COURSE_FILE).is_file():
            self.report.error(COURSE_FILE, 1, 1, f"no {COURSE_FILE} in {self.root}")
            return None
        course_path = self.resolve(self.root, COURSE_FILE, Place(COURSE_FILE))
        course_file, data = self.load_yaml(CourseFile, course_path) if course_path else (None, {})
        if course_file is None:
            # The course's own problems are told; its modules' files are still checked.
            self.load_modules(self.modules_anyway(data), mastery_score_anyway(data))
            return None
        self.language = course_file.language
        templates = self.templates_dir(course_file, data)
        theme = self.templates_override or templates
        # The interface strings and style sheet are read only from a theme whose files all
        # stay inside it; the built-in theme's stand in for those of one that does not.
        readable = theme if theme is None or self.theme_stays_inside(theme) else None
        if readable == theme:
            self.check_language(course_file, data, theme)
        self.glossary = self.load_glossary()
        logo = self.check_theme(course_file, data, readable)
        listed = [
            (name, self.module_place(data, index)) for index, name in enumerate(course_file.modules)
        ]
        modules = self.load_modules(listed, course_file.mastery_score)
        course_id = self.derived_id(course_file.id, self.root.name, Place(COURSE_FILE), COURSE_FILE)
        self.check_unique(
            [(module.id, self.module_place(data, i)) for i, module in enumerate(modules)],
            "module id",
        )
        single_sco = self.single_sco_override or course_file.single_sco
        course = Course(
            course_id, course_file, tuple(modules), templates, self.root, single_sco, logo
        )
        if single_sco:
            self.check_state_budget(
                worst_case_course_state_length(course),
                Place(COURSE_FILE, *position(data, ("single_sco",))),
                "the whole course, packaged as one SCO,",
                "package one SCO per module, or shorten the quizzes",
            )
        return course

    def templates_dir(self, course_file: CourseFile, data: object) -> Path | None:
        if course_file.templates is None:
            return None
        place = Place(COURSE_FILE, *position(data, ("templates",)))
        if not self.usable_name(course_file.templates, place):
            return None
        try:
            folder = (self.root / course_file.templates).resolve(strict=True)
        except (OSError, RuntimeError):
            self.error(place, f"templates folder '{course_file.templates}' does not exist")
            return None
        if not folder.is_relative_to(self.root):
            self.error(place, f"'{course_file.templates}' is outside the course folder")
            return None
        if not folder.is_dir():
            self.error(place, f"templates folder '{course_file.templates}' does not exist")
            return None
        self.used.update(p for p in folder.rglob("*") if p.is_file())
        return folder

    def theme_stays_inside(self, folder: Path) -> bool:
        """Tell whether every file of a theme folder is inside it, after reporting those not.

        A theme's files go into every package (`static/`) or shape it (templates, strings):
        a symbolic link out of the folder would ship whatever it points to.
        """
        escaping = themes.links_leaving(folder)
        for path in escaping:
            self.report.error(
                self.shown(path),
                1,
                1,
                "a symbolic link to a file outside the theme folder: copy the file into the "
                "theme instead",
            )
        return not escaping

    def check_theme(
        self, course_file: CourseFile, data: object, templates: Path | None
    ) -> Asset | None:
        """Report the theme's colours below WCAG AA contrast; return its logo, once checked.

        The colours the theme does not set are those of the style sheet it is applied over.
        """
        theme = course_file.theme
        if theme is None:
            return None
        css = themes.find_theme_file(themes.theme_search_path(templates), "static/sco.css")
        text = self.read_text(css) if css else ""
        defaults = contrast.root_colours(text) if text else {}
        colours = {key: getattr(theme, key) for key in contrast.THEMED if getattr(theme, key)}
        for shortfall in contrast.shortfalls(defaults, colours) if text is not None else []:
            self.error(
                Place(COURSE_FILE, *position(data, ("theme", shortfall.key))), shortfall.message
            )
        if theme.logo is None:
            return None
        place = Place(COURSE_FILE, *position(data, ("theme", "logo", "file")))
        path = self.resolve(self.root, theme.logo.file, place)
        if path is None:
            return None
        problem = logo_problem(path, theme.logo.file) or asset_problem(
            path, theme.logo.file, as_image=True
        )
        if problem:
            self.error(place, problem)
            return None
        self.used.add(path)
        asset = Asset(path, package_path(self.relative(path)))
        self.check_package_name(asset, place)
        return asset

    def check_language(self, course_file: CourseFile, data: object, templates: Path | None) -> None:
        search_path = themes.theme_search_path(templates)
        supported = themes.available_languages(search_path)
        place = Place(COURSE_FILE, *position(data, ("language",)))
        if themes.primary_subtag(course_file.language) not in supported:
            self.error(
                place,
                f"unsupported language '{course_file.language}': the interface is available in "
                f"{', '.join(supported)}; add i18n/<language>.json to the course's templates",
            )
            return
        problem = self.strings_problem(search_path, course_file.language)
        if problem:
            self.error(
                place, f"the interface text of '{course_file.language}' is unusable: {problem}"
            )

    def strings_problem(self, search_path: list[Path], language: str) -> str | None:
        """Return what makes a language's interface strings unusable, to tell at `language`.

        A strings file that cannot be read as JSON is reported at its own line instead. Usable
        strings are kept, to label the components of pages.
        """
        name = themes.strings_file(language)
        path = themes.find_theme_file(search_path, name)
        if path is None:
            return f"no {name} in the theme"
        try:
            strings = themes.load_strings(path)
        except themes.StringsError as error:
            self.report.error(self.shown(path), error.line, error.column, error.message)
            return None
        missing = themes.missing_strings(strings)
        if missing:
            return f"the theme's {name} lacks the strings: {', '.join(missing)}"
        self.strings = strings
        return None

    def load_glossary(self) -> tuple[glossary_component.Entry, ...]:
        """Return the terms of the optional `glossary.yaml`, their definitions as HTML."""
        if not (self.root / GLOSSARY_FILE).exists():
            return ()
        path = self.resolve(self.root, GLOSSARY_FILE, Place(GLOSSARY_FILE))
        glossary, data = self.load_yaml(GlossaryFile, path) if path else (None, None)
        if glossary is None:
            return ()
        for loc, text in markdown_texts(glossary):
            self.check_text(text, Place(GLOSSARY_FILE, *position(data, loc)), "the glossary")
        names: list[tuple[str, Place]] = []
        for index, entry in enumerate(glossary.terms):
            written = [
                (("term",), entry.term),
                *((("forms", i), f) for i, f in enumerate(entry.forms)),
            ]
            names += [
                (name, Place(GLOSSARY_FILE, *position(data, ("terms", index, *loc))))
                for loc, name in written
            ]
        self.check_unique(names, "glossary term")
        return tuple(
            glossary_component.Entry((entry.term, *entry.forms), markdown.html(entry.definition))
            for entry in glossary.terms
        )

    def module_place(self, data: object, index: int) -> Place:
        line, column = position(data, ("modules", index))
        return Place(COURSE_FILE, line, column)

    def modules_anyway(self, data: object) -> list[tuple[str, Place]]:
        """Return the module folders of a `course.yaml` that has errors, to check them still.

        Its list of modules where that list can be read (its names that are text), else every
        folder of the course that holds a `module.yaml`, in name order.
        """
        listed = named_items(data, "modules")
        if listed is not None:
            return [(name, self.module_place(data, index)) for index, name in listed]
        return [
            (folder.name, Place(self.relative(folder / MODULE_FILE)))
            for folder in sorted(self.root.iterdir())
            if folder.name not in IGNORED_TOP_LEVEL
            and not folder.name.startswith(".")
            and (folder / MODULE_FILE).is_file()
        ]

    def load_modules(self, listed: list[tuple[str, Place]], mastery_score: int) -> list[Module]:
        """Return the modules, each loaded on its own (in parallel, or reused from `cache`)
        and then merged in order, as if loaded one after the other."""
        found = []
        for folder_name, place in listed:
            written = PurePosixPath(folder_name)
            if written.is_absolute() or written.name in ("", ".", ".."):
                self.error(
                    place,
                    f"'{folder_name}' names no module folder: write the name of a folder of "
                    "the course that holds a module.yaml, as in intro",
                )
                continue
            path = self.resolve(self.root, f"{folder_name}/{MODULE_FILE}", place)
            if path is not None:
                found.append((path, place))
        modules = []
        for load in module_loads(self, mastery_score, found):
            module = self.merged(load) if self.merges(load) else self.load_module(*load.job)
            if module is not None:
                modules.append(module)
        return modules

    def merges(self, load: ModuleLoad) -> bool:
        """Tell whether a module loaded alone can join the course: not when a name it gives
        a file in the package is another module's (loaded again here, the clash is told)."""
        return all(
            self.package_names.get(name, source) == source
            for name, source in load.package_names.items()
        )

    def merged(self, load: ModuleLoad) -> Module | None:
        self.report.diagnostics.extend(load.diagnostics)
        self.used.update(load.used)
        self.package_names.update(load.package_names)
        return load.module

    def alone(self) -> Loader:
        """Return a loader of the same course for one module: what it knows of the course
        (its strings...), a report and files of its own."""
        return replace(
            self, report=Report(), used=set(), package_names={}, read_states={}, cache=None
        )

    def course_context(self) -> tuple[object, ...]:
        """Return what the loader knows of the course that loading a module reads (all but
        what loads collect, and how they run): a module loaded in another context is not
        reused."""
        return tuple(getattr(self, f.name) for f in fields(self) if f.name not in PER_LOAD_FIELDS)

    # -- module ------------------------------------------------------------------------

    def load_module(self, mastery_score: int, path: Path, listed_at: Place) -> Module | None:
        module_file, data = self.load_yaml(ModuleFile, path)
        if module_file is None:
            self.check_module_anyway(mastery_score, path, data)
            return None
        where = self.relative(path)
        module_id = self.derived_id(module_file.id, path.parent.name, listed_at, where)
        pages, listed = self.load_pages(
            path.parent,
            [
                (name, Place(where, *position(data, ("pages", i))))
                for i, name in enumerate(module_file.pages)
            ],
        )
        quiz = (
            None
            if module_file.quiz is None
            else self.load_quiz(
                mastery_score,
                path.parent,
                module_file.quiz,
                Place(where, *position(data, ("quiz",))),
            )
        )
        self.check_completion(module_file, data, where)
        self.check_unique([(page.id, place) for page, place in pages], "page id")
        for page, place in pages:
            if page.id == QUIZ_PAGE_ID:
                self.error(
                    place, f"page id '{QUIZ_PAGE_ID}' is reserved for the quiz; rename the page"
                )
        linked = self.link_pages([page for page, _ in pages], listed)
        module = Module(module_id, module_file, linked, quiz)
        self.check_state_budget(
            worst_case_suspend_data_length(module),
            Place(where, *position(data, ("quiz",))),
            "this module",
            "split the module or its quiz",
        )
        return module

    def load_pages(
        self, folder: Path, named: list[tuple[str, Place]]
    ) -> tuple[list[tuple[Page, Place]], dict[Path, str | None]]:
        """Return the pages named in a module folder, each with where it was named, and the
        anchor of every page file found (None for a page with errors, already reported)."""
        pages: list[tuple[Page, Place]] = []
        listed: dict[Path, str | None] = {}
        for name, place in named:
            page_path = self.resolve(folder, name, place)
            page = self.load_page(page_path, place) if page_path else None
            if page_path is not None:
                listed[page_path] = f"{PAGE_ANCHOR}{page.id}" if page else None
            if page is not None:
                pages.append((page, place))
        return pages, listed

    def check_module_anyway(self, mastery_score: int, path: Path, data: object) -> None:
        """Check the pages and quiz of a module whose `module.yaml` has errors.

        They are those it names where they can be read, else the folder's Markdown files and
        its `quiz.yaml`: its errors hide only what the file alone decides (title, order).
        """
        where = self.relative(path)
        listed = named_items(data, "pages")
        named = (
            [(name, Place(where, *position(data, ("pages", i)))) for i, name in listed]
            if listed is not None
            else [
                (page.name, Place(self.relative(page)))
                for page in sorted(path.parent.glob("*.md"))
                if page.is_file()
            ]
        )
        pages, anchors = self.load_pages(path.parent, named)
        self.link_pages([page for page, _ in pages], anchors)
        quiz = data.get("quiz") if isinstance(data, dict) else None
        if isinstance(quiz, str) and quiz.strip():
            self.load_quiz(
                mastery_score, path.parent, quiz.strip(), Place(where, *position(data, ("quiz",)))
            )
        elif not isinstance(data, dict) and (path.parent / DEFAULT_QUIZ_FILE).is_file():
            quiz_path = path.parent / DEFAULT_QUIZ_FILE
            self.load_quiz(
                mastery_score, path.parent, DEFAULT_QUIZ_FILE, Place(self.relative(quiz_path))
            )

    def check_completion(self, module_file: ModuleFile, data: object, where: str) -> None:
        if module_file.completion == "quiz" and module_file.quiz is None:
            line, column = position(data, ("completion",))
            self.report.error(
                where, line, column, "'completion: quiz' needs a quiz: add 'quiz: quiz.yaml'"
            )

    def check_state_budget(self, needed: int, place: Place, where: str, fix: str) -> None:
        """Report a learner's state that could exceed what SCORM 1.2 keeps of suspend_data."""
        if needed > SUSPEND_DATA_LIMIT:
            self.error(
                place,
                f"a learner's state in {where} could take {needed} characters, more than "
                f"the {SUSPEND_DATA_LIMIT} SCORM 1.2 allows: {fix}",
            )

    def load_quiz(self, mastery_score: int, folder: Path, name: str, place: Place) -> Quiz | None:
        quiz_path = self.resolve(folder, name, place)
        if quiz_path is None:
            return None
        quiz_file, quiz_data = self.load_yaml(QuizFile, quiz_path)
        if quiz_file is None:
            return None
        ids = tuple(q.id or f"q{i + 1}" for i, q in enumerate(quiz_file.questions))
        where = self.relative(quiz_path)
        for loc, text in markdown_texts(quiz_file):
            self.check_text(text, Place(where, *position(quiz_data, loc)), "a quiz")
        starts = [Place(where, *position(quiz_data, ("questions", i))) for i in range(len(ids))]
        self.check_unique(list(zip(ids, starts, strict=True)), "question id")
        pass_mark = mastery_score if quiz_file.pass_mark is None else quiz_file.pass_mark
        return Quiz(quiz_file, pass_mark, ids, quiz_path, tuple(s.line for s in starts))

    def check_text(self, text: str, place: Place, where: str) -> None:
        """Report what a text outside pages (a quiz's, the glossary's) may not hold: raw
        HTML, images, links to course files, formulas that do not convert."""
        tokens = markdown.parse(text)
        for html in markdown.raw_html(tokens):
            self.error(place, raw_html_message(html))
        for problem in maths.problems(tokens, text.splitlines()):
            self.error(place, problem.message)
        for ref in markdown.references(tokens):
            shown = unquote(ref.url)
            if ref.is_image:
                self.error(place, f"image '{shown}' in {where}: put images on a page")
            elif urlsplit(ref.url).scheme not in WEB_SCHEMES:
                self.error(
                    place,
                    f"link '{shown}' in {where}: only links to the web (https://...) fit there",
                )

    # -- page --------------------------------------------------------------------------

    def load_page(self, path: Path, listed_at: Place) -> Page | None:
        text = self.read_text(path)
        if text is None:
            return None
        where = self.relative(path)
        split = split_front_matter(text)
        if split is None:
            self.report.error(
                where, 1, 1, "a page starts with front matter: a '---' line, 'title: ...', '---'"
            )
            return None
        front, body, body_line = split
        source = Source(where, front, first_line=2)
        data = parse_yaml(source, self.report)
        meta = validate(PageFrontMatter, data, source, self.report) if data is not None else None
        if meta is None:
            return None
        page_id = self.derived_id(meta.id, path.stem, listed_at, f"the front matter of {where}")
        return Page(page_id, meta.title, body, path, body_line=body_line)

    def link_pages(self, pages: list[Page], anchors: dict[Path, str | None]) -> tuple[Page, ...]:
        """Return the module's pages with their links and images resolved, bodies in HTML.

        `anchors` maps every page file the module lists to its anchor, or to None when the
        page itself has errors (already reported), so links to it are not reported again.
        """
        return tuple(self.linked_page(page, anchors) for page in pages)

    def linked_page(self, page: Page, anchors: dict[Path, str | None]) -> Page:
        tokens = markdown.parse(page.markdown)
        where = self.relative(page.source)
        for html in markdown.raw_html(tokens):
            self.report.error(where, page.body_line + html.line + 1, 1, raw_html_message(html))
        for problem in components.problems(tokens, page.markdown.splitlines()):
            line = page.body_line + problem.line + 1
            self.report.error(where, line, problem.column, problem.message)
        self.check_spaced_targets(page, tokens)
        checks = checks_component.checks(tokens, page.markdown.splitlines())
        at = [Place(where, page.body_line + check.line + 1, 1) for check in checks]
        self.check_unique(
            [(check.id, place) for check, place in zip(checks, at, strict=True)], "question id"
        )
        for check, place in zip(checks, at, strict=True):
            for _, text in markdown_texts(check.question):
                self.check_text(text, place, "a question")
        assets, urls, files = self.page_references(page, tokens, anchors)
        body = markdown.to_html(tokens, urls, self.strings, files, self.glossary)
        linked = tuple(replace(check, id=f"{page.id}_{check.id}") for check in checks)
        return replace(page, assets=assets, html=body, checks=linked)

    def check_spaced_targets(self, page: Page, tokens: list[Token]) -> None:
        """Report an image or link whose target has spaces, which Markdown shows as text."""
        lines = page.markdown.splitlines()
        for spaced in markdown.spaced_targets(tokens):
            line, column = spaced.line, 1
            for index in range(spaced.line, min(spaced.line + 100, len(lines))):
                found = lines[index].find(spaced.written)
                if found >= 0:
                    line, column = index, found + 1
                    break
            kind = "image" if spaced.is_image else "link"
            self.report.error(
                self.relative(page.source),
                page.body_line + line + 1,
                column,
                f"this {kind} is shown as text, because its file name has spaces: put the name "
                f"in <...>, as in {spaced.fixed}",
            )

    def page_references(
        self, page: Page, tokens: list[Token], anchors: dict[Path, str | None]
    ) -> tuple[tuple[Asset, ...], dict[str, str], dict[str, LinkedFile]]:
        """Return the files a page uses, how each URL it writes reads in the package, and
        the course files those URLs name, with what components attach to them."""
        where = self.relative(page.source)
        assets: list[Asset] = []
        urls: dict[str, str] = {}
        files: dict[str, LinkedFile] = {}
        body_lines = page.markdown.splitlines()
        for ref in markdown.references(tokens):
            line, column, written = written_at(body_lines, ref)
            place = Place(where, page.body_line + line + 1, column)
            # Messages name the file as the author wrote it, not percent-encoded.
            target = self.reference_target(replace(ref, url=written), page, place, anchors)
            if target is None:
                continue
            if target.startswith("#"):
                urls[ref.url] = target
                continue
            asset = Asset(self.root / target, package_path(target))
            self.check_package_name(asset, place)
            use = Use(
                unquote(urlsplit(ref.url).path),
                ref.title,
                asset.source,
                page.source.parent,
                ref.is_image,
                self.language,
            )
            attached = self.attachments(use, place)
            assets.extend([asset, *(companion for companion, _ in attached)])
            urls[ref.url] = asset.package_path
            files[asset.package_path] = LinkedFile(
                asset.source, tuple((a, companion.package_path) for companion, a in attached)
            )
        return tuple(dict.fromkeys(assets)), urls, files

    def attachments(self, use: Use, place: Place) -> list[tuple[Asset, Attachment]]:
        """Return the course files that components attach to a used one, after reporting,
        at the reference, what is wrong with them."""
        attached = components.attach(use, lambda name: self.resolve(use.folder, name, place))
        for problem in attached.problems:
            self.error(place, problem)
        found = []
        for attachment in attached.files:
            self.used.add(attachment.path)
            asset = Asset(attachment.path, package_path(self.relative(attachment.path)))
            self.check_package_name(asset, place)
            found.append((asset, attachment))
        return found

    def check_package_name(self, asset: Asset, place: Place) -> None:
        """Report, at the link, a file whose name in the package another file already has."""
        other = self.package_names.setdefault(asset.package_path, asset.source)
        if other != asset.source:
            self.error(
                place,
                f"'{self.relative(asset.source)}' and '{self.relative(other)}' both "
                f"become '{asset.package_path}' in the package: rename one",
            )

    def reference_target(
        self, ref: markdown.Reference, page: Page, place: Place, anchors: dict[Path, str | None]
    ) -> str | None:
        """Return an in-module anchor or a course-relative file path for `ref`, or None."""
        if ref.is_image and not ref.alt.strip():
            self.error(
                place,
                f"image '{ref.url}' has no text alternative: write "
                f"![description]({destination(ref.url)}), "
                f'or ![""]({destination(ref.url)}) if it is only decorative',
            )
        parts = urlsplit(ref.url)
        if parts.scheme not in ("", *WEB_SCHEMES):
            self.error(
                place,
                f"{'image' if ref.is_image else 'link'} '{ref.url}' uses the scheme "
                f"'{parts.scheme}:', which a package cannot hold: link to the web (https://...) "
                "or to a file of the course",
            )
            return None
        if parts.scheme or parts.netloc:
            if ref.is_image:
                self.error(place, f"image '{ref.url}' is on the web: copy it into the course")
            return None
        if not parts.path:
            if parts.fragment:
                self.error(
                    place,
                    f"link '{ref.url}' points into a page: link to the page file instead "
                    "(for example other-page.md)",
                )
            return None
        if parts.path.startswith("/"):
            self.error(place, f"'{ref.url}' is an absolute path: make it relative to the page")
            return None
        target = self.resolve(page.source.parent, unquote(parts.path), place)
        if target is None:
            return None
        if target in anchors:
            return anchors[target]
        if target.suffix.lower() == ".md":
            self.error(
                place,
                f"'{ref.url}' is not a page of this module: a module is one SCO, "
                "so link only to pages of the same module",
            )
            return None
        problem = asset_problem(target, ref.url, ref.is_image)
        if problem:
            self.error(place, problem)
            return None
        self.used.add(target)
        return self.relative(target)

    # -- course-wide checks --------------------------------------------------------------

    def check_unique(self, items: list[tuple[str, Place]], what: str) -> None:
        first_seen: dict[str, Place] = {}
        for value, place in items:
            if value in first_seen:
                earlier = first_seen[value]
                self.error(
                    place, f"duplicate {what} '{value}' (also at {earlier.path}:{earlier.line})"
                )
            else:
                first_seen[value] = place

    def warn_unused(self) -> None:
        used = {str(path) for path in self.used}
        for parts, real in sorted(course_files(self.root)):
            if real not in used:
                self.report.warning(
                    "/".join(parts), 1, 1, "not used by the course: reference it or remove it"
                )


def course_files(root: Path) -> list[tuple[tuple[str, ...], str]]:
    """Return the files of a course folder that a course may use (none hidden, none in
    dist/), by their parts relative to `root`, each with its real path as a string.

    As `root.rglob("*")` would, symlinked folders are not entered and unreadable ones are
    passed by; but one `os.scandir` a folder, no `Path` a file and no `resolve` but of the
    root and of symlinks: the preview checks thousands of files at each edit (a cached
    rebuild of 4,000 pages spent 53 % of its time in `rglob`, `is_file` and `resolve`, then
    15 % in joining `Path`s)."""
    found: list[tuple[tuple[str, ...], str]] = []
    add_files(str(root), str(root.resolve()), (), found)
    return found


def add_files(
    folder: str, real: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], str]]
) -> None:
    try:
        with os.scandir(folder) as scanned:
            entries = list(scanned)
    except PermissionError:
        return
    within = real.rstrip(os.sep) + os.sep  # as str(Path) writes it, the root "/" too
    for entry in entries:
        if entry.name.startswith(".") or (not parts and entry.name in IGNORED_TOP_LEVEL):
            continue
        if entry.is_dir(follow_symlinks=False):
            add_files(entry.path, within + entry.name, (*parts, entry.name), found)
        elif is_file(entry):
            path = str(Path(entry.path).resolve()) if entry.is_symlink() else within + entry.name
            found.append(((*parts, entry.name), path))


def is_file(entry: os.DirEntry[str]) -> bool:
    """Tell whether an entry is a file, or a symlink to one, as `Path.is_file` does."""
    try:
        return entry.is_file()
    except OSError:  # a symlink loop, which Path.is_file answers False to, without raising
        return Path(entry.path).is_file()


PER_LOAD_FIELDS = frozenset(["report", "used", "package_names", "read_states", "workers", "cache"])
"""The fields of `Loader` that a load fills, or that say how it runs."""

ModuleJob = tuple[int, Path, Place]
"""What loading one module needs besides the course's loader: `Loader.load_module`'s
arguments."""


@dataclass(frozen=True)
class ModuleLoad:
    """One module loaded by a loader of its own: what it adds to the course's load, and the
    files it read, by which a later load knows whether it can reuse it."""

    job: ModuleJob
    module: Module | None
    diagnostics: list[Diagnostic]
    used: frozenset[Path]
    package_names: dict[str, Path]
    inputs: dict[Path, FileState]
    """Every file used, with its state when read."""
    context: tuple[object, ...]
    """The loader's `course_context()`."""

    def still_valid(self, job: ModuleJob, context: tuple[object, ...]) -> bool:
        """Tell whether loading `job` again would give this: same arguments and course
        context, no file changed, and nothing to tell (a problem may be fixed elsewhere)."""
        return (
            job == self.job
            and context == self.context
            and not self.diagnostics
            and all(file_state(path) == state for path, state in self.inputs.items())
        )


FileState = tuple[int, int]
"""A file's modification time (ns) and size; (0, -1) when it cannot be read."""


def file_state(path: Path) -> FileState:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)


def load_alone(loader: Loader, job: ModuleJob) -> ModuleLoad:
    """Return the load of one module by a loader of its own."""
    alone = loader.alone()
    module = alone.load_module(*job)
    # Files only checked (media) are taken as they are now; text files as they were read.
    inputs = {path: file_state(path) for path in alone.used} | alone.read_states
    return ModuleLoad(
        job,
        module,
        alone.report.diagnostics,
        frozenset(alone.used),
        alone.package_names,
        inputs,
        alone.course_context(),
    )


@dataclass
class ModuleCache:
    """The modules of the latest load of a course, reused by the next load when none of
    their files changed (the preview rebuilds only the module edited)."""

    loads: dict[Path, ModuleLoad] = field(default_factory=dict)
    rendered: dict[int, tuple[Module, object, bytes]] = field(default_factory=dict)
    """Module's id(): the module, what else its document depends on, and the document."""
    environments: dict[object, SandboxedEnvironment] = field(default_factory=dict)
    """The Jinja2 environment of the theme's files as they are, its compiled templates kept."""


def module_loads(
    loader: Loader, mastery_score: int, listed: list[tuple[Path, Place]]
) -> list[ModuleLoad]:
    """Return each listed module loaded alone: reused from the loader's cache when valid,
    else loaded in worker processes when there are enough, else here."""
    jobs = [(mastery_score, path, place) for path, place in listed]
    cache = loader.cache
    loads: dict[int, ModuleLoad] = {}
    if cache is not None:
        context = loader.course_context()
        for index, job in enumerate(jobs):
            cached = cache.loads.get(job[1])
            if cached is not None and cached.still_valid(job, context):
                loads[index] = cached
    missing = [index for index in range(len(jobs)) if index not in loads]
    calls = [functools.partial(load_alone, loader, jobs[index]) for index in missing]
    with parallel.results(calls, loader.workers) as done:
        loads.update(zip(missing, done, strict=True))
    if cache is not None:
        cache.loads = {job[1]: loads[index] for index, job in enumerate(jobs)}
    return [loads[index] for index in range(len(jobs))]


def closest_name(base: Path, name: str) -> str | None:
    """Return the existing name closest to the first part of `name` that does not exist.

    `../assets/logo.svg` where `assets/Logo.svg` exists gives `Logo.svg`; `asset/pic.svg`
    where `assets/` exists gives `assets`. Names are compared without case or accents, a
    file only with files of its extension (or of its very stem); hidden files never come.
    """
    folder = base
    parts = PurePosixPath(name).parts
    for index, part in enumerate(parts):
        if part not in ("", ".", "..") and not (folder / part).exists():
            last = index == len(parts) - 1
            try:
                names = [
                    p.name
                    for p in folder.iterdir()
                    if not p.name.startswith(".") and (p.is_file() if last else p.is_dir())
                ]
            except OSError:
                return None
            scored = [(likeness(part, other), other) for other in names]
            best = max(scored, default=(0.0, ""))
            return best[1] if best[0] >= CLOSE_ENOUGH else None
        folder = folder / part
    return None


CLOSE_ENOUGH = 0.8
"""How alike two names must be (difflib's ratio, 0 to 1) for one to be suggested for the other:
`assesment`/`assessment` 0.95, `assets`/`assessment` 0.63, `two.md`/`one.md` 0.33 (their
stems)."""


def likeness(written: str, existing: str) -> float:
    """Return how alike two file names are: their stems' ratio, 0 for other extensions."""
    written_stem, written_suffix = plain_name(written)
    stem, suffix = plain_name(existing)
    if written_suffix != suffix and written_stem != stem:
        return 0.0
    if sorted(written_stem) == sorted(stem):
        return 1.0  # letters swapped: `tow.md` for `two.md`
    return difflib.SequenceMatcher(None, written_stem, stem).ratio()


def plain_name(name: str) -> tuple[str, str]:
    """Return a name's stem and extension without case or accents, to compare names."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    stem, dot, suffix = plain.rpartition(".")
    return (stem, suffix) if dot and stem else (plain, "")


def named_items(data: object, key: str) -> list[tuple[int, str]] | None:
    """Return the names (text items, stripped) of a list in a file's data, with their index,
    or None when the file has no such list."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    return [
        (i, item.strip()) for i, item in enumerate(items) if isinstance(item, str) and item.strip()
    ]


def logo_problem(path: Path, name: str) -> str | None:
    """Return why a theme's logo is not an image, or None: a logo is shown, never played."""
    if path.suffix.lower() in IMAGE_SUFFIXES or path.suffix.lower() == SVG_SUFFIX:
        return None
    return (
        f"the logo '{name}' is not an image ({', '.join(sorted(IMAGE_SUFFIXES))}, .svg): "
        "save it as one of those and name that file here"
    )


def mastery_score_anyway(data: object) -> int:
    """Return the `mastery_score` of a `course.yaml` that has errors, where it is usable."""
    score = data.get("mastery_score") if isinstance(data, dict) else None
    if isinstance(score, int) and not isinstance(score, bool) and 0 <= score <= 100:
        return score
    return DEFAULT_MASTERY_SCORE


LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
"""The raw HTML authors write for a line break, which Markdown writes its own way."""
LINE_BREAK_FIX = (
    "to break a line, end it with a backslash (\\); for a new paragraph, leave a blank line"
)


def raw_html_message(html: markdown.RawHtml) -> str:
    fix = LINE_BREAK_FIX if LINE_BREAK.fullmatch(html.text) else "write it in Markdown"
    return f"raw HTML is not allowed ({html.text[:40]}): {fix}"


INLINE_DESTINATION = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|([^\s()<>]+))")
"""The destination of an inline link or image, `](<a b.png>` or `](a%20b.png`."""


def written_at(lines: list[str], ref: markdown.Reference) -> tuple[int, int, str]:
    """Return the 0-based line and 1-based column of a URL, searched from its block's line,
    and the URL as the author wrote it.

    markdown-it gives a block's first line only, and the URL percent-encoded (`Logo école.png`
    becomes `Logo%20%C3%A9cole.png`); the URL may stand on a later line of the same paragraph
    (or nowhere verbatim: then the block's line is told, and the URL decoded).
    """
    decoded = unquote(ref.url)
    searched = range(ref.line, min(ref.line + 100, len(lines)))
    for index in searched:
        for match in INLINE_DESTINATION.finditer(lines[index]):
            written = match.group(1) if match.group(1) is not None else match.group(2)
            if unquote(written) == decoded:
                return index, match.start(1 if match.group(1) is not None else 2) + 1, written
    for written in dict.fromkeys((decoded, ref.url)):
        for index in searched:
            column = lines[index].find(written)
            if column >= 0:
                return index, column + 1, written
    return ref.line, 1, decoded


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, 0-based line of the body) or None without front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FRONT_MATTER_FENCE:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 1
    return None


def package_path(relative: str) -> str:
    """Return the ASCII-safe name inside the package of a course file (`media/...`)."""
    safe = [
        re.sub(r"[^a-z0-9._-]+", "-", slugify_keep_dots(part)).strip("-") or "file"
        for part in PurePosixPath(relative).parts
    ]
    return "/".join(["media", *safe])


def slugify_keep_dots(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{slugify(stem)}.{slugify(suffix)}" if dot and stem else slugify(name)


@dataclass(frozen=True)
class Loaded:
    """A course that loaded without errors, and the warnings found on the way."""

    course: Course
    warnings: list[Diagnostic]


def load_course(
    root: Path,
    templates: Path | None = None,
    single_sco: bool = False,
    workers: int = 1,
    cache: ModuleCache | None = None,
) -> Loaded:
    """Return the course in folder `root`, or raise `CourseError` with every problem.

    `templates` is a theme folder that overrides the course's own (`build --templates`);
    `single_sco` packages the course as one SCO whatever `course.yaml` says (`--single-sco`).
    Up to `workers` processes load modules at once; modules of `cache` whose files did not
    change are reused, and the cache keeps this load's.
    """
    root = root.resolve()
    loader = Loader(
        root, templates.resolve() if templates else None, single_sco, workers=workers, cache=cache
    )
    if not root.is_dir():
        raise CourseError([Diagnostic(str(root), 1, 1, "no such course folder")])
    course = loader.load()
    if course is not None and not loader.report.errors:
        loader.warn_unused()
    if course is None or loader.report.errors:
        raise CourseError(loader.report.diagnostics)
    return Loaded(course, loader.report.warnings)
