"""Rendering: one HTML document per module (SCO), from the theme's Jinja2 templates.

All of a module's pages go into one document, paged on the client, so that the SCO keeps a
single LMS session. The pages arrive as safe HTML from the loader (which parsed them to
check their links); the renderer gives the template and the runtime one view of the quiz
(`quiz_view`), so the two can never disagree about a question.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from scorm_builder import markdown
from scorm_builder.structure.course import Course, Module, Page, Quiz
from scorm_builder.structure.files import (
    INTERACTION_TYPES,
    RESPONSE_KEYS,
    FillIn,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)
from scorm_builder.structure.suspend import worst_case_suspend_data_length

SCO_TEMPLATE = "sco.html"
MENU_TEMPLATE = "course.html"
MENU_FILENAME = "course_menu.html"
"""The launch page of a single-SCO package; no module's file can take this name (ids have no
'_')."""


def environment(search_path: list[Path]) -> SandboxedEnvironment:
    """Return the Jinja2 environment of a theme search path (autoescaped, strict).

    Sandboxed: a course's own templates must not reach Python's internals, which would
    read files outside the course or run commands on the machine that builds it.
    """
    return SandboxedEnvironment(
        loader=FileSystemLoader([str(d) for d in search_path]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def sco_filename(module: Module) -> str:
    """Return the launch file of a module inside the package."""
    return f"{module.id}.html"


def render_menu(course: Course, env: SandboxedEnvironment, strings: Mapping[str, str]) -> str:
    """Return the module menu that launches a single-SCO package and links it to the LMS."""
    modules = menu_modules(course)
    return env.get_template(MENU_TEMPLATE).render(
        course=course,
        lang=course.file.language,
        strings=strings,
        modules=modules,
        course_data={
            "course": course.id,
            "sequential": course.file.sequential,
            "modules": modules,
            "strings": dict(strings),
        },
    )


def menu_modules(course: Course) -> list[dict[str, Any]]:
    """Return what the menu and its runtime know of each module (`longest`: the most its
    runtime can write to suspend_data)."""
    return [
        {
            "id": module.id,
            "title": module.title,
            "href": sco_filename(module),
            "graded": module.graded,
            "longest": worst_case_suspend_data_length(module),
        }
        for module in course.modules
    ]


def render_sco(
    course: Course, module: Module, env: SandboxedEnvironment, strings: Mapping[str, str]
) -> str:
    """Return the HTML document of one module."""
    quiz = quiz_view(module.quiz, module.graded, strings) if module.quiz else None
    return env.get_template(SCO_TEMPLATE).render(
        course=course,
        module=module,
        lang=course.file.language,
        strings=strings,
        pages=[page_view(page) for page in module.pages],
        quiz=quiz,
        sco_data=sco_data(course, module, quiz, strings),
    )


def sco_data(
    course: Course, module: Module, quiz: dict[str, Any] | None, strings: Mapping[str, str]
) -> dict[str, Any]:
    """Return what the runtime needs to know of the module, embedded as JSON."""
    return {
        "course": course.id,
        "module": module.id,
        "title": module.title,
        "language": course.file.language,
        "completion": "quiz" if module.graded else "pages",
        "masteryScore": module.mastery_score,
        "pages": [page.id for page in module.pages],
        "quiz": quiz,
        "strings": dict(strings),
    }


def page_view(page: Page) -> dict[str, Any]:
    return {"id": page.id, "title": page.title, "html": Markup(page.html)}


def quiz_view(quiz: Quiz, graded: bool, strings: Mapping[str, str]) -> dict[str, Any]:
    """Return the quiz as the template and the runtime both read it (JSON-able)."""
    return {
        "title": quiz.file.title or strings.get("quiz", "Quiz"),
        "passMark": quiz.pass_mark,
        "attempts": quiz.file.attempts,
        "shuffle": quiz.file.shuffle,
        "graded": graded,
        "review": quiz.file.review,
        "check": quiz.checks_each_question(graded),
        "questions": [
            question_view(question, question_id)
            for question, question_id in zip(quiz.questions, quiz.question_ids, strict=True)
        ],
    }


def question_view(question: Question, question_id: str) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": question_id,
        "type": question.type,
        "interaction": INTERACTION_TYPES[type(question)],
        "weight": question.weight,
        "prompt": _html(question.prompt),
        "explanation": _html(question.explanation),
    }
    view.update(_answers(question))
    return view


def _answers(question: Question) -> dict[str, Any]:
    """Return the type-specific part of a question's view."""
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return {
            "choices": [
                {
                    "key": RESPONSE_KEYS[i],
                    "html": str(markdown.inline_html(choice.text)),
                    "correct": choice.correct,
                    "feedback": _html(choice.feedback),
                }
                for i, choice in enumerate(question.choices)
            ]
        }
    if isinstance(question, TrueFalse):
        return {"answer": question.answer}
    if isinstance(question, FillIn):
        return {"accepted": list(question.accepted), "caseSensitive": question.case_sensitive}
    if isinstance(question, Ordering):
        return {
            "items": [
                {"key": RESPONSE_KEYS[i], "html": str(markdown.inline_html(item))}
                for i, item in enumerate(question.items)
            ]
        }
    assert isinstance(question, Matching)
    return {
        "pairs": [
            {
                "leftKey": RESPONSE_KEYS[i],
                "left": str(markdown.inline_html(pair.left)),
                "rightKey": RESPONSE_KEYS[i],
                "right": str(markdown.inline_html(pair.right)),
            }
            for i, pair in enumerate(question.pairs)
        ]
    }


def _html(text: str | None) -> str | None:
    return None if text is None else markdown.html(text)
