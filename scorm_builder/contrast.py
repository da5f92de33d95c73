"""Contrast: WCAG 2.1's contrast ratio, and every pair of colours the theme puts together.

The colours are the custom properties of `:root` in the theme's `sco.css`; a course's
`theme:` block replaces some of them (`THEMED`). `PAIRS` lists each pair the pages show, text
on its background (4.5:1, WCAG 1.4.3) or a component on its surroundings (3:1, WCAG 1.4.11):
the default theme's test checks them all, and `validate` checks those a course's colours
change, so that no theme can make a page unreadable.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

TEXT, UI = 4.5, 3.0
WHAT = {TEXT: "normal text", UI: "user interface components"}

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
    ("right", "bg", TEXT, "label of a TIP callout, seen marks of the contents"),
    ("important", "bg", TEXT, "label of an IMPORTANT callout"),
    ("warning", "bg", TEXT, "label of a WARNING callout"),
    ("wrong", "bg", TEXT, "label of a CAUTION callout"),
    # Code: its text on an emphasised line; its tokens' colours are checked by the tests.
    ("text", "mark", TEXT, "text of an emphasised line of code"),
]
"""(foreground, background, minimum ratio, where the pages show it), by custom property."""

THEMED = {"text": "text", "background": "bg", "accent": "accent"}
"""The colours of a course's `theme:` block, and the custom property each one sets."""

NAMES = {
    "bg": "background",
    "muted": "muted text",
    "line": "field border",
    "right": "right-answer colour",
    "wrong": "wrong-answer colour",
    "important": "important colour",
    "warning": "warning colour",
    "mark": "highlight",
}
"""How a message names a custom property (its own name when not listed)."""


def luminance(colour: str) -> float:
    """Return the relative luminance of a `#rgb` or `#rrggbb` colour (WCAG 2.1)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """Return the contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shown_ratio(ratio: float, minimum: float) -> str:
    """Return a ratio with two decimals, never rounded up to the minimum it misses."""
    shown = f"{ratio:.2f}"
    return shown if float(shown) < minimum else f"{math.floor(ratio * 100) / 100:.2f}"


def root_colours(css: str) -> dict[str, str]:
    """Return the colour custom properties of a style sheet's `:root`, by name without dashes,
    each as `#rrggbb`."""
    root = re.search(r":root\s*\{([^}]*)\}", css)
    found = re.findall(r"--([\w-]+):\s*#([0-9a-fA-F]{3,6})\b", root[1]) if root else []
    return {
        name: "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits)).lower()
        for name, digits in found
    }


def direction(colour: str, other: str, minimum: float) -> str:
    """Return which way `colour` must move to reach `minimum` against `other`: towards black
    or white, whichever can reach it (from where it stands when both can)."""
    darker = contrast(other, "#000000") >= minimum
    lighter = contrast(other, "#ffffff") >= minimum
    if darker and lighter:
        return "darker" if luminance(colour) <= luminance(other) else "lighter"
    return "darker" if darker else "lighter"


@dataclass(frozen=True)
class Shortfall:
    """A pair of colours below its minimum, and the theme key that should change."""

    key: str
    message: str


def shortfalls(defaults: dict[str, str], theme: dict[str, str]) -> list[Shortfall]:
    """Return the pairs below their minimum among those the theme's colours take part in.

    `theme` maps keys of the `theme:` block (`THEMED`) to colours; `defaults` are the style
    sheet's. A pair is told once, at its strictest minimum, at the key of its colour that
    should change: the theme's one; when both are, the foreground, except for the label of a
    primary button (the background's colour on the accent), where the accent is to change.
    """
    properties = {THEMED[key]: colour for key, colour in theme.items()}
    colours = {**defaults, **properties}
    strictest: dict[tuple[str, str], float] = {}
    for fg, bg, minimum, _ in PAIRS:
        strictest[fg, bg] = max(minimum, strictest.get((fg, bg), 0))
    found = []
    for (fg, bg), minimum in strictest.items():
        themed = [name for name in (fg, bg) if name in properties]
        if not themed or fg not in colours or bg not in colours:
            continue
        ratio = contrast(colours[fg], colours[bg])
        if ratio >= minimum:
            continue
        change = themed[0] if len(themed) == 1 or fg != "bg" else bg
        other = bg if change == fg else fg
        key = next(key for key, name in THEMED.items() if name == change)
        found.append(
            Shortfall(
                key,
                f"contrast {shown_ratio(ratio, minimum)}:1 of {NAMES.get(fg, fg)} "
                f"{colours[fg]} on {NAMES.get(bg, bg)} {colours[bg]} is below the "
                f"{minimum:g}:1 WCAG AA asks for {WHAT[minimum]}; choose a "
                f"{direction(colours[change], colours[other], minimum)} {key} colour",
            )
        )
    return found
