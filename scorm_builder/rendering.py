"""Rendering: one HTML document per module (SCO), from the theme's Jinja2 templates.

All of a module's pages go into one document, paged on the client, so that the SCO keeps a
single LMS session. The pages arrive as safe HTML from the loader (which parsed them to
check their links); the renderer gives the template and the runtime one view of the quiz
(`quiz_view`), so the two can never disagree about a question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from html import unescape
from pathlib import Path
from typing import Any, Literal, cast

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from lxml import html as lxml_html
from markupsafe import Markup

from scorm_builder import contrast, markdown
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
    markdown_texts,
)
from scorm_builder.structure.suspend import worst_case_suspend_data_length

SCO_TEMPLATE = "sco.html"
QUESTIONS_TEMPLATE = "questions.html"
"""The macros that draw a question, for the quiz (sco.html) and the pages' knowledge checks."""
CHECK_MARKER = re.compile(r"<!-- knowledge check (\d+) -->\n")
"""Where a page's knowledge check goes, numbered on the page (components/checks.py)."""
MENU_TEMPLATE = "course.html"
READING_WORDS_PER_MINUTE = 200
QUIZ_WORDS_PER_MINUTE = 100
"""A page is read; a quiz is read, thought over and answered: half the pace."""
RUNTIME_SCRIPT = "runtime.js"
FEEDBACK_ID = "q-{question}-feedback"
"""The runtime writes a question's verdict into the first child of this element."""
RUNTIME_IDS: dict[str, Literal["always", "questions", "quiz", "optional"]] = {
    "sco-data": "always",
    "sco-notice": "always",
    "sco-prev": "always",
    "sco-next": "always",
    "sco-counter": "always",
    "sco-progress": "always",
    "sco-start": "always",
    "sco-quit": "always",
    "sco-opening": "always",
    "sco-end": "always",
    "main": "always",
    "page-{screen}": "always",
    "sco-status": "questions",
    "q-{question}": "questions",
    FEEDBACK_ID: "questions",
    "end-result": "quiz",
    "end-menu": "optional",
    "quiz-error": "quiz",
    "quiz-form": "quiz",
    "quiz-record": "quiz",
    "quiz-result": "quiz",
    "quiz-retry": "quiz",
    "quiz-submit": "quiz",
    "quiz-summary": "quiz",
}
"""Every id templates/static/runtime.js looks up, and which documents need it: all, those
with questions (a quiz or knowledge checks), those with a quiz, or none (the runtime checks
it is there); `{screen}` stands for each page id and `quiz`, `{question}` for each question
id. A theme's own sco.html (or questions.html) that loads the runtime and lacks one is
refused: the runtime would stop at it."""
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
        **brand_view(course),
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
    # The macro the quiz's questions are drawn with, legend and Check button given.
    question = vars(env.get_template(QUESTIONS_TEMPLATE).make_module({"strings": strings}))
    drawn = [
        (check["page"], str(question["question"](check, strings["knowledge_check"], True, True)))
        for check in checks_view(module)
    ]
    document = env.get_template(SCO_TEMPLATE).render(
        course=course,
        **brand_view(course),
        module=module,
        minutes=estimated_minutes(module),
        next_module=next_module_title(course, module),
        lang=course.file.language,
        strings=strings,
        pages=[
            page_view(page, [html for page_id, html in drawn if page_id == page.id])
            for page in module.pages
        ],
        quiz=quiz,
        sco_data=sco_data(course, module, quiz, strings),
    )
    check_runtime_parts(document, module, quiz)
    return document


class RuntimePartsError(Exception):
    """A module's document lacks elements the runtime looks up: its theme's sco.html is to
    blame, whatever template it includes."""


def check_runtime_parts(document: str, module: Module, quiz: dict[str, Any] | None) -> None:
    """Raise `RuntimePartsError` when the runtime would not find its elements in `document`.

    The rendered document is checked, not the template's text: an id the template writes
    only under a condition, or through an included template or a variable, is there or not.
    """
    root = lxml_html.document_fromstring(document)
    scripts = [str(e.get("src")).rsplit("/", 1)[-1] for e in root.iter("script") if e.get("src")]
    if RUNTIME_SCRIPT not in scripts:
        return  # a theme without the runtime: nothing looks its elements up
    # XPath picks the elements with an id in C: iterating every element from Python took
    # half of the check (a third of a SCO's rendering).
    with_ids = cast("list[lxml_html.HtmlElement]", root.xpath("//*[@id]"))
    found = {str(e.get("id")): e for e in with_ids if e.get("id")}
    screens = [page.id for page in module.pages] + (["quiz"] if quiz else [])
    questions = [question["id"] for question in quiz["questions"]] if quiz else []
    questions += [check.id for page in module.pages for check in page.checks]
    needed = [
        name.format(screen=screen, question=question)
        for name, when in RUNTIME_IDS.items()
        if when == "always" or (when == "quiz" and quiz) or (when == "questions" and questions)
        for screen in (screens if "{screen}" in name else [""])
        for question in (questions if "{question}" in name else [""])
    ]
    missing = [name for name in needed if name not in found]
    feedback = [FEEDBACK_ID.format(question=question) for question in questions]
    empty = [name for name in feedback if name in found and not first_child_element(found[name])]
    parts = [f"ids {', '.join(missing)}"] if missing else []
    parts += [f"a first child element in {', '.join(empty)}"] if empty else []
    if parts:
        raise RuntimePartsError(
            f"the document it renders lacks elements static/runtime.js looks up "
            f"({'; '.join(parts)}): copy them from the built-in templates/{SCO_TEMPLATE} and "
            f"{QUESTIONS_TEMPLATE}"
        )


def first_child_element(element: lxml_html.HtmlElement) -> bool:
    """Tell whether an element's first child node is an element (no text before it)."""
    return len(element) > 0 and not element.text


def brand_view(course: Course) -> dict[str, Any]:
    """Return the theme's custom properties (`theme_css`) and its logo, as templates show them.

    The values are checked by the model (colours `#rrggbb`, fonts without quotes or
    punctuation), so they cannot leave the style element.
    """
    theme = course.file.theme
    if theme is None:
        return {"theme_css": "", "logo": None}
    properties = {
        f"--{name}": getattr(theme, key)
        for key, name in contrast.THEMED.items()
        if getattr(theme, key)
    }
    if theme.font:
        properties["--font"] = theme.font
    css = ";".join(f"{name}:{value}" for name, value in properties.items())
    logo = course.logo and theme.logo and {"src": course.logo.package_path, "alt": theme.logo.alt}
    return {"theme_css": f":root{{{css}}}" if css else "", "logo": logo or None}


def estimated_minutes(module: Module) -> int:
    """Return the minutes a module takes: its pages' words read at 200 a minute, its quiz's
    (questions, choices, feedback) at 100, rounded up, at least one."""
    page_words = sum(word_count(page.html) for page in module.pages)
    quiz_texts = markdown_texts(module.quiz.file) if module.quiz else []
    quiz_words = sum(len(text.split()) for _, text in quiz_texts)
    minutes = page_words / READING_WORDS_PER_MINUTE + quiz_words / QUIZ_WORDS_PER_MINUTE
    return max(1, math.ceil(minutes))


TAG = re.compile(r"<[^>]*>")


def word_count(html: str) -> int:
    """Return the number of words of HTML as `Markup(html).striptags().split()` finds them,
    a regex doing its tag loop (3 % of a page-heavy build) where the HTML holds no comment."""
    if "<!--" in html:
        return len(Markup(html).striptags().split())
    return len(unescape(TAG.sub("", html)).split())


def next_module_title(course: Course, module: Module) -> str | None:
    """Return the title of the module after `module` in the course, None after the last."""
    index = course.modules.index(module)
    return course.modules[index + 1].title if index + 1 < len(course.modules) else None


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
        "checks": checks_view(module),
        "strings": dict(strings),
    }


def page_view(page: Page, checks: list[str]) -> dict[str, Any]:
    """Return a page as the template shows it, with its knowledge checks drawn (`checks`)."""
    html = CHECK_MARKER.sub(lambda found: checks[int(found[1])], page.html)
    return {"id": page.id, "title": page.title, "html": Markup(html)}


def checks_view(module: Module) -> list[dict[str, Any]]:
    """Return the knowledge checks of a module's pages as the runtime and the template read
    them: questions of the quiz's view that weigh nothing, each with its page."""
    return [
        {**question_view(check.question, check.id), "page": page.id, "weight": 0}
        for page in module.pages
        for check in page.checks
    ]


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
