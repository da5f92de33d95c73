"""The session with the LMS: call discipline, leaving, resuming, no LMS, and LMS faults."""

from __future__ import annotations

from tests.browser.lms_harness import Session, answer_quiz
from tests.browser.test_quiz import RIGHT, WRONG_TWO

PARTIAL = {"capital": "b", "animal": "kitten", "pairs": ["b", "a"], "steps": ["c", "a", "b"]}


def api_calls(session: Session) -> list[str]:
    return [call["name"] for call in session.calls()]


def test_no_call_before_initialize_nor_after_finish_and_finish_once(
    session: Session, small: str
) -> None:
    session.open_in_lms(f"{small}/reading.html")
    session.sco.locator("#sco-next").click()
    session.sco.locator("#sco-quit").click()
    assert "progress is saved" in session.sco.locator("#sco-notice").text_content()
    session.sco.locator("#sco-next").click()
    session.leave()
    names = api_calls(session)
    assert names[0] == "LMSInitialize"
    assert names.count("LMSInitialize") == 1
    assert names.count("LMSFinish") == 1
    after_finish = names[names.index("LMSFinish") + 1 :]
    assert set(after_finish) <= {"LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"}
    before_finish = names[: names.index("LMSFinish")]
    assert before_finish[-1] == "LMSCommit"
    assert session.committed()["cmi.core.lesson_location"] == "two"
    assert session.errors() == []


def test_leaving_finishes_once_with_session_time(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html")
    session.leave()
    assert api_calls(session).count("LMSFinish") == 1
    assert session.committed()["cmi.core.exit"] == "suspend"
    assert session.cmi("cmi.core.total_time") != "0000:00:00"


def test_hiding_the_page_only_commits(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html")
    commits = api_calls(session).count("LMSCommit")
    session.sco.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    names = api_calls(session)
    assert names.count("LMSCommit") == commits + 1
    assert "LMSFinish" not in names


def test_leave_midway_and_resume_on_the_same_page_with_answers(
    session: Session, small: str, browser: object
) -> None:
    session.open_in_lms(f"{small}/graded.html")
    sco = session.sco
    sco.locator("#sco-next").click()
    answer_quiz(sco, PARTIAL)
    session.leave()
    saved = session.committed()
    assert saved["cmi.core.lesson_location"] == "quiz"
    assert saved["cmi.core.exit"] == "suspend"
    assert len(saved["cmi.suspend_data"]) < 80

    session.open_in_lms(
        f"{small}/graded.html",
        data={
            "core": {
                "entry": "resume",
                "lesson_status": saved["cmi.core.lesson_status"],
                "lesson_location": saved["cmi.core.lesson_location"],
            },
            "suspend_data": saved["cmi.suspend_data"],
        },
    )
    sco = session.sco
    assert sco.locator("#page-quiz").is_visible()
    assert sco.locator("#page-intro").is_hidden()
    assert sco.locator("#sco-counter").text_content() == "Page 2 of 2"
    assert sco.locator("#q-capital-b").is_checked()
    assert sco.locator("#q-animal-text").input_value() == "kitten"
    assert sco.locator("#q-pairs-a").input_value() == "b"
    assert sco.locator("#q-pairs-b").input_value() == "a"
    keys = sco.locator("#q-steps li").evaluate_all("items => items.map(li => li.dataset.key)")
    assert keys == ["c", "a", "b"]
    assert not sco.locator("#q-sky-t").is_checked()
    seen = sco.locator(".toc .seen-mark").evaluate_all("marks => marks.map(m => !m.hidden)")
    assert seen == [True, True]
    assert session.errors() == []


def test_resume_after_submitting_shows_the_result(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/graded.html")
    sco = session.sco
    sco.locator("#sco-next").click()
    answer_quiz(sco, WRONG_TWO)
    sco.locator("#quiz-submit").click()
    session.leave()
    saved = session.committed()
    session.open_in_lms(
        f"{small}/graded.html",
        data={
            "core": {"entry": "resume", "lesson_location": "quiz", "lesson_status": "failed"},
            "suspend_data": saved["cmi.suspend_data"],
        },
    )
    sco = session.sco
    assert "Attempts left: 1." in sco.locator("#quiz-summary").text_content()
    assert sco.locator("#q-capital-a").is_disabled()
    assert sco.locator("#q-capital-a").is_checked()
    assert sco.locator("#quiz-retry").is_visible()


def test_without_lms_progress_is_kept_in_the_browser(session: Session, small: str) -> None:
    session.open_alone(f"{small}/graded.html")
    page = session.page
    notice = page.locator("#sco-notice")
    assert notice.is_visible()
    assert "not recorded" in notice.text_content()
    page.locator("#sco-next").click()
    answer_quiz(page, {"capital": "b", "animal": "cat"})
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    page.reload()
    assert page.locator("#page-quiz").is_visible()
    assert page.locator("#q-capital-b").is_checked()
    assert page.locator("#q-animal-text").input_value() == "cat"
    stored = page.evaluate("() => Object.keys(localStorage)")
    assert stored == ["scorm-builder:small:graded"]
    answer_quiz(page, RIGHT)
    page.locator("#quiz-submit").click()
    assert "Score: 100%" in page.locator("#quiz-summary").text_content()
    assert session.errors() == []


def test_an_lms_that_returns_false_is_retried_at_the_next_commit(
    session: Session, small: str
) -> None:
    session.open_in_lms(f"{small}/reading.html")
    session.page.evaluate("() => { window.harness.faults = { LMSSetValue: 'false' }; }")
    sco = session.sco
    sco.locator("#sco-next").click()
    sco.locator("#sco-next").click()
    assert sco.locator("#sco-counter").text_content() == "Page 3 of 3"
    session.page.wait_for_function("() => window.harness.calls.at(-1).name === 'LMSCommit'")
    assert any(
        "LMSSetValue(cmi.core.lesson_location," in e and "error 101" in e for e in session.errors()
    )
    assert session.committed()["cmi.core.lesson_location"] == "one"

    session.page.evaluate("() => { window.harness.faults = {}; }")
    session.leave()
    committed = session.committed()
    assert committed["cmi.core.lesson_location"] == "three"
    assert committed["cmi.core.lesson_status"] == "completed"


def test_an_lms_that_throws_or_vanishes_leaves_the_learner_working(
    session: Session, small: str
) -> None:
    session.open_in_lms(f"{small}/graded.html")
    session.page.evaluate("() => { window.harness.faults = { '*': 'throw' }; }")
    sco = session.sco
    sco.locator("#sco-next").click()
    answer_quiz(sco, RIGHT)
    sco.locator("#quiz-submit").click()
    assert "Score: 100%" in sco.locator("#quiz-summary").text_content()
    session.page.wait_for_function("() => window.harness.calls.at(-1).thrown")
    assert any("threw: error 101" in e for e in session.errors())

    session.page.evaluate("() => { window.harness.faults = {}; }")
    session.leave()
    committed = session.committed()
    assert committed["cmi.core.lesson_status"] == "passed"
    assert committed["cmi.core.score.raw"] == "100"
    assert committed["cmi.interactions.5.id"] == "pairs"


def test_a_slow_lms_gets_one_commit_per_change_and_the_pages_keep_up(
    session: Session, small: str
) -> None:
    session.open_in_lms(f"{small}/reading.html")
    session.page.evaluate("() => { window.harness.delay = 300; }")
    commits = api_calls(session).count("LMSCommit")
    sco = session.sco
    sco.locator("#sco-next").click()
    sco.locator("#sco-next").click()
    assert sco.locator("#sco-counter").text_content() == "Page 3 of 3"
    session.page.wait_for_timeout(800)
    assert api_calls(session).count("LMSCommit") - commits <= 2
    session.leave()
    assert session.committed()["cmi.core.lesson_status"] == "completed"
