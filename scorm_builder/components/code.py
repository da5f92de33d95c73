"""Code: a fenced block highlighted at build time by Pygments, no script in the SCO. Its
language is a visible label above it and its `data-language`; lines listed in braces after
the language are emphasised, an info string that code forges read as the language alone.

    ```yaml {3,5-6}
    stages:
      - build
    ```

Tokens take Pygments' short class names, reduced to a small palette (`PALETTE`) whose
colours sco.css checks for contrast on the code's background. A language Pygments does not
know renders as plain, escaped code under its label, without an error: the text is right,
only its colours are missing. A block without a language, or in plain text, has no label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token

from scorm_builder.components.base import Problem, nothing_attached, source_line

if TYPE_CHECKING:
    from pygments.lexer import Lexer

INFO = re.compile(r"^(?P<language>[^\s{]*)\s*(?:\{(?P<lines>[^}]*)\}\s*)?$")
EXAMPLE = "```yaml {3,5-6}"
PLAIN = ("text", "txt", "plain", "plaintext")

PALETTE = ("c", "k", "s", "m", "nt", "nf", "nv")
"""The token classes styled by sco.css: comment, keyword, string, number, tag (a YAML key),
function or builtin, variable. Any other token stays in the text's colour."""


attach = nothing_attached
"""No course file of its own."""


def extend(md: MarkdownIt) -> None:
    md.add_render_rule("fence", render)


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Return the fences whose info string is not a language and lines, or lists bad lines."""
    found = []
    for token in tokens:
        if token.type != "fence" or not token.map:
            continue
        line = source_line(lines, token.map[0])
        start = line.find(token.markup) + len(token.markup)
        info = INFO.match(token.info.strip())
        if info is None:
            column = start + 1 + len(line[start:]) - len(line[start:].lstrip())
            message = (
                f"'{token.info.strip()}' is not a language and lines to emphasise: "
                f"write the language, then the lines in braces, as in {EXAMPLE}"
            )
            found.append(Problem(token.map[0], column, message))
        elif info["lines"] is not None:
            brace = line.find("{", start)
            count = len(token.content.splitlines())
            for offset, message in range_problems(info["lines"], count):
                found.append(Problem(token.map[0], brace + 2 + offset, message))
    return found


def range_problems(written: str, count: int) -> Iterator[tuple[int, str]]:
    """Yield each bad item of the braces' text, with its offset in it and what to write."""
    offset = 0
    for item in written.split(","):
        stripped = item.strip()
        at = offset + item.find(stripped[:1]) if stripped else offset
        message = range_problem(stripped, count)
        if message:
            yield at, message
        offset += len(item) + 1


def range_problem(item: str, count: int) -> str | None:
    shape = re.fullmatch(r"(\d+)(?:-(\d+))?", item)
    if shape is None:
        return f"'{item}' is not a line or a range of lines: write them as in {EXAMPLE}"
    first, last = int(shape[1]), int(shape[2] or shape[1])
    if first < 1:
        return f"lines are counted from 1: write '{item.replace('0', '1', 1)}'"
    if last < first:
        return f"the range '{item}' runs backwards: write '{last}-{first}'"
    if last > count:
        return f"this block has {count} lines: emphasise lines 1 to {count}, not {last}"
    return None


def emphasised(info: str, count: int) -> set[int]:
    """Return the 1-based lines the info string emphasises, the good ones only."""
    written = INFO.match(info.strip())
    if written is None or written["lines"] is None:
        return set()
    chosen: set[int] = set()
    for item in written["lines"].split(","):
        if range_problem(item.strip(), count) is None:
            first, _, last = item.strip().partition("-")
            chosen.update(range(int(first), int(last or first) + 1))
    return chosen


def language(info: str) -> str:
    written = INFO.match(info.strip())
    return written["language"] if written else info.strip().partition(" ")[0]


@cache
def lexer(name: str) -> Lexer | None:
    """Return Pygments' lexer for a language name or alias, or None when it knows none."""
    from pygments.lexers import get_lexer_by_name  # 30 ms: only when a page has code
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@cache  # a few token types, hundreds of tokens a block: 15 % of highlighting (cProfile)
def palette_class(kind: Any) -> str:
    """Return the palette class of a Pygments token type or its nearest parent, or ""."""
    from pygments.token import STANDARD_TYPES

    while kind is not None:
        short = STANDARD_TYPES.get(kind, "")
        if short in PALETTE:
            return short
        kind = kind.parent
    return ""


def highlighted_lines(code: str, name: str) -> list[str]:
    """Return the code's lines as HTML, each run of one palette class in a span of it."""
    found = lexer(name)
    if found is None:
        return [escapeHtml(line) for line in code.split("\n")]
    lines: list[list[tuple[str, str]]] = [[]]
    for kind, value in found.get_tokens(code):
        css = palette_class(kind)
        for index, piece in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if piece and lines[-1] and lines[-1][-1][0] == css:
                lines[-1][-1] = (css, lines[-1][-1][1] + piece)
            elif piece:
                lines[-1].append((css, piece))
    return ["".join(span(css, text) for css, text in line) for line in lines]


def span(css: str, text: str) -> str:
    return f'<span class="{css}">{escapeHtml(text)}</span>' if css else escapeHtml(text)


def render(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    token = tokens[index]
    code = token.content
    name = language(token.info)
    plain = not name or name.lower() in PLAIN
    lines = highlighted_lines(code, "text" if plain else name)
    chosen = emphasised(token.info, len(code.splitlines()))
    body = "\n".join(
        f"<mark>{line}</mark>" if number in chosen else line
        for number, line in enumerate(lines, start=1)
    )
    pre = f"<pre><code>{body}</code></pre>\n"
    if plain:
        return pre
    found = lexer(name)
    label = escapeHtml(found.name if found else name)
    return (
        f'<figure class="code" data-language="{escapeHtml(name.lower())}">\n'
        f"<figcaption>{label}</figcaption>\n{pre}</figure>\n"
    )
