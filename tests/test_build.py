"""`scorm-builder build`: a package that validates, is complete, deterministic and safe."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from scorm_builder import packaging
from scorm_builder.building import build
from tests.course_fixtures import VALID_COURSE, run_cli

REPO = Path(__file__).resolve().parents[1]
GONE_PID = 2**22 + 1
"""Above Linux's highest possible pid (PID_MAX_LIMIT): never a live process."""
DEVOPS_COURSE = REPO / "course"
NS = {
    "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}


def manifest_of(zip_path: Path) -> etree._Element:
    with zipfile.ZipFile(zip_path) as archive:
        return etree.fromstring(archive.read("imsmanifest.xml"))


def built(course: Path, tmp_path: Path, name: str = "out.zip") -> Path:
    result = run_cli("build", str(course), "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    return tmp_path / name


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    assert run_cli("new", str(tmp_path / "scaffold")).exit_code == 0
    return tmp_path / "scaffold"


UNICODE_FILES: dict[str, str | bytes | None] = {
    "course.yaml": VALID_COURSE["course.yaml"].replace(
        "title: Demo course", "title: 'Cours & <tests> \"guillemets\" l''été'"
    ),
    "intro/one.md": VALID_COURSE["intro/one.md"].replace(
        "../assets/pic.svg", "<../assets/Schéma été (v2).svg>"
    ),
    "assets/pic.svg": None,
    "assets/Schéma été (v2).svg": VALID_COURSE["assets/pic.svg"],
    "assets/photo 1.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    "intro/two.md": "---\ntitle: A & B <c>\n---\n![Photo](../assets/photo%201.png)\n",
}


def test_manifest_of_every_course_validates_against_the_scorm_schemas(
    scorm_schema: etree.XMLSchema,
    make_course: Callable[..., Path],
    scaffold: Path,
    tmp_path: Path,
) -> None:
    courses = [make_course(), make_course(UNICODE_FILES, name="unicode"), scaffold, DEVOPS_COURSE]
    for index, course in enumerate(courses):
        manifest = manifest_of(built(course, tmp_path, f"{index}.zip"))
        assert scorm_schema.validate(manifest), (course, scorm_schema.error_log)


def test_scorm_2004_spelling_is_rejected_by_the_schema_check(
    scorm_schema: etree.XMLSchema, make_course: Callable[..., Path], tmp_path: Path
) -> None:
    manifest = manifest_of(built(make_course(), tmp_path))
    for resource in manifest.iterfind(".//cp:resource", NS):
        kind = resource.attrib.pop(f"{{{NS['adlcp']}}}scormtype")
        resource.set(f"{{{NS['adlcp']}}}scormType", kind)

    assert not scorm_schema.validate(manifest)


def test_every_file_in_the_zip_is_in_the_manifest_and_back(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    zip_path = built(make_course(UNICODE_FILES), tmp_path)
    manifest = manifest_of(zip_path)
    listed = {unquote(f.get("href")) for f in manifest.iterfind(".//cp:file", NS)}
    launched = {unquote(r.get("href")) for r in manifest.iterfind(".//cp:resource[@href]", NS)}

    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())

    assert names - {"imsmanifest.xml"} == listed
    assert launched <= names


def test_two_builds_are_byte_identical(
    make_course: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = make_course(UNICODE_FILES)
    first = built(course, tmp_path, "first.zip").read_bytes()
    (course / "intro" / "one.md").touch()
    second = built(course, tmp_path, "second.zip").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated = built(course, tmp_path, "dated.zip")

    assert first == second
    with zipfile.ZipFile(dated) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_entries_have_fixed_permissions_and_fitting_compression(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(built(make_course(UNICODE_FILES), tmp_path)) as archive:
        infos = {info.filename: info for info in archive.infolist()}

    assert next(iter(infos)) == "imsmanifest.xml"
    assert {info.external_attr >> 16 for info in infos.values()} == {0o100644}
    assert infos["media/assets/photo-1.png"].compress_type == zipfile.ZIP_STORED
    assert infos["intro.html"].compress_type == zipfile.ZIP_DEFLATED


def test_file_names_become_ascii_and_links_follow(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(built(make_course(UNICODE_FILES), tmp_path)) as archive:
        names = archive.namelist()
        intro = archive.read("intro.html").decode()

    assert all(re.fullmatch(r"[a-z0-9._/-]+", name) for name in names), names
    assert 'src="media/assets/schema-ete-v2.svg"' in intro
    assert 'src="media/assets/photo-1.png"' in intro
    assert 'href="#page-two"' in intro


def test_special_characters_are_escaped_in_manifest_and_html(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    zip_path = built(make_course(UNICODE_FILES), tmp_path)
    with zipfile.ZipFile(zip_path) as archive:
        raw_manifest = archive.read("imsmanifest.xml").decode("utf-8")
        intro = archive.read("intro.html").decode("utf-8")
    title = 'Cours & <tests> "guillemets" l\'été'

    assert (
        manifest_of(zip_path).findtext("cp:organizations/cp:organization/cp:title", None, NS)
        == title
    )
    assert "Cours &amp; &lt;tests&gt;" in raw_manifest
    assert "&#" not in raw_manifest  # Moodle stores character references literally
    assert re.search(r"<h2[^>]*>A &amp; B &lt;c&gt;</h2>", intro)
    assert "<tests>" not in intro


def test_manifest_follows_what_moodle_reads(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    raw = zipfile.ZipFile(built(make_course(), tmp_path)).read("imsmanifest.xml").decode()
    manifest = etree.fromstring(raw.encode())

    assert 'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"' in raw
    assert manifest.get("identifier") == "MANIFEST-demo"
    assert manifest.findtext("cp:metadata/cp:schemaversion", None, NS) == "1.2"
    resources = manifest.findall("cp:resources/cp:resource", NS)
    assert [r.get(f"{{{NS['adlcp']}}}scormtype") for r in resources] == ["sco", "sco", "asset"]
    parent = manifest.find("cp:organizations/cp:organization/cp:item", NS)
    assert parent is not None and parent.get("identifierref") is None
    items = parent.findall("cp:item", NS)
    assert [i.get("identifierref") for i in items] == ["RES-intro", "RES-assessment"]
    assert [i.findtext("adlcp:masteryscore", None, NS) for i in items] == [None, "60"]
    for title in manifest.iter(f"{{{NS['cp']}}}title"):
        assert title.text == title.text.strip()


def test_sequential_course_sets_prerequisites(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    course = make_course(
        {"course.yaml": VALID_COURSE["course.yaml"].rstrip(" ") + "        sequential: true\n"}
    )
    manifest = manifest_of(built(course, tmp_path))

    prerequisites = [
        item.findtext("adlcp:prerequisites", None, NS)
        for item in manifest.iterfind(".//cp:item[@identifierref]", NS)
    ]
    assert prerequisites == [None, "ITEM-intro"]
    # Moodle reads a prerequisite only as an AICC script.
    types = [p.get("type") for p in manifest.iterfind(".//adlcp:prerequisites", NS)]
    assert types == ["aicc_script"]


def test_no_packaged_file_loads_anything_from_another_host(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    # Links (<a href>) may point to the web; nothing the page loads may.
    loads = re.compile(
        r"""<(?!a\b)[\w:-]+[^>]*?\b(?:src|(?:xlink:)?href)\s*=\s*["']?\s*(?:https?:)?//"""
        r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
        re.I,
    )
    for index, course in enumerate([make_course(), DEVOPS_COURSE]):
        with zipfile.ZipFile(built(course, tmp_path, f"{index}.zip")) as archive:
            for name in archive.namelist():
                if name.endswith((".html", ".css", ".js", ".svg")):
                    text = archive.read(name).decode("utf-8")
                    links = [m.group(0) for m in loads.finditer(text)]
                    assert not links, (name, links)


def test_the_output_is_a_file_named_by_o_or_output(tmp_path: Path) -> None:
    help_text = " ".join(run_cli("build", "--help").output.split())
    assert "-o, --output FILE Zip to write (default: dist/<course-" in help_text  # then wrapped
    result = run_cli("build", str(tmp_path), "--output", str(tmp_path))
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        2,
        f"Error: Invalid value for '-o' / '--output': File '{tmp_path}' is a directory.",
    )


def test_invalid_course_writes_nothing(make_course: Callable[..., Path], tmp_path: Path) -> None:
    course = make_course({"intro/two.md": None})
    out = tmp_path / "dist"

    result = run_cli("build", str(course), "-o", str(out / "x.zip"))

    assert result.exit_code == 1
    assert not out.exists()


def test_failure_midway_leaves_no_partial_zip(
    make_course: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "mine.whl").write_bytes(b"not ours")
    written = []
    original = packaging._write_entry

    def fail_on_third(archive: zipfile.ZipFile, entry: packaging.Entry, stamp: object) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(entry.name)
        original(archive, entry, stamp)  # type: ignore[arg-type]

    monkeypatch.setattr(packaging, "_write_entry", fail_on_third)
    result = run_cli("build", str(make_course()), "-o", str(out / "course.zip"))

    assert result.exit_code == 1
    assert "cannot write" in result.output and "No space left on device" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["mine.whl"]


def test_default_output_is_named_after_the_course_in_dist(
    make_course: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = make_course()
    monkeypatch.chdir(tmp_path)

    result = run_cli("build", str(course))

    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "demo-1.0-scorm12.zip").is_file()
    assert re.search(
        r"built dist/demo-1.0-scorm12.zip \(\d+\.\d MB, 2 SCOs, \d+ files\)", result.output
    )


def test_course_templates_override_the_default_theme(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    course = make_course({"theme/sco.html": "<p>{{ module.title }} by {{ course.title }}</p>\n"})
    (course / "course.yaml").write_text(
        (course / "course.yaml").read_text() + "templates: theme\n", "utf-8"
    )
    build(course, tmp_path / "x.zip")

    with zipfile.ZipFile(tmp_path / "x.zip") as archive:
        assert archive.read("intro.html") == b"<p>Intro by Demo course</p>\n"


def test_a_module_named_shared_keeps_every_manifest_id_unique(
    scorm_schema: etree.XMLSchema, make_course: Callable[..., Path], tmp_path: Path
) -> None:
    course = make_course(
        {"assessment/module.yaml": VALID_COURSE["assessment/module.yaml"] + "id: shared\n"}
    )
    manifest = manifest_of(built(course, tmp_path))

    identifiers = [e.get("identifier") for e in manifest.iter() if e.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    assert scorm_schema.validate(manifest), scorm_schema.error_log


def test_links_open_where_the_lms_session_survives(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    page = (
        "---\ntitle: Page two\n---\n"
        "[Back](one.md) · [guide](../assets/guide.pdf) · [web](https://example.org)\n\n"
        '![""](../assets/pic.svg)\n'
    )
    course = make_course({"intro/two.md": page, "assets/guide.pdf": b"%PDF-1.4\n"})
    with zipfile.ZipFile(built(course, tmp_path)) as archive:
        intro = archive.read("intro.html").decode()

    assert '<a href="#page-one">Back</a>' in intro
    assert (
        '<a href="media/assets/guide.pdf" target="_blank" rel="noopener noreferrer" '
        'download="guide.pdf">guide <span class="download">(PDF, 9 bytes)</span></a>' in intro
    )
    assert '<a href="https://example.org" target="_blank" rel="noopener noreferrer">' in intro
    assert '<img src="media/assets/pic.svg" alt="" loading="lazy" />' in intro


def test_a_listed_page_is_a_page_whatever_the_case_of_its_extension(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    course = make_course(
        {
            "intro/module.yaml": VALID_COURSE["intro/module.yaml"].replace("two.md", "Two.MD"),
            "intro/two.md": None,
            "intro/Two.MD": VALID_COURSE["intro/two.md"],
            "intro/one.md": VALID_COURSE["intro/one.md"].replace("(two.md)", "(Two.MD)"),
        }
    )
    with zipfile.ZipFile(built(course, tmp_path)) as archive:
        assert not [n for n in archive.namelist() if n.lower().endswith(".md")]
        assert 'href="#page-two"' in archive.read("intro.html").decode()


def test_templates_option_brings_a_new_language(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    theme = tmp_path / "theme" / "i18n"
    theme.mkdir(parents=True)
    english = (REPO / "templates" / "i18n" / "en.json").read_text("utf-8")
    (theme / "de.json").write_text(english.replace('"Quiz"', '"Prüfung"'), "utf-8")
    course = make_course(
        {"course.yaml": VALID_COURSE["course.yaml"].replace("language: en", "language: de")}
    )

    result = run_cli(
        "build", str(course), "--templates", str(tmp_path / "theme"), "-o", str(tmp_path / "de.zip")
    )

    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "de.zip") as archive:
        assert '<html lang="de">' in archive.read("intro.html").decode()
        # The quiz has no title of its own: it is headed with the theme's word for quiz.
        heading = '<h2 id="title-quiz" tabindex="-1">Prüfung</h2>'
        assert heading in archive.read("assessment.html").decode()


def test_a_broken_theme_template_is_a_clear_error_and_writes_nothing(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    course = make_course({"theme/sco.html": "<p>{{ module.title </p>\n"})
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "templates: theme\n")

    for command in ("validate", "build"):
        result = (
            run_cli(command, str(course), "-o", str(tmp_path / "x.zip"))
            if command == "build"
            else run_cli(command, str(course))
        )
        assert result.exit_code == 1
        assert result.output == (
            "theme/sco.html:1:1: error: template syntax: unexpected '/'\n1 error in the course\n"
        )
    assert not (tmp_path / "x.zip").exists()


@pytest.mark.parametrize("epoch", ["abc", "-5"])
def test_a_bad_source_date_epoch_is_refused(
    epoch: str, make_course: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)

    result = run_cli("build", str(make_course()), "-o", str(tmp_path / "x.zip"))

    assert result.exit_code == 1
    assert result.output == f"Error: SOURCE_DATE_EPOCH must be a number of seconds, not '{epoch}'\n"


def test_a_killed_build_s_leftover_is_cleared_and_nothing_else(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    running = f".course.zip.{os.getpid()}.abc123.part"  # a build writing it right now
    for name in (f".course.zip.{GONE_PID}.abc123.part", f".other.zip.{GONE_PID}.abc123.part"):
        (out / name).write_bytes(b"half")
    (out / running).write_bytes(b"half")

    built(make_course(), out, "course.zip")

    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f".other.zip.{GONE_PID}.abc123.part", running, "course.zip"]
    )


def test_a_two_way_table_gets_row_headers(make_course: Callable[..., Path], tmp_path: Path) -> None:
    page = "---\ntitle: Page two\n---\n| | Devs | Ops |\n|---|---|---|\n| Goal | Change | Stability |\n"
    with zipfile.ZipFile(built(make_course({"intro/two.md": page}), tmp_path)) as archive:
        intro = archive.read("intro.html").decode()

    assert '<th scope="col">Devs</th>' in intro
    assert '<th scope="row">Goal</th>\n<td>Change</td>' in intro
