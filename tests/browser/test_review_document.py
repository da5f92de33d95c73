"""The review document of `course/` in Chromium: its PDF (`review --pdf`, Chromium found on
PATH) starts each module on a new A4 page and its text can be extracted; axe-core finds no
WCAG 2.1 A or AA violation, on screen nor in print, as for the SCOs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from scorm_builder.loading import load_course
from scorm_builder.structure.course import Course
from tests.browser.lms_harness import ROOT, require
from tests.browser.test_accessibility import AXE, axe_violations
from tests.course_fixtures import run_cli

A4_POINTS = (595, 842)


@pytest.fixture(scope="module")
def devops() -> Course:
    return load_course(ROOT / "course").course


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The review of `course/` and its PDF."""
    require(shutil.which("chromium") is not None, "chromium is not on PATH")
    output = tmp_path_factory.mktemp("review") / "review.html"
    result = run_cli("review", str(ROOT / "course"), "-o", str(output), "--pdf")
    assert result.exit_code == 0, result.output
    pdf = output.with_suffix(".pdf")
    assert result.output.endswith(f"printed {pdf}\n")
    assert sorted(p.name for p in output.parent.iterdir()) == ["review.html", "review.pdf"]
    return output, pdf


@pytest.fixture(scope="module")
def pages_text(printed: tuple[Path, Path]) -> list[str]:
    """The text of each page of the PDF."""
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(printed[1])
    for page in reader.pages:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == A4_POINTS
    return [page.extract_text() for page in reader.pages]


def test_each_module_starts_a_new_page(pages_text: list[str], devops: Course) -> None:
    total = len(devops.modules)
    firsts = [(i, text.splitlines()[:2]) for i, text in enumerate(pages_text)]
    starts = [(i, lines) for i, lines in firsts if lines[0].startswith("MODULE ")]
    assert [lines for _, lines in starts] == [
        [f"MODULE {number} SUR {total}", module.title]
        for number, module in enumerate(devops.modules, start=1)
    ]
    # The cover and the contents come first, each on its own page.
    assert firsts[0][1] == ["DOCUMENT DE RELECTURE", "Cours DevOps — ECE"]
    assert firsts[1][1][0] == "Sommaire"
    assert starts[0][0] == 2
    # No module starts anywhere else than at the top of a page.
    for number in range(1, total + 1):
        kicker = f"MODULE {number} SUR {total}"
        assert sum(kicker in text for text in pages_text) == 1


def test_its_text_can_be_extracted(pages_text: list[str]) -> None:
    whole = " ".join(" ".join(text.split()) for text in pages_text)
    assert "Le DevOps est un mouvement visant à l’alignement de l’ensemble des équipes" in whole
    assert "Source : devops/definition.md:1" in whole
    assert "Source : devops/quiz.yaml:4" in whole
    assert "(bonne réponse)" in whole
    assert "Seuil de réussite : 70 %" in whole
    # No ligature glyph stands for "fi": a sentence copied from the PDF reads as written.
    assert "\ufb01" not in whole
    assert "Vérifier" in whole


@pytest.mark.parametrize("media", ["screen", "print"])
def test_the_review_has_no_wcag21_aa_violation(
    chromium: Any, printed: tuple[Path, Path], media: str
) -> None:
    require(AXE.exists(), "node_modules/axe-core is missing (run npm ci)")
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.emulate_media(media=media)
        page.goto(printed[0].as_uri())
        # The 28 questions of the quizzes and the 2 knowledge checks of the pages.
        assert page.locator("article.question").count() == 30
        violations = axe_violations(page)
    finally:
        context.close()
    assert not violations, "\n".join(violations)
