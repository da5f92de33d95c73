"""Downloads: a link to a course file (a PDF, a spreadsheet, an archive…) downloads it, and
says its type and size in the course's language, measured when the course is built.

    [The course outline](outline.pdf)   →   The course outline (PDF, 240 KB)

The type is the file's extension in capitals; the size counts in powers of 1000 (240 KB is
240,000 bytes), with the interface strings `size_*` and `decimal_mark`. Both are inside the
link, so that a screen reader says them with its name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML, RendererProtocol
from markdown_it.token import Token

from scorm_builder.components.base import (
    Problem,
    linked_file,
    nothing_attached,
)

attach = nothing_attached
"""The loader packages linked files; their size is read when rendering."""
UNITS = ("size_bytes", "size_kb", "size_mb", "size_gb")


def extend(md: MarkdownIt) -> None:
    md.add_render_rule("link_open", render_open)
    md.add_render_rule("link_close", render_close)


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Nothing to tell from the text alone: the loader checks every linked file."""
    return []


def size_text(size: int, strings: Mapping[str, Any]) -> str:
    """Return a file size as people read it: "240 KB", "1.2 MB", "1,2 Mo" in French."""
    amount = float(size)
    unit = 0
    while amount >= 999.5 and unit < len(UNITS) - 1:
        amount /= 1000
        unit += 1
    shown = f"{amount:.1f}" if unit and amount < 9.95 else f"{amount:.0f}"
    shown = shown.replace(".", str(strings["decimal_mark"]))
    return str(strings[UNITS[unit]]).format(size=shown)


def description(href: str, env: Any) -> str | None:
    """Return "PDF, 240 KB" for a link to a course file, or None for any other link."""
    linked = linked_file(env, href)
    if linked is None:
        return None
    kind = linked.path.suffix.removeprefix(".").upper()  # course files all have one
    return f"{kind}, {size_text(linked.path.stat().st_size, env['strings'])}"


def render_open(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    token = tokens[index]
    linked = linked_file(env, str(token.attrGet("href") or ""))
    if linked is not None:  # saved under the author's name of it, not the package's
        token.attrSet("download", linked.path.name)
    return cast(RendererHTML, self).renderToken(tokens, index, options, env)


def render_close(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    # Back from the closing token to its opening only: a copy of all the tokens before it
    # would make a paragraph of many links quadratic.
    opening = next(
        tokens[i]
        for i in range(index - 1, -1, -1)
        if tokens[i].type == "link_open" and tokens[i].level == tokens[index].level
    )
    described = description(str(opening.attrGet("href") or ""), env)
    suffix = f' <span class="download">({escapeHtml(described)})</span>' if described else ""
    return f"{suffix}</a>"
