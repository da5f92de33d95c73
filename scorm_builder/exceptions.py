"""The one family of errors the tool reports to users, rooted in `click.ClickException`.

Stages raise these; the command line prints them without a traceback and exits non-zero.
"""

from __future__ import annotations

from typing import IO, Any

import click

from scorm_builder.diagnostics import Diagnostic


class ScormBuilderError(click.ClickException):
    """A problem the user can fix; shown as one message, exit status 1."""


class CourseError(ScormBuilderError):
    """The course has errors: every one of them, each at its `path:line:column`."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        errors = sum(d.severity == "error" for d in self.diagnostics)
        super().__init__(f"{errors} error{'s' if errors != 1 else ''} in the course")

    def __reduce__(self) -> tuple[type[CourseError], tuple[list[Diagnostic]]]:
        # Raised in a worker process, it comes back pickled: made again from its diagnostics.
        return (type(self), (self.diagnostics,))

    def show(self, file: IO[Any] | None = None) -> None:
        for diagnostic in self.diagnostics:
            click.echo(str(diagnostic), file=file, err=True)
        click.echo(self.format_message(), file=file, err=True)


class BuildError(ScormBuilderError):
    """The course is valid but the package could not be written (disk, permissions...)."""


class OutlineError(ScormBuilderError):
    """An outline that cannot be imported: one problem at its `path:line:column`."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(diagnostic.message)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(str(self.diagnostic), file=file, err=True)
