"""`scorm-builder preview`: the course in a strict LMS page on 127.0.0.1, rebuilt on change."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scorm_builder.commands.options import course_dir_argument
from scorm_builder.exceptions import ScormBuilderError
from scorm_builder.preview import HOST

if TYPE_CHECKING:
    from scorm_builder.preview.site import Build


def echo_build(build: Build) -> None:
    if build.problems:
        for problem in build.problems:
            click.echo(problem, err=True)
        click.echo("the course does not build: the page shows why; fix and save", err=True)
        return
    for warning in build.warnings:
        click.echo(warning, err=True)
    click.echo(f"built {build.title}: {len(build.scos)} SCOs")


def echo_error(message: str) -> None:
    click.echo(message, err=True)


@click.command("preview")
@course_dir_argument
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default="a free port",
    help=f"Port to listen on, on {HOST} only.",
)
@click.option("--no-open", is_flag=True, help="Do not open the page in a browser.")
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file of the learner's data (default: one per course in your cache folder).",
)
def preview_command(course_dir: Path, port: int, no_open: bool, state: Path | None) -> None:
    """Preview the course in COURSE_DIR as a learner in an LMS sees it.

    A local page shows the modules, each launched in a frame with a strict SCORM 1.2 API,
    every call the module makes and the learner's data. Saving a file rebuilds the course
    and reloads the module. Stop with Ctrl-C.
    """
    # Imported here: the other verbs need neither the server nor the file watcher.
    from scorm_builder.preview.learners import default_state_file
    from scorm_builder.preview.server import Preview

    if not course_dir.is_dir():
        raise ScormBuilderError(f"{course_dir}: no such course folder")
    state_file = state or default_state_file(course_dir)
    try:
        preview = Preview(course_dir, state_file, port, echo_build, echo_error)
    except OSError as error:
        raise ScormBuilderError(f"cannot listen on {HOST}:{port}: {error.strerror}") from error
    if preview.learners.problem:
        click.echo(preview.learners.problem, err=True)
    click.echo(f"preview at {preview.url} (learner data in {state_file}); Ctrl-C to stop")
    try:
        if not no_open:
            webbrowser.open(preview.url)
        preview.run()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        preview.close()
