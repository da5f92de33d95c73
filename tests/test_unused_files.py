"""The files of a course that nothing uses are warned about, whatever links and hidden
folders the course holds: the preview's walk (one `os.scandir` a folder, no `resolve` but of
symlinks) tells exactly what `rglob` with a `resolve` per file told."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.course_fixtures import run_cli

WARNING = ":1:1: warning: not used by the course: reference it or remove it"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links are not available")
def test_unused_files_are_found_through_links_and_past_hidden_folders(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_course(
        {
            "assets/b/deep.txt": "x",
            "assets/B.txt": "x",
            "assets/a.txt": "x",
            ".git/config": "x",
            "assets/.cache/hidden.txt": "x",
            ".hidden.txt": "x",
            "dist/old.zip": "x",
            "intro/dist/kept.txt": "x",
        }
    )
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("x")
    (root / "assets" / "secret").symlink_to(tmp_path / "outside" / "secret.txt")
    (root / "assets" / "outside-folder").symlink_to(tmp_path / "outside", True)
    (root / "assets" / "same-page.md").symlink_to(root / "intro" / "one.md")
    (root / "assets" / "unused-link.txt").symlink_to(root / "assets" / "a.txt")
    (root / "assets" / "broken").symlink_to(root / "nowhere")
    (root / "assets" / "loop1").symlink_to(root / "assets" / "loop2")
    (root / "assets" / "loop2").symlink_to(root / "assets" / "loop1")
    (root / "assets" / "up").symlink_to(root, True)

    result = run_cli("validate", str(root))

    assert result.output.splitlines()[:-1] == [
        f"assets/B.txt{WARNING}",
        f"assets/a.txt{WARNING}",
        f"assets/b/deep.txt{WARNING}",
        f"assets/secret{WARNING}",
        f"assets/unused-link.txt{WARNING}",
        f"intro/dist/kept.txt{WARNING}",
    ]
    assert result.exit_code == 0
