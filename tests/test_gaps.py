"""Build edge cases a user would notice, each one found by a mutant no other test caught
(issue 17): byte-order marks, blank alt texts, file modes, dates outside the zip's range,
a pass mark of 0, theme files with spaces or accents, ordinary tables."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scorm_builder import markdown, packaging
from tests.course_fixtures import VALID_COURSE, run_cli
from tests.test_build import NS, built, manifest_of

BOM = b"\xef\xbb\xbf"


def test_files_saved_with_a_byte_order_mark_load_as_usual(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    # Windows editors (Notepad) save UTF-8 with a BOM: the page's front matter still opens it.
    course = make_course(
        {
            "intro/two.md": BOM + b"---\ntitle: Page deux\n---\nMore text.\n",
            "intro/module.yaml": BOM
            + VALID_COURSE["intro/module.yaml"].replace(" " * 8, "").encode(),
        }
    )

    with zipfile.ZipFile(built(course, tmp_path)) as archive:
        intro = archive.read("intro.html").decode()

    assert ">Page deux</h2>" in intro


def test_an_image_whose_alt_text_is_blank_has_no_text_alternative(
    make_course: Callable[..., Path],
) -> None:
    one = VALID_COURSE["intro/one.md"].replace("![A picture]", "![ ]")

    result = run_cli("validate", str(make_course({"intro/one.md": one})))

    assert result.output.splitlines() == [
        "intro/one.md:6:6: error: image '../assets/pic.svg' has no text alternative: "
        'write ![description](../assets/pic.svg), or ![""](../assets/pic.svg) if it is only decorative',
        "1 error in the course",
    ]
    assert result.exit_code == 1


def test_the_package_is_readable_by_everyone(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    # A web server or a CI artifact store reads it as another user.
    zip_path = built(make_course(), tmp_path)
    assert stat.S_IMODE(zip_path.stat().st_mode) == 0o644
    # unzip on the LMS's server honours the entries' 0644 only from a zip made "on Unix".
    with zipfile.ZipFile(zip_path) as archive:
        assert {info.create_system for info in archive.infolist()} == {3}


def test_the_package_s_folder_is_made_with_its_parents(tmp_path: Path) -> None:
    target = tmp_path / "out" / "courses" / "demo.zip"

    packaging.write_zip(target, [packaging.Entry("imsmanifest.xml", b"<manifest/>")])

    with zipfile.ZipFile(target) as archive:
        assert archive.read("imsmanifest.xml") == b"<manifest/>"


@pytest.mark.parametrize(
    ("epoch", "stamp"),
    [
        # Reproducible-build set-ups often say 0: a zip cannot date before 1980.
        ("0", (1980, 1, 1, 0, 0, 0)),
        ("315532799", (1980, 1, 1, 0, 0, 0)),
        # Nor after 2107.
        ("4354819199", (2107, 12, 31, 23, 59, 58)),
        ("99999999999", (2107, 12, 31, 23, 59, 58)),
        # A zip counts seconds two by two: an odd second is rounded down, never up.
        ("1700000001", (2023, 11, 14, 22, 13, 20)),
    ],
)
def test_a_source_date_is_clamped_to_the_zip_range_and_its_even_seconds(
    epoch: str,
    stamp: tuple[int, ...],
    make_course: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)

    with zipfile.ZipFile(built(make_course(), tmp_path)) as archive:
        assert {info.date_time for info in archive.infolist()} == {stamp}


def test_a_pass_mark_of_0_is_told_to_the_lms(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    quiz = VALID_COURSE["assessment/quiz.yaml"].replace("pass_mark: 60", "pass_mark: 0")

    manifest = manifest_of(built(make_course({"assessment/quiz.yaml": quiz}), tmp_path))

    items = manifest.findall("cp:organizations/cp:organization/cp:item/cp:item", NS)
    assert [i.findtext("adlcp:masteryscore", None, NS) for i in items] == [None, "0"]


def test_theme_files_with_spaces_and_accents_are_linked_percent_encoded(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    course = make_course({"theme/static/Fond été #1.css": "body { color: black; }\n"})
    (course / "course.yaml").write_text(
        (course / "course.yaml").read_text("utf-8") + "templates: theme\n", "utf-8"
    )

    zip_path = built(course, tmp_path)

    with zipfile.ZipFile(zip_path) as archive:
        assert archive.read("shared/Fond été #1.css") == b"body { color: black; }\n"
    shared = manifest_of(zip_path).find("cp:resources/cp:resource[@identifier='RES_shared']", NS)
    assert shared is not None
    hrefs = [f.get("href") for f in shared.findall("cp:file", NS)]
    assert "shared/Fond%20%C3%A9t%C3%A9%20%231.css" in hrefs


def test_an_ordinary_table_has_column_headers_only() -> None:
    html = markdown.html("| Tool | Use |\n|---|---|\n| git | history |\n| make | builds |\n")

    assert '<th scope="col">Tool</th>' in html
    assert "<td>git</td>\n<td>history</td>" in html
    assert 'scope="row"' not in html


def test_only_the_table_whose_top_left_header_is_empty_gets_row_headers() -> None:
    two_way = "| | Devs |\n|---|---|\n| Goal | Change |\n"
    ordinary = "| Tool | Use |\n|---|---|\n| git | history |\n"

    html = markdown.html(f"{two_way}\n{ordinary}")

    assert '<th scope="row">Goal</th>\n<td>Change</td>' in html
    assert "<td>git</td>\n<td>history</td>" in html


def test_the_manifest_describes_the_course_for_the_lms_catalogue(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    zip_path = built(make_course(), tmp_path)
    raw = zipfile.ZipFile(zip_path).read("imsmanifest.xml")
    manifest = manifest_of(zip_path)
    md = {**NS, "md": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}

    # Non-ASCII titles are read right only where the encoding is declared.
    assert raw.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert manifest.get("version") == "1.0"
    assert manifest.findtext("cp:metadata/cp:schema", None, md) == "ADL SCORM"
    general = "cp:metadata/md:lom/md:general"
    assert manifest.findtext(f"{general}/md:title/md:langstring", None, md) == "Demo course"
    assert manifest.findtext(f"{general}/md:language", None, md) == "en"


def test_an_html_comment_in_a_page_is_an_author_s_note_dropped_from_the_page(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    page = "---\ntitle: Page two\n---\n<!-- to do: a picture -->\nMore <!-- inline note --> text.\n"

    with zipfile.ZipFile(built(make_course({"intro/two.md": page}), tmp_path)) as archive:
        intro = archive.read("intro.html").decode()

    assert "More  text." in intro
    # The comments' words, not "note" alone: the interface strings hold callout_note.
    assert "inline note" not in intro
    assert "to do" not in intro


def test_each_module_is_launchable_by_its_page_and_none_is_locked(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    manifest = manifest_of(built(make_course(), tmp_path))

    organizations = manifest.find("cp:organizations", NS)
    assert organizations is not None and organizations.get("default") == "ORG-demo"
    # Not sequential: no module waits for another.
    assert manifest.findall(".//adlcp:prerequisites", NS) == []
    scos = manifest.findall("cp:resources/cp:resource[@adlcp:scormtype='sco']", NS)
    assert [(r.get("href"), r.get("type")) for r in scos] == [
        ("intro.html", "webcontent"),
        ("assessment.html", "webcontent"),
    ]
