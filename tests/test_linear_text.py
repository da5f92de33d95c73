"""Texts that once took time quadratic in their length: each is checked in a subprocess
given ten times what it now takes (about a second, interpreter start included), where the
quadratic search took more than half a minute."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOUND_SECONDS = 10


def finishes_in_bound(script: str) -> str:
    """Run `script` in a fresh interpreter; return what it prints, or fail past the bound."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        check=True,
    )
    return result.stdout


def test_a_long_line_of_link_like_text_is_searched_for_spaced_targets_in_linear_time() -> None:
    # 64 KB each: an unclosed target full of spaces, and a run of brackets.
    printed = finishes_in_bound(
        """
        from scorm_builder import markdown
        text = "[a](" + "a " * 32_000 + "\\n\\n" + "[" * 64_000 + "\\n\\n[b](c d)"
        print([t.fixed for t in markdown.spaced_targets(markdown.parse(text))])
        """
    )
    assert printed == "['[b](<c d>)']\n"


def test_a_long_paragraph_after_a_link_renders_with_a_glossary_in_linear_time() -> None:
    # One paragraph of 40,000 lines after a link: looking back from every text token for a
    # link around it was quadratic.
    printed = finishes_in_bound(
        """
        from scorm_builder import markdown
        from scorm_builder.components import glossary
        terms = [glossary.Entry(("SCO",), "<p>A unit.</p>")]
        lines = [f"line {i}" for i in range(40_000)]
        text = "\\n".join(["[a SCO](#top)", *lines, "a SCO"])
        html = markdown.to_html(markdown.parse(text), glossary=terms)
        print(html.count("</a>"), html.count('<span class="term">SCO</span>'))
        """
    )
    assert printed == "1 1\n"
