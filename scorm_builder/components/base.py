"""What every component shares: the shape of a component, of its problems, and its helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
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

    def attach(self, use: Use, find: Finder) -> Attached:
        """Return the course files that go with a used one, and what is wrong with its use."""
        ...


def walk(tokens: list[Token], line: int = 0) -> list[tuple[Token, int]]:
    """Return every token, in order, with its 0-based body line (inline tokens take their
    block's). A list, not nested generators: each page is walked five times, and a
    generator per inline token cost more than the walk's work."""
    found: list[tuple[Token, int]] = []
    _walk_into(tokens, line, found)
    return found


def _walk_into(tokens: list[Token], line: int, found: list[tuple[Token, int]]) -> None:
    for token in tokens:
        here = token.map[0] if token.map else line
        found.append((token, here))
        if token.children:
            _walk_into(token.children, here, found)


def column_of(line: str, text: str) -> int:
    """Return the 1-based column of `text` in `line`, or 1 when it is not there verbatim."""
    return line.find(text) + 1 if text in line else 1


def source_line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def interface_string(env: Mapping[str, Any], key: str) -> str:
    """Return the interface string `key` of the course's language, from a render's env."""
    return str(env["strings"][key])


@dataclass(frozen=True)
class Use:
    """A course file that a page shows (`![alt](name "title")`) or links to (`[text](name)`),
    found inside the course by the loader."""

    name: str
    """The file's name as the page writes it, relative to the page's folder."""
    title: str
    path: Path
    folder: Path
    """The page's folder, which names are relative to."""
    shown: bool
    language: str
    """The course's language, a BCP 47 tag."""


@dataclass(frozen=True)
class Attachment:
    """A course file that goes into the package with a used one: its captions, its poster."""

    path: Path
    role: str
    language: str = ""


@dataclass(frozen=True)
class Attached:
    """What a component attaches to a used course file, and what is wrong with its use."""

    files: tuple[Attachment, ...] = ()
    problems: tuple[str, ...] = ()


Finder = Callable[[str], "Path | None"]
"""Returns the course file a name relative to the page's folder names, or None once the
loader has told why it cannot be used (missing, outside the course...)."""


def nothing_attached(use: Use, find: Finder) -> Attached:
    """The `attach` of a component that brings no course file of its own."""
    return Attached()


@dataclass(frozen=True)
class LinkedFile:
    """A course file as a page's renderer sees it: its source and its attachments, each with
    its name in the package."""

    path: Path
    attachments: tuple[tuple[Attachment, str], ...] = ()


def linked_file(env: Mapping[str, Any], package_path: str) -> LinkedFile | None:
    """Return the course file a rendered URL names, from a render's env, or None."""
    found: LinkedFile | None = env.get("files", {}).get(package_path)
    return found
