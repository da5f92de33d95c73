"""`scorm-builder schema` and `scorm-builder new`, and the wheel that ships the theme."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from scorm_builder.loading import split_front_matter
from tests.course_fixtures import run_cli

REPO = Path(__file__).resolve().parents[1]


def schema(kind: str) -> dict[str, object]:
    result = run_cli("schema", kind)
    assert result.exit_code == 0
    loaded: dict[str, object] = json.loads(result.output)
    return loaded


def yaml_files(course: Path) -> dict[str, list[object]]:
    """Return the parsed files of a course by kind, front matter included."""
    load = YAML(typ="safe").load
    found: dict[str, list[object]] = {"course": [], "module": [], "quiz": [], "page": []}
    found["course"].append(load((course / "course.yaml").read_text("utf-8")))
    for path in course.glob("*/module.yaml"):
        module = load(path.read_text("utf-8"))
        found["module"].append(module)
        if module.get("quiz"):
            found["quiz"].append(load((path.parent / module["quiz"]).read_text("utf-8")))
        for page in module["pages"]:
            split = split_front_matter((path.parent / page).read_text("utf-8"))
            assert split is not None
            found["page"].append(load(split[0]))
    return found


@pytest.mark.parametrize("kind", ["course", "module", "quiz", "page"])
def test_schema_is_valid_json_schema(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(kind))


@pytest.mark.parametrize("course_name", ["demo", "scaffold", "scaffold-fr", "devops"])
def test_schema_accepts_real_course_files(
    course_name: str, make_course: Callable[..., Path], tmp_path: Path
) -> None:
    if course_name == "scaffold":
        run_cli("new", str(tmp_path / "scaffold"))
    if course_name == "scaffold-fr":
        run_cli("new", str(tmp_path / "scaffold-fr"), "--language", "fr")
    course = {
        "demo": make_course(),
        "scaffold": tmp_path / "scaffold",
        "scaffold-fr": tmp_path / "scaffold-fr",
        "devops": REPO / "course",
    }[course_name]
    for kind, documents in yaml_files(course).items():
        validator = jsonschema.Draft202012Validator(schema(kind))
        for document in documents:
            assert not list(validator.iter_errors(document)), (kind, document)


def test_schema_rejects_a_typo() -> None:
    validator = jsonschema.Draft202012Validator(schema("course"))
    course = {"title": "T", "language": "fr", "version": "1", "modules": ["a"]}
    assert validator.is_valid(course)

    errors = list(validator.iter_errors({**course, "titel": "T"}))

    assert [e.message for e in errors] == [
        "Additional properties are not allowed ('titel' was unexpected)"
    ]


def test_schema_tells_an_editor_what_a_theme_colour_takes() -> None:
    theme = schema("course")["$defs"]["Theme"]["properties"]  # type: ignore[index]
    assert theme["accent"]["description"] == (
        "Colour of links, buttons, the focus ring and the progress bar, as #rrggbb; validate "
        "refuses a colour below the WCAG AA contrast of every pair it takes part in."
    )


def test_schema_writes_every_kind_to_a_folder(tmp_path: Path) -> None:
    result = run_cli("schema", "-o", str(tmp_path))

    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "course.schema.json",
        "glossary.schema.json",
        "module.schema.json",
        "page.schema.json",
        "quiz.schema.json",
    ]


def test_new_course_validates_and_builds(tmp_path: Path) -> None:
    result = run_cli("new", str(tmp_path / "Mon cours"))
    assert result.exit_code == 0

    assert run_cli("validate", str(tmp_path / "Mon cours")).output == (
        "valid: mon-cours 1.0.0: 2 modules, 3 pages, 4 questions, 4 assets\n"
    )
    assert (
        run_cli("build", str(tmp_path / "Mon cours"), "-o", str(tmp_path / "x.zip")).exit_code == 0
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_new_writes_a_french_course_that_validates_and_builds(tmp_path: Path) -> None:
    course = tmp_path / "Mon cours"
    result = run_cli("new", str(course), "--language", "fr")
    assert result.exit_code == 0, result.output

    course_yaml = (course / "course.yaml").read_text("utf-8")
    assert "id: mon-cours\n" in course_yaml
    assert "language: fr\n" in course_yaml
    assert "title: Mon premier cours\n" in course_yaml
    assert "title: Les bases\n" in (course / "bases" / "module.yaml").read_text("utf-8")
    assert "title: Vérifiez vos connaissances\n" in (
        course / "evaluation" / "module.yaml"
    ).read_text("utf-8")
    assert "title: Écrire des pages\n" in (course / "bases" / "ecrire-des-pages.md").read_text(
        "utf-8"
    )
    quiz = (course / "evaluation" / "quiz.yaml").read_text("utf-8")
    assert "prompt: Que devient chaque module du cours dans le paquet ?\n" in quiz
    assert "    weight: 2 " in quiz
    assert run_cli("validate", str(course)).output == (
        "valid: mon-cours 1.0.0: 2 modules, 3 pages, 4 questions, 4 assets\n"
    )
    zip_path = tmp_path / "fr.zip"
    assert run_cli("build", str(course), "-o", str(zip_path)).exit_code == 0
    with zipfile.ZipFile(zip_path) as package:
        page = package.read("bases.html").decode("utf-8")
    assert '<html lang="fr"' in page
    assert "Ce cours a été écrit en texte brut" in page
    assert "Astuce" in page


def test_new_is_english_by_default_and_uses_weight(tmp_path: Path) -> None:
    assert run_cli("new", str(tmp_path / "default")).exit_code == 0
    assert run_cli("new", str(tmp_path / "en"), "--language", "en").exit_code == 0

    default, english = files_of(tmp_path / "default"), files_of(tmp_path / "en")
    assert default.keys() == english.keys()
    assert default["course.yaml"] == english["course.yaml"].replace(b"id: en\n", b"id: default\n")
    assert {k: v for k, v in default.items() if k != "course.yaml"} == {
        k: v for k, v in english.items() if k != "course.yaml"
    }
    assert b"language: en\n" in default["course.yaml"]
    assert b"title: My first course\n" in default["course.yaml"]
    assert b"    weight: 2 " in default["check/quiz.yaml"]


def test_new_refuses_a_language_without_an_example_course(tmp_path: Path) -> None:
    result = run_cli("new", str(tmp_path / "c"), "--language", "de")

    assert result.exit_code == 2
    assert "Invalid value for '--language': 'de': the example course exists in en, fr" in (
        result.output
    )
    assert not (tmp_path / "c").exists()


def test_readme_walk_through_shows_what_validate_prints(tmp_path: Path) -> None:
    course = tmp_path / "mon-cours"
    assert run_cli("new", str(course), "--language", "fr").exit_code == 0
    quiz = course / "evaluation" / "quiz.yaml"
    text = quiz.read_text("utf-8")
    assert text.count("answer: true ") == 1
    quiz.write_text(text.replace("answer: true ", "answer: vrai "), "utf-8")

    result = run_cli("validate", str(course))

    assert result.exit_code == 1
    shown = "".join(f"   {line}\n" for line in result.output.splitlines())
    assert f"   ```\n{shown}   ```\n" in (REPO / "README.md").read_text("utf-8")


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")

    result = run_cli("new", str(tmp_path))

    assert result.exit_code == 1
    assert "exists and is not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_internal_error_is_one_line_and_exit_3(
    make_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("scorm_builder.building.check", broken)

    result = run_cli("validate", str(make_course()))

    assert result.exit_code == 3
    assert result.output == (
        "scorm-builder: internal error: RuntimeError: boom "
        "(this is a bug; rerun with --debug for the details)\n"
    )


def test_every_command_has_help() -> None:
    for command in ("validate", "build", "schema", "new"):
        result = run_cli(command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_python_m_entry_point_reports_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scorm_builder", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("scorm-builder, version ")


def test_wheel_ships_every_template_and_the_scaffold(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "-o",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("scorm_builder-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())

    theme = {
        f"scorm_builder/templates/{p.relative_to(REPO / 'templates').as_posix()}"
        for p in (REPO / "templates").rglob("*")
        if p.is_file()
    }
    scaffold = {
        f"scorm_builder/scaffold/{p.relative_to(REPO / 'scorm_builder/scaffold').as_posix()}"
        for p in (REPO / "scorm_builder" / "scaffold").rglob("*")
        if p.is_file()
    }
    assert theme and theme <= shipped
    assert scaffold <= shipped
