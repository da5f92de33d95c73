"""A small valid course written file by file, and the CLI runner, for every test module."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner, Result

from scorm_builder.cli import cli

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
XSD_DIR = SHARED / "scorm12-xsd"

VALID_COURSE: dict[str, str] = {
    "course.yaml": """\
        id: demo
        title: Demo course
        language: en
        version: "1.0"
        modules:
          - intro
          - assessment
        """,
    "intro/module.yaml": """\
        title: Intro
        objectives:
          - Know the basics
        pages:
          - one.md
          - two.md
        """,
    "intro/one.md": """\
        ---
        title: Page one
        ---
        Some text with a picture:

        ![A picture](../assets/pic.svg)

        See [the next page](two.md).
        """,
    "intro/two.md": """\
        ---
        title: Page two
        ---
        More text.
        """,
    "assessment/module.yaml": """\
        title: Assessment
        pages:
          - start.md
        quiz: quiz.yaml
        """,
    "assessment/start.md": """\
        ---
        title: Start
        ---
        Answer the questions.
        """,
    "assessment/quiz.yaml": """\
        pass_mark: 60
        questions:
          - id: pick-one
            type: single-choice
            prompt: Pick one
            choices:
              - text: Right
                correct: true
              - text: Wrong
          - id: pick-many
            type: multiple-choice
            prompt: Pick many
            choices:
              - text: A
                correct: true
              - text: B
                correct: true
              - text: C
          - id: judge
            type: true-false
            prompt: The sky is green.
            answer: false
          - id: type-it
            type: fill-in
            prompt: Type yes
            accepted: [yes please, "yes"]
          - id: order
            type: ordering
            prompt: Put in order
            items: [first, second, third]
          - id: match
            type: matching
            prompt: Match
            pairs:
              - left: one
                right: "1"
              - left: two
                right: "2"
        """,
    "assets/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n',
}


def write_course(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write the valid course with `files` replaced (None deletes a file) into `root`."""
    merged: dict[str, str | bytes | None] = {**VALID_COURSE, **files}
    for name, content in merged.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def skip_or_fail(reason: str) -> NoReturn:
    """Skip a test whose outside part is missing; in CI (CI set), that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it)")
    pytest.skip(reason)
