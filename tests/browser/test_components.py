"""Callouts and reveal blocks in a French course, in the browser: no WCAG 2.1 AA violation at
360 and 1000 px (reveal blocks closed and open), the callout's label read in French, a reveal
block opened and closed with the keyboard alone and shown open in print; screenshots of the
page in tests/artifacts/ for a reviewer."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.lms_harness import Session, publish, require
from tests.browser.test_accessibility import ARTIFACTS, AXE, axe_violations
from tests.browser.test_keyboard import Keyboard

PAGE = """\
    ---
    title: Composants
    ---
    Un pipeline enchaîne des étapes.

    > [!NOTE]
    > Une **définition** à retenir, avec du `code`.

    > [!TIP]
    > Lancez `validate` avant `build`.

    > [!IMPORTANT]
    > Un point important.

    > [!WARNING]
    > Un avertissement.

    > [!CAUTION]
    > Une mise en garde.

    ::: details Les étapes du pipeline
    1. Construire
    2. Tester

    ```
    stages: [build, test]
    ```

    ![Un schéma](schema.svg)
    :::

    Un [lien vers le web](https://example.org) après le bloc.
    """
FILES = {
    "course.yaml": "id: composants\ntitle: Composants\nlanguage: fr\nversion: '1'\n"
    "modules:\n  - m\n",
    "m/module.yaml": "title: Module\npages:\n  - page.md\n",
    "m/page.md": textwrap.dedent(PAGE),
    "m/schema.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 1">'
    '<rect width="4" height="1" fill="#0b57d0"/></svg>\n',
}
SIZES = {"360px": {"width": 360, "height": 640}, "1000px": {"width": 1000, "height": 700}}
REVEAL = "details.reveal"
SUMMARY = f"{REVEAL} > summary"


@pytest.fixture(scope="module")
def launch(site: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    course = tmp_path_factory.mktemp("components") / "composants"
    for name, text in FILES.items():
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_text(text, "utf-8")
    publish(course, site, "composants")
    return "/composants/m.html"


def is_open(sco: Any) -> bool:
    return bool(sco.evaluate("s => document.querySelector(s).open", REVEAL))


@pytest.mark.parametrize("size", SIZES)
def test_components_have_no_wcag21_aa_violation(session: Session, launch: str, size: str) -> None:
    require(AXE.exists(), "node_modules/axe-core is missing (run npm ci)")
    session.page.set_viewport_size(SIZES[size])
    session.open_in_lms(launch)
    sco = session.sco
    closed = axe_violations(sco)
    sco.locator(SUMMARY).click()
    assert is_open(sco)
    assert (closed, axe_violations(sco)) == ([], [])


def test_callouts_are_notes_named_in_french(session: Session, launch: str) -> None:
    session.open_in_lms(launch)
    sco = session.sco
    for name in ("Remarque", "Astuce", "Important", "Avertissement", "Attention"):
        note = sco.get_by_role("note", name=name, exact=True)
        assert note.locator(".callout-title").inner_text() == name
        assert note.is_visible()
    assert sco.get_by_role("note").count() == 5
    assert sco.locator("blockquote").count() == 0


def test_a_reveal_block_opens_and_closes_with_the_keyboard_alone(
    session: Session, launch: str
) -> None:
    session.page.set_viewport_size(SIZES["360px"])
    session.open_in_lms(launch)
    keyboard = Keyboard(session)
    sco = session.sco
    inside = sco.get_by_text("stages: [build, test]")
    keyboard.tab_to(SUMMARY)  # asserts the focus ring shows, in view, clear of the bar
    assert not is_open(sco) and not inside.is_visible()
    keyboard.press("Enter")
    assert is_open(sco) and inside.is_visible()
    expect(sco.get_by_role("img", name="Un schéma")).to_be_visible()  # once loaded (lazy)
    keyboard.press("Space")
    assert not is_open(sco) and not inside.is_visible()
    assert keyboard.focused(SUMMARY)


def test_a_closed_reveal_block_prints_open(session: Session, launch: str) -> None:
    session.open_in_lms(launch)
    sco = session.sco
    inside = sco.get_by_text("stages: [build, test]")
    assert not inside.is_visible()
    session.page.emulate_media(media="print")
    assert not is_open(sco) and inside.is_visible()


def test_screenshots_of_the_components_for_review(session: Session, launch: str) -> None:
    """The page at 360 px from top to bottom, reveal block open, and in Moodle's 630 by 500
    frame with the block closed then open: in tests/artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    written = []

    def shoot(name: str) -> None:
        written.append(ARTIFACTS / f"components-{name}.png")
        session.page.screenshot(path=written[-1])

    session.page.set_viewport_size({"width": 630, "height": 500})
    session.open_in_lms(launch)
    session.sco.locator(SUMMARY).scroll_into_view_if_needed()
    shoot("630x500-closed")
    session.sco.locator(SUMMARY).click()
    shoot("630x500-open")
    session.page.set_viewport_size(SIZES["360px"])
    session.open_alone(launch)
    session.sco.locator(SUMMARY).click()
    height = session.page.evaluate("() => document.documentElement.scrollHeight")
    session.page.set_viewport_size({"width": 360, "height": height})
    shoot("360px-whole")
    assert all(path.stat().st_size > 5000 for path in written)
