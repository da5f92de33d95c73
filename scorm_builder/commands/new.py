"""`scorm-builder new`: start a course from a small example that validates and builds."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import click

from scorm_builder.exceptions import ScormBuilderError

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
SCAFFOLD_ID_LINE = "id: my-course\n"


@click.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new_command(directory: Path) -> None:
    """Write an example course (two modules, a quiz) into DIRECTORY, which must not exist."""
    # The pipeline is imported when the verb runs: see scorm_builder/commands/__init__.py.
    from scorm_builder.structure.files import slugify

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScormBuilderError(f"{directory} exists and is not empty: choose a new folder")
    try:
        shutil.copytree(SCAFFOLD, directory, dirs_exist_ok=True)
        course_file = directory / "course.yaml"
        course_id = slugify(directory.resolve().name) or "my-course"
        text = course_file.read_text("utf-8").replace(SCAFFOLD_ID_LINE, f"id: {course_id}\n")
        course_file.write_text(text, "utf-8")
    except OSError as error:
        raise ScormBuilderError(f"cannot write {directory}: {error.strerror or error}") from error
    shown = shlex.quote(str(directory))
    click.echo(f"created {directory}: edit it, then run: scorm-builder build {shown}")
