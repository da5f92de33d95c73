"""`.ci/run` runs README's two fresh-machine commands as README writes them (issue 15).

It reads them from README's blocks marked `<!-- ci: install -->` and `<!-- ci: test -->`: if a
mark disappears, or a fresh-machine command is changed or added outside them, CI would stop
running what a new user runs, and these tests fail.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTRACTOR = ROOT / ".ci" / "readme_commands.py"
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_commands", EXTRACTOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fresh_machine_blocks() -> list[str]:
    """Return the ```sh blocks of README's "On a fresh machine" section, as written."""
    section = README.split("## On a fresh machine\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.DOTALL)


def test_readme_marks_each_fresh_machine_command_and_only_those() -> None:
    commands = extractor().marked_commands(README)

    assert commands == {
        "install": "python3 -m venv .venv && . .venv/bin/activate && pip install . "
        "&& scorm-builder build course",
        "test": "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' "
        "&& npm ci && python -m pytest",
    }
    # The first two blocks of the section are the marked ones, word for word: a command that a
    # new user copies is the command CI runs.
    assert [block.strip() for block in fresh_machine_blocks()[:2]] == list(commands.values())


def test_ci_runs_the_marked_commands_and_no_copy_of_them() -> None:
    assert "INSTALL=$(python3 .ci/readme_commands.py install)" in CI_RUN
    assert "TEST=$(python3 .ci/readme_commands.py test)" in CI_RUN
    assert '(cd "$FRESH" && env -u VIRTUAL_ENV bash -euo pipefail -c "$INSTALL")' in CI_RUN
    assert 'env -u VIRTUAL_ENV bash -euo pipefail -c "$TEST"' in CI_RUN
    # Its own installs would hide a README command that no longer works.
    assert "pip install" not in CI_RUN
    assert "npm ci" not in CI_RUN
    assert "python -m pytest" not in CI_RUN


def test_the_extractor_prints_a_command_as_written() -> None:
    result = subprocess.run(
        [sys.executable, str(EXTRACTOR), "install"], capture_output=True, text=True, check=True
    )

    assert result.stdout == extractor().marked_commands(README)["install"] + "\n"


@pytest.mark.parametrize(
    ("readme", "error"),
    [
        (
            "<!-- ci: install -->\n\n```sh\nmake\n```\n",
            "the mark 'install' is not right before a ```sh block",
        ),
        (
            "<!-- ci: test -->\n```sh\nmake\nmake test\n```\n",
            "the block marked 'test' must hold one command line",
        ),
        (
            "<!-- ci: test -->\n```sh\nmake\n```\n<!-- ci: test -->\n```sh\nmake\n```\n",
            "two blocks are marked 'test'",
        ),
    ],
)
def test_a_mark_ci_cannot_read_is_an_error(readme: str, error: str) -> None:
    module = extractor()

    with pytest.raises(module.MarkError, match=re.escape(error)):
        module.marked_commands(readme)


def test_a_command_readme_does_not_mark_stops_ci() -> None:
    result = subprocess.run(
        [sys.executable, str(EXTRACTOR), "deploy"], capture_output=True, text=True, check=False
    )

    assert result.returncode == 1
    assert result.stderr == "error: README.md marks no command 'deploy' (<!-- ci: deploy -->)\n"
