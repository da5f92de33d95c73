"""Where templates, static runtime files and interface strings are found.

The default theme is the top-level `templates/` folder of the project. A wheel ships it
inside the package (hatchling force-include); an editable install or a source checkout
does not, so the source tree is the fallback. A course may name its own folder, searched
first, to override any file of the default theme.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

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


def interface_strings(search_path: list[Path], language: str) -> dict[str, str]:
    """Return the interface strings for a BCP 47 tag, by its primary subtag.

    Call `strings_problem` first: this assumes the table exists and is complete.
    """
    path = find_theme_file(search_path, strings_file(language))
    assert path is not None
    strings: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return strings


def strings_problem(search_path: list[Path], language: str) -> str | None:
    """Return what is wrong with the interface strings of a language, or None."""
    name = strings_file(language)
    path = find_theme_file(search_path, name)
    if path is None:
        return f"no {name} in the theme"
    try:
        strings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"the theme's {name} cannot be read as JSON: {error}"
    reference = json.loads((default_theme_dir() / "i18n" / "en.json").read_text(encoding="utf-8"))
    missing = sorted(set(reference) - set(strings)) if isinstance(strings, dict) else ["all"]
    return f"the theme's {name} lacks the strings: {', '.join(missing)}" if missing else None


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


def primary_subtag(language: str) -> str:
    return language.split("-")[0].lower()
