"""The DevOps course packaged as one SCO (`build --single-sco`) in Moodle: the module menu in
Moodle's player, every module played through it, and what Moodle stored for the one SCO."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scorm_builder.building import build
from scorm_builder.loading import load_course
from tests.browser.lms_harness import ROOT
from tests.moodle.moodle import (
    Learner,
    Sco,
    all_right,
    import_zip,
    interactions,
    seconds_of,
    settled,
    wait_for_tracks,
)

COURSE = load_course(ROOT / "course", None, single_sco=True).course


@pytest.fixture(scope="module")
def single_zip(packages: Path) -> Path:
    target = packages / "devops-single-sco.zip"
    build(ROOT / "course", target, single_sco=True)
    return target


def menu_of(student: Learner) -> Any:
    """The menu in the frame of Moodle's player, once loaded."""
    frame = student.page.locator("#scorm_object").element_handle().content_frame()
    frame.wait_for_url("**/course_menu.html")
    frame.wait_for_load_state("load")
    return frame


def play_module(menu: Any, title: str) -> None:
    """Open a module from the menu, read it and answer its quiz right, back to the menu."""
    menu.get_by_role("link", name=title, exact=True).click()
    module = menu.locator("#module-frame").element_handle().content_frame()
    # Loaded whole: its runtime has run, so Next has its handler.
    module.wait_for_function(
        "() => document.readyState === 'complete' && document.URL.endsWith('.html')"
    )
    all_right(Sco(module))
    menu.locator("#to-menu").click()
    menu.locator("#menu").wait_for()


def test_one_sco_course_is_tracked_and_graded_by_its_final_evaluation(
    student: Learner, single_zip: Path, packages: Path
) -> None:
    activity = import_zip(single_zip, packages)
    assert activity.modules == [COURSE.id]
    student.page.goto(student.player_url(activity, COURSE.id))
    menu = menu_of(student)
    for module in COURSE.modules:
        play_module(menu, module.title)
    statuses = menu.locator(".module-status").all_text_contents()
    assert statuses == ["Terminé"] * 4 + ["Réussi"]
    student.leave(activity)

    stored = wait_for_tracks(activity, packages, settled(COURSE.id))
    values = stored.of(COURSE.id)
    assert values["cmi.core.lesson_status"] == "passed"
    assert values["cmi.core.score.raw"] == "100"
    assert seconds_of(values["cmi.core.total_time"]) > 0
    assert values["cmi.suspend_data"].startswith("C1.")
    assert len(values["cmi.suspend_data"]) <= 4096
    ids = [entry["id"] for entry in interactions(values)]
    expected = [
        f"{module.id}.{question}"
        for module in COURSE.modules
        if module.quiz
        for question in module.quiz.question_ids
    ]
    assert sorted(ids) == sorted(expected)
    assert stored.grade == 100
    assert student.console == []
