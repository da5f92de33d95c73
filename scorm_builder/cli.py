"""The command line: a click group whose verbs live in `scorm_builder.commands`.

Exit statuses, distinct so that scripts can tell them apart:

- 0: done;
- 1: the course or the build has problems the user can fix (`ScormBuilderError`, shown
  without a traceback);
- 2: the command line itself is wrong (click's usage errors);
- 3: a bug of the tool: one line, the whole traceback with `--debug`.

A verb's module is imported only when that verb runs or shows its own help: `--version`,
`--help` and usage errors load click alone, not the pipeline's libraries (pydantic, lxml,
Jinja2, markdown-it, ruamel.yaml: 6x the time of importing click, issue 14).
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple, cast

import click

from scorm_builder import __version__

INTERNAL_ERROR_EXIT = 3
"""Not 2, which click gives to usage errors."""


class Verb(NamedTuple):
    """Where a verb's click command is, and its line in `--help` (tests keep it the same as
    the first sentence of the command's docstring)."""

    module: str
    command: str
    short_help: str


VERBS = {
    "build": Verb(
        "scorm_builder.commands.build",
        "build_command",
        "Build the SCORM 1.2 package of the course in COURSE_DIR (default: the current folder).",
    ),
    "import": Verb(
        "scorm_builder.commands.import_outline",
        "import_command",
        "Make a course folder DIRECTORY from the Markdown OUTLINE: '#' the course title, '##' "
        "the modules, '###' the pages, the text under each heading its page text, verbatim.",
    ),
    "new": Verb(
        "scorm_builder.commands.new",
        "new_command",
        "Write an example course (two modules, a quiz) into DIRECTORY, which must not exist.",
    ),
    "preview": Verb(
        "scorm_builder.commands.preview",
        "preview_command",
        "Preview the course in COURSE_DIR as a learner in an LMS sees it.",
    ),
    "review": Verb(
        "scorm_builder.commands.review",
        "review_command",
        "Write the course in COURSE_DIR as one self-contained HTML document for reviewers.",
    ),
    "schema": Verb(
        "scorm_builder.commands.schema",
        "schema_command",
        "Print the JSON Schema of a course file: course, module, quiz or page (front matter).",
    ),
    "validate": Verb(
        "scorm_builder.commands.validate",
        "validate_command",
        "Check the course in COURSE_DIR (default: the current folder).",
    ),
}


class Cli(click.Group):
    """A group of lazily imported verbs that turns unexpected exceptions into a one-line
    report."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(VERBS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        verb = VERBS.get(cmd_name)
        if verb is None:
            return None
        return cast(click.Command, getattr(importlib.import_module(verb.module), verb.command))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List every verb with its line from `VERBS`, shortened as click shortens a command's
        help (a stand-in command of that help): without importing any verb."""
        limit = formatter.width - 6 - max(map(len, VERBS))
        rows = [
            (name, click.Command(name, help=VERBS[name].short_help).get_short_help_str(limit))
            for name in self.list_commands(ctx)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            # click suggests close names from `self.commands`, which stays empty here.
            raise click.exceptions.NoSuchCommand(
                error.command_name, possibilities=VERBS, ctx=ctx
            ) from None

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


def main() -> None:
    cli(prog_name="scorm-builder")
