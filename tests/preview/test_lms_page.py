"""The preview's LMS page in Chromium, around the real SCO runtime: the module in a frame,
every call in the panel, rejected calls highlighted, leave and come back, reset, reload and
restart, and the page following the course as files are saved."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scorm_builder.preview.learners import ScoData
from scorm_builder.preview.server import Preview
from tests.preview.preview_support import save_as_an_editor

pytestmark = pytest.mark.browser

Start = Callable[..., Preview]

# Three pages, so that a learner on the second has not finished and leaves with "suspend".
THREE_PAGES = {
    "intro/module.yaml": "title: Intro\npages:\n  - one.md\n  - two.md\n  - three.md\n",
    "intro/three.md": "---\ntitle: Page three\n---\nLast page.\n",
}

# True once the SCO launched last has initialized and committed.
SESSION_COMMITTED = """() => {
    const items = [...document.querySelectorAll("#calls li")];
    const launch = items.map((item) => item.className).lastIndexOf("launch");
    return window.preview.api?.state === "running"
        && items.slice(launch).some((item) => item.textContent.startsWith("LMSCommit"));
}"""


@pytest.fixture
def course(make_course: Callable[..., Path]) -> Path:
    return make_course(THREE_PAGES)


def open_lms(page: Any, preview: Preview) -> None:
    page.goto(preview.url)
    page.wait_for_function(SESSION_COMMITTED)


def relaunched(page: Any, button: str) -> None:
    """Press a button that ends the session and launches the module again."""
    launches = page.locator("#calls li.launch").count()
    page.click(button)
    page.wait_for_function(
        f"""() => document.querySelectorAll("#calls li.launch").length > {launches}
            && ({SESSION_COMMITTED})()"""
    )


def data(page: Any, name: str) -> str:
    text: str = page.locator(f"#data-{name}").text_content()
    return text


def next_page(page: Any) -> None:
    page.frame_locator("#sco").locator("#sco-next").click()
    page.wait_for_function(
        "() => window.preview.learner['ITEM-intro']?.values['cmi.core.lesson_location'] === 'two'"
    )


def test_the_module_runs_in_a_frame_with_its_calls_and_data(
    page: Any, course: Path, start_preview: Start
) -> None:
    open_lms(page, start_preview(course))
    assert page.locator("#toc button").all_text_contents() == ["Intro", "Assessment"]
    assert page.locator("#toc button[aria-current]").text_content() == "Intro"
    assert page.frame_locator("#sco").locator("h2, h1").first.is_visible()
    calls = page.locator("#calls li").all_text_contents()
    assert calls[0] == "Launch of Intro (intro.html), entry ab-initio"
    assert calls[1] == 'LMSInitialize("") → "true"'
    assert page.locator("#calls li.rejected").count() == 0
    assert data(page, "entry") == "ab-initio"
    assert data(page, "lesson_status") == "incomplete"
    assert data(page, "lesson_location") == "one"
    assert data(page, "suspend_data").endswith(" / 4096 characters ")
    page.click("#toc >> text=Assessment")
    page.wait_for_function(
        f"() => preview.current.title === 'Assessment' && ({SESSION_COMMITTED})()"
    )
    assert data(page, "mastery_score") == "60"


def test_a_call_an_lms_would_reject_is_highlighted(
    page: Any, course: Path, start_preview: Start
) -> None:
    open_lms(page, start_preview(course))
    sco = page.frame_locator("#sco").locator("body")
    assert sco.evaluate("() => parent.API.LMSSetValue('cmi.core.lesson_status', 'done')") == "false"
    rejected = page.locator("#calls li.rejected")
    assert rejected.count() == 1
    assert rejected.text_content() == (
        'LMSSetValue("cmi.core.lesson_status", "done") → "false"'
        '405 Incorrect data type: cmi.core.lesson_status: "done" is not one of "passed", '
        '"completed", "failed", "incomplete", "browsed"'
    )
    assert page.locator("#rejected-count").text_content() == "1 call an LMS would reject"


def test_leave_and_come_back_resumes_and_reset_starts_afresh(
    page: Any, course: Path, start_preview: Start
) -> None:
    open_lms(page, start_preview(course))
    next_page(page)
    relaunched(page, "#relaunch")
    assert data(page, "entry") == "resume"
    assert data(page, "lesson_location") == "two"
    assert data(page, "total_time") != "0000:00:00.00"
    calls = page.locator("#calls li").all_text_contents()
    last_launch = max(i for i, text in enumerate(calls) if text.startswith("Launch of"))
    assert calls[last_launch - 1] == 'LMSFinish("") → "true"'
    relaunched(page, "#reset")
    assert data(page, "entry") == "ab-initio"
    assert data(page, "lesson_location") == "one"
    assert data(page, "total_time") == "0000:00:00.00"


def test_saves_sent_as_the_module_is_left_count_even_when_the_server_is_slow(
    page: Any, course: Path, start_preview: Start
) -> None:
    """Leaving the frame, or the page at a reload, the SCO's last commit and finish travel as
    keepalive requests: the next launch reads the learner only once they are saved, and a late
    commit never undoes its finish."""
    preview = start_preview(course)
    save = preview.learners.save

    def slow_save(identifier: str, data: ScoData) -> bool:
        time.sleep(0.3)
        return save(identifier, data)

    preview.learners.save = slow_save  # type: ignore[method-assign]
    open_lms(page, preview)
    next_page(page)
    times = []
    for _ in range(3):
        relaunched(page, "#relaunch")
        assert data(page, "lesson_location") == "two"
        times.append(data(page, "total_time"))
    page.reload()
    page.wait_for_function(SESSION_COMMITTED)
    assert data(page, "lesson_location") == "two"
    times.append(data(page, "total_time"))
    assert "0000:00:00.00" < times[0] < times[1] < times[2] < times[3]
    kept = preview.learners.scos()["ITEM-intro"].values
    assert kept["cmi.core.total_time"] == times[3]


def test_a_reload_and_a_server_restart_resume(
    page: Any, course: Path, start_preview: Start, tmp_path: Path
) -> None:
    first = start_preview(course, tmp_path / "kept.json")
    open_lms(page, first)
    next_page(page)
    page.reload()
    page.wait_for_function(SESSION_COMMITTED)
    assert (data(page, "entry"), data(page, "lesson_location")) == ("resume", "two")
    assert data(page, "total_time") != "0000:00:00.00"
    first.close()
    open_lms(page, start_preview(course, tmp_path / "kept.json"))
    assert (data(page, "entry"), data(page, "lesson_location")) == ("resume", "two")


def test_the_page_follows_the_course_as_files_are_saved(
    page: Any, course: Path, start_preview: Start
) -> None:
    open_lms(page, start_preview(course))
    sco = page.frame_locator("#sco")
    save_as_an_editor(course / "intro" / "one.md", "---\ntitle: Page one\n---\nFreshly saved.\n")
    sco.locator("text=Freshly saved.").wait_for()
    module = course / "intro" / "module.yaml"
    good = module.read_text("utf-8")
    save_as_an_editor(module, good.replace("- three.md", "- missing.md"))
    page.locator("#problems").wait_for()
    assert page.locator("#problem-list li").all_text_contents() == [
        "intro/module.yaml:5:5: error: 'missing.md' does not exist (looked for intro/missing.md)"
    ]
    assert page.locator("#sco").is_hidden()
    save_as_an_editor(module, good)
    page.locator("#problems").wait_for(state="hidden")
    page.wait_for_function(SESSION_COMMITTED)
    assert sco.locator("text=Freshly saved.").is_visible()


def test_the_page_runs_under_its_policy_and_the_module_as_in_an_lms(
    page: Any, course: Path, start_preview: Start
) -> None:
    """The LMS page's Content-Security-Policy refuses script it did not load from its own
    files, and refuses nothing the page or the module does; the module (inline JSON, its
    theme's inline script, shared/*.js) runs as it will in an LMS."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    open_lms(page, start_preview(course))
    next_page(page)
    page.evaluate(
        """() => document.head.append(Object.assign(document.createElement("script"),
            {textContent: "window.injected = true"}))"""
    )
    assert page.evaluate("() => window.injected") is None
    refusals = [m for m in messages if "Content Security Policy" in m]
    assert len(refusals) == 1 and "inline script" in refusals[0], messages
    sco = page.frame_locator("#sco").locator("html")
    assert sco.get_attribute("class") == "js"  # the theme's inline script ran
