"""CommonMark: parsing, the links and images a text holds, and safe HTML for a SCO.

Raw HTML is refused: the loader reports each block or inline tag as an error, and the HTML
escapes whatever reaches it, so no author markup can inject scripts or styles into the LMS
page. HTML comments are allowed and dropped, as authors use them for notes.

Every link and image becomes a token, whatever its scheme: markdown-it would otherwise turn
a `javascript:`, `vbscript:`, `data:` or `file:` link into plain text without a word, where
the loader cannot see it. The loader refuses each of them at its position, so none renders.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from scorm_builder import components, themes
from scorm_builder.components import glossary as glossary_component
from scorm_builder.components.base import LinkedFile, walk


@cache
def parser() -> MarkdownIt:
    """Return the one CommonMark parser of the tool: tables, strikethrough, components."""
    md = EveryLink("commonmark", {"html": True}).enable(["table", "strikethrough"])
    for component in components.COMPONENTS:
        component.extend(md)
    return md


class EveryLink(MarkdownIt):
    """A parser that keeps every link and image as a token, for the loader to judge."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return True


@dataclass(frozen=True)
class Reference:
    """A URL written in a page: a link target or an image source, at a body line."""

    url: str
    line: int
    is_image: bool
    alt: str
    title: str = ""


@dataclass(frozen=True)
class RawHtml:
    """A raw HTML tag found in a page body, at a body line."""

    text: str
    line: int


DECORATIVE_ALT = '""'
"""The alt text an author writes, ![""](file), for an image that is only decorative."""


def alt_text(image: Token) -> str:
    return "".join(child.content for child in image.children or [])


def is_comment(html: str) -> bool:
    return html.strip().startswith("<!--")


def references(tokens: list[Token]) -> list[Reference]:
    """Return the links and images of a parsed body, in order."""
    found = []
    for token, line in walk(tokens):
        if token.type == "link_open":
            found.append(Reference(str(token.attrGet("href") or ""), line, False, ""))
        elif token.type == "image":
            src, title = str(token.attrGet("src") or ""), str(token.attrGet("title") or "")
            found.append(Reference(src, line, True, alt_text(token), title))
    return found


@dataclass(frozen=True)
class SpacedTarget:
    """An image or link that Markdown reads as text, because its target has spaces."""

    written: str
    """The text as written, `![logo](../assets/Logo école.png)`."""
    fixed: str
    """The same with its target in <...>, which Markdown reads as one."""
    is_image: bool
    line: int


SPACED_TARGET = re.compile(r"(!?)\[([^\[\]\n]*)\]\(([^()<>\s]*\s[^()<>\n]*)\)")
"""`[text](target)` or `![alt](target)` left as text, its target holding a space. Each part
stops at the character that ends it, so no text makes the search quadratic."""
LINK_TITLE = re.compile(r"\S+\s+(\".*\"|'.*'|\(.*\))")
"""A target followed by a title, `(file.pdf "Title")`: a link whatever its spaces."""


def spaced_targets(tokens: list[Token]) -> list[SpacedTarget]:
    """Return the images and links of a body that stayed text because of spaces in targets."""
    found = []
    for token, line in walk(tokens):
        if token.type != "text":
            continue
        if "](" not in token.content:
            continue  # no `[text](target)` can be in it: the regex is not worth running
        for match in SPACED_TARGET.finditer(token.content):
            bang, text, target = match.groups()
            target = target.strip()
            if LINK_TITLE.fullmatch(target):
                continue
            fixed = f"{bang}[{text}](<{target}>)"
            found.append(SpacedTarget(match.group(0), fixed, bang == "!", line))
    return found


def raw_html(tokens: list[Token]) -> list[RawHtml]:
    """Return the raw HTML of a parsed body, comments excepted."""
    return [
        RawHtml(token.content.strip(), line)
        for token, line in walk(tokens)
        if token.type in ("html_block", "html_inline") and not is_comment(token.content)
    ]


def parse(text: str) -> list[Token]:
    return parser().parse(text)


def to_html(
    tokens: list[Token],
    urls: Mapping[str, str] | None = None,
    strings: Mapping[str, str] | None = None,
    files: Mapping[str, LinkedFile] | None = None,
    glossary: Sequence[glossary_component.Entry] = (),
) -> str:
    """Return parsed Markdown as safe HTML: URLs rewritten for the package, headings below h2.

    Components label themselves with the interface `strings` (English when not given), read
    the course `files` that rewritten URLs name (audio and video, downloads), and define the
    terms of the `glossary` at their first use. The tokens are adapted in place: parse again
    to render the same text twice.
    """
    for token, _ in walk(tokens):
        _adapt(token, urls or {})
    _mark_table_headers(tokens)
    md = parser()
    env = {
        "strings": strings or english_strings(),
        "files": files or {},
        "glossary": glossary_component.page_state(glossary),
    }
    return str(md.renderer.render(tokens, md.options, env))


@cache
def english_strings() -> dict[str, str]:
    return themes.interface_strings(themes.theme_search_path(None), "en")


def html(text: str) -> str:
    """Return a Markdown text (a question, a feedback) as safe HTML."""
    return to_html(parse(text))


def inline_html(text: str) -> str:
    """Return one line of Markdown (a choice) as safe HTML, without a paragraph."""
    return to_html(parser().parseInline(text))


def _adapt(token: Token, urls: Mapping[str, str]) -> None:
    """Make one token safe and fit for a page inside a SCO."""
    if token.type in ("html_block", "html_inline"):
        # Raw HTML never reaches the page as markup: comments vanish, anything else is text.
        token.type = "text"
        token.content = "" if is_comment(token.content) else token.content
    elif token.type in ("heading_open", "heading_close"):
        # The module title is the h1 and each page title an h2: page sections start at h3.
        token.tag = f"h{min(6, max(3, int(token.tag[1]) + 1))}"
    elif token.type == "image":
        src = str(token.attrGet("src") or "")
        token.attrSet("src", urls.get(src, src))
        if alt_text(token) == DECORATIVE_ALT:
            token.children = []  # renders alt="": screen readers pass the image by
        token.attrSet("loading", "lazy")
    elif token.type == "link_open":
        href = urls.get(str(token.attrGet("href") or ""), str(token.attrGet("href") or ""))
        token.attrSet("href", href)
        if not href.startswith("#"):
            # Leaving the SCO's frame would end the LMS session: files and the web open in
            # a window of their own.
            token.attrSet("target", "_blank")
            token.attrSet("rel", "noopener noreferrer")


def _mark_table_headers(tokens: list[Token]) -> None:
    """Give header cells their scope; a table whose top-left header is empty has row headers.

    Authors write a two-way table as `| | Devs | Ops |`: its first column names each row, so
    screen readers must hear it as a header (WCAG 1.3.1), not as a plain cell.
    """
    row_headers = False
    first_in_row = False
    for index, token in enumerate(tokens):
        if token.type == "thead_open":
            row_headers = tokens[index + 3].content.strip() == ""  # tr_open, th_open, inline
        elif token.type == "th_open":
            token.attrSet("scope", "col")
        elif token.type == "tr_open":
            first_in_row = True
        elif token.type in ("td_open", "td_close") and row_headers and first_in_row:
            token.tag = "th"
            if token.type == "td_open":
                token.attrSet("scope", "row")
            else:
                first_in_row = False
        elif token.type == "table_close":
            row_headers = False
