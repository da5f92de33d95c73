"""`scorm-builder validate`: report every problem of a course, or one summary line."""

from __future__ import annotations

from pathlib import Path

import click

from scorm_builder.commands.options import course_dir_argument, echo_warnings
from scorm_builder.loading import load_course
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
def validate_command(course_dir: Path) -> None:
    """Check the course in COURSE_DIR (default: the current folder).

    Every problem is reported as path:line:column: message, then the exit status is 1.
    """
    loaded = load_course(course_dir)
    echo_warnings(loaded.warnings)
    click.echo(f"valid: {summary(loaded.course)}")
