"""The design of a module in the browser, on a branded course (tests/browser/fixtures/design):
the opening (facts, start, resume), progress, a Tab stop on code too wide to show, the end,
the theme's colours, font and logo on the pages and the single-SCO menu, the bar at the bottom
of a short page; no WCAG 2.1 AA violation in these states; screenshots of each in
tests/artifacts/ for a reviewer."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from scorm_builder.building import build
from tests.browser.lms_harness import (
    HERE,
    Session,
    answer_quiz,
    publish,
    quiz_view,
    require,
    right_answers,
)
from tests.browser.test_accessibility import ARTIFACTS, AXE, SIZES, axe_violations
from tests.browser.test_single_sco import open_module, read_through

FIXTURE = HERE / "fixtures" / "design"
LESSON = "/design/lesson.html"
CHECK = "/design/check.html"
MENU = "/design-single/course_menu.html"
FRAMED = {"width": 630, "height": 500}
"""Moodle's player beside its drawers: the harness's frame is 500 px high."""


@pytest.fixture(scope="module")
def design(site: Path) -> str:
    publish(FIXTURE, site, "design")
    package = site / "design-single.zip"
    build(FIXTURE, package, single_sco=True)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(site / "design-single")
    return LESSON


def text(sco: Any, selector: str) -> str:
    return str(sco.locator(selector).inner_text())


def next_page(sco: Any, times: int = 1) -> None:
    for _ in range(times):
        sco.locator("#sco-next").click()


def test_the_opening_tells_the_module_and_starts_or_resumes(session: Session, design: str) -> None:
    session.open_in_lms(design)
    sco = session.sco
    facts = sco.locator("#sco-opening .facts").inner_text()
    assert "Pages\n3" in facts and "Estimated time\nabout 1 min" in facts
    assert sco.locator("#sco-opening .objectives li").count() == 2
    start = sco.locator("#sco-start")
    assert start.inner_text() == "Start"
    start.click()
    assert sco.evaluate("() => document.activeElement.textContent").startswith("This short lesson")
    # Having read page 2, a learner back on the opening is offered the first page left.
    next_page(sco)
    sco.locator(".toc summary").click()
    sco.locator(".toc a", has_text="Welcome").click()
    assert start.inner_text() == "Resume: In short"
    start.click()
    assert sco.evaluate("() => document.activeElement.id") == "title-last"
    assert text(sco, "#sco-counter") == "Page 3 of 3"


def test_resume_goes_to_the_second_page_when_it_is_the_first_not_seen(
    session: Session, design: str
) -> None:
    session.open_in_lms(design)
    sco = session.sco
    # The last page read first, from the contents, then back to the opening.
    sco.locator(".toc summary").click()
    sco.locator(".toc a", has_text="In short").click()
    sco.locator(".toc summary").click()
    sco.locator(".toc a", has_text="Welcome").click()
    start = sco.locator("#sco-start")
    assert start.inner_text() == "Resume: Tables, code and figures"
    start.click()
    assert sco.evaluate("() => document.activeElement.id") == "title-rich"
    assert text(sco, "#sco-counter") == "Page 2 of 3"


# The tag of the element the keyboard focuses, while it is on the page shown (else null).
FOCUSED_ON_PAGE = """() => document.activeElement.closest("main section:not([hidden])")
    ? document.activeElement.tagName : null"""


def tab_stops_of_the_page(session: Session) -> list[str]:
    """What Tab reaches from the page's title to the end of the page, in order."""
    stops = []
    for _ in range(20):
        session.page.keyboard.press("Tab")
        focused = session.sco.evaluate(FOCUSED_ON_PAGE)
        if focused is None:
            return stops
        stops.append(focused)
    raise AssertionError(f"Tab never left the page: {stops}")


def test_only_a_table_or_code_too_wide_to_show_takes_a_tab_stop(
    session: Session, design: str
) -> None:
    # The page's table shows whole, its code has a line longer than the page is wide: Tab
    # passes the table by and stops on the code, where the arrow keys scroll it.
    session.open_in_lms(design)
    next_page(session.sco)
    assert tab_stops_of_the_page(session) == ["PRE"]
    session.page.keyboard.press("Shift+Tab")
    session.page.keyboard.press("ArrowRight")
    session.sco.wait_for_function("() => document.querySelector('main pre').scrollLeft > 0")


def test_progress_shows_the_pages_seen_in_words_in_a_bar_and_in_the_contents(
    session: Session, design: str
) -> None:
    session.open_in_lms(design)
    sco = session.sco
    bar = "() => getComputedStyle(document.querySelector('.track')).backgroundSize"
    marks = "() => [...document.querySelectorAll('.seen-mark')].map((m) => !m.hidden)"
    assert text(sco, "#sco-progress") == "Pages seen: 1 of 3"
    assert sco.evaluate(marks) == [True, False, False]
    first = sco.evaluate(bar)
    next_page(sco)
    assert text(sco, "#sco-progress") == "Pages seen: 2 of 3"
    assert sco.evaluate(marks) == [True, True, False]
    assert first.startswith("33.33") and sco.evaluate(bar).startswith("66.66")
    # Going back does not unsee a page.
    sco.locator("#sco-prev").click()
    assert text(sco, "#sco-progress") == "Pages seen: 2 of 3"


def test_the_end_tells_what_was_done_and_the_next_module(session: Session, design: str) -> None:
    session.open_in_lms(design)
    sco = session.sco
    end = sco.locator("#sco-end")
    next_page(sco)
    assert end.is_hidden()
    next_page(sco)
    assert end.is_visible()
    assert text(sco, "#sco-end") == (
        "Module complete\n\nYou have gone through the whole module: 3 of 3 pages.\n\n"
        "Next module: Check what you read. Open it from the course's contents in your "
        "learning platform."
    )
    sco.locator("#sco-prev").click()
    assert end.is_hidden()


def test_the_end_of_the_last_module_gives_the_quiz_result(session: Session, design: str) -> None:
    session.open_in_lms(CHECK)
    sco = session.sco
    next_page(sco)
    assert sco.locator("#sco-end").is_hidden()  # every page seen, the quiz not yet taken
    answer_quiz(sco, right_answers(quiz_view(sco)))
    sco.locator("#quiz-submit").click()
    assert sco.locator("#sco-end").is_visible()
    assert text(sco, "#end-result") == "Quiz passed, best score 100%."
    assert "This was the last module of the course." in text(sco, "#sco-end")


def test_in_one_sco_the_end_goes_back_to_the_themed_menu(session: Session, design: str) -> None:
    session.open_in_lms(MENU)
    menu = session.sco
    assert menu.locator("img.logo").get_attribute("alt") == "Example School"
    module = open_module(session, "Reading a pipeline")
    read_through(module)
    module.locator("#end-menu").click()
    menu.locator("#menu").wait_for(state="visible")
    assert menu.locator(".module-status").first.inner_text() == "Completed"


THEME = """() => {
    const style = (selector) => getComputedStyle(document.querySelector(selector));
    const logo = document.querySelector(".logo");
    return {
        text: style("body").color, background: style("body").backgroundColor,
        font: style("body").fontFamily, button: style("#sco-next").backgroundColor,
        logo: [logo.alt, logo.naturalWidth > 0],
    };
}"""


def test_the_theme_colours_font_and_logo_are_applied(session: Session, design: str) -> None:
    session.open_in_lms(design)
    assert session.sco.evaluate(THEME) == {
        "text": "rgb(31, 41, 51)",
        "background": "rgb(255, 253, 247)",
        "font": "Georgia, serif",
        "button": "rgb(107, 44, 145)",
        "logo": ["Example School", True],
    }


BAR = """() => ({ bottom: document.querySelector(".sco-bar").getBoundingClientRect().bottom,
    height: innerHeight, tall: document.documentElement.scrollHeight > innerHeight })"""


def test_the_start_button_shows_above_the_bar_in_moodles_frame(
    session: Session, design: str
) -> None:
    # Moodle's player beside its drawers: the opening, with its objectives, fills the frame.
    session.page.set_viewport_size(FRAMED)
    session.open_in_lms(design)
    place = session.sco.evaluate(
        """() => ({ start: document.querySelector("#sco-start").getBoundingClientRect().bottom,
        bar: document.querySelector(".sco-bar").getBoundingClientRect().top })"""
    )
    assert place["start"] < place["bar"]


@pytest.mark.parametrize("where", ["desktop window", "Moodle frame"])
def test_the_bar_sits_at_the_bottom_of_a_short_page(
    session: Session, design: str, where: str
) -> None:
    session.page.set_viewport_size(SIZES["desktop"])
    if where == "desktop window":
        session.open_alone(design)
    else:
        session.open_in_lms(design)
    # The last page, one line long, reached from the contents: the module is not done.
    session.sco.locator(".toc summary").click()
    session.sco.locator(".toc a", has_text="In short").click()
    bar = session.sco.evaluate(BAR)
    assert not bar["tall"]
    assert bar["bottom"] == bar["height"]


@pytest.mark.parametrize("size", SIZES)
def test_no_wcag21_aa_violation_in_the_designed_states(
    session: Session, design: str, size: str
) -> None:
    require(AXE.exists(), "node_modules/axe-core is missing (run npm ci)")
    session.page.set_viewport_size(SIZES[size])
    violations = []

    def check(name: str, sco: Any) -> None:
        violations.extend(f"{name} at {size}: {line}" for line in axe_violations(sco))

    session.open_in_lms(design)
    check("opening", session.sco)
    next_page(session.sco)
    check("table, code and figure", session.sco)
    next_page(session.sco)
    check("end", session.sco)
    session.open_in_lms(CHECK)
    next_page(session.sco)
    answer_quiz(session.sco, right_answers(quiz_view(session.sco)))
    session.sco.locator("#quiz-submit").click()
    check("end with a quiz result", session.sco)
    session.open_in_lms(MENU)
    check("branded menu", session.sco)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("size", [*SIZES, "framed"])
def test_screenshots_of_the_design_for_review(session: Session, design: str, size: str) -> None:
    """The opening, the page with a table, code and a figure (from top to bottom), the end,
    and the branded menu, in the LMS's 500 px frame at phone and desktop widths, and at the
    630 px of Moodle's player beside its drawers: in tests/artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    viewport = FRAMED if size == "framed" else SIZES[size]
    session.page.set_viewport_size(viewport)
    written = []

    def shoot(name: str) -> None:
        written.append(ARTIFACTS / f"design-{name}-{size}.png")
        session.page.screenshot(path=written[-1])

    session.open_in_lms(design)
    shoot("opening")
    session.open_alone(design)
    next_page(session.sco)
    # A window as tall as the page, so that the whole page is seen.
    height = session.page.evaluate("() => document.documentElement.scrollHeight")
    session.page.set_viewport_size({**viewport, "height": height})
    shoot("content")
    session.page.set_viewport_size(viewport)
    session.open_in_lms(design)
    next_page(session.sco, 2)
    session.sco.locator("#sco-end").scroll_into_view_if_needed()
    shoot("end")
    session.open_in_lms(MENU)
    shoot("menu")
    assert all(path.stat().st_size > 5000 for path in written)
