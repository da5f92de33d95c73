"""`scorm-builder review`: the whole course as one document for reviewers, and its PDF."""

from __future__ import annotations

from pathlib import Path

import click

from scorm_builder.commands.options import (
    course_dir_argument,
    echo_warnings,
    output_option,
    templates_option,
)
from scorm_builder.commands.validate import summary


@click.command("review")
@course_dir_argument
@output_option("HTML file to write (default: dist/<course-id>-<version>-review.html).")
@click.option(
    "--pdf",
    is_flag=True,
    help="Also print it to PDF beside it (same name, .pdf) with headless Chromium.",
)
@templates_option
def review_command(
    course_dir: Path, output: Path | None, pdf: bool, templates: Path | None
) -> None:
    """Write the course in COURSE_DIR as one self-contained HTML document for reviewers.

    Every module, page and quiz in order, the right answers marked, each part labelled with
    its source file and line; print-ready on A4. The course is checked first, as validate
    does.
    """
    # The pipeline is imported when the verb runs: see scorm_builder/commands/__init__.py.
    from scorm_builder.reviewing import write_review

    review = write_review(course_dir, output, templates, pdf)
    echo_warnings(review.warnings)
    click.echo(f"wrote {review.html}: {summary(review.course)}")
    if review.pdf is not None:
        click.echo(f"printed {review.pdf}")
