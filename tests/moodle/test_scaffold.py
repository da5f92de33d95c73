"""The course `scorm-builder new` writes, imported into Moodle and played by the student."""

from __future__ import annotations

from pathlib import Path

from tests.moodle.moodle import (
    Learner,
    all_right,
    import_zip,
    interactions,
    seconds_of,
    settled,
    wait_for_tracks,
)


def test_scaffold_is_tracked_and_graded_by_its_quiz(
    student: Learner, scaffold_zip: Path, packages: Path
) -> None:
    activity = import_zip(scaffold_zip, packages)
    assert activity.modules == ["basics", "check"]
    student.play(activity, {"basics": all_right, "check": all_right})
    stored = wait_for_tracks(activity, packages, settled("basics", "check"))

    basics, check = stored.of("basics"), stored.of("check")
    assert basics["cmi.core.lesson_status"] == "completed"
    assert "cmi.core.score.raw" not in basics
    assert check["cmi.core.lesson_status"] == "passed"
    assert check["cmi.core.score.raw"] == "100"
    for values in (basics, check):
        assert seconds_of(values["cmi.core.total_time"]) > 0
        assert 0 < len(values["cmi.suspend_data"]) <= 4096
    answered = interactions(check)
    assert [i["id"] for i in answered] == [
        "what-is-a-module",
        "page-format",
        "page-features",
        "structure-file",
    ]
    assert {i["result"] for i in answered} == {"correct"}
    assert [i["type"] for i in answered] == ["choice", "true-false", "choice", "fill-in"]
    assert stored.grade == 100
    assert student.console == []
