"""Start-up: the answers that do no work (`--version`, `--help`, usage errors) load only click.

Their time is measured by benchmarks/startup.py, never here (the machine is shared and
noisy): these tests guard the structure that makes them fast, and that the verbs listed
without being imported are listed as click would list them imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tests.course_fixtures import run_cli

# The pipeline's libraries, each 10 to 100 ms to import, and importlib.metadata (25 ms).
HEAVY = (
    "pydantic",
    "lxml",
    "jinja2",
    "markdown_it",
    "ruamel",
    "watchfiles",
    "pygments",
    "importlib.metadata",
)

# In a fresh interpreter: imports the command line, runs it with the arguments after the
# first if any, then writes the heavy modules loaded as JSON to the file named by the first.
LOADED_BY = f"""
import json, sys
from scorm_builder.cli import main
out, sys.argv[1:] = sys.argv[1], sys.argv[2:]
if sys.argv[1:]:
    try:
        main()
    except SystemExit:
        pass
heavy = [m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in {HEAVY!r})]
with open(out, "w") as file:
    json.dump(sorted(heavy), file)
"""


def verb_names() -> list[str]:
    from scorm_builder.cli import cli

    return cli.list_commands(click.Context(cli))


def loaded_command(name: str) -> click.Command:
    """Return the verb `name`, its module imported."""
    from scorm_builder.cli import cli

    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.name == name
    return command


def heavy_modules_loaded(tmp_path: Path, *args: str) -> list[str]:
    out = tmp_path / "loaded.json"
    subprocess.run(
        [sys.executable, "-c", LOADED_BY, str(out), *args], capture_output=True, check=True
    )
    loaded: list[str] = json.loads(out.read_text())
    return loaded


@pytest.mark.parametrize(
    "args",
    [
        [],  # only `import scorm_builder.cli`
        ["--version"],
        ["--help"],
        ["biuld"],
        ["--bogus"],
        ["build", "--bogus"],
        *([verb, "--help"] for verb in verb_names()),
    ],
    ids=lambda args: " ".join(args) or "import",
)
def test_answers_that_do_no_work_load_no_heavy_module(tmp_path: Path, args: list[str]) -> None:
    assert heavy_modules_loaded(tmp_path, *args) == []


def test_a_verb_that_runs_still_loads_what_it_needs(tmp_path: Path) -> None:
    assert "pydantic" in heavy_modules_loaded(tmp_path, "schema", "page")


def test_each_listed_help_is_the_verbs_own_docstring() -> None:
    from scorm_builder.cli import VERBS

    for name, verb in VERBS.items():
        assert verb.short_help == loaded_command(name).get_short_help_str(limit=1000), name


def test_every_verb_module_is_listed() -> None:
    from scorm_builder.cli import VERBS

    modules = sorted(
        p.stem for p in (Path(__file__).parents[1] / "scorm_builder/commands").glob("*.py")
    )
    listed = sorted(verb.module.rsplit(".", 1)[1] for verb in VERBS.values())

    assert modules == sorted(["__init__", "options", *listed])


@pytest.mark.parametrize("width", [50, 80, 200])
def test_help_lists_the_verbs_as_click_lists_them_loaded(width: int) -> None:
    from scorm_builder.cli import cli

    context = click.Context(cli, terminal_width=width)
    loaded = click.Group(commands=[loaded_command(name) for name in verb_names()])
    lazy_listing, loaded_listing = context.make_formatter(), context.make_formatter()
    cli.format_commands(context, lazy_listing)
    loaded.format_commands(context, loaded_listing)

    assert lazy_listing.getvalue().startswith("Commands:\n  build ")
    assert lazy_listing.getvalue() == loaded_listing.getvalue()


def test_a_mistyped_verb_is_a_usage_error_with_a_suggestion() -> None:
    result = run_cli("biuld")

    assert result.exit_code == 2
    assert result.output.endswith("Error: No such command 'biuld'. Did you mean 'build'?\n")
