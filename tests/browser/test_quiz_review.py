"""What a learner sees of a quiz: practice questions checked one by one, what each `review`
value shows before and after the last attempt, answers marked in words, the result panel in
the course's language, and the layout of choices and of the unanswered alert on a phone."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.lms_harness import (
    ROOT,
    Session,
    answer_quiz,
    publish,
    quiz_view,
    require,
    result,
)
from tests.browser.test_accessibility import AXE, axe_violations, one_wrong
from tests.browser.test_grading import open_quiz
from tests.browser.test_quiz import submit

LONG = (
    "Marseille, the oldest city of the country, founded by sailors from Phocaea, and today "
    "its second city by population"
)
QUIZ = f"""\
    questions:
      - id: capital
        type: single-choice
        prompt: What is the capital of France?
        explanation: The government sits in Paris.
        choices:
          - text: Lyon
            feedback: Lyon is the third city.
          - text: Paris
            correct: true
          - text: "{LONG}"
      - id: animal
        type: fill-in
        prompt: Which animal says *meow*?
        accepted: [cat, kitten]
      - id: steps
        type: ordering
        prompt: Put these steps in order.
        items: [Write, Test, Ship]
    """
# One question of three right: a score of 33.33.
ONE_RIGHT = {"capital": "a", "animal": "cat", "steps": ["c", "b", "a"]}
# Module folder: (completion, the quiz file's extra keys).
MODULES = {
    "practice": ("pages", ""),
    "answers": ("quiz", "attempts: 2\n"),
    "marks": ("quiz", "attempts: 2\nreview: marks\n"),
    "score": ("quiz", "attempts: 2\nreview: score\n"),
}
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
ARTIFACTS = ROOT / "tests" / "artifacts"


def write_quizzes(root: Path, language: str) -> Path:
    """A course of a practice quiz and a graded quiz of each review value, in `language`."""
    files = {
        "course.yaml": f'id: quizzes\ntitle: Quizzes\nlanguage: {language}\nversion: "1.0"\n'
        f"modules: [{', '.join(MODULES)}]\n",
    }
    for folder, (completion, keys) in MODULES.items():
        files[f"{folder}/module.yaml"] = (
            f"title: {folder.title()}\npages: [intro.md]\nquiz: quiz.yaml\ncompletion: {completion}\n"
        )
        files[f"{folder}/intro.md"] = "---\ntitle: Intro\n---\nRead, then answer.\n"
        files[f"{folder}/quiz.yaml"] = keys + textwrap.dedent(QUIZ)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def quizzes(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], str]:
    """The URL path of a module of the quiz course, in English or French."""
    for language in ("en", "fr"):
        publish(write_quizzes(tmp_path_factory.mktemp(language), language), site, f"q-{language}")
    return lambda module, language="en": f"/q-{language}/{module}.html"


VISIBLE = """(question) => {
    const box = document.getElementById(`q-${question}`);
    const shown = (el) => el !== null && el.checkVisibility();
    return {
        locked: box.disabled,
        verdict: shown(box.querySelector(".verdict")) ? box.querySelector(".verdict").textContent : null,
        feedback: shown(box.querySelector(".feedback")) ? box.querySelector(".feedback").innerText : null,
        mine: [...box.querySelectorAll(".tag:not(.right)")].filter(shown).map((t) => t.closest(".choice").querySelector("input").value),
        right: [...box.querySelectorAll(".tag.right")].filter(shown).map((t) => t.closest(".choice").querySelector("input").value),
        solution: shown(box.querySelector(".solution")) ? box.querySelector(".solution").textContent : null,
        check: shown(box.querySelector(".check")),
    };
}"""


# The edge a marked question gets: a thick left border in the colour of right or wrong answers.
EDGE = """(question) => {
    const box = document.getElementById(`q-${question}`);
    const colour = (name) => {
        const probe = box.appendChild(document.createElement("i"));
        probe.style.color = `var(${name})`;
        const value = getComputedStyle(probe).color;
        probe.remove();
        return value;
    };
    const edge = getComputedStyle(box);
    if (parseFloat(edge.borderLeftWidth) < 4) return null;
    return { [colour("--right")]: "right", [colour("--wrong")]: "wrong" }[edge.borderLeftColor] ?? edge.borderLeftColor;
}"""


def quiz_of(session: Session, path: str) -> Any:
    """Open a module in the LMS and page to its quiz; return the SCO's frame."""
    session.open_in_lms(path)
    open_quiz(session)
    return session.sco


def seen(sco: Any, question: str) -> dict[str, Any]:
    """What the learner sees of a question: its verdict, its feedback, the choices marked."""
    found: dict[str, Any] = sco.evaluate(VISIBLE, question)
    return found


def edge(sco: Any, question: str) -> str | None:
    """How a question's box is edged: "right", "wrong", or None when it is not marked."""
    found: str | None = sco.evaluate(EDGE, question)
    return found


def test_a_practice_question_is_checked_at_once_and_stays_checked_on_return(
    session: Session, quizzes: Callable[..., str]
) -> None:
    sco = quiz_of(session, quizzes("practice"))
    # Checking before answering says so, and locks nothing.
    sco.locator("#q-capital .check").click()
    assert sco.locator("#q-capital-feedback").inner_text() == "Answer this question first."
    assert sco.locator("#sco-status").text_content() == "Answer this question first."
    assert not seen(sco, "capital")["locked"]

    answer_quiz(sco, {"capital": "a", "animal": "dog"})
    sco.locator("#q-capital .check").focus()
    session.page.keyboard.press("Enter")
    checked = {
        "locked": True,
        "verdict": "✗ Incorrect",
        "feedback": "✗ Incorrect\n\nLyon is the third city.\n\nThe government sits in Paris.",
        "mine": ["a"],
        "right": ["b"],
        "solution": None,
        "check": False,
    }
    assert seen(sco, "capital") == checked
    assert edge(sco, "capital") == "wrong"
    assert sco.evaluate("() => document.activeElement.id") == "q-capital-feedback"
    # The other questions are still to answer, and nothing is scored.
    assert not seen(sco, "animal")["locked"] and seen(sco, "animal")["check"]
    sco.locator("#q-animal .check").click()
    assert seen(sco, "animal")["verdict"] == "✗ Incorrect"
    assert seen(sco, "animal")["solution"] == "Right answer: cat"
    session.settle()
    assert "cmi.core.score.raw" not in session.committed()

    session.leave()
    session.open_in_lms(
        quizzes("practice"),
        data={
            "core": {"entry": "resume", "lesson_location": "quiz"},
            "suspend_data": session.committed()["cmi.suspend_data"],
        },
    )
    sco = session.sco
    assert seen(sco, "capital") == checked
    assert seen(sco, "animal")["locked"]
    assert not seen(sco, "steps")["locked"] and seen(sco, "steps")["check"]
    answer_quiz(sco, {"steps": ["a", "b", "c"]})
    sco.locator("#q-steps .check").click()
    assert seen(sco, "steps")["verdict"] == "✓ Correct"
    assert edge(sco, "steps") == "right"
    # Submitted below the pass mark, practice offers to try again, never to record a result
    # (that ends the attempts so that the LMS grades a failure).
    submit(session)
    assert result(sco)["Score"] == "33.33%"
    assert sco.locator("#quiz-retry").is_visible()
    assert sco.locator("#quiz-record").is_hidden()
    # "Try again" unlocks every question, checked ones too.
    sco.locator("#quiz-retry").click()
    assert [seen(sco, q)["locked"] for q in ("capital", "animal", "steps")] == [False] * 3
    assert session.errors() == []


def test_a_graded_quiz_has_no_check_button(session: Session, quizzes: Callable[..., str]) -> None:
    session.open_in_lms(quizzes("answers"))
    assert session.sco.locator(".check").count() == 0


NOTHING: dict[str, Any] = {"verdict": None, "feedback": None, "right": [], "solution": None}
MARKED = {"verdict": "✗ Incorrect", "right": [], "solution": None}
ANSWERED = {**MARKED, "right": ["b"]}


@pytest.mark.parametrize(
    ("review", "before", "after"),
    [
        ("answers", MARKED, ANSWERED),
        ("marks", MARKED, MARKED),
        ("score", NOTHING, NOTHING),
    ],
)
def test_each_review_value_shows_what_it_promises_before_and_after_the_last_attempt(
    session: Session,
    quizzes: Callable[..., str],
    review: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    sco = quiz_of(session, quizzes(review))
    answer_quiz(sco, ONE_RIGHT)
    for shows, attempts_left in ((before, "1"), (after, "None")):
        submit(session)
        assert result(sco)["Attempts left"] == attempts_left
        capital = seen(sco, "capital")
        # The learner's own answer stays marked in every case.
        assert (capital["locked"], capital["mine"]) == (True, ["a"])
        assert {key: capital[key] for key in shows} == shows
        # Marks edge the wrong answer and the right one ("cat"); `score` edges neither.
        marked = shows is not NOTHING
        assert [edge(sco, "capital"), edge(sco, "animal")] == (
            ["wrong", "right"] if marked else [None, None]
        )
        solution = seen(sco, "animal")["solution"], seen(sco, "steps")["solution"]
        if shows is ANSWERED:
            # Typed right, "cat" needs no correction.
            assert solution == (None, "Right order:WriteTestShip")
        else:
            assert solution == (None, None)
        if attempts_left == "1":
            sco.locator("#quiz-retry").click()
    # The result is final: failed, and the score sent, whatever the review.
    assert session.committed()["cmi.core.lesson_status"] == "failed"
    assert session.committed()["cmi.core.score.raw"] == "33.33"


def test_chosen_answers_stay_in_full_colour_and_outlined_once_locked(
    session: Session, quizzes: Callable[..., str]
) -> None:
    sco = quiz_of(session, quizzes("answers"))
    answer_quiz(sco, ONE_RIGHT)
    style = """() => {
        const input = document.getElementById("q-capital-a");
        const css = getComputedStyle(input);
        return [css.backgroundColor, css.borderColor, css.opacity, getComputedStyle(input.closest(".choice")).outlineStyle];
    }"""
    assert sco.evaluate(style)[:3] == ["rgb(11, 87, 208)", "rgb(27, 27, 27)", "1"]
    submit(session)
    assert sco.locator("#q-capital-a").is_disabled()
    assert sco.evaluate(style) == ["rgb(11, 87, 208)", "rgb(27, 27, 27)", "1", "solid"]
    assert sco.locator("label[for='q-capital-a']").inner_text() == "Lyon Your answer"


@pytest.mark.parametrize(
    ("language", "panel"),
    [
        (
            "en",
            {
                "Score": "33.33%",
                "Pass mark": "80%",
                "Outcome": "Not passed yet",
                "Attempts left": "1",
            },
        ),
        (
            "fr",
            {
                "Score": "33,33\u00a0%",
                "Seuil de réussite": "80\u00a0%",
                "Verdict": "Pas encore réussi",
                "Tentatives restantes": "1",
            },
        ),
    ],
)
def test_the_result_panel_formats_every_number_for_the_course_language(
    session: Session, quizzes: Callable[..., str], language: str, panel: dict[str, str]
) -> None:
    answer_quiz(quiz_of(session, quizzes("answers", language)), ONE_RIGHT)
    submit(session)
    assert result(session.sco) == panel
    assert session.sco.locator("#quiz-summary").evaluate("el => el.tagName") == "DL"


def test_a_radio_stays_20_px_beside_a_long_wrapped_choice(
    session: Session, quizzes: Callable[..., str]
) -> None:
    session.page.set_viewport_size(PHONE)
    sizes = quiz_of(session, quizzes("practice")).evaluate(
        """() => ["a", "c"].map((key) => {
            const input = document.getElementById(`q-capital-${key}`).getBoundingClientRect();
            const label = document.querySelector(`label[for="q-capital-${key}"]`).getBoundingClientRect();
            return [input.width, input.height, label.height > 2 * input.height];
        })"""
    )
    assert sizes == [[20, 20, False], [20, 20, True]]


def test_the_unanswered_alert_is_fully_above_the_bar_on_a_phone(
    session: Session, quizzes: Callable[..., str]
) -> None:
    session.page.set_viewport_size(PHONE)
    sco = quiz_of(session, quizzes("answers"))
    sco.locator("#quiz-submit").click()
    where = sco.evaluate(
        """() => {
            const alert = document.getElementById("quiz-error").getBoundingClientRect();
            const bar = document.querySelector(".sco-bar").getBoundingClientRect();
            const button = document.getElementById("quiz-submit").getBoundingClientRect();
            return { top: alert.top, bottom: alert.bottom, bar: bar.top, button: button.bottom };
        }"""
    )
    assert 0 <= where["top"] < where["bottom"] <= where["bar"], where
    # The focus stays on the submit button, in view too.
    assert sco.evaluate("() => document.activeElement.id") == "quiz-submit"
    assert where["button"] <= where["bar"], where


def quiz_states(session: Session, quizzes: Callable[..., str]) -> Iterator[str]:
    """Every state of the quizzes of this course, one after the other, named."""
    sco = quiz_of(session, quizzes("practice"))
    sco.locator("#q-capital .check").click()
    yield "practice: checked unanswered"
    answer_quiz(sco, ONE_RIGHT)
    sco.locator("#q-capital .check").click()
    sco.locator("#q-animal .check").click()
    yield "practice: two questions checked"
    for review in ("answers", "marks", "score"):
        quiz_of(session, quizzes(review, "fr")).locator("#quiz-submit").click()
        yield f"{review}: unanswered"
        answer_quiz(session.sco, ONE_RIGHT)
        submit(session)
        yield f"{review}: attempt left"
        session.sco.locator("#quiz-retry").click()
        submit(session)
        yield f"{review}: final"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_quiz_state_has_no_wcag21_aa_violation(
    session: Session, quizzes: Callable[..., str], size: str
) -> None:
    require(AXE.exists(), "node_modules/axe-core is missing (run npm ci)")
    session.page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    checked, violations = 0, []
    for state in quiz_states(session, quizzes):
        checked += 1
        violations += [f"{state} at {size}: {line}" for line in axe_violations(session.sco)]
    assert checked == 11
    assert not violations, "\n".join(violations)


def shoot(session: Session, name: str) -> list[Path]:
    """The screen as it stands at phone and desktop size (the SCO filling the window) and in
    Moodle's 630 by 500 frame, in tests/artifacts/."""
    written = []
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP), ("frame", None)):
        session.page.set_viewport_size(viewport or {"width": 630, "height": 700})
        height = "100vh" if viewport else "500px"
        session.page.evaluate(f"() => (document.getElementById('sco').style.height = '{height}')")
        # The question checked, or the result, from its top.
        session.sco.evaluate(
            "() => document.activeElement.closest('fieldset, #quiz-result').scrollIntoView()"
        )
        written.append(ARTIFACTS / f"quiz-{name}-{size}.png")
        target = session.page if viewport else session.page.locator("#sco")
        target.screenshot(path=written[-1])
    return written


def test_screenshots_of_a_checked_question_and_a_graded_result(
    session: Session, devops: list[str]
) -> None:
    """In the DevOps course: a practice question checked (a wrong answer, so that the right
    one shows too), and the final evaluation passed with one wrong answer (its right answers
    shown, the result final)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sco = quiz_of(session, "/devops/devops.html")
    first = sco.locator("#quiz-form .question[data-type=single-choice]").first
    wrong = sco.evaluate(
        """(id) => JSON.parse(document.getElementById("sco-data").textContent).quiz.questions
            .find((q) => `q-${q.id}` === id).choices.find((c) => !c.correct).key""",
        first.get_attribute("id"),
    )
    first.locator(f"input[value='{wrong}']").check()
    first.locator(".check").click()
    written = shoot(session, "checked")

    sco = quiz_of(session, "/devops/evaluation-finale.html")
    answer_quiz(sco, one_wrong(quiz_view(sco)))
    submit(session)
    written += shoot(session, "result")
    assert all(path.stat().st_size > 5000 for path in written)


def question_descriptions(session: Session) -> dict[str, str]:
    """The accessible description of each question group, as Chromium gives it to a screen
    reader (its accessibility tree, read over the DevTools protocol)."""
    client = session.page.context.new_cdp_session(session.page)
    tree = client.send("Page.getFrameTree")["frameTree"]
    frames = [tree["frame"]["id"]] + [child["frame"]["id"] for child in tree.get("childFrames", [])]
    nodes = [
        node
        for frame in frames
        for node in client.send("Accessibility.getFullAXTree", {"frameId": frame})["nodes"]
    ]
    groups = {}
    for node in nodes:
        name = node.get("name", {}).get("value", "")
        if node.get("role", {}).get("value") == "group" and name.startswith("Question"):
            groups[name] = node.get("description", {}).get("value", "")
    return groups


@pytest.mark.parametrize("review", ["answers", "marks", "score"])
def test_a_screen_reader_hears_no_right_answer_before_the_result(
    session: Session, quizzes: Callable[..., str], review: str
) -> None:
    sco = quiz_of(session, quizzes(review))
    descriptions = question_descriptions(session)
    assert descriptions == {
        "Question 1 of 3": "What is the capital of France?",
        "Question 2 of 3": "Which animal says meow?",
        "Question 3 of 3": "Put these steps in order.",
    }
    # The right answers are in the page only where the quiz shows them once final.
    shown_later = 1 if review == "answers" else 0
    assert sco.locator(".solution").count() == 2 * shown_later
    assert sco.locator(".tag.right").count() == shown_later
