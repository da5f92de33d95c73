"""Reading a module: paging, focus, live counter, completion, leaving."""

from __future__ import annotations

from tests.browser.lms_harness import Session


def test_reading_every_page_completes_the_module(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html")
    sco = session.sco
    assert sco.locator("#sco-counter").text_content() == "Page 1 of 3"
    assert session.committed()["cmi.core.lesson_status"] == "incomplete"
    for number in (2, 3):
        sco.locator("#sco-next").click()
        sco.wait_for_function(
            f"() => document.activeElement.textContent === 'Page {['', 'one', 'two', 'three'][number]}'"
        )
        assert sco.locator("#sco-counter").text_content() == f"Page {number} of 3"
        current = sco.locator(".toc a[aria-current='page']")
        assert current.text_content() == sco.evaluate("() => document.activeElement.textContent")
    session.page.wait_for_function(
        "() => window.harness.committed.some(([e, v]) => v === 'completed')"
    )
    assert session.committed()["cmi.core.lesson_location"] == "three"
    assert session.committed()["cmi.core.exit"] == ""


def test_a_link_to_another_page_of_the_module_pages_to_it(session: Session, small: str) -> None:
    session.open_in_lms(f"{small}/reading.html")
    sco = session.sco
    for _ in range(2):
        sco.locator("#sco-next").click()

    sco.get_by_role("link", name="the first page").click()

    assert sco.locator("#sco-counter").text_content() == "Page 1 of 3"
    sco.wait_for_function("() => document.activeElement.textContent === 'Page one'")
    assert sco.locator("#page-three").is_hidden()
    assert len(session.page.context.pages) == 1  # no new window, no second LMS session
