"""Runs the runtime's JavaScript unit tests (tests/js/) with Node's built-in test runner."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from scorm_builder.structure.files import FILL_IN_MAX_LENGTH
from tests.course_fixtures import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
LOGIC = ROOT / "templates" / "static" / "sco-logic.js"


def test_node_unit_tests_pass() -> None:
    if shutil.which("node") is None:
        skip_or_fail("node is not installed: the runtime's JS unit tests cannot run")
    result = subprocess.run(
        ["node", "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"^# pass [1-9]", result.stdout, re.MULTILINE), result.stdout[-2000:]


def test_python_bound_and_runtime_agree_on_the_fill_in_length() -> None:
    declared = re.search(r"const FILL_IN_MAX_LENGTH = (\d+);", LOGIC.read_text(encoding="utf-8"))
    assert declared is not None
    assert int(declared[1]) == FILL_IN_MAX_LENGTH
