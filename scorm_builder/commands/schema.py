"""`scorm-builder schema`: the JSON Schema of each kind of course file, from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pydantic import BaseModel

KINDS = ("course", "module", "quiz", "page", "glossary")
"""The kinds of course file, named without their models: listing them must not import them."""


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one kind of course file."""
    # The models are imported when the verb runs: see scorm_builder/commands/__init__.py.
    from scorm_builder.structure.files import (
        CourseFile,
        GlossaryFile,
        ModuleFile,
        PageFrontMatter,
        QuizFile,
    )

    model: dict[str, type[BaseModel]] = {
        "course": CourseFile,
        "module": ModuleFile,
        "quiz": QuizFile,
        "page": PageFrontMatter,
        "glossary": GlossaryFile,
    }
    schema = model[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


@click.command("schema")
@click.argument("kind", type=click.Choice(KINDS), default="course")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write every schema as <kind>.schema.json in this folder instead of printing one.",
)
def schema_command(kind: str, output_dir: Path | None) -> None:
    """Print the JSON Schema of a course file: course, module, quiz or page (front matter)."""
    if output_dir is None:
        click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
        return
    output_dir.mkdir(parents=True, exist_ok=True)
    for name in KINDS:
        path = output_dir / f"{name}.schema.json"
        path.write_text(json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n", "utf-8")
        click.echo(f"wrote {path}")
