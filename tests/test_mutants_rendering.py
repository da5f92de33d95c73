"""What the built pages say, each case found by a mutant of rendering.py that no other
browserless test caught (tools/mutation/survivors.md)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.course_fixtures import VALID_COURSE, run_cli

REPO = Path(__file__).resolve().parents[1]


def test_an_untitled_quiz_is_headed_in_the_theme_s_language(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    theme = tmp_path / "theme" / "i18n"
    theme.mkdir(parents=True)
    english = (REPO / "templates" / "i18n" / "en.json").read_text("utf-8")
    (theme / "de.json").write_text(english.replace('"Quiz"', '"Prüfung"'), "utf-8")
    course = make_course(
        {"course.yaml": VALID_COURSE["course.yaml"].replace("language: en", "language: de")}
    )
    out = tmp_path / "de.zip"

    result = run_cli("build", str(course), "--templates", str(tmp_path / "theme"), "-o", str(out))

    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        page = archive.read("assessment.html").decode()
    assert '<h2 id="title-quiz" tabindex="-1">Prüfung</h2>' in page
