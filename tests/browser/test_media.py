"""A French page using every component, in chromium: no WCAG 2.1 AA violation at 360 by 640 and
1280 by 800 px, glossary definitions closed and open; the keyboard reaches the video's and
audio's controls and the download link, and opens a term's definition; the
video (the scaffold's own 2-second WebM, 1 KB, made with PyAV) plays with its captions
track loaded; the formulas are MathML; the manifest lists every media, caption, poster and
download file."""

from __future__ import annotations

import io
import shutil
import textwrap
import wave
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.browser.lms_harness import Session, publish, require
from tests.browser.test_accessibility import AXE, axe_violations
from tests.browser.test_keyboard import PHONE, Keyboard

SCAFFOLD = Path(__file__).resolve().parents[2] / "scorm_builder" / "scaffold" / "fr" / "assets"
PAGE = """\
    ---
    title: Tous les composants
    ---
    > [!NOTE]
    > La disponibilité est $A = \\frac{MTBF}{MTBF + MTTR}$, entre 0 et 1.

    ![Une barre bleue remplit l’image de gauche à droite](barre.webm)

    ![Un bip d’une seconde](bip.wav)

    $$
    \\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}
    $$

    Un serveur à 5 $ par mois, la variable $HOME et le [plan du cours](plan.pdf).

    ::: details La transcription de la vidéo
    Une barre bleue remplit l’image de gauche à droite.
    :::

    ```yaml {2}
    stages:
      - build
    ```
    """
GLOSSARY = """\
    terms:
      - term: disponibilité
        definition: La part du temps où le service répond, entre 0 et 1.
    """
DEFINITION = "details.glossary > summary"
SIZES = {"360x640": {"width": 360, "height": 640}, "1280x800": {"width": 1280, "height": 800}}
PACKAGED = {
    "media/m/barre.webm",
    "media/m/barre-fr.vtt",
    "media/m/barre.png",
    "media/m/bip.wav",
    "media/m/plan.pdf",
}


def beep() -> bytes:
    """One second of a quiet 440 Hz-ish square wave, as a real WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(1)
        file.setframerate(8000)
        file.writeframes(bytes(96 if (i // 9) % 2 else 160 for i in range(8000)))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def published(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("media") / "medias"
    (course / "m").mkdir(parents=True)
    (course / "course.yaml").write_text(
        "id: medias\ntitle: Médias\nlanguage: fr\nversion: '1'\nmodules:\n  - m\n", "utf-8"
    )
    (course / "m" / "module.yaml").write_text("title: Module\npages:\n  - page.md\n", "utf-8")
    (course / "m" / "page.md").write_text(textwrap.dedent(PAGE), "utf-8")
    (course / "glossary.yaml").write_text(textwrap.dedent(GLOSSARY), "utf-8")
    shutil.copy(SCAFFOLD / "progression.webm", course / "m" / "barre.webm")
    shutil.copy(SCAFFOLD / "progression.vtt", course / "m" / "barre.fr.vtt")
    (course / "m" / "barre.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c63d8b0e13f0005a002d7a36b1c2a0000000049454e44ae426082"
        )
    )
    (course / "m" / "bip.wav").write_bytes(beep())
    (course / "m" / "plan.pdf").write_bytes(b"%PDF-1.4\n" + b"%" * 239_991)
    return publish(course, site, "medias")


@pytest.fixture
def opened(session: Session, published: Path) -> Any:
    session.open_in_lms("/medias/m.html")
    return session.sco


@pytest.mark.parametrize("size", SIZES)
def test_every_component_has_no_wcag21_aa_violation(
    session: Session, published: Path, size: str
) -> None:
    require(AXE.exists(), "node_modules/axe-core is missing (run npm ci)")
    session.page.set_viewport_size(SIZES[size])
    session.open_in_lms("/medias/m.html")
    closed = axe_violations(session.sco)
    session.sco.locator(DEFINITION).click()
    assert (closed, axe_violations(session.sco)) == ([], [])


def test_the_video_plays_with_its_french_captions_loaded(opened: Any) -> None:
    video = opened.locator("video")
    assert video.get_attribute("aria-label") == "Une barre bleue remplit l’image de gauche à droite"
    assert video.get_attribute("poster") == "media/m/barre.png"
    assert video.get_attribute("autoplay") is None
    opened.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; v.play(); }"
    )
    opened.wait_for_function("() => document.querySelector('video').currentTime > 0.2")
    opened.wait_for_function("() => document.querySelector('video').textTracks[0].cues?.length > 0")
    track = opened.evaluate(
        """() => { const t = document.querySelector('video').textTracks[0];
            return [t.kind, t.language, t.label, t.mode, t.cues[0].text]; }"""
    )
    assert track == [
        "captions",
        "fr",
        "Sous-titres",
        "showing",
        "Une barre bleue remplit l’image de gauche à droite.",
    ]


def test_the_keyboard_opens_a_definition_and_reaches_the_players_and_the_download(
    session: Session, published: Path
) -> None:
    session.page.set_viewport_size(PHONE)
    session.open_in_lms("/medias/m.html")
    keyboard = Keyboard(session)
    definition = session.sco.get_by_text("La part du temps où le service répond")
    keyboard.tab_to(DEFINITION)  # asserts the focus ring shows, in view, clear of the bar
    assert not definition.is_visible()
    keyboard.press("Enter")
    assert definition.is_visible()
    assert session.sco.locator(DEFINITION).inner_text() == "Définition : disponibilité"
    for target in ("video", "audio", "a[download]"):
        keyboard.tab_to(target)
    link = session.sco.locator("a[download]")
    assert link.inner_text() == "plan du cours (PDF, 240 Ko)"
    assert link.get_attribute("download") == "plan.pdf"


def test_formulas_are_mathml_named_by_their_latex_and_dollars_stay_text(opened: Any) -> None:
    formulas = opened.evaluate(
        """() => [...document.querySelectorAll('math')].map(
            m => [m.getAttribute('display'), m.getAttribute('alttext'), m.getBoundingClientRect().height > 0])"""
    )
    assert formulas == [
        ["inline", "A = \\frac{MTBF}{MTBF + MTTR}", True],
        ["block", "\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}", True],
    ]
    assert "à 5 $ par mois, la variable $HOME et" in opened.locator("main").inner_text()


def test_the_manifest_lists_every_media_caption_poster_and_download(published: Path) -> None:
    manifest = etree.parse(str(published / "imsmanifest.xml"))
    listed = {str(href) for href in manifest.xpath("//*[local-name()='file']/@href")}
    assert listed >= PACKAGED
    assert all((published / name).is_file() for name in PACKAGED)
