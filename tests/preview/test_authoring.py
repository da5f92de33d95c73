"""The preview as a designer uses it (issue 15): its interface in the course's language, the
module at the sizes learners and Moodle give it, and `sequential: true` enforced as Moodle
does."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scorm_builder.preview import STATIC
from scorm_builder.preview.server import Preview
from tests.course_fixtures import VALID_COURSE
from tests.preview.test_lms_page import SESSION_COMMITTED, open_lms

Start = Callable[..., Preview]
STRINGS = json.loads((STATIC / "lms-strings.json").read_text("utf-8"))
FRENCH = {"course.yaml": VALID_COURSE["course.yaml"].replace("language: en", "language: fr")}
SEQUENTIAL = {
    "course.yaml": VALID_COURSE["course.yaml"].replace(
        "modules:", "sequential: true\n        modules:"
    )
}


def test_every_text_of_the_page_exists_in_each_language() -> None:
    page = (STATIC / "lms.html").read_text("utf-8")
    script = (STATIC / "lms.js").read_text("utf-8")
    named = set(re.findall(r'data-(?:text|title|label)="([a-z_]+)"', page))
    named |= set(re.findall(r'\bt\("([a-z_]+)"', script))
    named |= {
        f"{key}_{form}"
        for key in re.findall(r'counted\("([a-z_]+)"', script)
        for form in ("one", "other")
    }

    assert set(STRINGS) == {"en", "fr"}
    assert set(STRINGS["fr"]) == set(STRINGS["en"])
    assert named <= set(STRINGS["en"]), named - set(STRINGS["en"])


@pytest.mark.browser
def test_the_page_speaks_the_course_s_language(
    page: Any, make_course: Callable[..., Path], start_preview: Start
) -> None:
    open_lms(page, start_preview(make_course(FRENCH)))

    assert page.evaluate("() => document.documentElement.lang") == "fr"
    assert page.locator("#relaunch").text_content() == "Quitter et revenir"
    assert page.locator("#relaunch").get_attribute("title") == (
        "Terminer cette session et relancer le module, comme un apprenant qui revient"
    )
    assert page.locator("#reset").text_content() == "Remettre l’apprenant à zéro"
    assert page.locator("#panel h2").all_text_contents() == [
        "Données de l’apprenant",
        "Appels SCORM",
    ]
    assert page.locator("#size option").all_text_contents() == [
        "Ordinateur (tout l’espace)",
        "Cadre de Moodle (630 × 500)",
        "Tablette (768 × 1024)",
        "Téléphone (360 × 640)",
    ]
    assert page.locator("#toc .status").all_text_contents() == ["en cours", "non commencé"]
    assert page.locator("#calls li.launch").first.text_content() == (
        "Lancement de Intro (intro.html), entry ab-initio"
    )
    assert page.title() == "Demo course — aperçu"
    assert re.fullmatch(r"Construction 1, .+", page.locator("#build-status").text_content())


@pytest.mark.browser
def test_an_english_course_keeps_an_english_page(
    page: Any, make_course: Callable[..., Path], start_preview: Start
) -> None:
    open_lms(page, start_preview(make_course()))

    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.locator("#relaunch").text_content() == "Leave and come back"
    assert page.locator("#toc .status").all_text_contents() == ["incomplete", "not attempted"]
    assert page.title() == "Demo course — preview"


def frame_size(page: Any) -> tuple[int, int]:
    box = page.locator("#sco").bounding_box()
    return round(box["width"]), round(box["height"])


@pytest.mark.browser
def test_the_module_is_shown_at_the_size_of_a_phone_a_tablet_or_moodle_s_frame(
    page: Any, make_course: Callable[..., Path], start_preview: Start
) -> None:
    open_lms(page, start_preview(make_course()))
    stage = page.locator("#stage").bounding_box()
    assert frame_size(page) == (round(stage["width"]), round(stage["height"]))

    sizes = {}
    for size in ("phone", "tablet", "moodle"):
        page.select_option("#size", size)
        sizes[size] = frame_size(page)
        # The module inside lays itself out at that width, as on the device.
        assert (
            page.frame_locator("#sco").locator("html").evaluate("(html) => html.clientWidth")
            <= sizes[size][0]
        )

    assert sizes == {"phone": (360, 640), "tablet": (768, 1024), "moodle": (630, 500)}
    page.reload()
    page.wait_for_function(SESSION_COMMITTED)
    assert page.locator("#size").input_value() == "moodle"  # kept for the session


@pytest.mark.browser
def test_a_phone_sized_window_still_shows_the_module(
    chromium: Any, make_course: Callable[..., Path], start_preview: Start
) -> None:
    # The page itself in a 360 px window: the module took what two side columns left, 0 px.
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        open_lms(page, start_preview(make_course()))
        width, height = frame_size(page)
        assert width >= 340 and height >= 400
    finally:
        context.close()


@pytest.mark.browser
def test_sequential_modules_open_one_after_the_other_as_in_moodle(
    page: Any, make_course: Callable[..., Path], start_preview: Start
) -> None:
    # The SCO chosen last (kept for the session) is locked: the first module opens instead.
    page.add_init_script("sessionStorage.setItem('preview-sco', 'ITEM-assessment')")
    open_lms(page, start_preview(make_course(SEQUENTIAL)))

    assert page.evaluate("() => preview.current.identifier") == "ITEM-intro"
    assessment = page.locator("#toc li").nth(1)
    assert assessment.locator("button").is_disabled()
    assert assessment.locator(".status").text_content() == "locked: finish Intro first"
    assert page.locator("#sequential").is_visible()

    # Every page of Intro seen: completed, and the next module opens.
    page.frame_locator("#sco").locator("#sco-next").click()
    page.wait_for_function(
        "() => preview.learner['ITEM-intro']?.values['cmi.core.lesson_status'] === 'completed'"
    )
    assert assessment.locator("button").is_enabled()
    assert assessment.locator(".status").text_content() == "not attempted"
    assessment.locator("button").click()
    page.wait_for_function(
        f"() => preview.current.identifier === 'ITEM-assessment' && ({SESSION_COMMITTED})()"
    )


@pytest.mark.browser
def test_without_sequential_every_module_opens(
    page: Any, make_course: Callable[..., Path], start_preview: Start
) -> None:
    open_lms(page, start_preview(make_course()))

    assert page.locator("#toc button").evaluate_all("(all) => all.map((b) => b.disabled)") == [
        False,
        False,
    ]
    assert page.locator("#sequential").is_hidden()
