"""The keyboard alone, in Moodle's 500 px-high frame on a phone: Tab, Shift+Tab, Enter, Space
and the arrow keys (plus typing a fill-in answer) through page.keyboard, never a click nor
element.focus(). Every element that takes focus shows it, in view, clear of the sticky bar."""

from __future__ import annotations

from typing import Any

from tests.browser.lms_harness import Session, quiz_view, result, right_answers

PHONE = {"width": 360, "height": 640}
MAX_PRESSES = 80

FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const bar = document.querySelector(".sco-bar").getBoundingClientRect();
    const inBar = el.closest(".sco-bar") !== null;
    const style = getComputedStyle(el);
    return {
        where: el.id || el.outerHTML.slice(0, 80),
        inView: box.bottom > 0 && box.top < innerHeight,
        clearOfBar: inBar || box.bottom <= bar.top,
        ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    };
}"""


class Keyboard:
    """The learner's keyboard on the SCO in the LMS harness, checking focus after each Tab."""

    def __init__(self, session: Session) -> None:
        self.page = session.page
        self.sco = session.sco
        self.presses = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def focused(self, selector: str) -> bool:
        return bool(
            self.sco.evaluate(
                "s => document.hasFocus() && document.activeElement.matches(s)", selector
            )
        )

    def tab_to(self, selector: str) -> None:
        """Tab (or Shift+Tab, when the target comes before the focus) until it has focus."""
        for _ in range(MAX_PRESSES):
            if self.focused(selector):
                return
            self.press("Shift+Tab" if self.target_is_behind(selector) else "Tab")
            shown = self.sco.evaluate(FOCUS_SHOWN)
            assert shown["inView"] and shown["clearOfBar"] and shown["ring"], shown
        raise AssertionError(f"{selector} never took focus")

    def target_is_behind(self, selector: str) -> bool:
        return bool(
            self.sco.evaluate(
                """s => document.hasFocus() && Boolean(document.activeElement.compareDocumentPosition(
                    document.querySelector(s)) & Node.DOCUMENT_POSITION_PRECEDING)""",
                selector,
            )
        )

    def value(self, selector: str) -> Any:
        return self.sco.evaluate("s => document.querySelector(s).value", selector)

    def choose(self, question: dict[str, Any], answer: Any) -> None:
        """Answer one question the way a keyboard user does for its type."""
        box = f"#q-{question['id']}"
        kind = question["type"]
        if kind in ("single-choice", "true-false"):
            wanted = answer if kind == "single-choice" else "t" if answer else "f"
            self.tab_to(f"{box} input")
            self.press("Space")
            while not self.focused(f"{box} input[value='{wanted}']:checked"):
                self.press("ArrowDown")
        elif kind == "multiple-choice":
            for key in answer:
                self.tab_to(f"{box}-{key}")
                self.press("Space")
        elif kind == "fill-in":
            self.tab_to(f"{box} input")
            self.page.keyboard.type(answer)
        elif kind == "ordering":
            # The first item's "Move up" is disabled: reach it only while it can move.
            for position, key in enumerate(answer, start=1):
                in_place = f"{box} li:nth-child({position})[data-key='{key}']"
                while not self.sco.locator(in_place).count():
                    self.tab_to(f"{box} li[data-key='{key}'] .move[data-step='-1']")
                    self.press("Enter")
        else:
            for left, right in zip(question["pairs"], answer, strict=True):
                select = f"{box}-{left['leftKey']}"
                self.tab_to(select)
                while self.value(select) != right:
                    self.press("ArrowDown")


def test_keyboard_alone_reads_and_passes_the_graded_module(
    session: Session, devops: list[str]
) -> None:
    session.page.set_viewport_size(PHONE)
    session.open_in_lms("/devops/evaluation-finale.html")
    keys = Keyboard(session)
    keys.press("Tab")
    assert keys.focused(".skip-link")
    keys.press("Enter")
    assert keys.focused("main")
    keys.tab_to("#sco-next")
    keys.press("Enter")
    assert keys.focused("#title-quiz")
    assert keys.sco.locator("#sco-counter").text_content() == "Page 2 sur 2"
    keys.tab_to("#quiz-submit")
    keys.press("Enter")
    assert keys.focused("#quiz-submit")
    keys.press("Shift+Tab")
    assert keys.focused("#quiz-error a")
    linked = keys.sco.evaluate("() => document.activeElement.hash")
    keys.press("Enter")
    keys.press("Tab")
    assert keys.focused(f"{linked} input, {linked} select, {linked} button")
    quiz = quiz_view(keys.sco)
    answers = right_answers(quiz)
    order = keys.sco.evaluate("() => [...document.querySelectorAll('fieldset')].map(f => f.id)")
    by_box = {f"q-{q['id']}": q for q in quiz["questions"]}
    for box in order:
        keys.choose(by_box[box], answers[by_box[box]["id"]])
    keys.tab_to("#quiz-submit")
    keys.press("Enter")
    session.page.wait_for_function(
        "() => window.harness.committed.some(([e, v]) => v === 'passed')"
    )
    assert keys.focused("#quiz-result")
    assert result(keys.sco)["Score"] == "100\u00a0%"
    assert session.cmi("cmi.core.lesson_status") == "passed"
    print(f"\nkeyboard walk: {len(order)} questions answered in {keys.presses} key presses")
