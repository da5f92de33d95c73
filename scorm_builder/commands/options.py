"""Arguments shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from scorm_builder.diagnostics import Diagnostic

F = TypeVar("F", bound=Callable[..., Any])

course_dir_argument = click.argument(
    "course_dir",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)


def output_option(description: str) -> Callable[[F], F]:
    """Return the `-o/--output FILE` option of a command that writes one file."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=description
    )


templates_option = click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of templates that override the default theme (and the course's own).",
)


single_sco_option = click.option(
    "--single-sco",
    is_flag=True,
    help="Package the whole course as one SCO with a module menu inside (for LMSs that launch "
    "only the first item), as 'single_sco: true' in course.yaml does.",
)


def echo_warnings(warnings: list[Diagnostic]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)
