"""The build pipeline: load and check the course, render the SCOs, write the manifest, pack.

Nothing is written until the whole course has loaded without errors and every SCO has
rendered; the zip itself appears only once complete.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scorm_builder import themes
from scorm_builder.diagnostics import Diagnostic
from scorm_builder.exceptions import BuildError
from scorm_builder.loading import load_course
from scorm_builder.manifest import ScoFiles, manifest_xml
from scorm_builder.packaging import Entry, write_zip
from scorm_builder.rendering import environment, render_sco, sco_filename
from scorm_builder.structure.course import Course

MANIFEST = "imsmanifest.xml"
SHARED_DIR = "shared"


@dataclass(frozen=True)
class BuildResult:
    path: Path
    size: int
    scos: int
    files: int
    seconds: float
    warnings: list[Diagnostic]


def default_output(course: Course, folder: Path = Path("dist")) -> Path:
    return folder / f"{course.id}-{course.file.version}-scorm12.zip"


def package_entries(course: Course, templates: Path | None = None) -> list[Entry]:
    """Return every file of the package, the manifest first, then sorted by name."""
    search_path = themes.theme_search_path(templates or course.templates)
    env = environment(search_path)
    strings = themes.interface_strings(search_path, course.file.language)
    pages = [
        Entry(sco_filename(module), render_sco(course, module, env, strings).encode("utf-8"))
        for module in course.modules
    ]
    shared = [
        Entry(f"{SHARED_DIR}/{name}", path)
        for name, path in themes.static_files(search_path).items()
    ]
    media = [Entry(asset.package_path, asset.source) for asset in course.assets]
    scos = [
        ScoFiles(
            module,
            sco_filename(module),
            tuple(sorted({a.package_path for page in module.pages for a in page.assets})),
        )
        for module in course.modules
    ]
    manifest = manifest_xml(course, scos, [e.name for e in shared + media])
    return [Entry(MANIFEST, manifest), *sorted(pages + shared + media, key=lambda e: e.name)]


def build(
    course_dir: Path,
    output: Path | None = None,
    templates: Path | None = None,
    on_entry: Callable[[Entry], None] | None = None,
) -> BuildResult:
    """Build the SCORM 1.2 zip of the course in `course_dir` and return what was written."""
    started = time.perf_counter()
    loaded = load_course(course_dir)
    entries = package_entries(loaded.course, templates)
    target = output or default_output(loaded.course)
    try:
        size = write_zip(target, entries, on_entry)
    except OSError as error:
        raise BuildError(f"cannot write {target}: {error.strerror or error}") from error
    return BuildResult(
        target,
        size,
        len(loaded.course.modules),
        len(entries),
        time.perf_counter() - started,
        loaded.warnings,
    )
