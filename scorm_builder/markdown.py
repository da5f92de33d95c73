"""CommonMark parsing shared by the loader (which checks pages) and the renderer (HTML).

Raw HTML is refused: the loader reports each block or inline tag as an error, and the
renderer escapes whatever reaches it, so no author markup can inject scripts or styles
into the LMS page. HTML comments are allowed and dropped, as authors use them for notes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@cache
def parser() -> MarkdownIt:
    """Return the one CommonMark parser (with tables and strikethrough) of the tool."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class Reference:
    """A URL written in a page: a link target or an image source, at a body line."""

    url: str
    line: int
    is_image: bool
    alt: str


@dataclass(frozen=True)
class RawHtml:
    """A raw HTML tag found in a page body, at a body line."""

    text: str
    line: int


def is_comment(html: str) -> bool:
    return html.strip().startswith("<!--")


def _walk(tokens: list[Token], line: int = 0) -> Iterator[tuple[Token, int]]:
    """Yield every token with its 0-based body line (inline tokens take their block's)."""
    for token in tokens:
        here = token.map[0] if token.map else line
        yield token, here
        if token.children:
            yield from _walk(token.children, here)


def references(tokens: list[Token]) -> list[Reference]:
    """Return the links and images of a parsed body, in order."""
    found = []
    for token, line in _walk(tokens):
        if token.type == "link_open":
            found.append(Reference(str(token.attrGet("href") or ""), line, False, ""))
        elif token.type == "image":
            alt = "".join(child.content for child in token.children or [])
            found.append(Reference(str(token.attrGet("src") or ""), line, True, alt))
    return found


def raw_html(tokens: list[Token]) -> list[RawHtml]:
    """Return the raw HTML of a parsed body, comments excepted."""
    return [
        RawHtml(token.content.strip(), line)
        for token, line in _walk(tokens)
        if token.type in ("html_block", "html_inline") and not is_comment(token.content)
    ]
