"""The command line: a click group whose verbs live in `scorm_builder.commands`.

Exit statuses, distinct so that scripts can tell them apart:

- 0: done;
- 1: the course or the build has problems the user can fix (`ScormBuilderError`, shown
  without a traceback);
- 2: the command line itself is wrong (click's usage errors);
- 3: a bug of the tool: one line, the whole traceback with `--debug`.
"""

from __future__ import annotations

from typing import Any

import click

from scorm_builder import __version__
from scorm_builder.commands.build import build_command
from scorm_builder.commands.import_outline import import_command
from scorm_builder.commands.new import new_command
from scorm_builder.commands.preview import preview_command
from scorm_builder.commands.review import review_command
from scorm_builder.commands.schema import schema_command
from scorm_builder.commands.validate import validate_command

INTERNAL_ERROR_EXIT = 3
"""Not 2, which click gives to usage errors."""


class Cli(click.Group):
    """A group that turns unexpected exceptions into a one-line report."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if ctx.meta.get("debug"):
                raise
            click.echo(
                f"scorm-builder: internal error: {type(error).__name__}: {error} "
                "(this is a bug; rerun with --debug for the details)",
                err=True,
            )
            ctx.exit(INTERNAL_ERROR_EXIT)


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scorm-builder")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build SCORM 1.2 packages from courses written in YAML and Markdown."""
    ctx.meta["debug"] = debug


cli.add_command(validate_command)
cli.add_command(build_command)
cli.add_command(schema_command)
cli.add_command(new_command)
cli.add_command(preview_command)
cli.add_command(import_command)
cli.add_command(review_command)


def main() -> None:
    cli(prog_name="scorm-builder")
