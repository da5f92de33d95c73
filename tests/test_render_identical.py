"""Speed-ups keep every byte: a page using every component, the glossary and most of
CommonMark renders exactly as it did before them (`tests/rendered/representative.html` was
written by the tool before issue 14's second round)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import Markup

from scorm_builder.loading import load_course
from scorm_builder.rendering import word_count
from tests.test_media_maths_downloads import GLOSSARY

RENDERED = Path(__file__).parent / "rendered"


def test_a_representative_page_renders_byte_for_byte_as_before(
    make_course: Callable[..., Path],
) -> None:
    body = (RENDERED / "representative-page.txt").read_text(encoding="utf-8")
    course = make_course(
        {
            "intro/two.md": "---\ntitle: Page two\n---\n" + body,
            "glossary.yaml": GLOSSARY,
            "intro/clip.webm": b"\x1aE\xdf\xa3 webm",
            "intro/clip.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\nA bar.\n",
            "intro/chart.png": b"\x89PNG\r\n\x1a\n",
            "intro/notes.pdf": b"%PDF-1.4 notes",
        }
    )
    html = load_course(course).course.modules[0].pages[1].html
    assert html == (RENDERED / "representative.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "html",
    [
        (RENDERED / "representative.html").read_text(encoding="utf-8"),
        "<p>a<b>b</b> c&nbsp;d &amp;amp; <i\n>e</i> f<g",
        "<p>x <!-- <b>y</b> --> z <!-- unclosed <b>w</b>",
        "a <!--> b --> c",
    ],
)
def test_words_are_counted_as_markupsafe_counts_them(html: str) -> None:
    assert word_count(html) == len(Markup(html).striptags().split())
