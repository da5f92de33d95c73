"""`scorm-builder new`: start a course from a small example that validates and builds."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click

from scorm_builder.exceptions import ScormBuilderError

SCAFFOLDS = Path(__file__).resolve().parent.parent / "scaffold"
"""One example course per language, in a folder named by its language tag."""
ID_LINE = re.compile(r"^id: .*$", re.MULTILINE)


def scaffold_languages() -> list[str]:
    """Return the languages an example course is written in, sorted."""
    return sorted(p.name for p in SCAFFOLDS.iterdir() if (p / "course.yaml").is_file())


def check_scaffold_language(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    available = scaffold_languages()
    if value not in available:
        raise click.BadParameter(
            f"'{value}': the example course exists in {', '.join(available)}",
            param_hint="'--language'",
        )
    return value


@click.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--language",
    default="en",
    show_default=True,
    callback=check_scaffold_language,
    help=f"Language of the example course and of its interface: {', '.join(scaffold_languages())}.",
)
def new_command(directory: Path, language: str) -> None:
    """Write an example course (two modules, a quiz) into DIRECTORY, which must not exist."""
    # The pipeline is imported when the verb runs: see scorm_builder/commands/__init__.py.
    from scorm_builder.structure.files import slugify

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScormBuilderError(f"{directory} exists and is not empty: choose a new folder")
    try:
        shutil.copytree(SCAFFOLDS / language, directory, dirs_exist_ok=True)
        course_file = directory / "course.yaml"
        course_id = slugify(directory.resolve().name) or "my-course"
        text = ID_LINE.sub(f"id: {course_id}", course_file.read_text("utf-8"), count=1)
        course_file.write_text(text, "utf-8")
    except OSError as error:
        raise ScormBuilderError(f"cannot write {directory}: {error.strerror or error}") from error
    shown = shlex.quote(str(directory))
    click.echo(f"created {directory}: edit it, then run: scorm-builder build {shown}")
