"""Reveal blocks: a `::: details Summary` … `:::` container, rendered as a native
`<details>` whose `<summary>` is the text after `details`. The browser opens and closes it
with the keyboard, no script; printing shows it open (sco.css).

    ::: details The five stages of the pipeline
    1. build …
    :::

The container rule is mdit-py-plugins' (markdown-it-container's syntax, as VitePress and
others write it); any `:::` line opens one here, so that a misspelt name is told, not shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from scorm_builder.components.base import Problem, column_of, nothing_attached, source_line

NAME = "details"
OPEN = f"container_{NAME}_open"
EXAMPLE = f"'::: {NAME} Text that opens it'"


attach = nothing_attached
"""No course file of its own."""


def extend(md: MarkdownIt) -> None:
    container_plugin(md, NAME, validate=lambda params, markup: True, render=render)


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Return the reveal blocks with another name, no summary, or no closing line."""
    found = []
    for token in tokens:
        if token.type != OPEN or not token.map:
            continue
        line = token.map[0]
        column = column_of(source_line(lines, line), token.markup)
        message = opening_problem(token.info) or closing_problem(token, lines)
        if message:
            found.append(Problem(line, column, message))
    return found


def opening_problem(info: str) -> str | None:
    name = info.strip().partition(" ")[0]
    if not name:
        return f"a ':::' line opens a block only with a name: write {EXAMPLE}, or remove it"
    if name != NAME:
        return f"unknown block '::: {name}': a reveal block opens with {EXAMPLE}"
    if not summary(info):
        return f"a reveal block needs a summary, the text that opens it: write {EXAMPLE}"
    return None


def closing_problem(opening: Token, lines: list[str]) -> str | None:
    """Tell a block that the end of its text or of its parent (list, quote) closed, not `:::`."""
    assert opening.map is not None
    closing = source_line(lines, opening.map[1]).lstrip(" \t>").rstrip()
    if set(closing) == {":"} and len(closing) >= len(opening.markup):
        return None
    return f"this reveal block is not closed: end it with a '{opening.markup}' line"


def summary(info: str) -> str:
    return info.strip().partition(" ")[2].strip()


def render(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    token = tokens[index]
    return opening(summary(token.info)) if token.nesting == 1 else "</details>\n"


def opening(text: str, kind: str = "") -> str:
    """Return the opening of a reveal block whose summary is `text`, of a `kind` (a class)."""
    classes = f"reveal {kind}".strip()
    return f'<details class="{classes}">\n<summary>{escapeHtml(text)}</summary>\n'
