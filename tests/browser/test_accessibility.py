"""WCAG 2.1 AA on every SCO of the DevOps course and of the `new` scaffold: axe-core's rules on
every screen at phone and desktop sizes, reflow at 320 CSS px and at 200 % zoom inside
Moodle's 500 px-high frame, and screenshots for a reviewer in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.lms_harness import (
    ROOT,
    Session,
    answer_quiz,
    quiz_view,
    require,
    right_answers,
)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIZES = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1280, "height": 800}}
# WCAG's reflow width, and a 1280 by 800 window zoomed to 200 %; the SCO stays in the 500 px frame.
REFLOW = {"320px": {"width": 320, "height": 640}, "zoom200": {"width": 640, "height": 400}}
# WCAG 1.4.12: the text spacing a learner's own style sheet may impose.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: .12em !important;
    word-spacing: .16em !important; } p { margin-bottom: 2em !important; }"""
LEARNER_STYLE = """css => {
    const sheet = document.getElementById("learner") || document.createElement("style");
    sheet.id = "learner";
    sheet.textContent = css;
    document.head.append(sheet);
}"""
ARTIFACTS = ROOT / "tests" / "artifacts"
LAYOUT = """() => {
    const bar = document.querySelector(".sco-bar").getBoundingClientRect();
    return {
        scrollsSideways: document.documentElement.scrollWidth > innerWidth,
        barOutOfView: bar.top < 0 || bar.bottom > innerHeight,
        animations: document.getAnimations().length,
        smoothScroll: getComputedStyle(document.documentElement).scrollBehavior !== "auto",
    };
}"""


def one_wrong(quiz: dict[str, Any]) -> dict[str, Any]:
    """Right answers except for the first question, so a result shows both verdicts."""
    answers = right_answers(quiz)
    first = quiz["questions"][0]
    right = answers[first["id"]]
    if first["type"] == "true-false":
        answers[first["id"]] = not right
    elif first["type"] == "fill-in":
        answers[first["id"]] = f"{right}?"
    elif first["type"] in ("ordering", "matching"):
        answers[first["id"]] = right[1:] + right[:1]
    else:
        answers[first["id"]] = next(c["key"] for c in first["choices"] if not c["correct"])
    return answers


def screens(session: Session, launch: str) -> Iterator[str]:
    """Open a SCO in the LMS and show each of its states in turn, yielding a name for each:
    the contents open, every page, then a quiz's unanswered error and its result."""
    session.open_in_lms(launch)
    sco = session.sco
    sco.locator(".toc summary").click()
    yield f"{launch} contents"
    sco.locator(".toc summary").click()
    total = sco.evaluate("() => document.querySelectorAll('main > .page').length")
    for number in range(1, total + 1):
        if number > 1:
            sco.locator("#sco-next").click()
        yield f"{launch} page {number}"
    if sco.locator("#quiz-form").count():
        sco.locator("#quiz-submit").click()
        yield f"{launch} quiz error"
        answer_quiz(sco, one_wrong(quiz_view(sco)))
        sco.locator("#quiz-submit").click()
        sco.wait_for_selector("#quiz-result:not([hidden])")
        yield f"{launch} quiz result"


def axe_violations(sco: Any) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations in the SCO as it stands, one line per element."""
    if not sco.evaluate("() => 'axe' in window"):
        sco.add_script_tag(path=str(AXE))
    found: list[str] = sco.evaluate(
        """async (tags) => {
            const { violations } = await axe.run(document, {
                runOnly: { type: "tag", values: tags }, resultTypes: ["violations"],
            });
            return violations.flatMap((v) => v.nodes.map(
                (node) => `${v.id} (${v.impact}) ${node.target.join(" ")}: ${node.failureSummary}`));
        }""",
        WCAG21_AA,
    )
    return found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("course", ["devops", "scaffold"])
def test_every_screen_has_no_wcag21_aa_violation(
    session: Session, request: pytest.FixtureRequest, course: str, size: str
) -> None:
    require(AXE.exists(), "node_modules/axe-core is missing (run npm ci)")
    session.page.set_viewport_size(SIZES[size])
    checked, violations = 0, []
    for launch in request.getfixturevalue(course):
        for screen in screens(session, launch):
            checked += 1
            violations += [f"{screen} at {size}: {line}" for line in axe_violations(session.sco)]
    print(f"\naxe: {checked} screens of {course} at {size}, {len(violations)} violations")
    assert checked >= 6
    assert not violations, "\n".join(violations)


def show_screen(sco: Any, number: int) -> None:
    for _ in range(1, number):
        sco.locator("#sco-next").click()


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_a_page_and_a_quiz_for_review(
    session: Session, devops: list[str], size: str
) -> None:
    """A page with a diagram and the graded quiz, as the learner sees them in Moodle's frame
    (framed) and from top to bottom (whole), then the quiz's result: in tests/artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    session.page.set_viewport_size(SIZES[size])
    written = []

    def shoot(name: str, kind: str = "framed") -> None:
        written.append(ARTIFACTS / f"{name}-{size}-{kind}.png")
        session.page.screenshot(path=written[-1])

    for name, launch, number in (
        ("page", "/devops/devops.html", 3),
        ("quiz", "/devops/evaluation-finale.html", 2),
    ):
        session.open_alone(launch)
        show_screen(session.sco, number)
        # A window as tall as the screen, so that the sticky bar ends it as it ends the screen.
        height = session.page.evaluate("() => document.documentElement.scrollHeight")
        session.page.set_viewport_size({**SIZES[size], "height": height})
        shoot(name, "whole")
        session.page.set_viewport_size(SIZES[size])
        session.open_in_lms(launch)
        show_screen(session.sco, number)
        shoot(name)
    answer_quiz(session.sco, one_wrong(quiz_view(session.sco)))
    session.sco.locator("#quiz-submit").click()
    session.sco.wait_for_selector("#quiz-result:focus")
    shoot("result")
    assert all(path.stat().st_size > 5000 for path in written)


def layout_problems(session: Session, screen: str) -> list[str]:
    """What goes wrong with the screen shown at each reflow size, with and without the
    learner's text spacing: a page that scrolls sideways, a navigation bar out of view."""
    problems = []
    for size, viewport in REFLOW.items():
        session.page.set_viewport_size(viewport)
        for spacing in ("", TEXT_SPACING):
            session.sco.evaluate(LEARNER_STYLE, spacing)
            layout = session.sco.evaluate(LAYOUT)
            problems += [
                f"{screen} at {size}{' with text spacing' if spacing else ''}: {name}"
                for name in ("scrollsSideways", "barOutOfView")
                if layout[name]
            ]
    return problems


def test_every_screen_reflows_with_its_navigation_in_view(
    session: Session, devops: list[str], scaffold: list[str]
) -> None:
    problems = []
    for launch in devops + scaffold:
        for screen in screens(session, launch):
            problems += layout_problems(session, screen)
    assert not problems, "\n".join(problems)


def test_with_reduced_motion_nothing_moves(session: Session, devops: list[str]) -> None:
    session.page.emulate_media(reduced_motion="reduce")
    for screen in screens(session, "/devops/evaluation-finale.html"):
        layout = session.sco.evaluate(LAYOUT)
        assert (layout["animations"], layout["smoothScroll"]) == (0, False), screen
