"""A course using every quiz option (tests/moodle/fixtures/options) in Moodle: weights, pass
mark, attempts, shuffle, case-sensitive fill-in, a practice quiz, a graded quiz and a page-only
module; a failed attempt recorded on the learner's request; resuming, also across a re-upload
of the package; and the activity displayed in a new window."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.browser.lms_harness import right_answers
from tests.moodle.conftest import HERE
from tests.moodle.moodle import (
    Learner,
    Sco,
    build_zip,
    change_activity,
    completed,
    import_zip,
    interactions,
    read,
    seconds_of,
    settled,
    wait_for_tracks,
    wrong_answers,
)

EXAM = ["planet", "gases", "boiling", "iron", "sizes", "units"]  # authored order
WEIGHTS = {"planet": "3", "gases": "2", "boiling": "1", "iron": "2", "sizes": "1", "units": "1"}
TYPES = ["choice", "choice", "true-false", "fill-in", "sequencing", "matching"]
# Weighted: planet 3 + gases 2 + iron 2 = 7 of 10.
PASSING = ("planet", "gases", "iron")


def exam_answers(sco: Sco, right: tuple[str, ...]) -> dict[str, Any]:
    """Right answers to `right`, wrong ones elsewhere; "fe" is wrong: the fill-in minds case."""
    quiz = sco.quiz
    answers = {**wrong_answers(quiz), "iron": "fe"}
    answers.update({q: right_answers(quiz)[q] for q in right})
    return answers


def practice(sco: Sco) -> None:
    """Right, wrong, right (weights 2, 1, 1): 75 %, which no one must see as a grade."""
    sco.read_to_end()
    sco.take({"metre": "a", "second": True, "kilogram": "kg"})


def pass_at_second_attempt(sco: Sco) -> None:
    sco.read_to_end()
    sco.take(exam_answers(sco, ()))
    sco.retry()
    sco.take(exam_answers(sco, PASSING))


def test_practice_graded_and_page_modules(
    student: Learner, options_zip: Path, packages: Path
) -> None:
    activity = import_zip(options_zip, packages)
    plan = {"warm-up": practice, "exam": pass_at_second_attempt, "notes": read}
    student.play(activity, plan)
    stored = wait_for_tracks(activity, packages, settled(*plan))

    warm_up, exam, notes = (stored.of(module) for module in plan)
    for values in (warm_up, exam, notes):
        assert seconds_of(values["cmi.core.total_time"]) > 0
        assert 0 < len(values["cmi.suspend_data"]) <= 4096
        assert values.get("cmi.core.exit", "") == ""  # Moodle sends no value left at its default
    # Practice: completed by its pages, answers reported, never a score.
    assert warm_up["cmi.core.lesson_status"] == "completed"
    assert "cmi.core.score.raw" not in warm_up
    practiced = interactions(warm_up)
    assert [(i["id"], i["result"], i["weighting"]) for i in practiced] == [
        ("metre", "correct", "2"),
        ("second", "wrong", "1"),
        ("kilogram", "correct", "1"),
    ]
    # Graded: weights make 7 of 10, above the pass mark of 60, at the second of two attempts.
    assert exam["cmi.core.lesson_status"] == "passed"
    assert exam["cmi.core.score.raw"] == "70"
    answered = interactions(exam)
    assert [i["id"] for i in answered] == EXAM * 2
    assert [i["type"] for i in answered] == TYPES * 2
    assert [i["weighting"] for i in answered] == [WEIGHTS[q] for q in EXAM] * 2
    assert {i["result"] for i in answered[:6]} == {"wrong"}
    assert [i["id"] for i in answered[6:] if i["result"] == "correct"] == list(PASSING)
    iron = answered[EXAM.index("iron")]
    assert (iron["student_response"], iron["correct_responses_0.pattern"]) == ("fe", "Fe")
    # Pages alone: completed, no score, no interaction.
    assert notes["cmi.core.lesson_status"] == "completed"
    assert "cmi.core.score.raw" not in notes
    assert interactions(notes) == []
    assert stored.grade == 70
    assert student.console == []


def test_a_failed_attempt_sends_nothing_until_the_learner_records_it(
    student: Learner, options_zip: Path, packages: Path
) -> None:
    activity = import_zip(options_zip, packages)
    sco = student.open(activity, "exam")
    sco.read_to_end()
    sco.take(exam_answers(sco, ("planet",)))  # 30: failed, one attempt left
    student.leave(activity)
    stored = wait_for_tracks(activity, packages, settled("exam"))
    assert stored.of("exam")["cmi.core.lesson_status"] == "incomplete"
    assert stored.of("exam")["cmi.core.exit"] == "suspend"
    assert "cmi.core.score.raw" not in stored.of("exam")
    assert stored.grade is None

    sco = student.open(activity, "exam")
    assert student.api("cmi.core.entry") == "resume"
    assert sco.screen() == "quiz"
    sco.record()
    student.leave(activity)
    stored = wait_for_tracks(
        activity, packages, lambda s: "cmi.core.score.raw" in s.of("exam") and s.grade is not None
    )
    assert stored.of("exam")["cmi.core.lesson_status"] == "failed"
    assert stored.of("exam")["cmi.core.score.raw"] == "30"
    assert stored.grade == 30
    assert student.console == []


def checked_answers(sco: Sco) -> dict[str, Any]:
    """What the quiz on screen shows as answered: checked choices and the typed text."""
    shown: dict[str, Any] = sco.frame.evaluate(
        """() => ({
            planet: [...document.querySelectorAll('#q-planet input:checked')].map(i => i.value),
            iron: document.querySelector('#q-iron input').value,
        })"""
    )
    return shown


def test_resume_on_the_same_page_also_after_the_package_is_updated(
    student: Learner, packages: Path, tmp_path: Path
) -> None:
    course = shutil.copytree(HERE / "fixtures" / "options", tmp_path / "options")
    activity = import_zip(build_zip(course, packages), packages)
    sco = student.open(activity, "exam")
    sco.go_to("quiz")
    right = right_answers(sco.quiz)
    sco.answer({"planet": right["planet"], "iron": "Fe"})
    expected = {"planet": [right["planet"]], "iron": "Fe"}
    student.leave(activity)
    wait_for_tracks(activity, packages, settled("exam", element="cmi.core.exit"))

    sco = student.open(activity, "exam")
    assert student.api("cmi.core.entry") == "resume"
    assert (sco.screen(), checked_answers(sco)) == ("quiz", expected)
    student.leave(activity)

    # A new version of the same course (same ids, so the same manifest identifiers), uploaded
    # over the old one with the activity's "Package file" field.
    course_yaml = course / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace('"1.0.0"', '"1.1.0"'))
    rules = course / "exam" / "rules.md"
    rules.write_text(rules.read_text().replace("Six questions", "Six short questions"))
    updated = change_activity(activity, package=build_zip(course, packages))
    assert updated.scoes == activity.scoes

    sco = student.open(updated, "exam")
    assert "Six short questions" in sco.frame.locator("#page-rules").text_content()
    assert student.api("cmi.core.entry") == "resume"
    assert (sco.screen(), checked_answers(sco)) == ("quiz", expected)
    student.leave(updated)
    stored = wait_for_tracks(updated, packages, settled("exam"))
    assert stored.attempts == {1}
    assert stored.of("exam")["cmi.core.lesson_status"] == "incomplete"
    assert student.console == []


def test_new_window_display(student: Learner, options_zip: Path, packages: Path) -> None:
    """Also: "Require status" without "all SCOs" completes the activity with one module done."""
    activity = import_zip(options_zip, packages)
    without_all_scos = {
        "completion": 2,
        "completionstatusrequired": 6,
        "completionstatusallscos": 0,
    }
    change_activity(activity, {"popup": 1, "skipview": 0, **without_all_scos})
    assert not completed(activity)
    student.view(activity)
    with student.page.expect_popup() as opened:
        student.page.get_by_role("button", name="Enter").click()
    window = opened.value
    sco = student.sco("warm-up", window)
    sco.read_to_end()
    window.goto(f"{student.base}/course/view.php?id={activity.course}")
    stored = wait_for_tracks(activity, packages, settled("warm-up"))
    assert stored.of("warm-up")["cmi.core.lesson_status"] == "completed"
    assert seconds_of(stored.of("warm-up")["cmi.core.total_time"]) > 0
    assert completed(activity)
    window.close()
    assert student.console == []
