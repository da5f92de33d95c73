"""`scorm-builder validate`: report every problem of a course, or one summary line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from scorm_builder.commands.options import (
    course_dir_argument,
    echo_warnings,
    single_sco_option,
    templates_option,
)

if TYPE_CHECKING:
    from scorm_builder.structure.course import Course


def summary(course: Course) -> str:
    """Return the one-line description of a valid course."""
    pages = sum(len(m.pages) for m in course.modules)
    questions = sum(len(m.quiz.questions) for m in course.modules if m.quiz)
    return (
        f"{course.id} {course.file.version}: {len(course.modules)} modules, {pages} pages, "
        f"{questions} questions, {len(course.assets)} assets"
    )


@click.command("validate")
@course_dir_argument
@templates_option
@single_sco_option
def validate_command(course_dir: Path, templates: Path | None, single_sco: bool) -> None:
    """Check the course in COURSE_DIR (default: the current folder).

    Every problem is reported as path:line:column: message, then the exit status is 1.
    The course is also rendered in memory, so a course that validates builds.
    """
    # The pipeline is imported when the verb runs: see scorm_builder/commands/__init__.py.
    from scorm_builder.building import check

    loaded = check(course_dir, templates, single_sco)
    echo_warnings(loaded.warnings)
    click.echo(f"valid: {summary(loaded.course)}")
