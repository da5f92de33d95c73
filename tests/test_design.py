"""What the renderer writes for the design of a module: figures with captions (Markdown to
HTML), the opening's estimated time, and the end's next module."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scorm_builder import markdown
from tests.course_fixtures import run_cli


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            '![Five pillars under one roof](calms.svg "Keep CALMS: the pillars of DevOps")',
            '<figure class="figure"><img src="calms.svg" alt="Five pillars under one roof" '
            'loading="lazy" /><figcaption>Keep CALMS: the pillars of DevOps</figcaption>'
            "</figure>\n",
        ),
        (
            '![A <b>bold</b> claim](a.png "Fish & <chips>")',
            '<figure class="figure"><img src="a.png" alt="A &lt;b&gt;bold&lt;/b&gt; claim" '
            'loading="lazy" />'
            "<figcaption>Fish &amp; &lt;chips&gt;</figcaption></figure>\n",
        ),
        (
            "![No title](a.png)",
            '<p><img src="a.png" alt="No title" loading="lazy" /></p>\n',
        ),
        (
            '![Inline](a.png "Title") among words',
            '<p><img src="a.png" alt="Inline" title="Title" loading="lazy" /> among words</p>\n',
        ),
        (
            '- ![In a list](a.png "Title")',
            '<ul>\n<li><img src="a.png" alt="In a list" title="Title" loading="lazy" /></li>\n'
            "</ul>\n",
        ),
    ],
    ids=["titled image", "caption escaped", "no title", "among text", "tight list"],
)
def test_an_image_alone_with_a_title_becomes_a_figure_with_its_caption(
    text: str, html: str
) -> None:
    assert markdown.to_html(markdown.parse(text)) == html


def built_pages(root: Path, tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "out.zip"
    result = run_cli("build", str(root), "-o", str(target))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as package:
        return {n: package.read(n).decode() for n in package.namelist() if n.endswith(".html")}


def facts(html: str) -> dict[str, str]:
    return dict(re.findall(r"<div><dt>([^<]*)</dt><dd>([^<]*)</dd></div>", html))


def test_the_opening_tells_pages_time_and_quiz_and_the_end_the_next_module(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    # 410 words of pages (at 200 a minute) and the quiz's words (at 100 a minute).
    words = " ".join(["word"] * 400)
    root = make_course({"intro/two.md": f"---\ntitle: Page two\n---\n{words}\n"})
    pages = built_pages(root, tmp_path)
    intro, assessment = pages["intro.html"], pages["assessment.html"]
    assert facts(intro) == {"Pages": "2", "Estimated time": "about 3 min"}
    assert facts(assessment) == {
        "Pages": "2",
        "Estimated time": "about 1 min",
        "Quiz": "6 questions",
    }
    assert "<p>Next module: Assessment. Open it from the course" in intro
    assert "<p>This was the last module of the course.</p>" in assessment
    assert 'id="end-menu"' not in intro


def test_in_one_sco_the_end_leads_back_to_the_menu(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_course()
    target = tmp_path / "out.zip"
    assert run_cli("build", str(root), "--single-sco", "-o", str(target)).exit_code == 0
    with zipfile.ZipFile(target) as package:
        intro = package.read("intro.html").decode()
    assert "<p>Next module: Assessment.</p>" in intro
    assert (
        '<button type="button" id="end-menu" class="primary">Back to the modules</button>' in intro
    )
