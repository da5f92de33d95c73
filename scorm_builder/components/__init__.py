"""The rich content components of a page, registered in `COMPONENTS`.

Each component is one module of this package that owns all of itself: `extend` adds its
Markdown rule and its rendering to the parser, `problems` returns what an author wrote wrong
in it, `attach` the course files that go into the package with a file a page uses (a
video's captions) and what is wrong with them, and its styles stand in
`templates/static/sco.css` under a comment with its name. The next component is a new
module added to `COMPONENTS`, not branches in `markdown.py` or `loading.py`.
"""

from __future__ import annotations

from markdown_it.token import Token

from scorm_builder.components import (
    callouts,
    checks,
    code,
    downloads,
    figures,
    glossary,
    maths,
    media,
    reveals,
)
from scorm_builder.components.base import Attached, Component, Finder, Problem, Use

COMPONENTS: tuple[Component, ...] = (
    checks,
    callouts,
    reveals,
    code,
    figures,
    maths,
    media,
    downloads,
    glossary,
)
"""The components, in the order their rules join the parser."""


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Return the problems of every component in a parsed body, in order of position."""
    found = (p for component in COMPONENTS for p in component.problems(tokens, lines))
    return sorted(found, key=lambda p: (p.line, p.column))


def attach(use: Use, find: Finder) -> Attached:
    """Return what every component attaches to a course file a page uses, and its problems."""
    found = [component.attach(use, find) for component in COMPONENTS]
    return Attached(
        tuple(file for one in found for file in one.files),
        tuple(problem for one in found for problem in one.problems),
    )
