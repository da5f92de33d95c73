"""Random damage to a valid course never crashes the loader: a clean error or a success."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from scorm_builder.building import package_entries
from scorm_builder.exceptions import CourseError
from scorm_builder.loading import load_course
from tests.course_fixtures import VALID_COURSE, write_course

NAMES = sorted(VALID_COURSE)
TEXT_NAMES = [n for n in NAMES if not n.endswith(".svg")]
ODD_VALUES = [
    "",
    "null",
    "[]",
    "{}",
    "42",
    "-1.5",
    "true",
    "'a: b'",
    "[1, [2]]",
    "~",
    "!!binary x",
    "課程",
    '"a\\x01b"',
    "shared",
    "2024-01-01",
    "'&<>\"'",
    "[../../x.md]",
]


@st.composite
def damaged_course(draw: st.DrawFn) -> dict[str, str | bytes | None]:
    """Return file replacements that damage the valid course in one to three ways."""
    files: dict[str, str | bytes | None] = {}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(TEXT_NAMES))
        current = files.get(name)
        text = current if isinstance(current, str) and current else VALID_COURSE[name]
        lines = text.splitlines(keepends=True)
        index = draw(st.integers(0, len(lines) - 1))
        mutation = draw(
            st.sampled_from(["delete-line", "value", "garbage", "delete-file", "bytes"])
        )
        if mutation == "delete-line":
            files[name] = "".join(lines[:index] + lines[index + 1 :])
        elif mutation == "value" and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            files[name] = "".join(
                [
                    *lines[:index],
                    f"{key}: {draw(st.sampled_from(ODD_VALUES))}\n",
                    *lines[index + 1 :],
                ]
            )
        elif mutation == "garbage":
            junk = draw(st.text(alphabet=":-[]{}#&*!|>'\"%@` \t\nab1", max_size=12))
            files[name] = "".join([*lines[:index], junk, *lines[index:]])
        elif mutation == "delete-file":
            files[name] = None
        else:
            files[name] = draw(st.binary(max_size=40))
    return files


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=damaged_course())
def test_damaged_course_ends_in_a_clean_error_or_a_valid_package(
    files: dict[str, str | bytes | None], scorm_schema: etree.XMLSchema
) -> None:
    """A course either fails with positioned diagnostics or builds a package that validates."""
    with tempfile.TemporaryDirectory() as folder:
        root = write_course(Path(folder) / "course", files)
        try:
            entries = package_entries(load_course(root).course)
        except CourseError as error:
            assert error.diagnostics
            for diagnostic in error.diagnostics:
                assert diagnostic.line >= 1 and diagnostic.column >= 1
                assert (root / diagnostic.path).exists() or diagnostic.path == "course.yaml"
            event("refused with diagnostics")
            return
        event("built a package")
        manifest = etree.fromstring(entries[0].source)  # type: ignore[arg-type]
        assert scorm_schema.validate(manifest), scorm_schema.error_log
        assert len({e.name for e in entries}) == len(entries)
