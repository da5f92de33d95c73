"""Watching the course folder: each batch of changes triggers one rebuild."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from scorm_builder.loading import IGNORED_TOP_LEVEL


class CourseFilter(watchfiles.DefaultFilter):
    """watchfiles' defaults (editor swap files, .git...) plus the folders a build ignores and
    the learner file (and its temporary files, named after it), whose writes would otherwise
    rebuild the course at each commit."""

    def __init__(self, course_dir: Path, ignored_files: tuple[Path, ...]) -> None:
        super().__init__()
        self.ignored_dirs = tuple(course_dir / name for name in IGNORED_TOP_LEVEL)
        self.ignored_files = tuple(str(path) for path in ignored_files)

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        changed = Path(path)
        if path.startswith(self.ignored_files) or any(
            changed.is_relative_to(d) for d in self.ignored_dirs
        ):
            return False
        return super().__call__(change, path)


def start_watching(
    course_dir: Path,
    on_change: Callable[[], object],
    stop: threading.Event,
    ignored_files: tuple[Path, ...] = (),
) -> threading.Thread:
    """Run `on_change` after each batch of changes in `course_dir` until `stop` is set."""
    folder = course_dir.resolve()
    watch_filter = CourseFilter(folder, tuple(p.resolve() for p in ignored_files))

    def run() -> None:
        for _changes in watchfiles.watch(folder, watch_filter=watch_filter, stop_event=stop):
            on_change()

    thread = threading.Thread(target=run, name="scorm-builder-watch", daemon=True)
    thread.start()
    return thread
