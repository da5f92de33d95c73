"""The preview learner's data, kept in one JSON file so that a reload or a restart resumes.

The file lives in the user's cache folder (never in the course folder, whose changes trigger
rebuilds and end up in git), one per course folder, unless `--state FILE` names another.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, ValidationError

from scorm_builder.structure.files import slugify

FORMAT = 1
# `written` compares saves, so it must be a number that compares: finite, not negative, and
# within what a page can send (performance.timeOrigin is milliseconds since 1970; 1e15 is the
# year 33658). NaN, an infinity or a huge number would make every later save "older".
LATEST_TIME_ORIGIN = 1e15
MOST_SAVES = 2**53  # JavaScript's largest exact integer
TimeOrigin = Annotated[float, Field(strict=True, ge=0, le=LATEST_TIME_ORIGIN, allow_inf_nan=False)]
SaveCount = Annotated[int, Field(strict=True, ge=0, le=MOST_SAVES)]


class ScoData(BaseModel):
    """What one SCO's sessions left: data model values, and the length of each array.

    `written` orders the saves: the LMS page's time origin (ms), then how many saves that
    page had made. Saves sent while a page is left travel concurrently and may arrive out
    of order; an earlier one must never replace a later one.
    """

    values: dict[str, str]
    counts: dict[str, int]
    written: tuple[TimeOrigin, SaveCount] = (0.0, 0)


class StateFile(BaseModel):
    format: int = FORMAT
    scos: dict[str, ScoData] = {}


def user_cache_dir() -> Path:
    """Return the platform's folder for a user's disposable data."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    if sys.platform == "darwin":
        return home / "Library" / "Caches"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")


def default_state_file(course_dir: Path) -> Path:
    """Return the learner file of a course folder: named after it, unique to its path."""
    folder = course_dir.resolve()
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:12]
    name = f"{slugify(folder.name) or 'course'}-{digest}.json"
    return user_cache_dir() / "scorm-builder" / "preview" / name


class LearnerStore:
    """The data of every SCO for the one preview learner, saved on every change."""

    # Longest wait of a read for saves being received: a stalled request must not stall it.
    ARRIVAL_WAIT = 5.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""
        self._lock = threading.Condition()
        self._arriving = 0
        self._state = self._read()

    def _read(self) -> StateFile:
        try:
            return StateFile.model_validate_json(self.path.read_bytes())
        except FileNotFoundError:
            return StateFile()
        except (OSError, ValidationError) as error:
            # A damaged file must not stop the preview: start afresh and say why.
            self.problem = f"{self.path} was unreadable, the learner starts afresh: {error}"
            return StateFile()

    @contextmanager
    def arriving(self) -> Iterator[None]:
        """Count a save while it is received: a page left for a reload sends its last saves as
        the new page loads, and the new page's read must include them."""
        with self._lock:
            self._arriving += 1
        try:
            yield
        finally:
            with self._lock:
                self._arriving -= 1
                self._lock.notify_all()

    def scos(self) -> dict[str, ScoData]:
        """Return every SCO's data, once the saves being received are kept."""
        with self._lock:
            self._lock.wait_for(lambda: not self._arriving, timeout=self.ARRIVAL_WAIT)
            return dict(self._state.scos)

    def save(self, identifier: str, data: ScoData) -> bool:
        """Keep `data` unless a later save of the SCO is already kept; say whether it was."""
        with self._lock:
            kept = self._state.scos.get(identifier)
            if kept is not None and kept.written > data.written:
                return False
            self._state.scos[identifier] = data
            self._write()
            return True

    def reset(self) -> None:
        with self._lock:
            self._state = StateFile()
            self._write()

    def _write(self) -> None:
        """Replace the file whole, so that a crash never leaves half of it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self._state.model_dump(), indent=1, sort_keys=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.path.parent, prefix=f"{self.path.name}.", delete=False
        ) as temporary:
            temporary.write(text)
        Path(temporary.name).replace(self.path)
