"""Code blocks: highlighted at build time by Pygments, labelled with their language, lines
emphasised from the info string, and a bad range told at path:line:column with the fix."""

from __future__ import annotations

import re
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scorm_builder import markdown
from tests.course_fixtures import run_cli
from tests.test_devops_course import COURSE_DIR

PAGE = "---\ntitle: Page one\n---\n"


def page_html(text: str) -> str:
    return markdown.to_html(markdown.parse(textwrap.dedent(text)))


def test_a_block_is_highlighted_labelled_and_its_chosen_lines_marked() -> None:
    assert page_html(
        """\
        ```yaml {2,4-5}
        # CI
        image: python:3.12
        stages:
          - build
          - "test"
        ```
        """
    ) == (
        '<figure class="code" data-language="yaml">\n'
        "<figcaption>YAML</figcaption>\n"
        '<pre><code><span class="c"># CI</span>\n'
        '<mark><span class="nt">image</span>: python:3.12</mark>\n'
        '<span class="nt">stages</span>:\n'
        "<mark>  - build</mark>\n"
        '<mark>  - <span class="s">&quot;test&quot;</span></mark>\n'
        "</code></pre>\n</figure>\n"
    )


def test_tokens_spanning_lines_are_split_by_line_and_runs_of_a_class_merged() -> None:
    assert page_html('```python\ns = """a\n<b>"""  # c\nx = 1\n```\n') == (
        '<figure class="code" data-language="python">\n'
        "<figcaption>Python</figcaption>\n"
        '<pre><code>s = <span class="s">&quot;&quot;&quot;a</span>\n'
        '<span class="s">&lt;b&gt;&quot;&quot;&quot;</span>  <span class="c"># c</span>\n'
        'x = <span class="m">1</span>\n'
        "</code></pre>\n</figure>\n"
    )


def test_an_unknown_language_is_plain_escaped_code_under_its_label() -> None:
    assert page_html("```klingon {2}\nqapla'\n<b>\n```\n") == (
        '<figure class="code" data-language="klingon">\n'
        "<figcaption>klingon</figcaption>\n"
        "<pre><code>qapla'\n<mark>&lt;b&gt;</mark>\n</code></pre>\n</figure>\n"
    )


@pytest.mark.parametrize("info", ["", "text", " {2}"])
def test_a_block_without_a_language_or_in_plain_text_has_no_label(info: str) -> None:
    marked = "<mark>b</mark>" if "{" in info else "b"
    assert page_html(f"```{info}\na\nb\n```\n") == f"<pre><code>a\n{marked}\n</code></pre>\n"


def test_code_in_a_callout_and_in_a_reveal_block_is_highlighted() -> None:
    html = page_html(
        """\
        > [!TIP]
        > ```sh
        > echo "$HOME"
        > ```

        ::: details The file
        ```yaml {1}
        image: python
        ```
        :::
        """
    )
    assert '<span class="nv">$HOME</span>' in html
    assert "<figcaption>Bash</figcaption>" in html
    assert '<mark><span class="nt">image</span>: python</mark>' in html


FENCE = "Intro.\n\n```yaml {}\na: 1\nb: 2\n```\n"
BROKEN_RANGES = {
    "line zero": (
        "0",
        "intro/one.md:6:10: error: lines are counted from 1: write '1'",
    ),
    "past the end": (
        "1, 9",
        "intro/one.md:6:13: error: this block has 2 lines: emphasise lines 1 to 2, not 9",
    ),
    "not a number": (
        "a",
        "intro/one.md:6:10: error: 'a' is not a line or a range of lines: "
        "write them as in ```yaml {3,5-6}",
    ),
    "backwards": (
        "1,2-1",
        "intro/one.md:6:12: error: the range '2-1' runs backwards: write '1-2'",
    ),
    "a brace inside": (
        "1,{2",
        "intro/one.md:6:12: error: '{2' is not a line or a range of lines: "
        "write them as in ```yaml {3,5-6}",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_RANGES), ids=list(BROKEN_RANGES))
def test_a_bad_range_is_reported_where_it_is_written(
    case: str, make_course: Callable[..., Path]
) -> None:
    written, expected = BROKEN_RANGES[case]
    root = make_course({"intro/one.md": PAGE + FENCE.replace("{}", "{" + written + "}")})

    result = run_cli("validate", str(root))

    assert result.output.splitlines() == [expected, "1 error in the course"]
    assert result.exit_code == 1


def test_other_words_after_the_language_are_reported_with_the_syntax(
    make_course: Callable[..., Path],
) -> None:
    root = make_course({"intro/one.md": PAGE + "> ```yaml title=x\n> a: 1\n> ```\n"})

    result = run_cli("validate", str(root))

    assert result.output.splitlines() == [
        "intro/one.md:4:6: error: 'yaml title=x' is not a language and lines to emphasise: "
        "write the language, then the lines in braces, as in ```yaml {3,5-6}",
        "1 error in the course",
    ]


def test_the_courses_gitlab_ci_example_is_highlighted_in_its_sco(tmp_path: Path) -> None:
    assert run_cli("build", str(COURSE_DIR), "-o", str(tmp_path / "c.zip")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "c.zip") as archive:
        html = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".html"))

    blocks = re.findall(r'<figure class="code" data-language="yaml">.*?</figure>', html, re.S)
    assert len(blocks) == 2  # and the deployment example of continuous-delivery
    example = next(block for block in blocks if "rapport.xml" in block)
    assert "<figcaption>YAML</figcaption>" in example
    assert '<span class="nt">stages</span>:' in example
    assert '<span class="nt">junit</span>: rapport.xml' in example
    assert "<script" not in example
