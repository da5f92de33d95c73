"""Callouts: GitHub's alert syntax, a blockquote whose first line is `[!NOTE]` (or TIP,
IMPORTANT, WARNING, CAUTION), rendered as a note with its label in the course's language.

    > [!TIP]
    > Run `scorm-builder validate` before each build.

The marker must stand alone on the blockquote's first line, as on GitHub; a blockquote
without one stays a blockquote. The label is the interface string `callout_<kind>`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from scorm_builder.components.base import (
    Problem,
    column_of,
    interface_string,
    nothing_attached,
    source_line,
)

KINDS = ("note", "tip", "important", "warning", "caution")
MARKER = re.compile(r"\[!([A-Za-z]+)\][ \t]*(?:\n|$)")
ALLOWED = ", ".join(f"[!{kind.upper()}]" for kind in KINDS)


attach = nothing_attached
"""No course file of its own."""


def extend(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "callouts", mark_callouts)
    md.add_render_rule("callout_open", render_open)
    md.add_render_rule("callout_close", render_close)


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Return the blockquotes that open with a marker no callout has."""
    found = []
    for index, token in enumerate(tokens):
        written = marker(tokens, index)
        if written is None or not token.map:
            continue
        text = written.group(0).strip()
        column = column_of(source_line(lines, token.map[0]), text)
        found.append(
            Problem(token.map[0], column, f"unknown callout '{text}': write one of {ALLOWED}")
        )
    return found


def marker(tokens: Sequence[Token], index: int) -> re.Match[str] | None:
    """Return the `[!KIND]` line that opens the blockquote at `index`, if it has one."""
    if tokens[index].type != "blockquote_open" or index + 2 >= len(tokens):
        return None
    if tokens[index + 1].type != "paragraph_open":
        return None
    return MARKER.match(tokens[index + 2].content)


def mark_callouts(state: StateCore) -> None:
    """Turn each blockquote opened by a known marker into a callout without the marker."""
    tokens = state.tokens
    emptied = []
    for index, token in enumerate(tokens):
        written = marker(tokens, index)
        if written is None or written[1].lower() not in KINDS:
            continue
        token.type = "callout_open"
        token.meta = {"kind": written[1].lower()}
        closing_tag(tokens, index).type = "callout_close"
        paragraph = tokens[index + 2]
        paragraph.content = paragraph.content[written.end() :]
        if not paragraph.content.strip():  # the marker stood alone in its paragraph
            emptied.append(index + 1)
    for index in reversed(emptied):
        del tokens[index : index + 3]


def closing_tag(tokens: list[Token], index: int) -> Token:
    """Return the token that closes the block opened at `index`."""
    opening = tokens[index]
    return next(t for t in tokens[index + 1 :] if t.nesting == -1 and t.level == opening.level)


def render_open(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    kind = tokens[index].meta["kind"]
    label = escapeHtml(interface_string(env, f"callout_{kind}"))
    return (
        f'<div class="callout callout-{kind}" role="note" aria-label="{label}">\n'
        f'<p class="callout-title">{label}</p>\n'
    )


def render_close(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    return "</div>\n"
