"""Contrast of every colour pair of the default theme, from the custom properties of sco.css:
4.5:1 for text, 3:1 for the boundaries and states of UI components (WCAG 2.1, 1.4.3 and
1.4.11). Disabled controls are exempt and not listed. Needs no browser."""

from __future__ import annotations

import re

import pytest

from scorm_builder import contrast as contrast_module
from scorm_builder.components.code import PALETTE
from scorm_builder.contrast import PAIRS, TEXT, contrast
from tests.browser.lms_harness import ROOT

CSS = (ROOT / "templates" / "static" / "sco.css").read_text(encoding="utf-8")
CODE_BACKGROUNDS = ("panel", "mark")
"""A code block's background, and its emphasised lines'."""


def root_colours() -> dict[str, str]:
    """The colour custom properties of :root, by name without the dashes."""
    return contrast_module.root_colours(CSS)


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
