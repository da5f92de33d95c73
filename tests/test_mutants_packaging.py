"""How the package is written, each case found by a mutant of packaging.py that no other test
caught (tools/mutation/survivors.md)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from scorm_builder import packaging

GONE_PID = 2**22 + 1  # above Linux's pid_max: no process has it


def test_every_killed_build_s_leftover_is_cleared_among_other_files(tmp_path: Path) -> None:
    # An output folder shared with other files: each leftover is found, wherever it is listed.
    leftovers = [f".course.zip.{GONE_PID}.{n:03}.part" for n in range(10)]
    others = [f"notes-{n}.txt" for n in range(10)]
    for name in leftovers + others:
        (tmp_path / name).write_bytes(b"half")

    packaging.write_zip(tmp_path / "course.zip", [packaging.Entry("imsmanifest.xml", b"<m/>")])

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*others, "course.zip"])
    with zipfile.ZipFile(tmp_path / "course.zip") as archive:
        assert archive.read("imsmanifest.xml") == b"<m/>"
