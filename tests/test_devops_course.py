"""The DevOps ECE course realises its draft: its structure, its sentences, finished pages."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from difflib import get_close_matches
from pathlib import Path

import pytest

from scorm_builder.loading import load_course
from scorm_builder.structure.course import Course
from tests.course_fixtures import SHARED, run_cli, skip_or_fail

COURSE_DIR = Path(__file__).resolve().parents[1] / "course"
DRAFT = SHARED / "seed" / "cours-devops-ece.md"
PLACEHOLDERS = re.compile(r"\b(todo|tbd|fixme|xxx|lorem|ipsum|à compléter|a completer)\b", re.I)


def words(text: str) -> list[str]:
    """Return the words of a text without case, accents, punctuation or typography."""
    spaced = text.replace("\u2019", " ")
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", ascii_text)


def draft_outline() -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Return the draft's modules (##), their sections (###) and each section's lines."""
    if not DRAFT.is_file():
        skip_or_fail(f"the course draft is not at {DRAFT} (a clone without ../shared)")
    outline: list[tuple[str, list[tuple[str, list[str]]]]] = []
    for line in DRAFT.read_text("utf-8").splitlines():
        if line.startswith("## "):
            outline.append((line[3:].strip(), []))
        elif line.startswith("### "):
            outline[-1][1].append((line[4:].strip(), []))
        elif line.strip() and outline and outline[-1][1]:
            outline[-1][1][-1][1].append(line.lstrip("* ").strip())
    return outline


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(COURSE_DIR).course


def test_course_validates_cleanly() -> None:
    result = run_cli("validate", str(COURSE_DIR))

    assert result.exit_code == 0
    assert result.output.startswith("valid: devops-ece 1.0.0: ")
    assert "warning" not in result.output


def test_modules_and_pages_follow_the_draft_in_order(course: Course) -> None:
    titles = [(words(m.title), [words(p.title) for p in m.pages]) for m in course.modules]
    drafted = [(words(m), [words(s) for s, _ in sections]) for m, sections in draft_outline()]

    module_titles = [title for title, _ in titles]
    assert [title for title, _ in drafted] == module_titles[: len(drafted)]
    for (_, drafted_pages), (_, pages) in zip(drafted, titles, strict=False):
        assert drafted_pages == pages[: len(drafted_pages)]
    assert words("Continuous Delivery") in module_titles


def test_every_draft_sentence_stays(course: Course) -> None:
    pages = {tuple(words(p.title)): words(p.markdown) for m in course.modules for p in m.pages}
    for _, sections in draft_outline():
        for section, lines in sections:
            vocabulary = set(pages[tuple(words(section))])
            for line in lines:
                # Spelling is corrected ("Continous" became "Continuous"): close words count.
                kept = [w for w in words(line) if get_close_matches(w, vocabulary, 1, 0.8)]
                assert len(kept) >= 0.85 * len(words(line)), (section, line)


def test_pages_read_as_finished_material(course: Course) -> None:
    for module in course.modules:
        for page in module.pages:
            assert not PLACEHOLDERS.search(page.markdown), page.source
            assert len(words(page.markdown)) >= 60, page.source


def test_french_typography_outside_code(course: Course) -> None:
    # Code, URLs and the fences of reveal blocks (::: details …) are no prose.
    code = re.compile(r"```.*?```|`[^`]*`|\]\([^)]*\)|https?://\S+|^:{3,}", re.S | re.M)
    for module in course.modules:
        for page in module.pages:
            prose = code.sub("", page.markdown)
            assert not re.search(r"[^\s\u00a0\u202f][:;?!](\s|$)", prose), page.source
            assert not re.search(r" [:;?!]", prose), page.source
            assert '"' not in prose, page.source


def test_every_module_after_the_introduction_has_a_quiz_and_the_last_is_graded(
    course: Course,
) -> None:
    quizzes = [m.quiz is not None for m in course.modules]
    assert quizzes == [False] + [True] * (len(course.modules) - 1)
    assert [m.graded for m in course.modules][-1]
    for module in course.modules[1:]:
        assert module.quiz is not None
        assert len({q.type for q in module.quiz.questions}) >= 4, module.id


def test_diagrams_are_shipped_with_text_alternatives(tmp_path: Path) -> None:
    assert run_cli("build", str(COURSE_DIR), "-o", str(tmp_path / "c.zip")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "c.zip") as archive:
        svgs = [n for n in archive.namelist() if n.endswith(".svg")]
        html = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".html"))

    assert len(svgs) >= 3
    for svg in svgs:
        match = re.search(rf'<img src="{re.escape(svg)}" alt="([^"]+)"', html)
        assert match and len(match.group(1)) > 10, svg
