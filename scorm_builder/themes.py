"""Where templates, static runtime files and interface strings are found.

The default theme is the top-level `templates/` folder of the project. A wheel ships it
inside the package (hatchling force-include); an editable install or a source checkout
does not, so the source tree is the fallback. A course may name its own folder, searched
first, to override any file of the default theme; `links_leaving` finds the files of such a
folder that a symbolic link takes outside it, which the loader refuses before any is read.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from scorm_builder.diagnostics import utf8_error_position

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def default_theme_dir() -> Path:
    """Return the default theme folder: inside the installed package, else the source tree."""
    for candidate in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates"):
        if (candidate / "sco.html").is_file():
            return candidate
    raise FileNotFoundError(f"the default templates are missing (looked in {PACKAGE_DIR})")


def theme_search_path(override: Path | None) -> list[Path]:
    """Return the theme folders, the course's own first, so its files win."""
    return [override, default_theme_dir()] if override else [default_theme_dir()]


def find_theme_file(search_path: list[Path], relative: str) -> Path | None:
    """Return the first folder's copy of `relative`, or None when no theme has it."""
    return next((d / relative for d in search_path if (d / relative).is_file()), None)


def available_languages(search_path: list[Path]) -> list[str]:
    """Return the primary language subtags that have an interface strings table."""
    return sorted({p.stem for d in search_path for p in (d / "i18n").glob("*.json")})


class StringsError(Exception):
    """An interface strings file that cannot be used, at a 1-based line and column of it."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def interface_strings(search_path: list[Path], language: str) -> dict[str, str]:
    """Return the interface strings for a BCP 47 tag, by its primary subtag.

    The loader checks them first: this assumes the table exists and is complete.
    """
    path = find_theme_file(search_path, strings_file(language))
    assert path is not None
    return load_strings(path)


def load_strings(path: Path) -> dict[str, str]:
    """Return the strings of an `i18n/*.json` file, or raise `StringsError` where it breaks."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StringsError(1, 1, f"cannot be read: {error.strerror}") from error
    try:
        strings = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise StringsError(*utf8_error_position(data, error)) from error
    except json.JSONDecodeError as error:
        raise StringsError(error.lineno, error.colno, f"not JSON: {error.msg}") from error
    if not isinstance(strings, dict) or not all(isinstance(v, str) for v in strings.values()):
        raise StringsError(1, 1, 'expected an object of texts: {"key": "text", ...}')
    return strings


def missing_strings(strings: dict[str, str]) -> list[str]:
    """Return the keys of the default English table that `strings` lacks, sorted."""
    reference = load_strings(default_theme_dir() / "i18n" / "en.json")
    return sorted(set(reference) - set(strings))


def strings_file(language: str) -> str:
    return f"i18n/{primary_subtag(language)}.json"


def static_files(search_path: list[Path]) -> dict[str, Path]:
    """Return the runtime's static files by their path under `static/`, overrides first."""
    found: dict[str, Path] = {}
    for directory in reversed(search_path):
        static = directory / "static"
        for path in sorted(static.rglob("*")):
            if path.is_file():
                found[path.relative_to(static).as_posix()] = path
    return dict(sorted(found.items()))


def links_leaving(folder: Path) -> list[Path]:
    """Return the files and folders under `folder` that are symbolic links leaving it."""
    inside = folder.resolve()
    found = []
    for directory, folders, files in os.walk(folder):
        for name in sorted([*folders, *files]):
            path = Path(directory) / name
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                found.append(path)
    return found


def primary_subtag(language: str) -> str:
    return language.split("-")[0].lower()
