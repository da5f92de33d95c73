"""Knowledge checks: a fenced block of language `question` holding one question in the YAML
of a quiz file, shown in the page with a Check button that tells at once, never graded.

    ```question
    type: true-false
    prompt: A pipeline runs on every push.
    answer: true
    ```

The block reads as plain YAML in a text editor and on a code forge, and its question has the
types and the schema of a quiz's (`PageQuestion`): its errors are the quiz's, told by
`yamlsource` at the page's own lines. The block renders as a marker the renderer replaces with
the question, drawn by the quiz's own template macro (`templates/questions.html`); the
runtime checks, restores and reports it (`cmi.interactions`, weighting 0) with the quiz's code.
Its id is `<page id>_<question id>`, the question's id defaulting to q1, q2... by position on
the page: no quiz question id has a '_', so neither the interaction nor the element ids of
the two can meet.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from scorm_builder.components.base import Problem, nothing_attached, source_line
from scorm_builder.diagnostics import Report
from scorm_builder.structure.course import KnowledgeCheck
from scorm_builder.structure.files import PageQuestion
from scorm_builder.yamlsource import Source, parse_yaml, validate

LANGUAGE = "question"
TOKEN = "knowledge_check"
MARKER = "<!-- knowledge check {} -->\n"
"""What a block renders as, numbered on its page: raw HTML written in a page never reaches
its HTML (comments vanish), so no author can forge one."""


attach = nothing_attached
"""No course file of its own."""


def extend(md: MarkdownIt) -> None:
    # Before the other components see the fence: it is a question, not code.
    md.core.ruler.after("block", "knowledge_checks", mark_checks)
    md.add_render_rule(TOKEN, render)


def mark_checks(state: StateCore) -> None:
    number = 0
    for token in state.tokens:
        if token.type == "fence" and token.info.strip() == LANGUAGE:
            token.type = TOKEN
            token.meta = {"number": number}
            number += 1


def render(
    self: RendererProtocol, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    return MARKER.format(tokens[index].meta["number"])


def problems(tokens: list[Token], lines: list[str]) -> list[Problem]:
    """Return what is wrong in the page's questions, as a quiz file's are told (the loader
    tells ids used twice, as in a quiz)."""
    report = Report()
    _read(tokens, lines, report)
    return [Problem(d.line, d.column, d.message) for d in report.diagnostics]


def checks(tokens: list[Token], lines: list[str]) -> list[KnowledgeCheck]:
    """Return the knowledge checks of a parsed page, in order (those without errors), each
    with its id on the page."""
    return _read(tokens, lines, Report())


def _read(tokens: list[Token], lines: list[str], report: Report) -> list[KnowledgeCheck]:
    found = []
    for token in tokens:
        if token.type != TOKEN or not token.map:
            continue
        # The YAML's lines are the page's from the line after the fence, shifted as it is.
        indent = source_line(lines, token.map[0]).find(token.markup)
        here = Report()
        source = Source("", token.content, first_line=token.map[0] + 1)
        data = parse_yaml(source, here)
        block = validate(PageQuestion, data, source, here) if data is not None else None
        for d in here.errors:
            report.error("", d.line, d.column + max(0, indent), d.message)
        if block is not None:
            number = token.meta["number"] + 1
            found.append(KnowledgeCheck(block.root, block.root.id or f"q{number}", token.map[0]))
    return found
