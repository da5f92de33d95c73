"""SVG images that could run script, each case found by a mutant of assets.py that no other test
caught (tools/mutation/survivors.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.course_fixtures import run_cli

# An entity of the internal DTD writes a <script> into the drawing once a browser expands it.
SCRIPTED = (
    "<!DOCTYPE svg [\n"
    '<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">\n'
    "]>\n"
    '<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>\n'
)


@pytest.mark.parametrize(
    "svg",
    [
        pytest.param(b"\n" + SCRIPTED.encode(), id="after a blank first line"),
        # The bytes of UTF-16 never read `<!DOCTYPE`; browsers decode them all the same.
        pytest.param(
            ('<?xml version="1.0" encoding="UTF-16"?>\n' + SCRIPTED).encode("utf-16"),
            id="in UTF-16",
        ),
    ],
)
def test_an_svg_with_an_internal_dtd_is_refused_at_its_line(
    make_course: Callable[..., Path], svg: bytes
) -> None:
    result = run_cli("validate", str(make_course({"assets/pic.svg": svg})))

    assert result.output.splitlines() == [
        "intro/one.md:6:14: error: '../assets/pic.svg' could run script when opened by its URL: "
        "an internal DTD (<!DOCTYPE svg [...]>) at line 2; remove it, or export the drawing as PNG",
        "1 error in the course",
    ]
    assert result.exit_code == 1
