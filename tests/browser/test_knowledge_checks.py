"""Knowledge checks in pages: answered and checked with the keyboard, told at once, reported
as an interaction that weighs nothing and never as a score, kept across a session, apart
from the quiz's questions of the same id, and accessible at phone and desktop sizes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.lms_harness import Session, answer_quiz, publish, require
from tests.browser.test_accessibility import AXE, SIZES, axe_violations
from tests.browser.test_quiz import assert_scorm12_formats, interactions
from tests.browser.test_quiz_review import seen

PAGE = """\
---
title: Pipelines
---
A pipeline runs its stages in order: build, test, deploy.

```question
type: single-choice
prompt: Which stage comes first?
explanation: The pipeline builds before it tests.
choices:
  - text: test
    feedback: Testing needs something built.
  - text: build
    correct: true
```

```question
id: last
type: fill-in
prompt: Which stage comes last?
accepted: [deploy]
```
"""
QUIZ = """\
questions:
  - type: true-false
    prompt: A pipeline has stages.
    answer: true
"""
CHECKED = {
    "locked": True,
    "verdict": "✗ Incorrect",
    "feedback": "✗ Incorrect\n\nTesting needs something built.\n\nThe pipeline builds before "
    "it tests.",
    "mine": ["a"],
    "right": ["b"],
    "solution": None,
    "check": False,
}


@pytest.fixture(scope="module")
def checks(site: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("checks")
    files = {
        "course.yaml": 'id: checks\ntitle: Checks\nlanguage: en\nversion: "1.0"\nmodules: [ci]\n',
        "ci/module.yaml": "title: CI\npages: [pipelines.md]\nquiz: quiz.yaml\ncompletion: pages\n",
        "ci/pipelines.md": PAGE,
        "ci/quiz.yaml": QUIZ,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    publish(root, site, "checks")
    return "/checks/ci.html"


def test_a_knowledge_check_tells_at_once_is_recorded_unscored_and_kept(
    session: Session, checks: str
) -> None:
    session.open_in_lms(checks)
    sco = session.sco
    # The page's first question and the quiz's first one are both q1 in their files.
    assert sco.locator("#page-pipelines #q-pipelines_q1").count() == 1
    assert sco.locator("#page-quiz #q-q1").count() == 1
    sco.locator("#q-pipelines_q1 .check").click()
    assert sco.locator("#q-pipelines_q1-feedback").inner_text() == "Answer this question first."
    assert sco.locator("#sco-status").text_content() == "Answer this question first."

    answer_quiz(sco, {"pipelines_q1": "a", "pipelines_last": "deploy"})
    sco.locator("#q-pipelines_q1 .check").focus()
    session.page.keyboard.press("Enter")

    assert seen(sco, "pipelines_q1") == CHECKED
    assert sco.evaluate("() => document.activeElement.id") == "q-pipelines_q1-feedback"
    assert not seen(sco, "pipelines_last")["locked"]
    session.settle()
    committed = session.committed()
    [reported] = interactions(committed).values()
    assert reported["id"] == "pipelines_q1"
    assert (reported["type"], reported["student_response"], reported["result"]) == (
        "choice",
        "a",
        "wrong",
    )
    assert reported["correct_responses.0.pattern"] == "b"
    assert reported["weighting"] == "0"
    assert_scorm12_formats(reported)
    assert "cmi.core.score.raw" not in committed

    session.leave()
    session.open_in_lms(
        checks,
        data={"core": {"entry": "resume"}, "suspend_data": session.committed()["cmi.suspend_data"]},
    )
    sco = session.sco
    assert seen(sco, "pipelines_q1") == CHECKED
    # The answer typed but not checked is back, still to check; the quiz's q1 is untouched.
    assert sco.locator("#q-pipelines_last input").input_value() == "deploy"
    assert not seen(sco, "pipelines_last")["locked"]
    assert not seen(sco, "q1")["locked"]
    sco.locator("#q-pipelines_last .check").click()
    assert seen(sco, "pipelines_last")["verdict"] == "✓ Correct"
    session.settle()
    assert [i["id"] for i in interactions(session.committed()).values()] == ["pipelines_last"]
    assert "cmi.core.score.raw" not in session.committed()
    assert session.errors() == []


@pytest.mark.parametrize("size", list(SIZES))
def test_a_checked_knowledge_check_has_no_wcag21_aa_violation(
    session: Session, checks: str, size: str
) -> None:
    require(AXE.exists(), "node_modules/axe-core is missing (run npm ci)")
    session.page.set_viewport_size(SIZES[size])
    session.open_in_lms(checks)
    sco: Any = session.sco
    assert axe_violations(sco) == []
    answer_quiz(sco, {"pipelines_q1": "b"})
    sco.locator("#q-pipelines_q1 .check").click()
    assert seen(sco, "pipelines_q1")["verdict"] == "✓ Correct"
    assert axe_violations(sco) == []
