"""The ends of a module: no "Previous" before the first screen, no "Next" after the last."""

from __future__ import annotations

import pytest

from tests.browser.lms_harness import Session


@pytest.mark.parametrize(("module", "screens"), [("reading", 3), ("graded", 2)])
def test_next_is_disabled_on_the_last_screen_and_a_click_changes_nothing(
    session: Session, small: str, module: str, screens: int
) -> None:
    session.open_in_lms(f"{small}/{module}.html")
    sco = session.sco
    assert sco.locator("#sco-prev").is_disabled()
    for _ in range(screens - 1):
        assert sco.locator("#sco-next").is_enabled()
        sco.locator("#sco-next").click()

    assert sco.locator("#sco-next").is_disabled()
    # A click that reaches the button anyway (a script, an assistive technology) is harmless.
    sco.evaluate("() => document.getElementById('sco-next').click()")
    assert sco.locator("#sco-counter").text_content() == f"Page {screens} of {screens}"
    assert sco.locator("main section:not([hidden])").count() == 1
    assert sco.locator("main section:not([hidden]) h2").is_visible()
    assert session.errors() == []
