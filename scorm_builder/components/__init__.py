"""The rich content components of a page, registered in `COMPONENTS`.

Each component is one module of this package that owns all of itself: `extend` adds its
Markdown rule and its rendering to the parser, `problems` returns what an author wrote wrong
in it, and its styles stand in `templates/static/sco.css` under a comment with its name. The
next component is a new module added to `COMPONENTS`, not branches in `markdown.py` or
`loading.py`.
"""

from __future__ import annotations

from markdown_it.token import Token

from scorm_builder.components import callouts, code, figures, reveals
from scorm_builder.components.base import Component, Problem

COMPONENTS: tuple[Component, ...] = (callouts, reveals, code, figures)
"""The components, in the order their rules join the parser."""


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Return the problems of every component in a parsed body, in order of position."""
    found = (p for component in COMPONENTS for p in component.problems(tokens, lines))
    return sorted(found, key=lambda p: (p.line, p.column))
