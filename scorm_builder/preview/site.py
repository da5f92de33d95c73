"""The course as the preview serves it: the files of the latest good build, kept in memory,
the SCOs as an LMS reads them from the manifest, and the problems of the latest attempt."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from scorm_builder.building import MANIFEST, package_entries
from scorm_builder.exceptions import CourseError, ScormBuilderError
from scorm_builder.loading import load_course
from scorm_builder.manifest import ADLCP, IMSCP
from scorm_builder.packaging import Entry


@dataclass(frozen=True)
class Sco:
    """One launchable item of the manifest, with what the LMS gives the SCO at launch."""

    identifier: str
    title: str
    href: str
    launch: dict[str, str]


@dataclass(frozen=True)
class Build:
    """One attempt at building the course: its files and SCOs, or why there are none."""

    title: str = ""
    files: dict[str, Entry] = field(default_factory=dict)
    scos: tuple[Sco, ...] = ()
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def build_in_memory(course_dir: Path) -> Build:
    """Return the package of the course, never written to disk, or the problems found."""
    try:
        loaded = load_course(course_dir)
        entries = package_entries(loaded.course)
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
        files=files,
        scos=manifest_scos(manifest),
        warnings=tuple(str(w) for w in loaded.warnings),
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

    def rebuild(self) -> Build:
        attempt = build_in_memory(self.course_dir)
        with self._changed:
            self.latest = attempt
            if not attempt.problems:
                self.good = attempt
            self.version += 1
            self._changed.notify_all()
        return attempt

    def file(self, name: str) -> Entry | None:
        return self.good.files.get(name)

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Return the version once it differs from `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()
