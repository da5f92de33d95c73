"""Maths: LaTeX between `$…$` (in a line) or `$$…$$` (a block) turned into MathML when the
course is built, which the browser shows itself: no script, no font to load.

    The availability is $A = \\frac{MTBF}{MTBF + MTTR}$.

    $$
    \\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}
    $$

A dollar opens maths only when a character other than a space follows it, and closes it
only after such a character and before anything but a digit (pandoc's rule, mdit-py-plugins'
dollarmath): "$5 and $10", "from 5$ to 10$" or "$HOME and $PATH" stay text; `\\$` is always
a dollar sign. A formula the converter (latex2mathml) cannot turn into MathML, or turns
into anything but MathML (a command it does not know, markup, a link), is an error at its
line and column. Every formula carries its LaTeX as `alttext`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from scorm_builder.components.base import Problem, nothing_attached, walk

attach = nothing_attached
"""No course file of its own."""
INLINE, BLOCK = "math_inline", "math_block"
MATHML = "http://www.w3.org/1998/Math/MathML"
# fmt: off
ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mtable", "mtr", "mtd", "mstyle",
    "mpadded", "mphantom", "menclose", "merror",
})
"""The MathML elements a formula may become: presentation markup, nothing that links."""
ATTRIBUTES = frozenset({
    "display", "displaystyle", "scriptlevel", "mathvariant", "stretchy", "fence", "form",
    "separator", "accent", "accentunder", "lspace", "rspace", "minsize", "maxsize", "largeop",
    "movablelimits", "symmetric", "width", "height", "depth", "linethickness", "columnalign",
    "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "framespacing",
    "mathcolor", "mathbackground", "mathsize", "notation", "linebreak",
})
# fmt: on
"""Their attributes that change how a formula looks, never what it does."""
SHOWN = 60
ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")
"""latex2mathml 3.81 leaves `aligned`'s '&' bare, yet lays out `align*`, the same columns."""


class MathError(ValueError):
    """A formula that does not make MathML, and why."""


def extend(md: MarkdownIt) -> None:
    dollarmath_plugin(
        md, allow_labels=False, allow_space=False, allow_digits=False, allow_blank_lines=False
    )
    md.add_render_rule(INLINE, render)
    md.add_render_rule(BLOCK, render)


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Return each formula that does not convert, where its opening dollar stands."""
    if not any("$" in line for line in lines):
        return []  # no formula without a dollar: the walk is not worth it (half this check)
    found = []
    for token, line in walk(tokens):
        if token.type not in (INLINE, BLOCK):
            continue
        try:
            mathml(token.content.strip(), token.type == BLOCK)
        except MathError as error:
            at, column = written_at(lines, line, token)
            shown = token.content.strip()[:SHOWN]
            message = (
                f"the formula '{shown}' does not convert to MathML: {error}: fix its LaTeX, "
                "or write \\$ for a dollar sign that is not maths"
            )
            found.append(Problem(at, column, message))
    return found


def written_at(lines: list[str], line: int, token: Token) -> tuple[int, int]:
    """Return the 0-based line and 1-based column of a formula's opening dollar."""
    written = "$$" if token.type == BLOCK else f"${token.content}$"
    for index in range(line, min(line + 100, len(lines))):
        column = lines[index].find(written)
        if column >= 0:
            return index, column + 1
    return line, 1


@cache
def mathml(latex: str, display: bool) -> str:
    """Return a formula as a MathML element, its LaTeX as `alttext`, or raise `MathError`."""
    from latex2mathml.converter import convert  # 50 ms: only when a page has maths

    try:
        converted = convert(
            ALIGNED.sub(r"\\\1{align*}", latex), display="block" if display else "inline"
        )
    except Exception as error:  # latex2mathml raises many kinds, all a bad formula
        raise MathError(reason(error)) from None
    try:
        root = etree.fromstring(converted, etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        raise MathError(unparsed_reason(converted)) from None
    for element in root.iter():
        check(element)
    root.set("alttext", latex)
    return str(etree.tostring(root, encoding="unicode"))


def unparsed_reason(converted: str) -> str:
    """Return why latex2mathml's output is not XML: a bare '&' left by the columns of an
    environment it cannot lay out, or a '&' or '<' it copied from a text into markup."""
    if "<mi>&</mi>" in converted:
        return "its columns do not convert: align them with align*, cases or a matrix"
    return (
        "a text in it (\\text, \\mbox...) holds '&' or '<', which the converter leaves as "
        "markup: write them outside the text, as in \\text{AT}\\&\\text{T} or \\text{x} < "
        "\\text{y}"
    )


REASONS = {
    "NoAvailableTokensError": "it ends before a group or a command is complete",
    "MissingSuperScriptOrSubscriptError": "a '^' or '_' has nothing after it",
    "MissingEndError": "a \\begin{...} has no \\end{...}",
    "ExtraLeftOrMissingRightError": "a \\left has no \\right",
}
"""latex2mathml's errors most authors meet, in words; the others by their name."""


def reason(error: Exception) -> str:
    """Return why latex2mathml refused a formula: MissingEndError → "a \\begin…", or
    "double subscripts" for one without words here."""
    name = type(error).__name__
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name.removesuffix("Error")).lower()
    return REASONS.get(name, words)


def check(element: etree._Element) -> None:
    """Raise `MathError` for what a formula's MathML may not hold."""
    if not isinstance(element.tag, str):
        raise MathError("it makes something that is not MathML")
    name = etree.QName(element)
    if name.namespace != MATHML or name.localname not in ELEMENTS:
        raise MathError(f"it makes <{name.localname}>, which is not MathML a page may hold")
    for key in element.attrib:
        if str(key) not in ATTRIBUTES:
            raise MathError(f"it makes the attribute {key!s}, which a page may not hold")
    text = (element.text or "").strip()
    if name.localname == "mi" and text.startswith("\\"):
        raise MathError(f"{text} is not a command it knows")
    if name.localname == "mi" and text in ("{", "}"):
        raise MathError(f"a '{text}' has no partner")


def render(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    token = tokens[index]
    block = token.type == BLOCK
    try:
        element = mathml(token.content.strip(), block)
    except MathError:  # told by `problems` (pages) and the loader (quiz and glossary texts)
        element = f"<code>{escapeHtml(token.content)}</code>"
    return f'<div class="math">{element}</div>\n' if block else element
