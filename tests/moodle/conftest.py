"""The real Moodle of ../shared/moodle for the whole session (set up once, always stopped), one
Chromium and one logged-in student shared by every Moodle test, and the time each part took."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scorm_builder.cli import cli
from tests.browser.lms_harness import ROOT
from tests.course_fixtures import skip_or_fail
from tests.moodle.moodle import GRADEBOOK, MOODLE_DIR, MOODLE_SH, Learner, build_zip, moodle_sh

HERE = Path(__file__).resolve().parent
TIMINGS: dict[str, float] = {}
TIMINGS_FILE = ROOT / "tests" / "artifacts" / "moodle-timings.json"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.moodle)
            item.add_marker(pytest.mark.browser)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Each Moodle test's time, set-up (the session's Moodle, browser, login) included."""
    if report.nodeid.startswith("tests/moodle/"):
        name = report.nodeid.split("::", 1)[1]
        TIMINGS[name] = TIMINGS.get(name, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TIMINGS:
        return
    lines = [f"{seconds:7.1f} s  {name}" for name, seconds in TIMINGS.items()]
    lines.append(f"{sum(TIMINGS.values()):7.1f} s  in all")
    terminalreporter.write_sep("-", "Moodle tests: measured durations")
    for line in lines:
        terminalreporter.write_line(line)
    for learner, grades in GRADEBOOK.items():
        shown = ", ".join(f"{method} {grade}" for method, grade in grades.items())
        terminalreporter.write_line(f"gradebook of course/, {learner}: {shown}")
    TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS_FILE.write_text(
        json.dumps({"seconds": TIMINGS, "gradebook": GRADEBOOK}, indent=2) + "\n", encoding="utf-8"
    )


@pytest.fixture(scope="session")
def moodle() -> Iterator[str]:
    """Moodle set up and running (moodle.sh setup is idempotent); stopped at the end of the
    session whatever happened, even when the set-up itself failed."""
    if not MOODLE_SH.is_file():
        skip_or_fail(f"no Moodle at {MOODLE_DIR} (a clone without ../shared/moodle)")
    started = time.perf_counter()
    try:
        moodle_sh("setup")
        TIMINGS["moodle.sh setup"] = time.perf_counter() - started
        yield moodle_sh("url").strip()
    finally:
        stopping = time.perf_counter()
        moodle_sh("stop")
        TIMINGS["moodle.sh stop"] = time.perf_counter() - stopping


@pytest.fixture(scope="session")
def student(moodle: str, chromium: Any) -> Iterator[Learner]:
    """One browser page, logged in as `student`, for every Moodle test."""
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    learner = Learner(context.new_page(), moodle)
    learner.page.on("pageerror", lambda error: learner.console.append(str(error)))
    learner.log_in()
    yield learner
    context.close()


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("moodle")


@pytest.fixture(scope="session")
def devops_zip(packages: Path) -> Path:
    """The DevOps course of course/."""
    return build_zip(ROOT / "course", packages)


@pytest.fixture(scope="session")
def scaffold_zip(packages: Path) -> Path:
    """The course `scorm-builder new` writes."""
    course = packages / "my-course"
    result = CliRunner().invoke(cli, ["new", str(course)])
    assert result.exit_code == 0, result.output
    return build_zip(course, packages)


@pytest.fixture(scope="session")
def options_zip(packages: Path) -> Path:
    """The course that uses every quiz option (tests/moodle/fixtures/options)."""
    return build_zip(HERE / "fixtures" / "options", packages)
