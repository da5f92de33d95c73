"""What every component shares: the shape of a component, of its problems, and its helpers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Problem:
    """What is wrong in a component, at a 0-based body line and a 1-based column."""

    line: int
    column: int
    message: str


class Component(Protocol):
    """A module that adds one kind of rich content to pages."""

    def extend(self, md: MarkdownIt) -> None:
        """Add the component's block rule and render rules to `md`."""

    def problems(self, tokens: list[Token], lines: list[str]) -> list[Problem]:
        """Return what is wrong in the component's uses in parsed `tokens` of text `lines`."""
        ...


def column_of(line: str, text: str) -> int:
    """Return the 1-based column of `text` in `line`, or 1 when it is not there verbatim."""
    return line.find(text) + 1 if text in line else 1


def source_line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def interface_string(env: Mapping[str, Any], key: str) -> str:
    """Return the interface string `key` of the course's language, from a render's env."""
    return str(env["strings"][key])
