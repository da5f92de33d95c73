"""`scorm-builder import`: a Markdown outline becomes a course folder that validates.

The files are written into a new hidden folder beside DIR, checked as `validate` would, then
renamed into place: a failure leaves no half-written course, and an existing folder is
replaced only with --force.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import click

from scorm_builder.commands.options import echo_warnings
from scorm_builder.commands.validate import summary
from scorm_builder.diagnostics import Diagnostic
from scorm_builder.exceptions import CourseError, OutlineError, ScormBuilderError


@click.command("import")
@click.argument("outline", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--language",
    help="Language of the course (BCP 47, e.g. fr); detected from the text when absent.",
)
@click.option("--force", is_flag=True, help="Replace DIRECTORY and everything in it.")
def import_command(outline: Path, directory: Path, language: str | None, force: bool) -> None:
    """Make a course folder DIRECTORY from the Markdown OUTLINE: '#' the course title, '##'
    the modules, '###' the pages, the text under each heading its page text, verbatim.

    What needed a decision is listed as OUTLINE:line:column: warning: what was done.
    """
    # The pipeline is imported when the verb runs: see scorm_builder/commands/__init__.py.
    from scorm_builder.importing import course_files, import_outline
    from scorm_builder.structure.files import slugify

    check_language(language)
    refuse_target(outline, directory, force)
    shown = str(outline)
    try:
        data = outline.read_bytes()
    except OSError as error:
        message = f"cannot be read: {error.strerror or error}"
        raise OutlineError(Diagnostic(shown, 1, 1, message)) from error
    imported = import_outline(shown, data, language)
    course_id = slugify(directory.resolve().name) or slugify(imported.title) or "course"
    files = course_files(imported, course_id, outline.name)
    echo_warnings(imported.warnings)
    course = write_course(directory, files)
    click.echo(f"imported {outline} into {directory}: {course}")


def check_language(language: str | None) -> None:
    from scorm_builder.importing import supported_languages

    supported = supported_languages()
    if language is not None and language.split("-")[0].lower() not in supported:
        raise click.BadParameter(
            f"'{language}': the interface text exists in {', '.join(supported)}",
            param_hint="'--language'",
        )


def refuse_target(outline: Path, directory: Path, force: bool) -> None:
    """Raise when DIRECTORY cannot be written: a file, a link, or not empty without --force."""
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise ScormBuilderError(f"{directory} is not a folder: choose a new folder")
    if not directory.exists() or not any(directory.iterdir()):
        return
    if not force:
        raise ScormBuilderError(
            f"{directory} exists and is not empty: choose a new folder, or add --force to "
            "replace it"
        )
    if outline.resolve().is_relative_to(directory.resolve()):
        raise ScormBuilderError(
            f"{outline} is inside {directory}: --force would delete it; choose another folder"
        )


def write_course(directory: Path, files: dict[str, str]) -> str:
    """Write the course into a new folder beside `directory`, check it, rename it into place,
    and return its summary."""
    from scorm_builder.building import check

    parent = directory.absolute().parent
    staging = parent / f".{directory.absolute().name}.{os.getpid()}.{secrets.token_hex(4)}.part"
    try:
        staging.mkdir(parents=True)
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        try:
            loaded = check(staging)
        except CourseError as error:
            problems = "; ".join(str(d) for d in error.diagnostics[:3])
            raise RuntimeError(f"the imported course does not validate: {problems}") from error
        replace_folder(staging, directory)
    except OSError as error:
        raise ScormBuilderError(f"cannot write {directory}: {error.strerror or error}") from error
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return summary(loaded.course)


def replace_folder(staging: Path, directory: Path) -> None:
    """Rename `staging` to `directory`; an existing folder is set aside, then deleted."""
    if not directory.exists() or not any(directory.iterdir()):
        staging.replace(directory)
        return
    aside = staging.with_suffix(".old")
    directory.rename(aside)
    try:
        staging.rename(directory)
    except OSError:
        aside.rename(directory)
        raise
    shutil.rmtree(aside)
