"""The course as the preview serves it: the files of the latest good build (generated ones
kept in memory, the course's and the theme's read from disk when asked for, only from inside
their folders), the SCOs as an LMS reads them from the manifest, and the problems of the
latest attempt, with the course's language."""

from __future__ import annotations

import io
import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from scorm_builder.building import MANIFEST, package_entries
from scorm_builder.exceptions import CourseError, ScormBuilderError
from scorm_builder.loading import ModuleCache, load_course
from scorm_builder.manifest import ADLCP, IMSCP
from scorm_builder.packaging import Entry
from scorm_builder.themes import theme_search_path

# Not following a link in the last step closes the gap between the check and the open (a
# swap to a link in between fails); not blocking lets a FIFO be refused instead of waited on.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class UnsafeFileError(Exception):
    """A file of the build that must not be served: since the build it became a link out of
    the course and its theme, or something other than a regular file (a FIFO would hang)."""


@dataclass(frozen=True)
class Sco:
    """One launchable item of the manifest, with what the LMS gives the SCO at launch."""

    identifier: str
    title: str
    href: str
    launch: dict[str, str]
    prerequisites: str = ""
    """What must be done before it can be launched (adlcp:prerequisites, an AICC script)."""


@dataclass(frozen=True)
class Build:
    """One attempt at building the course: its files and SCOs, or why there are none."""

    title: str = ""
    language: str = ""
    """The course's language, which the LMS page speaks."""
    files: dict[str, Entry] = field(default_factory=dict)
    scos: tuple[Sco, ...] = ()
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    roots: tuple[Path, ...] = ()
    """The folders every file read from disk must be in: the course's and its themes'."""

    def open(self, name: str) -> BinaryIO | None:
        """Return the file `name` of the package to read, or None when the build has no such
        file or it is gone; raise `UnsafeFileError` when it must not be served."""
        entry = self.files.get(name)
        if entry is None:
            return None
        source = entry.source() if callable(entry.source) else entry.source
        if isinstance(source, bytes):
            return io.BytesIO(source)
        try:
            return open_inside(source, self.roots)
        except OSError:  # deleted or replaced since the build; the next build will say so
            return None


def open_inside(path: Path, roots: tuple[Path, ...]) -> BinaryIO:
    """Return the regular file at `path` opened for reading, checked at open time to be in
    one of `roots` once its links are resolved; raise `UnsafeFileError` if it is not."""
    real = path.resolve(strict=True)
    if not any(real.is_relative_to(root) for root in roots):
        raise UnsafeFileError(f"{path} now leads to {real}, outside the course and its theme")
    descriptor = os.open(real, OPEN_FLAGS)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise UnsafeFileError(f"{path} is no longer a regular file")
    return os.fdopen(descriptor, "rb")


def build_in_memory(course_dir: Path, cache: ModuleCache | None = None) -> Build:
    """Return the package of the course, never written to disk, or the problems found; the
    modules of `cache` whose files did not change are neither loaded nor rendered again."""
    try:
        # One process: forking the server's threads is not safe, and an edit reloads one
        # module.
        loaded = load_course(course_dir, cache=cache)
        entries = package_entries(loaded.course, cache=cache)
    except CourseError as error:
        return Build(problems=tuple(str(d) for d in error.diagnostics))
    except ScormBuilderError as error:
        return Build(problems=(error.format_message(),))
    except Exception as error:  # a broken theme template, or a bug: the server must live on
        return Build(problems=(f"internal error: {type(error).__name__}: {error}",))
    files = {entry.name: entry for entry in entries}
    manifest = files[MANIFEST].source
    assert isinstance(manifest, bytes)  # package_entries writes the manifest in memory
    return Build(
        title=loaded.course.title,
        language=loaded.course.file.language,
        files=files,
        scos=manifest_scos(manifest),
        warnings=tuple(str(w) for w in loaded.warnings),
        roots=tuple(
            dict.fromkeys(
                p.resolve() for p in [course_dir, *theme_search_path(loaded.course.templates)]
            )
        ),
    )


# What an item of the manifest gives its SCO at launch (adlcp:* of SCORM 1.2's CAM).
LAUNCH_DATA = {
    "masteryscore": "cmi.student_data.mastery_score",
    "maxtimeallowed": "cmi.student_data.max_time_allowed",
    "timelimitaction": "cmi.student_data.time_limit_action",
    "datafromlms": "cmi.launch_data",
}


def manifest_scos(manifest: bytes) -> tuple[Sco, ...]:
    """Return the launchable items of the default organization, in order, as an LMS does."""
    root = etree.fromstring(manifest, etree.XMLParser(no_network=True))
    ns = {"cp": IMSCP, "adlcp": ADLCP}
    organizations = root.find("cp:organizations", ns)
    assert organizations is not None
    default = organizations.get("default")
    organization = organizations.find(f"cp:organization[@identifier='{default}']", ns)
    assert organization is not None
    resources = {
        r.get("identifier"): r.get("href", "") for r in root.iterfind(".//cp:resource", ns)
    }
    return tuple(
        Sco(
            identifier=item.get("identifier", ""),
            title=item.findtext("cp:title", "", ns),
            href=resources.get(item.get("identifierref"), ""),
            launch={
                element: item.findtext(f"adlcp:{tag}", "", ns)
                for tag, element in LAUNCH_DATA.items()
                if item.find(f"adlcp:{tag}", ns) is not None
            },
            prerequisites=item.findtext("adlcp:prerequisites", "", ns).strip(),
        )
        for item in organization.iterfind(".//cp:item[@identifierref]", ns)
    )


class Site:
    """The latest good build and the latest attempt, swapped whole under a lock; each
    rebuild bumps `version`, which waiting readers (the page's event stream) are told of."""

    def __init__(self, course_dir: Path) -> None:
        self.course_dir = course_dir
        self.version = 0
        self.latest = Build()
        self.good = Build()
        self.closed = False
        self._changed = threading.Condition()
        self.modules = ModuleCache()

    def rebuild(self) -> Build:
        attempt = build_in_memory(self.course_dir, self.modules)
        with self._changed:
            self.latest = attempt
            if not attempt.problems:
                self.good = attempt
            self.version += 1
            self._changed.notify_all()
        return attempt

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Return the version once it differs from `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()
