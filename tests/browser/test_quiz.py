"""The quiz: scoring, status against the mastery score, retries and interactions."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.lms_harness import Session, answer_quiz, result

RIGHT = {
    "capital": "b",
    "primes": ["a", "c"],
    "sky": False,
    "animal": " Cat ",
    "steps": ["a", "b", "c"],
    "pairs": ["a", "b"],
}
WRONG_TWO = {**RIGHT, "capital": "a", "primes": ["a"]}  # 4 of 7 weighted points: 57.14

SCORM12_FORMATS = {
    "id": r"[\x21-\x7e]{1,255}",
    "type": r"true-false|choice|fill-in|matching|performance|sequencing|likert|numeric",
    "time": r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?",
    "latency": r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?",
    "result": r"correct|wrong|unanticipated|neutral|\d+(\.\d+)?",
    "weighting": r"-?\d+(\.\d+)?",
}
RESPONSE_FORMATS = {
    "choice": r"[0-9a-z](,[0-9a-z])*",
    "sequencing": r"[0-9a-z](,[0-9a-z])*",
    "true-false": r"[01tf]",
    "matching": r"[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*",
    "fill-in": r".{0,255}",
}


def interactions(committed: dict[str, str]) -> dict[int, dict[str, str]]:
    """The committed cmi.interactions.n.* values, by n."""
    found: dict[int, dict[str, str]] = {}
    for element, value in committed.items():
        match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", element)
        if match:
            found.setdefault(int(match[1]), {})[match[2]] = value
    return found


def assert_scorm12_formats(interaction: dict[str, str]) -> None:
    for field, pattern in SCORM12_FORMATS.items():
        assert re.fullmatch(pattern, interaction[field]), (field, interaction[field])
    response = RESPONSE_FORMATS[interaction["type"]]
    patterns = [field for field in interaction if field.startswith("correct_responses.")]
    assert patterns
    for field in ["student_response", *patterns]:
        assert re.fullmatch(response, interaction[field]), (field, interaction[field])


def take_quiz(session: Session, sco_path: str, answers: dict[str, Any], **lms: Any) -> Any:
    session.open_in_lms(sco_path, **lms)
    sco = session.sco
    sco.locator("#sco-next").click()
    answer_quiz(sco, answers)
    submit(session)
    return sco


def submit(session: Session) -> None:
    session.settle()  # a commit still pending (from Retry) must not pass for the submission's
    commits = len([c for c in session.calls() if c["name"] == "LMSCommit"])
    session.sco.locator("#quiz-submit").click()
    session.page.wait_for_function(
        f"() => window.harness.calls.filter(c => c.name === 'LMSCommit').length > {commits}"
    )


def test_quiz_passed_reports_score_status_and_every_interaction(
    session: Session, small: str
) -> None:
    sco = take_quiz(session, f"{small}/graded.html", RIGHT)
    committed = session.committed()
    assert committed["cmi.core.score.raw"] == "100"
    assert committed["cmi.core.score.min"] == "0"
    assert committed["cmi.core.score.max"] == "100"
    assert committed["cmi.core.lesson_status"] == "passed"
    assert committed["cmi.core.exit"] == ""
    setters = [c["args"] for c in session.calls() if c["name"] == "LMSSetValue"]
    assert setters.index(["cmi.core.score.raw", "100"]) < setters.index(
        ["cmi.core.lesson_status", "passed"]
    )
    found = interactions(committed)
    assert [found[n]["id"] for n in sorted(found)] == list(RIGHT)
    expected = {
        "capital": ("choice", "b", "b"),
        "primes": ("choice", "a,c", "a,c"),
        "sky": ("true-false", "f", "f"),
        "animal": ("fill-in", "Cat", "cat"),
        "steps": ("sequencing", "a,b,c", "a,b,c"),
        "pairs": ("matching", "a.a,b.b", "a.a,b.b"),
    }
    for interaction in found.values():
        assert_scorm12_formats(interaction)
        kind, response, pattern = expected[interaction["id"]]
        assert (interaction["type"], interaction["student_response"]) == (kind, response)
        assert interaction["correct_responses.0.pattern"] == pattern
        assert interaction["result"] == "correct"
    assert found[1]["weighting"] == "2"
    # Every accepted answer of a fill-in is a correct response.
    assert found[3]["correct_responses.1.pattern"] == "kitten"
    assert result(sco)["Score"] == "100%"
    assert sco.evaluate("() => document.activeElement.id") == "quiz-result"
    assert sco.locator("#quiz-retry").is_hidden()
    session.leave()
    assert session.cmi("cmi.core.lesson_status") == "passed"
    assert session.errors() == []


def test_quiz_failed_then_out_of_attempts(session: Session, small: str) -> None:
    sco = take_quiz(session, f"{small}/graded.html", WRONG_TWO)
    committed = session.committed()
    # An attempt is left: neither a score nor "failed", which Moodle would lock in review mode.
    assert "cmi.core.score.raw" not in committed
    assert committed["cmi.core.lesson_status"] == "incomplete"
    assert committed["cmi.core.exit"] == "suspend"
    found = interactions(committed)
    assert [found[n]["result"] for n in sorted(found)] == ["wrong", "wrong"] + ["correct"] * 4
    assert found[0]["student_response"] == "a"
    assert found[1]["student_response"] == "a"
    assert sco.locator("#q-capital-feedback").text_content().startswith("✗ Incorrect")
    assert "Lyon is the third city." in sco.locator("#q-capital-feedback").text_content()
    assert result(sco)["Attempts left"] == "1"

    sco.locator("#quiz-retry").click()
    submit(session)
    committed = session.committed()
    assert len(interactions(committed)) == 12
    assert committed["cmi.core.score.raw"] == "57.14"
    assert committed["cmi.core.lesson_status"] == "failed"
    assert committed["cmi.core.exit"] == ""
    assert sco.locator("#quiz-retry").is_hidden()
    assert result(sco)["Attempts left"] == "None"
    session.leave()
    assert session.cmi("cmi.core.lesson_status") == "failed"


def test_retry_after_failing_can_pass(session: Session, small: str) -> None:
    sco = take_quiz(session, f"{small}/graded.html", WRONG_TWO)
    sco.locator("#quiz-retry").click()
    answer_quiz(sco, {"capital": "b", "primes": ["a", "c"]})
    sco.locator("#q-primes-a").uncheck()
    sco.locator("#q-primes-a").check()
    submit(session)
    committed = session.committed()
    assert committed["cmi.core.score.raw"] == "100"
    assert committed["cmi.core.lesson_status"] == "passed"
    assert committed["cmi.interactions.6.id"] == "capital"


def test_a_failed_quiz_with_an_attempt_left_can_be_retaken_in_moodle(
    session: Session, small: str
) -> None:
    take_quiz(session, f"{small}/graded.html", WRONG_TWO)
    session.leave()
    saved = session.committed()
    core = {"entry": "resume", "lesson_location": "quiz"}
    core["lesson_status"] = session.cmi("cmi.core.lesson_status")
    core["score"] = {"raw": session.cmi("cmi.core.score.raw")}
    session.open_in_lms(
        f"{small}/graded.html",
        data={"core": core, "suspend_data": saved["cmi.suspend_data"]},
        moodle=True,
    )
    sco = session.sco
    assert sco.locator("#sco-notice").is_hidden()
    assert result(sco)["Attempts left"] == "1"
    sco.locator("#quiz-retry").click()
    answer_quiz(sco, {"capital": "b", "primes": ["a", "c"]})
    submit(session)
    session.leave()
    assert session.cmi("cmi.core.lesson_status") == "passed"
    assert session.cmi("cmi.core.score.raw") == "100"
    assert session.errors() == []


def test_a_failing_retake_after_a_pass_never_downgrades(session: Session, small: str) -> None:
    # Passed in an earlier session whose quiz state is gone; Moodle holds a mastery score.
    data = {"core": {"entry": "resume", "lesson_status": "passed"}}
    data["student_data"] = {"mastery_score": "70"}
    sco = take_quiz(session, f"{small}/graded.html", WRONG_TWO, data=data)
    sco.locator("#quiz-retry").click()
    submit(session)
    assert result(sco)["Attempts left"] == "None"
    session.leave()
    # A score below the mastery score would make Moodle (and scorm-again) record "failed".
    assert session.cmi("cmi.core.lesson_status") == "passed"
    assert "cmi.core.score.raw" not in session.committed()
    assert session.committed()["cmi.core.exit"] == ""


def test_the_lms_mastery_score_wins_over_the_course(session: Session, small: str) -> None:
    take_quiz(
        session,
        f"{small}/graded.html",
        WRONG_TWO,
        data={"student_data": {"mastery_score": "50"}},
    )
    assert session.committed()["cmi.core.lesson_status"] == "passed"
    assert result(session.sco)["Pass mark"] == "50%"


def test_unanswered_questions_block_submission_with_an_announced_error(
    session: Session, small: str
) -> None:
    session.open_in_lms(f"{small}/graded.html")
    sco = session.sco
    sco.locator("#sco-next").click()
    answer_quiz(sco, {"capital": "b"})
    sco.locator("#quiz-submit").click()
    error = sco.locator("#quiz-error")
    assert error.get_attribute("role") == "alert"
    assert error.text_content() == (
        "Answer every question before submitting. Unanswered questions: 2, 3, 4, 6."
    )
    links = sco.locator("#quiz-error a")
    assert [links.nth(i).get_attribute("href") for i in range(4)] == [
        "#q-primes",
        "#q-sky",
        "#q-animal",
        "#q-pairs",
    ]
    assert sco.evaluate("() => document.activeElement.id") == "quiz-submit"
    assert not [
        c for c in session.calls() if c["name"] == "LMSSetValue" and "score" in c["args"][0]
    ]


def test_review_mode_changes_no_result(session: Session, small: str) -> None:
    take_quiz(
        session,
        f"{small}/graded.html",
        RIGHT,
        data={"core": {"lesson_mode": "review", "lesson_status": "failed"}},
    )
    written = {c["args"][0] for c in session.calls() if c["name"] == "LMSSetValue"}
    assert written == {"cmi.core.session_time"}
    assert "Review mode" in session.sco.locator("#sco-notice").text_content()


def test_ordering_is_operable_with_the_keyboard_alone(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/graded.html")
    sco = session.sco
    sco.locator("#sco-next").click()
    items = sco.locator("#q-steps li")
    # The first item cannot move up, nor the last one down.
    assert items.nth(0).locator("[data-step='-1']").is_disabled()
    assert items.nth(2).locator("[data-step='1']").is_disabled()
    assert items.nth(1).locator("button").evaluate_all("bs => bs.every(b => !b.disabled)")
    first = items.nth(0).get_attribute("data-key")
    sco.locator(f"#q-steps li[data-key='{first}'] button[data-step='1']").focus()
    session.page.keyboard.press("Enter")
    assert items.nth(1).get_attribute("data-key") == first
    assert sco.evaluate("() => document.activeElement.dataset.step") == "1"
    assert sco.locator("#sco-status").text_content().endswith("position 2 of 3.")
    # Down to the last place, its "Move down" is disabled: the focus goes to its "Move up".
    session.page.keyboard.press("Enter")
    assert items.nth(2).get_attribute("data-key") == first
    assert sco.evaluate("() => document.activeElement.dataset.step") == "-1"
