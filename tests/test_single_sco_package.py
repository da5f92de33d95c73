"""`build --single-sco`: the whole course as one SCO behind a module menu, for LMSs that launch
only the first item of a package; its manifest, its files and its learner-state bound."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from scorm_builder.loading import load_course
from scorm_builder.rendering import menu_modules
from scorm_builder.structure.suspend import worst_case_course_state_length
from tests.course_fixtures import VALID_COURSE, run_cli, skip_or_fail
from tests.test_build import DEVOPS_COURSE, NS, REPO, manifest_of

SINGLE = VALID_COURSE["course.yaml"].replace("modules:", "single_sco: true\n        modules:")


def build_single(course: Path, target: Path, *flags: str) -> Path:
    result = run_cli("build", str(course), "-o", str(target), *flags)
    assert result.exit_code == 0, result.output
    assert " 1 SCOs, " in result.output
    return target


def test_one_sco_launches_the_menu_and_holds_every_module(
    scorm_schema: etree.XMLSchema, make_course: Callable[..., Path], tmp_path: Path
) -> None:
    package = build_single(make_course(), tmp_path / "one.zip", "--single-sco")
    manifest = manifest_of(package)
    assert scorm_schema.validate(manifest), scorm_schema.error_log
    items = manifest.findall(".//cp:item[@identifierref]", NS)
    assert [item.get("identifierref") for item in items] == ["RES-demo"]
    # The course decides pass or fail from its graded modules: no mastery score for the LMS
    # to turn a score into a status with.
    assert manifest.find(".//adlcp:masteryscore", NS) is None
    resource = manifest.find(".//cp:resource[@identifier='RES-demo']", NS)
    assert resource is not None
    assert resource.get("href") == "course_menu.html"
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    files = [f.get("href") for f in resource.findall("cp:file", NS)]
    assert files == ["course_menu.html", "assessment.html", "intro.html", "media/assets/pic.svg"]
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        menu = archive.read("course_menu.html").decode()
    assert {"shared/course-runtime.js", "shared/lms-session.js", *files} <= names
    assert 'href="intro.html"' in menu and 'href="assessment.html"' in menu


def test_the_course_file_key_and_the_flag_give_the_same_package(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    by_key = build_single(make_course({"course.yaml": SINGLE}), tmp_path / "key.zip")
    by_flag = build_single(make_course(name="flag"), tmp_path / "flag.zip", "--single-sco")
    assert by_key.read_bytes() == by_flag.read_bytes()


def test_the_devops_course_builds_as_one_sco(scorm_schema: etree.XMLSchema, tmp_path: Path) -> None:
    manifest = manifest_of(build_single(DEVOPS_COURSE, tmp_path / "devops.zip", "--single-sco"))
    assert scorm_schema.validate(manifest), scorm_schema.error_log
    assert len(manifest.findall(".//cp:item[@identifierref]", NS)) == 1


def test_a_course_whose_whole_state_cannot_fit_is_refused_at_its_key(
    make_course: Callable[..., Path],
) -> None:
    fill_ins = "questions:\n" + "  - type: fill-in\n    prompt: p\n    accepted: [a]\n" * 35
    files = {
        "course.yaml": SINGLE,
        "assessment/quiz.yaml": fill_ins,
        "intro/module.yaml": "title: Intro\npages: [one.md, two.md]\nquiz: quiz.yaml\n",
        "intro/quiz.yaml": fill_ins,
    }
    course = make_course(files)
    result = run_cli("validate", str(course))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "course.yaml:5:13: error: a learner's state in the whole course, packaged as one SCO, "
        "could take 4623 characters, more than the 4096 SCORM 1.2 allows: package one SCO per "
        "module, or shorten the quizzes"
    )
    # Each module fits on its own: one SCO per module builds.
    plain = make_course({**files, "course.yaml": VALID_COURSE["course.yaml"]}, name="plain")
    assert run_cli("validate", str(plain)).exit_code == 0
    flagged = run_cli("validate", "--single-sco", str(plain))
    assert flagged.exit_code == 1
    assert flagged.output.startswith("course.yaml:1:1: error: a learner's state in the whole")


MENU_ENCODER = """
const L = require("./templates/static/sco-logic.js");
const C = require("./templates/static/course-logic.js");
const course = JSON.parse(require("fs").readFileSync(0, "utf8"));
// The worst state: every module begun, a status, a score of 100, the longest state it writes.
const records = course.modules.map((m) => ({
  status: "incomplete",
  score: 100,
  state: `2.${L.moduleKey({ course: course.course, module: m.id })}.`.padEnd(m.longest, "x"),
}));
process.stdout.write(String(C.encodeCourse(course, { records, current: course.modules.length - 1 }).length));
"""


@pytest.mark.parametrize("modules", [1, 2, 64, 65])
def test_the_bound_is_what_the_menu_writes_for_the_worst_state(
    make_course: Callable[..., Path], modules: int
) -> None:
    if shutil.which("node") is None:
        skip_or_fail("node is not installed: the menu's encoder cannot run")
    ids = [f"m{n}" for n in range(modules)]
    files: dict[str, str | bytes | None] = {name: None for name in VALID_COURSE}
    files["course.yaml"] = f'title: T\nlanguage: en\nversion: "1"\nmodules: [{", ".join(ids)}]\n'
    files["assets/pic.svg"] = None
    for n, module in enumerate(ids):
        quiz = "quiz: quiz.yaml\n" if n == 0 else ""
        files[f"{module}/module.yaml"] = f"title: M{n}\npages: [p.md]\n{quiz}"
        files[f"{module}/p.md"] = "---\ntitle: P\n---\nText.\n"
        files[f"{module}/quiz.yaml"] = VALID_COURSE["assessment/quiz.yaml"] if n == 0 else None
    course = load_course(make_course(files), single_sco=True).course
    data = {"course": course.id, "modules": menu_modules(course)}
    written = subprocess.run(
        ["node", "-e", MENU_ENCODER],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert int(written.stdout) == worst_case_course_state_length(course)
