"""Problems found in a course, each tied to a place in a file an author can open."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at `path:line:column` (path relative to the course folder, 1-based)."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = field(default="error", compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass
class Report:
    """Collects the diagnostics of one run, so that every problem is told at once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, column: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, column, message, "error"))

    def warning(self, path: str, line: int, column: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, column, message, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted(d for d in self.diagnostics if d.severity == "warning")


def utf8_error_position(data: bytes, error: UnicodeDecodeError) -> tuple[int, int, str]:
    """Return the 1-based line and column of bytes that are not UTF-8, and what to do."""
    line = data.count(b"\n", 0, error.start) + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    return line, column, f"not UTF-8 (byte 0x{data[error.start]:02x}): save the file as UTF-8"


def shown_path(path: Path, root: Path) -> str:
    """Return a path as a problem shows it: relative to the course folder, else whole."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
