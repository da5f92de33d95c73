"""`scorm-builder build`: validate the course, then write its SCORM 1.2 zip."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scorm_builder.commands.options import (
    course_dir_argument,
    echo_warnings,
    output_option,
    single_sco_option,
    templates_option,
)

if TYPE_CHECKING:
    from scorm_builder.packaging import Entry


@click.command("build")
@course_dir_argument
@output_option("Zip to write (default: dist/<course-id>-<version>-scorm12.zip).")
@templates_option
@single_sco_option
def build_command(
    course_dir: Path, output: Path | None, templates: Path | None, single_sco: bool
) -> None:
    """Build the SCORM 1.2 package of the course in COURSE_DIR (default: the current folder)."""
    # The pipeline is imported when the verb runs: see scorm_builder/commands/__init__.py.
    from scorm_builder.building import build

    progress = _progress_printer() if sys.stderr.isatty() else None
    result = build(course_dir, output, templates, progress, single_sco)
    if progress is not None:
        click.echo(err=True)
    echo_warnings(result.warnings)
    click.echo(
        f"built {result.path} ({result.size / 1_000_000:.1f} MB, {result.scos} SCOs, "
        f"{result.files} files) in {result.seconds:.2f} s"
    )


def _progress_printer() -> Callable[[Entry], None]:
    count = 0

    def show(entry: Entry) -> None:
        nonlocal count
        count += 1
        click.echo(f"\r{count} files packed ({entry.name[:50]:<50})", nl=False, err=True)

    return show
