"""The whole course as one SCO (`build --single-sco`), played against scorm-again: the module
menu, each module's runtime talking to the menu as to its LMS, and what the real LMS gets."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from scorm_builder.building import build
from scorm_builder.loading import load_course
from scorm_builder.structure.suspend import SUSPEND_DATA_LIMIT, worst_case_course_state_length
from tests.browser.lms_harness import ROOT, Session, answer_quiz, quiz_view, right_answers
from tests.browser.test_quiz import interactions

MENU = "/single/course_menu.html"
MODULES = ["introduction", "devops", "continuous-integration", "continuous-delivery"]
FINAL = "evaluation-finale"


@pytest.fixture(scope="module")
def single(site: Path) -> str:
    """The DevOps course packaged as one SCO, unpacked under the served site."""
    package = site / "single.zip"
    build(ROOT / "course", package, single_sco=True)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(site / "single")
    return MENU


def module_frame(session: Session) -> Any:
    """The frame of the module the menu opened (inside the SCO's own frame)."""
    # Loaded whole: the module's runtime runs at the end of its body, before the load event,
    # so a click after this finds its handlers in place.
    session.page.wait_for_function(
        "() => { const d = window.frames[0]?.frames[0]?.document;"
        " return d?.readyState === 'complete' && d.URL.endsWith('.html'); }"
    )
    return session.page.frames[2]


def open_module(session: Session, title: str) -> Any:
    session.sco.get_by_role("link", name=title, exact=True).click()
    return module_frame(session)


def read_through(module: Any) -> None:
    """Page to the last screen with Next, as a learner does."""
    while module.locator("#sco-next").is_enabled():
        module.locator("#sco-next").click()


def back_to_menu(session: Session) -> None:
    session.sco.locator("#to-menu").click()
    session.sco.locator("#menu").wait_for(state="visible")


def statuses(session: Session) -> list[str]:
    texts: list[str] = session.sco.locator(".module-status").all_text_contents()
    return texts


def titles() -> dict[str, str]:
    course = load_course(ROOT / "course").course
    return {module.id: module.title for module in course.modules}


def test_the_course_state_of_the_devops_course_fits_in_suspend_data() -> None:
    course = load_course(ROOT / "course", single_sco=True).course
    assert worst_case_course_state_length(course) <= SUSPEND_DATA_LIMIT


def test_every_module_through_one_sco_passes_the_course(session: Session, single: str) -> None:
    names = titles()
    session.open_in_lms(single)
    assert statuses(session) == ["Pas commencé"] * 5
    for module_id in MODULES:
        module = open_module(session, names[module_id])
        read_through(module)
        if module.locator("#page-quiz").count():
            answer_quiz(module, right_answers(quiz_view(module)))
            module.locator("#quiz-submit").click()
        back_to_menu(session)
    assert statuses(session) == ["Terminé"] * 4 + ["Pas commencé"]
    session.settle()
    committed = session.committed()
    # Practice quizzes: no score; the course is not done while a module is not.
    assert "cmi.core.score.raw" not in committed
    assert committed["cmi.core.lesson_status"] == "incomplete"
    assert committed["cmi.core.exit"] == "suspend"

    module = open_module(session, names[FINAL])
    read_through(module)
    quiz = quiz_view(module)
    answer_quiz(module, right_answers(quiz))
    module.locator("#quiz-submit").click()
    back_to_menu(session)
    assert statuses(session) == ["Terminé"] * 4 + ["Réussi"]
    session.leave()
    committed = session.committed()
    assert committed["cmi.core.score.raw"] == "100"
    assert committed["cmi.core.lesson_status"] == "passed"
    assert committed["cmi.core.exit"] == ""
    assert session.cmi("cmi.core.lesson_status") == "passed"
    state = committed["cmi.suspend_data"]
    assert state.startswith("C1.")
    bound = worst_case_course_state_length(load_course(ROOT / "course", single_sco=True).course)
    assert len(state) <= bound
    ids = [entry["id"] for entry in interactions(committed).values()]
    assert {f"{FINAL}.{q['id']}" for q in quiz["questions"]} <= set(ids)
    assert len(ids) == len(set(ids))
    assert [c["name"] for c in session.calls()].count("LMSFinish") == 1
    assert session.errors() == []


def test_leave_and_come_back_to_the_menu_and_the_module(session: Session, single: str) -> None:
    names = titles()
    session.open_in_lms(single)
    module = open_module(session, names["devops"])
    module.locator("#sco-next").click()
    module.locator("#sco-next").click()
    session.leave()
    saved = session.committed()
    assert saved["cmi.core.lesson_location"] == "devops"
    # Come back through a conformant LMS, then through one that always says ab-initio.
    for entry in ("resume", "ab-initio"):
        core = {"entry": entry, "lesson_status": saved["cmi.core.lesson_status"]}
        session.open_in_lms(single, data={"core": core, "suspend_data": saved["cmi.suspend_data"]})
        assert statuses(session)[1] == "En cours"
        module = open_module(session, names["devops"])
        assert module.locator("#sco-counter").text_content().startswith("Page 3 sur")
        session.leave()
        assert session.errors() == []


def test_a_sequential_course_opens_a_module_once_the_previous_is_done(
    session: Session, site: Path, tmp_path: Path
) -> None:
    course = tmp_path / "sequential"
    for path in (ROOT / "course").rglob("*"):
        if path.is_file():
            target = course / path.relative_to(ROOT / "course")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (course / "course.yaml").write_text(
        (course / "course.yaml")
        .read_text(encoding="utf-8")
        .replace("sequential: false", "sequential: true\nsingle_sco: true"),
        encoding="utf-8",
    )
    build(course, site / "sequential.zip")
    with zipfile.ZipFile(site / "sequential.zip") as archive:
        archive.extractall(site / "sequential")
    session.open_in_lms("/sequential/course_menu.html")
    names = titles()
    second = session.sco.get_by_role("link", name=names["devops"], exact=True)
    assert second.get_attribute("aria-disabled") == "true"
    second.click(force=True)  # as a learner would try: nothing opens, the menu says why
    assert session.sco.locator("#menu").is_visible()
    assert session.sco.locator("#sco-notice").text_content() == (
        "Disponible une fois le module précédent terminé"
    )
    read_through(open_module(session, names["introduction"]))
    back_to_menu(session)
    assert second.get_attribute("aria-disabled") is None
    assert statuses(session)[:2] == ["Terminé", "Pas commencé"]


def test_the_menu_refuses_what_its_records_cannot_hold(session: Session, single: str) -> None:
    # A theme may replace a module's runtime: the stand-in API checks values as an LMS does.
    names = titles()
    session.open_in_lms(single)
    module = open_module(session, names[FINAL])
    calls = [
        ("cmi.core.score.raw", "abc"),
        ("cmi.core.score.raw", "-5"),
        ("cmi.core.lesson_status", "constructor"),
        ("cmi.suspend_data", "x" * 5000),
    ]
    for element, value in calls:
        answer = module.evaluate(
            "([e, v]) => [parent.API.LMSSetValue(e, v), parent.API.LMSGetLastError()]",
            [element, value],
        )
        assert answer == ["false", "405"], (element, value)
    assert module.evaluate("() => parent.API.LMSGetErrorString('constructor')") == ""
    back_to_menu(session)
    session.leave()
    state = session.committed()["cmi.suspend_data"]
    assert "undefined" not in state
    assert "cmi.core.score.raw" not in session.committed()
    assert session.errors() == []
