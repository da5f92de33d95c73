"""The suspend_data bound is exact: for modules at and around SCORM 1.2's 4096 characters, the
runtime's own encoder (templates/static/sco-logic.js, run in one Node process) writes, for the
worst state a learner can reach, exactly as many characters as the Python bound says; and the
loader accepts a module whose worst case is 4096 characters and refuses one of 4097."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scorm_builder.exceptions import CourseError
from scorm_builder.loading import load_course
from scorm_builder.rendering import quiz_view, sco_data
from scorm_builder.structure.course import Course, KnowledgeCheck, Module, Page, Quiz
from scorm_builder.structure.files import (
    FILL_IN_MAX_LENGTH,
    MAX_SCORM_CHOICES,
    CourseFile,
    ModuleFile,
    PageQuestion,
    QuizFile,
)
from scorm_builder.structure.suspend import (
    STORED_ATTEMPTS_CAP,
    SUSPEND_DATA_LIMIT,
    worst_case_suspend_data_length,
)
from tests.browser.test_suspend_limit import write_largest_course
from tests.course_fixtures import skip_or_fail

LOGIC = Path(__file__).resolve().parents[1] / "templates" / "static" / "sco-logic.js"

# One JSON line in ({sco, state}), one out: the encoded state, its length in the UTF-16 units
# a browser counts, and the state decoded and encoded again.
ENCODER = """
const L = require(process.argv[1]);
require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
  const { sco, state } = JSON.parse(line);
  const text = L.encodeState(sco, state);
  const again = L.encodeState(sco, L.decodeState(sco, text));
  process.stdout.write(JSON.stringify({ text, length: text.length, again }) + "\\n");
});
"""

# Typed answers of the most characters a learner can type (UTF-16 units, as the input counts).
LONGEST_TYPED = ["x" * 60, "é" * 60, "a.b" * 20, "\U0001f600" * 30, "課程." * 20]
assert {len(t.encode("utf-16-le")) // 2 for t in LONGEST_TYPED} == {FILL_IN_MAX_LENGTH}

Encoder = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


@pytest.fixture(scope="module")
def encode() -> Iterator[Encoder]:
    """The runtime's encodeState, in one Node process for every example of this module."""
    if shutil.which("node") is None:
        skip_or_fail("node is not installed: the runtime's encoder cannot run")
    node = subprocess.Popen(
        ["node", "-e", ENCODER, str(LOGIC)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert node.stdin is not None and node.stdout is not None
    stdin, stdout = node.stdin, node.stdout

    def run(sco: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
        stdin.write(json.dumps({"sco": sco, "state": state}) + "\n")
        stdin.flush()
        line = stdout.readline()
        assert line, "the Node encoder stopped"
        result: dict[str, Any] = json.loads(line)
        return result

    yield run
    stdin.close()
    node.wait()


def module_of(
    page_count: int,
    quiz: dict[str, Any] | None,
    completion: str | None = None,
    checks: tuple[dict[str, Any], ...] = (),
) -> Module:
    """A module of `page_count` pages and the quiz file `quiz` (its questions have ids),
    graded unless `completion` is 'pages', with the knowledge checks `checks` (questions of
    the same form) dealt to its pages in turn."""
    pages = tuple(
        Page(
            f"p{n}",
            f"Page {n}",
            "",
            Path(f"p{n}.md"),
            checks=tuple(
                KnowledgeCheck(PageQuestion.model_validate(check).root, f"p{n}_{check['id']}", 0)
                for check in checks[n::page_count]
            ),
        )
        for n in range(page_count)
    )
    module_file = ModuleFile(
        title="Module",
        pages=[f"p{n}.md" for n in range(page_count)],
        quiz="quiz.yaml" if quiz is not None else None,
        completion=completion,
    )
    if quiz is None:
        return Module("module", module_file, pages, None)
    quiz_file = QuizFile.model_validate(quiz)
    ids = tuple(str(q.id) for q in quiz_file.questions)
    lines = tuple(range(1, len(ids) + 1))
    return Module("module", module_file, pages, Quiz(quiz_file, 80, ids, Path("quiz.yaml"), lines))


def sco_view(module: Module) -> dict[str, Any]:
    """What the runtime reads of the module: the renderer's own sco_data and quiz_view."""
    course_file = CourseFile(title="Course", language="en", version="1", modules=["module"])
    course = Course("course", course_file, (module,), None, Path("course"))
    quiz = quiz_view(module.quiz, module.graded, {}) if module.quiz else None
    return sco_data(course, module, quiz, {})


def longest_answer(question: dict[str, Any], typed: str) -> Any:
    """The answer to a question of the view whose encoding takes the most characters."""
    if question["type"] == "single-choice":
        return question["choices"][-1]["key"]
    if question["type"] == "multiple-choice":
        return [choice["key"] for choice in question["choices"]]
    if question["type"] == "true-false":
        return "t"
    if question["type"] == "fill-in":
        return typed
    if question["type"] == "ordering":
        return [item["key"] for item in reversed(question["items"])]
    return [pair["rightKey"] for pair in reversed(question["pairs"])]


def worst_state(sco: dict[str, Any], typed: str) -> dict[str, Any]:
    """Every screen seen, the last one open; the most attempts stored, a best of 100.00, every
    flag set, every question and knowledge check answered at its longest and, where learners
    check questions one by one, every one checked (without a quiz, nothing is attempted and no
    best score stored)."""
    screens = len(sco["pages"]) + (sco["quiz"] is not None)
    state: dict[str, Any] = {"current": screens - 1, "seen": [True] * screens, "quiz": None}
    quiz = sco["quiz"]
    questions = [*(quiz["questions"] if quiz else []), *sco["checks"]]
    if questions:
        state["quiz"] = {
            # Unlimited attempts go on counting past what is stored.
            "attempts": (quiz["attempts"] or STORED_ATTEMPTS_CAP + 1000) if quiz else 0,
            "best": 100 if quiz else None,
            "submitted": True,
            "recorded": True,
            "answers": {q["id"]: longest_answer(q, typed) for q in questions},
            "checked": {q["id"]: "page" in q or quiz["check"] for q in questions},
        }
    return state


def question(kind: str, number: int, size: int) -> dict[str, Any]:
    """A question of a quiz file: `size` choices, items or pairs where its type has them."""
    base = {"id": f"q{number}", "type": kind, "prompt": f"Question {number}?"}
    texts = [f"option {n}" for n in range(size)]
    if kind in ("single-choice", "multiple-choice"):
        return {**base, "choices": [{"text": t, "correct": i == 0} for i, t in enumerate(texts)]}
    if kind == "true-false":
        return {**base, "answer": True}
    if kind == "fill-in":
        return {**base, "accepted": ["answer"]}
    if kind == "ordering":
        return {**base, "items": texts}
    return {**base, "pairs": [{"left": t, "right": f"{t}!"} for t in texts]}


KINDS = ["single-choice", "multiple-choice", "true-false", "fill-in", "ordering", "matching"]
# Sizes on each side of a base-64 digit's 6 bits.
SIZES = [2, 5, 6, 7, 11, 12, 13, 18, 19, 35, MAX_SCORM_CHOICES]
# Screens on each side of a bit-set digit (6) and of a second digit for the current screen (64).
PAGE_COUNTS = [1, 5, 6, 7, 12, 13, 62, 63, 64, 65, 66, 127, 128, 129]
ATTEMPTS = [None, 1, 2, 63, 64, 65, 99]


Spec = tuple[int, dict[str, Any] | None, str | None, tuple[dict[str, Any], ...]]


@st.composite
def modules(draw: st.DrawFn) -> Spec:
    """A page count, a quiz file, the module's completion and the knowledge checks of its
    pages, most of them filled up to a few characters of 4096: graded quizzes, and practice
    ones (checked question by question unless they show only the score), with or without
    knowledge checks, or knowledge checks alone."""
    pages = draw(st.sampled_from(PAGE_COUNTS) | st.integers(1, 140))
    sizes = st.sampled_from(SIZES) | st.integers(2, MAX_SCORM_CHOICES)
    drawn_checks = draw(st.lists(st.tuples(st.sampled_from(KINDS), sizes), max_size=12))
    checks = tuple(question(kind, n, size) for n, (kind, size) in enumerate(drawn_checks))
    if draw(st.integers(0, 9)) == 0:
        return pages, None, None, checks
    completion = draw(st.sampled_from([None, "pages"]))
    drawn = draw(st.lists(st.tuples(st.sampled_from(KINDS), sizes), min_size=1, max_size=30))
    questions = [question(kind, n, size) for n, (kind, size) in enumerate(drawn)]
    quiz = {
        "attempts": draw(st.sampled_from(ATTEMPTS)),
        "review": draw(st.sampled_from(["answers", "marks", "score"])),
        "questions": questions,
    }
    # Fill with 65-character fill-ins, then 6-character single choices, up to the limit give
    # or take a few characters.
    target = SUSPEND_DATA_LIMIT + draw(st.integers(-8, 8))
    for kind, size in (("fill-in", 1), ("single-choice", 2)):
        while len(questions) < 100:
            grown = [*questions, question(kind, len(questions), size)]
            grown_module = module_of(pages, {**quiz, "questions": grown}, completion, checks)
            if worst_case_suspend_data_length(grown_module) > target:
                break
            questions = grown
        quiz["questions"] = questions
    return pages, quiz, completion, checks


def every_kind(size: int, attempts: int | None) -> dict[str, Any]:
    return {"attempts": attempts, "questions": [question(k, n, size) for n, k in enumerate(KINDS)]}


def checked_practice(count: int) -> Spec:
    """A practice quiz of `count` questions, every one checkable: around a bit-set digit."""
    questions = [question(KINDS[n % len(KINDS)], n, 7) for n in range(count)]
    return 3, {"attempts": None, "questions": questions}, "pages", ()


def knowledge_checks(count: int, size: int = 7) -> tuple[dict[str, Any], ...]:
    """`count` knowledge checks of every kind in turn, of `size` choices, items or pairs."""
    return tuple(question(KINDS[n % len(KINDS)], n, size) for n in range(count))


def filled_with_checks(pages: int) -> Spec:
    """Knowledge checks alone, as many fill-ins as fit in 4096 characters."""
    count = 1
    while worst_case_suspend_data_length(module_of(pages, None, None, fill_ins(count + 1))) <= (
        SUSPEND_DATA_LIMIT
    ):
        count += 1
    return pages, None, None, fill_ins(count)


def fill_ins(count: int) -> tuple[dict[str, Any], ...]:
    return tuple(question("fill-in", n, 1) for n in range(count))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=modules(), typed=st.sampled_from(LONGEST_TYPED))
@example(spec=(63, every_kind(6, 63), None), typed=LONGEST_TYPED[0])
@example(spec=(63, every_kind(7, 64), None), typed=LONGEST_TYPED[0])
@example(spec=(64, every_kind(12, None), None), typed=LONGEST_TYPED[3])
@example(spec=(64, None, None), typed=LONGEST_TYPED[0])
@example(spec=(65, None, None), typed=LONGEST_TYPED[0])
@example(spec=(62, every_kind(13, 99), None), typed=LONGEST_TYPED[0])
@example(spec=(1, every_kind(MAX_SCORM_CHOICES, 1), None), typed=LONGEST_TYPED[4])
@example(spec=checked_practice(6), typed=LONGEST_TYPED[0])
@example(spec=checked_practice(7), typed=LONGEST_TYPED[1])
@example(spec=(2, {**every_kind(7, 2), "review": "score"}, "pages"), typed=LONGEST_TYPED[0])
@example(spec=(3, None, None, knowledge_checks(1)), typed=LONGEST_TYPED[0])
@example(spec=(3, None, None, knowledge_checks(7, MAX_SCORM_CHOICES)), typed=LONGEST_TYPED[3])
@example(spec=filled_with_checks(5), typed=LONGEST_TYPED[4])
@example(spec=(4, every_kind(7, None), None, knowledge_checks(6)), typed=LONGEST_TYPED[1])
@example(
    spec=(2, {**every_kind(7, 2), "review": "score"}, "pages", knowledge_checks(5)),
    typed=LONGEST_TYPED[0],
)
def test_the_runtime_writes_exactly_the_bound_for_the_worst_state(
    spec: Spec, typed: str, encode: Encoder
) -> None:
    module = module_of(*spec)
    sco = sco_view(module)
    state = worst_state(sco, typed)

    written = encode(sco, state)

    assert written["length"] == worst_case_suspend_data_length(module), written["text"]
    # And the learner gets all of it back.
    assert written["again"] == written["text"]


def test_a_module_whose_state_fills_4096_characters_loads_and_one_more_is_refused(
    tmp_path: Path,
) -> None:
    write_largest_course(tmp_path)
    assert worst_case_suspend_data_length(load_course(tmp_path).course.modules[0]) == 4096

    quiz = tmp_path / "largest" / "quiz.yaml"
    # Unlimited attempts: the stored count takes a second digit.
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("attempts: 1\n", ""), "utf-8")
    with pytest.raises(CourseError) as refused:
        load_course(tmp_path)

    assert [str(d) for d in refused.value.diagnostics] == [
        "largest/module.yaml:3:7: error: a learner's state in this module could take 4097 "
        "characters, more than the 4096 SCORM 1.2 allows: split the module or its quiz"
    ]


@pytest.mark.parametrize(
    ("completion", "review", "checks", "longer_by"),
    [
        (None, None, False, 0),  # graded: submitted whole
        ("pages", None, True, 2),  # practice, review answers by default: a digit and a dot
        ("pages", "marks", True, 2),
        ("pages", "score", False, 0),  # nothing a check could show
    ],
)
def test_only_practice_quizzes_that_show_more_than_the_score_check_questions_one_by_one(
    completion: str | None, review: str | None, checks: bool, longer_by: int
) -> None:
    quiz = every_kind(7, 3) | ({"review": review} if review else {})
    module = module_of(2, quiz, completion)
    assert module.quiz is not None
    assert module.quiz.file.review == (review or "answers")
    assert sco_view(module)["quiz"]["check"] is checks
    unchecked = worst_case_suspend_data_length(module_of(2, every_kind(7, 3), None))
    assert worst_case_suspend_data_length(module) == unchecked + longer_by
