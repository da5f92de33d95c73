"""The DevOps course of course/ in Moodle: three learners, each under the four grading methods
(each import is a new activity), and what Moodle stored for every SCO they played.

- all-right: every module read, every quiz right at the first try;
- fails-the-final: the practice modules as above, then every answer of the final evaluation
  wrong until its three attempts are spent;
- practice-only: the practice modules as above; the final evaluation never opened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scorm_builder.loading import load_course
from tests.browser.lms_harness import ROOT
from tests.moodle.moodle import (
    GRADE_METHODS,
    GRADEBOOK,
    RECOMMENDED,
    Learner,
    Plan,
    Tracks,
    all_right,
    all_wrong_until_no_attempt_left,
    change_activity,
    completed,
    import_zip,
    interactions,
    seconds_of,
    settled,
    wait_for_tracks,
)

COURSE = load_course(ROOT / "course", None).course
MODULES = [module.id for module in COURSE.modules]
FINAL = next(module.id for module in COURSE.modules if module.graded)
PRACTICE = [module.id for module in COURSE.modules if not module.graded]
QUESTIONS = {m.id: list(m.quiz.question_ids) if m.quiz else [] for m in COURSE.modules}

LEARNERS: dict[str, Plan] = {
    "all-right": dict.fromkeys(MODULES, all_right),
    "fails-the-final": {
        **dict.fromkeys(PRACTICE, all_right),
        FINAL: all_wrong_until_no_attempt_left,
    },
    "practice-only": dict.fromkeys(PRACTICE, all_right),
}
# The gradebook Moodle must show. Highest/average/sum: the final evaluation's result alone
# (a score of 0 contributes nothing in Moodle, and a learner with tracks but no score gets 0);
# learning objects: the number of SCOs completed or passed.
GRADES: dict[str, dict[str, float | None]] = {
    "all-right": {"highest": 100, "average": 100, "sum": 100, "objects": 5},
    "fails-the-final": {"highest": 0, "average": 0, "sum": 0, "objects": 4},
    "practice-only": {"highest": 0, "average": 0, "sum": 0, "objects": 4},
}
# The recommended activity settings (README, "Deploying to Moodle") are applied to the first import.
COMPLETES = {"all-right": True, "fails-the-final": False, "practice-only": False}


def check_practice(stored: Tracks, module: str) -> None:
    """A page-completed module: completed, never a score, its answers as interactions."""
    values = stored.of(module)
    assert values["cmi.core.lesson_status"] == "completed", module
    assert "cmi.core.score.raw" not in values, (module, values.get("cmi.core.score.raw"))
    assert values.get("cmi.core.exit", "") == ""  # Moodle sends no value left at its default
    answered = interactions(values)
    assert [i["id"] for i in answered] == QUESTIONS[module]
    assert all(i["result"] == "correct" for i in answered), module


def check_common(stored: Tracks, module: str) -> None:
    values = stored.of(module)
    assert seconds_of(values["cmi.core.total_time"]) > 0, module
    assert 0 < len(values["cmi.suspend_data"]) <= 4096, module


def check_final(stored: Tracks, learner: str) -> None:
    values = stored.of(FINAL)
    answered = interactions(values)
    if learner == "all-right":
        assert values["cmi.core.lesson_status"] == "passed"
        assert values["cmi.core.score.raw"] == "100"
        assert [i["id"] for i in answered] == QUESTIONS[FINAL]
        assert {i["result"] for i in answered} == {"correct"}
    elif learner == "fails-the-final":
        assert values["cmi.core.lesson_status"] == "failed"
        assert values["cmi.core.score.raw"] == "0"
        assert [i["id"] for i in answered] == QUESTIONS[FINAL] * 3  # three submissions
        assert {i["result"] for i in answered} == {"wrong"}
    else:
        assert values == {}


@pytest.mark.parametrize("learner", LEARNERS)
def test_devops_gradebook_under_each_grading_method(
    student: Learner, devops_zip: Path, packages: Path, learner: str
) -> None:
    plan = LEARNERS[learner]
    played: dict[str, Tracks] = {}
    for method in GRADE_METHODS:
        activity = import_zip(devops_zip, packages, grademethod=method)
        recommended = method == GRADE_METHODS[0]
        if recommended:
            change_activity(activity, RECOMMENDED)
        student.play(activity, plan, through_view=recommended)
        played[method] = wait_for_tracks(activity, packages, settled(*plan))
        if recommended:
            assert completed(activity) is COMPLETES[learner]
    # Recorded before any assertion, so that the summary shows what Moodle did either way.
    GRADEBOOK[learner] = {method: stored.grade for method, stored in played.items()}
    for stored in played.values():
        assert stored.attempts == {1}
        for module in plan:
            check_common(stored, module)
        for module in PRACTICE:
            check_practice(stored, module)
        check_final(stored, learner)
    assert GRADEBOOK[learner] == GRADES[learner]
    assert student.console == []
