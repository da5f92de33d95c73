"""Contrast of every colour pair of the default theme, from the custom properties of sco.css:
4.5:1 for text, 3:1 for the boundaries and states of UI components (WCAG 2.1, 1.4.3 and
1.4.11). Disabled controls are exempt and not listed. Needs no browser."""

from __future__ import annotations

import re

import pytest

from scorm_builder.components.code import PALETTE
from tests.browser.lms_harness import ROOT

CSS = (ROOT / "templates" / "static" / "sco.css").read_text(encoding="utf-8")
TEXT, UI = 4.5, 3.0
PAIRS = [
    ("text", "bg", TEXT, "body text"),
    ("text", "panel", TEXT, "text on panels: notices, objectives, code, feedback, page bar"),
    ("muted", "bg", TEXT, "course title, seen marks of the contents"),
    ("accent", "bg", TEXT, "links, labels of secondary buttons"),
    ("accent", "panel", TEXT, "links in feedback"),
    ("bg", "accent", TEXT, "labels of primary buttons"),
    ("right", "panel", TEXT, "'correct' verdict in feedback"),
    ("wrong", "panel", TEXT, "'incorrect' verdict in feedback"),
    ("wrong", "bg", TEXT, "unanswered-questions error"),
    ("accent", "bg", UI, "focus ring, button borders, checked boxes"),
    ("accent", "panel", UI, "focus ring in the page bar"),
    ("line", "bg", UI, "borders of text fields and selects"),
    ("right", "bg", UI, "edge of a question answered right"),
    ("wrong", "bg", UI, "edge of a question answered wrong"),
    # Callouts: each kind's label and edge in its colour on the page (note: --accent).
    ("right", "bg", TEXT, "label of a TIP callout"),
    ("important", "bg", TEXT, "label of an IMPORTANT callout"),
    ("warning", "bg", TEXT, "label of a WARNING callout"),
    ("wrong", "bg", TEXT, "label of a CAUTION callout"),
    # Code: its text on an emphasised line; its tokens' colours are checked below.
    ("text", "mark", TEXT, "text of an emphasised line of code"),
]
CODE_BACKGROUNDS = ("panel", "mark")
"""A code block's background, and its emphasised lines'."""


def root_colours() -> dict[str, str]:
    """The colour custom properties of :root, by name without the dashes."""
    root = re.search(r":root\s*\{([^}]*)\}", CSS)
    assert root is not None
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", root[1]))


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_ratios() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#fff", "#fff") == 1


@pytest.mark.parametrize(("fg", "bg", "minimum", "where"), PAIRS, ids=[p[3] for p in PAIRS])
def test_colour_pair_meets_its_minimum(fg: str, bg: str, minimum: float, where: str) -> None:
    colours = root_colours()
    ratio = contrast(colours[fg], colours[bg])
    print(f"\n{where}: --{fg} {colours[fg]} on --{bg} {colours[bg]} = {ratio:.2f}:1")
    assert ratio >= minimum


def test_every_colour_of_the_theme_is_a_checked_custom_property() -> None:
    outside_root = re.sub(r":root\s*\{[^}]*\}", "", CSS)
    assert re.findall(r"#[0-9a-fA-F]{3,6}\b|rgba?\(|hsla?\(", outside_root) == []
    checked = {name for fg, bg, *_ in PAIRS for name in (fg, bg)}
    assert set(root_colours()) == checked


def token_colours() -> dict[str, str]:
    """The colour property of each token class of code, from rules like `.m, .nv { color: … }`."""
    found = {}
    for selectors, colour in re.findall(r"([.\w, ]+)\{ color: var\(--([\w-]+)\)", CSS):
        for selector in selectors.split(","):
            found[selector.strip().lstrip(".")] = colour
    return found


@pytest.mark.parametrize("background", CODE_BACKGROUNDS)
@pytest.mark.parametrize("token", PALETTE)
def test_every_token_colour_of_code_meets_text_contrast(token: str, background: str) -> None:
    colours, name = root_colours(), token_colours()[token]
    ratio = contrast(colours[name], colours[background])
    print(f"\ncode token .{token}: --{name} on --{background} = {ratio:.2f}:1")
    assert ratio >= TEXT
