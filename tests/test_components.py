"""Page components: callouts and reveal blocks, from Markdown to HTML, their errors told at
path:line:column, and the links and images inside them still checked and packaged."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from scorm_builder import markdown, themes
from scorm_builder.components import callouts
from scorm_builder.loading import load_course
from tests.course_fixtures import run_cli

FRENCH = themes.interface_strings(themes.theme_search_path(None), "fr")
PAGE = "---\ntitle: Page one\n---\n"


def page_html(text: str, strings: dict[str, str] | None = None) -> str:
    return markdown.to_html(markdown.parse(textwrap.dedent(text)), strings=strings)


@pytest.mark.parametrize(
    ("kind", "english", "french"),
    [
        ("NOTE", "Note", "Remarque"),
        ("TIP", "Tip", "Astuce"),
        ("IMPORTANT", "Important", "Important"),
        ("WARNING", "Warning", "Avertissement"),
        ("CAUTION", "Caution", "Attention"),
    ],
)
def test_a_callout_is_a_note_labelled_in_the_course_language(
    kind: str, english: str, french: str
) -> None:
    text = f"> [!{kind}]\n> A *key* idea.\n"
    body = "<p>A <em>key</em> idea.</p>\n</div>\n"
    name = kind.lower()

    assert page_html(text) == (
        f'<div class="callout callout-{name}" role="note" aria-label="{english}">\n'
        f'<p class="callout-title">{english}</p>\n{body}'
    )
    assert page_html(text, FRENCH) == (
        f'<div class="callout callout-{name}" role="note" aria-label="{french}">\n'
        f'<p class="callout-title">{french}</p>\n{body}'
    )


def test_a_callout_holds_any_markdown_and_its_marker_may_be_lowercase() -> None:
    assert page_html(
        """\
        > [!tip]
        >
        > - one
        > - two
        >
        > ```
        > code
        > ```
        """
    ) == (
        '<div class="callout callout-tip" role="note" aria-label="Tip">\n'
        '<p class="callout-title">Tip</p>\n'
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<pre><code>code\n</code></pre>\n</div>\n"
    )


@pytest.mark.parametrize(
    "text",
    ["> A plain quote.\n", "> [!NOTE] on the same line is no marker\n", "> Text\n> [!NOTE]\n"],
)
def test_other_blockquotes_stay_blockquotes(text: str) -> None:
    assert page_html(text).startswith("<blockquote>\n<p>")


def test_a_reveal_block_is_a_native_details_element_with_markdown_inside() -> None:
    assert page_html(
        """\
        ::: details The *five* stages & more
        1. Build
        2. Test

        ![A pipeline](pipeline.svg)
        :::
        """
    ) == (
        '<details class="reveal">\n<summary>The *five* stages &amp; more</summary>\n'
        "<ol>\n<li>Build</li>\n<li>Test</li>\n</ol>\n"
        '<p><img src="pipeline.svg" alt="A pipeline" loading="lazy" /></p>\n</details>\n'
    )


def test_a_callout_may_stand_in_a_reveal_block() -> None:
    assert page_html("::: details More\n> [!NOTE]\n> Inside.\n:::\n") == (
        '<details class="reveal">\n<summary>More</summary>\n'
        '<div class="callout callout-note" role="note" aria-label="Note">\n'
        '<p class="callout-title">Note</p>\n<p>Inside.</p>\n</div>\n</details>\n'
    )


def test_every_kind_has_its_label_in_every_language_of_the_default_theme() -> None:
    for language in themes.available_languages(themes.theme_search_path(None)):
        strings = themes.interface_strings(themes.theme_search_path(None), language)
        assert {f"callout_{kind}" for kind in callouts.KINDS} <= set(strings)


BROKEN_PAGES: dict[str, tuple[str, str]] = {
    "unknown callout": (
        "Intro.\n\n> [!NOTA]\n> Text.\n",
        "intro/one.md:6:3: error: unknown callout '[!NOTA]': write one of [!NOTE], [!TIP], "
        "[!IMPORTANT], [!WARNING], [!CAUTION]",
    ),
    "unknown block": (
        "Intro.\n\n::: detail Stages\nText.\n:::\n",
        "intro/one.md:6:1: error: unknown block '::: detail': a reveal block opens with "
        "'::: details Text that opens it'",
    ),
    "empty summary": (
        "Intro.\n\n  ::: details  \nText.\n:::\n",
        "intro/one.md:6:3: error: a reveal block needs a summary, the text that opens it: "
        "write '::: details Text that opens it'",
    ),
    "unclosed block": (
        "Intro.\n\n:::: details Stages\nText.\n",
        "intro/one.md:6:1: error: this reveal block is not closed: end it with a '::::' line",
    ),
    "stray closing line": (
        "Intro.\n\n:::\n",
        "intro/one.md:6:1: error: a ':::' line opens a block only with a name: write "
        "'::: details Text that opens it', or remove it",
    ),
    "block closed by its list item": (
        "- Item\n\n  ::: details Stages\n  Text.\n- Next\n",
        "intro/one.md:6:3: error: this reveal block is not closed: end it with a ':::' line",
    ),
    "missing image in a reveal block": (
        "::: details Stages\nText.\n\n![A pipeline](pipeline.svg)\n:::\n",
        "intro/one.md:7:15: error: 'pipeline.svg' does not exist (looked for intro/pipeline.svg)",
    ),
    "missing link in a callout": (
        "> [!TIP]\n> Read [the notes](notes.pdf).\n",
        "intro/one.md:5:20: error: 'notes.pdf' does not exist (looked for intro/notes.pdf)",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_PAGES), ids=list(BROKEN_PAGES))
def test_a_broken_component_is_reported_where_it_is_written(
    case: str, make_course: Callable[..., Path]
) -> None:
    body, expected = BROKEN_PAGES[case]
    root = make_course({"intro/one.md": PAGE + body, "assets/pic.svg": None})

    result = run_cli("validate", str(root))

    assert result.output.splitlines() == [expected, "1 error in the course"]
    assert result.exit_code == 1


def test_files_inside_components_are_packaged_and_their_urls_rewritten(
    make_course: Callable[..., Path],
) -> None:
    one = PAGE + (
        "> [!NOTE]\n> ![A picture](../assets/pic.svg)\n\n"
        "::: details More\nSee [the notes](../assets/notes.pdf).\n:::\n"
    )
    root = make_course({"intro/one.md": one, "assets/notes.pdf": b"%PDF-1.4\n"})

    page = load_course(root).course.modules[0].pages[0]

    assert [a.package_path for a in page.assets] == [
        "media/assets/pic.svg",
        "media/assets/notes.pdf",
    ]
    assert '<img src="media/assets/pic.svg" alt="A picture"' in page.html
    assert '<a href="media/assets/notes.pdf" target="_blank"' in page.html
    assert '<details class="reveal">' in page.html
    assert 'aria-label="Note"' in page.html
