"""Learners of an earlier package, which sent practice quizzes' scores, in Moodle: once the
activity is updated, the practice module blanks the score it left, and the grade drops it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.moodle.moodle import Learner, Tracks, import_zip, wait_for_tracks

PRACTICE = "devops"


def practice_score(*values: str) -> Callable[[Tracks], bool]:
    return lambda stored: stored.of(PRACTICE).get("cmi.core.score.raw") in values


def test_a_practice_score_left_by_an_earlier_package_leaves_the_gradebook(
    student: Learner, devops_zip: Path, packages: Path
) -> None:
    activity = import_zip(devops_zip, packages)
    student.open(activity, PRACTICE)
    # What the earlier package did: the practice quiz's score sent through Moodle's API.
    student.page.evaluate(
        "() => { API.LMSSetValue('cmi.core.score.raw', '55'); API.LMSCommit(''); }"
    )
    student.leave(activity)
    stored = wait_for_tracks(activity, packages, practice_score("55"))
    assert stored.grade == 55

    student.open(activity, PRACTICE)
    student.leave(activity)
    # Moodle keeps the blank score as "0", which it grades as no score at all.
    stored = wait_for_tracks(activity, packages, practice_score("", "0"))
    assert stored.of(PRACTICE)["cmi.core.score.raw"] in ("", "0")
    assert stored.grade == 0
    assert student.console == []
