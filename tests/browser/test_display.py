"""What the learner sees: the real course in its language, the page without JavaScript,
and the navigation inside a phone-sized Moodle frame."""

from __future__ import annotations

from typing import Any

from tests.browser.lms_harness import Session


def test_every_module_of_the_course_runs_in_french_without_console_error(
    session: Session, devops: list[str]
) -> None:
    for launch in devops:
        session.open_in_lms(launch)
        sco = session.sco
        assert sco.evaluate("() => document.documentElement.lang") == "fr"
        assert sco.locator("#sco-counter").text_content().startswith("Page 1 sur ")
        assert sco.locator("h1").count() == 1
        assert sco.locator("main h2:visible").count() == 1
        session.leave()
    assert session.errors() == []


def test_without_javascript_every_page_is_readable(browser: Any, server: str, small: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}{small}/graded.html")
    assert page.locator("section.page:visible").count() == 2
    assert page.locator("noscript").count() == 1
    assert page.locator("fieldset legend:visible").count() == 6
    assert page.locator(".sco-bar").is_hidden()
    context.close()


def test_navigation_stays_reachable_in_a_phone_sized_frame(session: Session, small: str) -> None:
    session.page.set_viewport_size({"width": 320, "height": 640})
    session.open_in_lms(f"{small}/graded.html")
    sco = session.sco
    sco.locator("#sco-next").click()
    bar = sco.evaluate(
        """() => {
            const box = document.querySelector(".sco-bar").getBoundingClientRect();
            return { bottom: box.bottom, height: innerHeight, scroll: document.documentElement.scrollWidth };
        }"""
    )
    assert bar["bottom"] <= bar["height"] == 500
    assert bar["scroll"] <= 320


def test_print_shows_every_page(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html")
    session.sco.evaluate("() => 0")
    frame = session.page.frame_locator("#sco")
    session.page.emulate_media(media="print")
    assert frame.locator("section.page:visible").count() == 3
    assert frame.locator(".sco-bar").is_hidden()
