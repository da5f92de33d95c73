"""The session with the LMS: call discipline, leaving, resuming, no LMS, and LMS faults."""

from __future__ import annotations

import re

from tests.browser.lms_harness import Session, answer_quiz, result
from tests.browser.test_quiz import RIGHT, WRONG_TWO, submit

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


def test_after_quit_the_sco_takes_no_more_work(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/graded.html")
    sco = session.sco
    sco.locator("#sco-quit").click()
    notice = sco.locator("#sco-notice")
    assert "progress is saved" in notice.text_content()
    assert sco.evaluate("() => document.activeElement.id") == "sco-notice"
    assert sco.locator("#sco-next").is_disabled()
    assert sco.locator("#sco-quit").is_disabled()
    assert sco.evaluate("() => [...document.querySelectorAll('main, nav')].every(e => e.inert)")
    # The keyboard reaches nothing in the pages, the contents or the page bar.
    for _ in range(6):
        session.page.keyboard.press("Tab")
        assert sco.evaluate("() => !document.activeElement.closest('main, nav')")
    calls = len(session.calls())
    sco.locator("#q-capital-b").dispatch_event("click")
    sco.locator("#quiz-submit").dispatch_event("click")
    session.leave_without_finish()
    assert len(session.calls()) == calls
    assert session.errors() == []


def test_quit_says_not_saved_when_the_lms_refuses(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html")
    session.page.evaluate("() => { window.harness.faults = { LMSCommit: 'false' }; }")
    session.sco.locator("#sco-quit").click()
    notice = session.sco.locator("#sco-notice")
    assert "did not save everything" in notice.text_content()
    assert "error" in notice.get_attribute("class")
    assert api_calls(session).count("LMSFinish") == 1


def test_leaving_finishes_once_with_session_time(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html")
    session.leave()
    names = api_calls(session)
    assert names.count("LMSFinish") == 1
    assert session.committed()["cmi.core.exit"] == "suspend"
    # The session time reached the LMS, as a CMITimespan, in the commit before LMSFinish.
    times = [
        c["args"][1]
        for c in session.calls()
        if c["name"] == "LMSSetValue" and c["args"][0] == "cmi.core.session_time"
    ]
    assert times and session.committed()["cmi.core.session_time"] == times[-1]
    assert re.fullmatch(r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?", times[-1]), times[-1]
    assert times[-1] != "00:00:00.00"


def test_a_persisted_pagehide_only_commits(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html")
    commits = api_calls(session).count("LMSCommit")
    session.sco.evaluate(
        "() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))"
    )
    names = api_calls(session)
    assert names.count("LMSCommit") == commits + 1
    assert "LMSFinish" not in names
    session.sco.evaluate(
        "() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }))"
    )
    assert api_calls(session).count("LMSFinish") == 1


def test_a_failed_initialize_is_tried_again(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html", failures={"LMSInitialize": 1})
    assert api_calls(session)[:2] == ["LMSInitialize", "LMSGetLastError"]
    assert api_calls(session).count("LMSInitialize") == 2
    assert session.sco.locator("#sco-notice").is_hidden()
    session.leave()
    assert session.cmi("cmi.core.lesson_status") == "incomplete"


def failed_once(session: Session, small: str) -> dict[str, str]:
    """Fail the quiz with one attempt left, leave; return the LMS's record, to relaunch with."""
    session.open_in_lms(f"{small}/graded.html")
    session.sco.locator("#sco-next").click()
    answer_quiz(session.sco, WRONG_TWO)
    submit(session)
    session.leave()
    return session.committed()


def test_a_failed_read_of_suspend_data_at_launch_never_erases_it(
    session: Session, small: str
) -> None:
    saved = failed_once(session, small)
    data = {
        "core": {"entry": "resume", "lesson_location": "quiz", "lesson_status": "incomplete"},
        "suspend_data": saved["cmi.suspend_data"],
    }
    # Read once more after a failure, the saved state comes back.
    session.open_in_lms(f"{small}/graded.html", data=data, failures={"cmi.suspend_data": 1})
    assert result(session.sco)["Attempts left"] == "1"
    session.leave()

    # Unreadable twice, it is never written: the attempt and the score stay in the LMS.
    session.open_in_lms(f"{small}/graded.html", data=data, failures={"cmi.suspend_data": 2})
    sco = session.sco
    sco.locator("#sco-prev").click()
    sco.locator("#sco-quit").click()
    assert "did not save everything" in sco.locator("#sco-notice").text_content()
    written = {c["args"][0] for c in session.calls() if c["name"] == "LMSSetValue"}
    assert "cmi.suspend_data" not in written
    assert session.cmi("cmi.suspend_data") == saved["cmi.suspend_data"]
    assert any("LMSGetValue(cmi.suspend_data): error 101" in t for _, t in session.console)


def test_a_failed_read_of_the_status_never_downgrades_it(session: Session, small: str) -> None:
    data = {"core": {"entry": "resume", "lesson_status": "completed", "lesson_location": "one"}}
    session.open_in_lms(f"{small}/reading.html", data=data, failures={"cmi.core.lesson_status": 2})
    session.sco.locator("#sco-next").click()
    session.leave()
    written = {c["args"][0] for c in session.calls() if c["name"] == "LMSSetValue"}
    assert "cmi.core.lesson_status" not in written
    assert session.cmi("cmi.core.lesson_status") == "completed"


def test_a_module_without_quiz_whose_status_is_failed_runs(session: Session, small: str) -> None:
    data = {"core": {"entry": "resume", "lesson_status": "failed"}}
    session.open_in_lms(f"{small}/reading.html", data=data)
    sco = session.sco
    sco.locator("#sco-next").click()
    sco.locator("#sco-next").click()
    session.leave()
    assert api_calls(session).count("LMSFinish") == 1
    assert session.cmi("cmi.core.lesson_status") == "completed"
    assert session.committed()["cmi.core.exit"] == ""
    assert session.errors() == []


def test_a_score_from_the_lms_is_clamped(session: Session, small: str) -> None:
    # scorm-again refuses such scores: the harness answers the read itself, as a lax LMS would.
    session.open_in_lms(f"{small}/graded.html", values={"cmi.core.score.raw": "-0.5"})
    session.leave()
    assert "undefined" not in session.committed()["cmi.suspend_data"]
    data = {"core": {"entry": "resume", "lesson_status": "passed"}}
    session.open_in_lms(f"{small}/graded.html", data=data, values={"cmi.core.score.raw": "150"})
    session.leave()
    assert session.committed()["cmi.core.score.raw"] == "100"
    assert ".CcQ." in session.committed()["cmi.suspend_data"]  # best: 10000 hundredths


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
    keys = sco.locator("#q-steps .ordering li").evaluate_all(
        "items => items.map(li => li.dataset.key)"
    )
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
            "core": {"entry": "resume", "lesson_location": "quiz", "lesson_status": "incomplete"},
            "suspend_data": saved["cmi.suspend_data"],
        },
    )
    sco = session.sco
    assert result(sco)["Attempts left"] == "1"
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
    assert result(page)["Score"] == "100%"
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
    session.settle()
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
    assert result(sco)["Score"] == "100%"
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
    session.settle()
    assert api_calls(session).count("LMSCommit") - commits <= 2
    session.leave()
    assert session.committed()["cmi.core.lesson_status"] == "completed"
