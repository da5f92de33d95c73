"""Figures: an image alone in its paragraph, with a title, becomes a `<figure>` whose
`<figcaption>` is that title, shown under the image and read with it.

    ![The CALMS temple: five pillars under one roof](calms.svg "Keep CALMS")

The text alternative still describes the image; the caption says what it illustrates. An
image without a title, or among other text, stays an image in its paragraph; audio and video
keep their title, which names their captions and poster (components/media.py).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from scorm_builder.components import media
from scorm_builder.components.base import Problem, nothing_attached

attach = nothing_attached


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("figures", make_figures)


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """A figure is any titled image: nothing an author writes can be wrong in it."""
    return []


def make_figures(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens[:-2]):
        inline, closing = tokens[index + 1], tokens[index + 2]
        if token.type != "paragraph_open" or token.hidden or closing.type != "paragraph_close":
            continue
        image = caption_image(inline)
        if image is None:
            continue
        caption = str(image.attrs.pop("title"))
        token.tag = closing.tag = "figure"
        token.attrSet("class", "figure")
        inline.children = [
            image,
            Token("figcaption_open", "figcaption", 1),
            Token("text", "", 0, content=caption),
            Token("figcaption_close", "figcaption", -1),
        ]


def caption_image(inline: Token) -> Token | None:
    """Return the titled image that is all an inline token holds, or None (audio, video)."""
    if "![" not in inline.content:
        return None  # no image written: most paragraphs, not worth listing their children
    children = [c for c in inline.children or [] if c.type != "softbreak"]
    if len(children) != 1 or children[0].type != "image":
        return None
    if media.kind(str(children[0].attrGet("src") or "")) is not None:
        return None
    title = children[0].attrGet("title")
    return children[0] if title and str(title).strip() else None
