"""What reaches the LMS's gradebook: only graded quizzes send a score, a learner can record a
failed result, state is read only by the module that wrote it, and any question id works."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.browser.lms_harness import (
    Session,
    answer_quiz,
    publish,
    quiz_view,
    result,
    right_answers,
)
from tests.browser.test_quiz import WRONG_TWO, interactions, submit, take_quiz
from tests.course_fixtures import VALID_COURSE, write_course


def open_quiz(session: Session) -> None:
    """Page through the SCO with Next, as a learner does, up to its quiz."""
    sco = session.sco
    while sco.locator("#page-quiz").is_hidden():
        sco.locator("#sco-next").click()


def test_a_practice_quiz_reports_its_answers_but_never_a_score(
    session: Session, devops: list[str]
) -> None:
    # The DevOps module's quiz is practice (completion: pages): Moodle would grade the
    # activity from any score.raw it holds, so none may be sent, right or wrong.
    sco_path = next(path for path in devops if path.endswith("/devops.html"))
    session.open_in_lms(sco_path)
    open_quiz(session)
    sco = session.sco
    quiz = quiz_view(sco)
    answer_quiz(sco, right_answers(quiz))
    submit(session)
    assert sco.locator("#quiz-record").is_hidden()
    session.leave()
    committed = session.committed()
    assert "cmi.core.score.raw" not in committed
    assert session.cmi("cmi.core.score.raw") == ""
    assert committed["cmi.core.lesson_status"] == "completed"
    found = interactions(committed)
    assert len(found) == len(quiz["questions"])
    assert {entry["result"] for entry in found.values()} == {"correct"}
    assert session.errors() == []


def test_a_failing_learner_can_finish_and_record_the_result(session: Session, small: str) -> None:
    sco = take_quiz(session, f"{small}/graded.html", WRONG_TWO)
    assert "cmi.core.score.raw" not in session.committed()
    record = sco.locator("#quiz-record")
    assert record.is_visible()
    assert record.text_content() == "Finish and record my result"
    commits = len([c for c in session.calls() if c["name"] == "LMSCommit"])
    record.click()
    session.page.wait_for_function(
        f"() => window.harness.calls.filter(c => c.name === 'LMSCommit').length > {commits}"
    )
    committed = session.committed()
    assert committed["cmi.core.score.raw"] == "57.14"
    assert committed["cmi.core.lesson_status"] == "failed"
    assert committed["cmi.core.exit"] == ""
    assert sco.locator("#quiz-retry").is_hidden()
    assert record.is_hidden()
    assert result(sco)["Outcome"] == "Not passed, result recorded"
    assert "Attempts left" not in result(sco)
    session.leave()
    assert session.cmi("cmi.core.lesson_status") == "failed"
    assert session.errors() == []


def test_an_lms_that_always_says_ab_initio_still_resumes_its_own_state(
    session: Session, small: str
) -> None:
    sco = take_quiz(session, f"{small}/graded.html", WRONG_TWO)
    session.leave()
    saved = session.committed()
    # The host's bug: entry is "ab-initio" although it hands back the SCO's own state.
    core = {"entry": "ab-initio", "lesson_location": "quiz", "lesson_status": "incomplete"}
    session.open_in_lms(
        f"{small}/graded.html", data={"core": core, "suspend_data": saved["cmi.suspend_data"]}
    )
    sco = session.sco
    assert sco.locator("#page-quiz").is_visible()
    assert result(sco)["Attempts left"] == "1"
    assert sco.locator("#q-capital-a").is_checked()
    assert session.errors() == []


def test_state_written_by_another_module_is_never_read(session: Session, small: str) -> None:
    # The security review's example: another module's quiz state, submitted and passed with
    # 100, in the old unkeyed format. Whatever the entry, nothing of it may be taken.
    foreign = "1.ZZZZ.A.A.0.CcQ.B"
    for entry in ("resume", "ab-initio"):
        core = {"entry": entry, "lesson_location": "quiz", "lesson_status": "incomplete"}
        session.open_in_lms(f"{small}/graded.html", data={"core": core, "suspend_data": foreign})
        sco = session.sco
        # Not submitted: the result stays hidden and the submit button is there to press.
        assert sco.locator("#quiz-result").get_attribute("hidden") is not None
        assert sco.locator("#quiz-submit").get_attribute("hidden") is None
        session.leave()
        committed = session.committed()
        assert "cmi.core.score.raw" not in committed
        assert session.cmi("cmi.core.lesson_status") == "incomplete"
        assert committed["cmi.suspend_data"] != foreign


@pytest.fixture(scope="module")
def prototype_named(site: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A course whose question and module ids are `constructor`, the one property of every
    JavaScript object that an id (lower case) can name."""
    quiz = """\
        questions:
          - id: constructor
            type: multiple-choice
            prompt: Pick the first two.
            choices:
              - text: First
                correct: true
              - text: Second
                correct: true
              - text: Third
          - id: order
            type: ordering
            prompt: Put in order.
            items: [one, two, three]
        """
    files = {
        "course.yaml": 'id: proto\ntitle: Proto\nlanguage: en\nversion: "1.0"\n'
        "modules: [constructor]\n",
        "constructor/module.yaml": "title: Constructor\npages: [start.md]\nquiz: quiz.yaml\n",
        "constructor/start.md": "---\ntitle: Start\n---\nGo.\n",
        "constructor/quiz.yaml": textwrap.dedent(quiz),
    }
    root = tmp_path_factory.mktemp("proto")
    # None drops each file of the default valid course: only these files make the course.
    source = write_course(root, {**dict.fromkeys(VALID_COURSE), **files})
    publish(source, site, "proto")
    return "/proto/constructor.html"


def test_question_ids_named_like_object_properties_work(
    session: Session, prototype_named: str
) -> None:
    sco = take_quiz(session, prototype_named, {"constructor": ["a", "b"], "order": ["a", "b", "c"]})
    committed = session.committed()
    assert committed["cmi.core.score.raw"] == "100"
    assert committed["cmi.core.lesson_status"] == "passed"
    assert [i["id"] for i in interactions(committed).values()] == ["constructor", "order"]
    assert sco.locator("#quiz-result").is_visible()
    assert session.errors() == []


def test_a_practice_score_left_by_an_earlier_package_is_blanked(
    session: Session, devops: list[str]
) -> None:
    # Learners of a package that still sent practice scores keep them in the LMS, where they
    # count in the grade: the practice module blanks it, and does not take it as its best.
    sco_path = next(path for path in devops if path.endswith("/devops.html"))
    core = {"entry": "resume", "lesson_status": "completed", "score": {"raw": "55"}}
    session.open_in_lms(sco_path, data={"core": core})
    session.settle()
    assert session.committed()["cmi.core.score.raw"] == ""
    assert session.cmi("cmi.core.score.raw") == ""
    session.leave()
    assert session.cmi("cmi.core.lesson_status") == "completed"
    assert session.errors() == []
