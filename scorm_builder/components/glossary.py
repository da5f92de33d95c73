"""Glossary: the terms of `glossary.yaml`, whose first use on a page gets its definition.

    terms:
      - term: SCO
        forms: [SCOs]
        definition: A *Sharable Content Object*, the unit an LMS launches and tracks.

Where a paragraph (or a list item) uses a term for the first time on its page, the term is
marked (`<span class="term">`) and its definition follows the paragraph in a closed
`<details>`, "Definition: SCO": the keyboard reaches it, a screen reader hears it as a
collapsed disclosure after the text that used the term, and print shows it open, with no
script. A term is matched whole and as written (with its `forms`), never inside a link,
code, a heading or a table, whose text a disclosure cannot follow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML, RendererProtocol
from markdown_it.token import Token

from scorm_builder.components import reveals
from scorm_builder.components.base import Problem, interface_string, nothing_attached

attach = nothing_attached
"""No course file of its own."""


@dataclass(frozen=True)
class Entry:
    """A term of the glossary: the ways pages write it, and its definition as safe HTML."""

    names: tuple[str, ...]
    html: str


@dataclass
class PageState:
    """What one page's rendering has used of the glossary, and what its paragraph awaits."""

    entries: Sequence[Entry]
    pattern: re.Pattern[str]
    seen: set[Entry]
    pending: list[Entry]
    in_paragraph: bool = False
    links: tuple[Sequence[Token], list[bool]] | None = None
    """The inline tokens last rendered, and which of them stand inside a link."""


def extend(md: MarkdownIt) -> None:
    md.add_render_rule("paragraph_open", render_open)
    md.add_render_rule("paragraph_close", render_close)
    md.add_render_rule("text", render_text)


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Nothing to tell from a page: the loader checks `glossary.yaml`."""
    return []


def page_state(entries: Sequence[Entry]) -> PageState | None:
    """Return the glossary state of a page about to render, or None without a glossary."""
    if not entries:
        return None
    return PageState(entries, terms_pattern(tuple(entries)), set(), [])


# The same glossary for every page of a course: its pattern is built once. Bounded: the
# preview runs for hours, and each saved edit of glossary.yaml is a new key.
@lru_cache(maxsize=4)
def terms_pattern(entries: tuple[Entry, ...]) -> re.Pattern[str]:
    """Return the pattern of every name of the entries, longest first, as whole words."""
    names = sorted((name for entry in entries for name in entry.names), key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def state(env: Any) -> PageState | None:
    found: PageState | None = env.get("glossary")
    return found


def entry_named(entries: Sequence[Entry], name: str) -> Entry:
    return next(entry for entry in entries if name in entry.names)


def render_open(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    page = state(env)
    if page is not None:
        page.in_paragraph = True
    return cast(RendererHTML, self).renderToken(tokens, index, options, env)


def render_close(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    closed = cast(RendererHTML, self).renderToken(tokens, index, options, env)
    page = state(env)
    if page is None:
        return closed
    page.in_paragraph = False
    definitions = "".join(definition(entry, env) for entry in page.pending)
    page.pending.clear()
    return closed + definitions


def definition(entry: Entry, env: Any) -> str:
    """Return a term's definition as a closed reveal block, "Definition: SCO"."""
    summary = interface_string(env, "glossary_definition").format(term=entry.names[0])
    return f"{reveals.opening(summary, 'glossary')}{entry.html}</details>\n"


def render_text(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    text = tokens[index].content
    page = state(env)
    if page is None or not page.in_paragraph or inside_link(page, tokens, index):
        return escapeHtml(text)
    parts, last = [], 0
    for match in page.pattern.finditer(text):
        entry = entry_named(page.entries, match[0])
        if entry in page.seen:
            continue
        page.seen.add(entry)
        page.pending.append(entry)
        parts += [escapeHtml(text[last : match.start()]), term(match[0])]
        last = match.end()
    return "".join([*parts, escapeHtml(text[last:])])


def term(written: str) -> str:
    return f'<span class="term">{escapeHtml(written)}</span>'


def inside_link(page: PageState, tokens: Sequence[Token], index: int) -> bool:
    """Tell whether an inline token stands between a link's opening and closing tokens.

    The tokens of an inline are walked once, when its first text renders: looking back from
    each text would take time quadratic in a paragraph's length.
    """
    if page.links is None or page.links[0] is not tokens:
        page.links = (tokens, links_around(tokens))
    return page.links[1][index]


def links_around(tokens: Sequence[Token]) -> list[bool]:
    """Return, for each inline token, whether a link is open around it."""
    inside, found = False, []
    for token in tokens:
        found.append(inside)
        if token.type in ("link_open", "link_close"):
            inside = token.type == "link_open"
    return found
