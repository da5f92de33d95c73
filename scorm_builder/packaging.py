"""Packaging: a deterministic zip, streamed from disk, renamed into place when complete.

Two builds of the same sources give the same bytes: entries in a fixed order with fixed
timestamps (`SOURCE_DATE_EPOCH`, else 1980-01-01) and permissions. Media that is already
compressed is stored, text is deflated. Files are copied in chunks, so memory does not
grow with the size of the media.

The zip (and any other output: the review document) is written to a temporary file beside
the target, named after the target and the writing process, then renamed into place: a build
removes only its own temporary file, and those of builds whose process is gone. The target
itself must be a new file or one of its kind, a zip for a zip (`output_problem`): never a
source, a symbolic link, a device or a folder.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scorm_builder.exceptions import BuildError

STORED_SUFFIXES = frozenset(
    # Already compressed: deflating them again costs time and gains nothing.
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".avif",
        ".mp4",
        ".m4v",
        ".mov",
        ".webm",
        ".m4a",
        ".mp3",
        ".ogg",
        ".opus",
        ".flac",
        ".woff",
        ".woff2",
        ".pdf",
        ".zip",
        ".gz",
        ".bz2",
        ".xz",
        ".7z",
        ".docx",
        ".xlsx",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".epub",
    ]
)
DEFLATE_LEVEL = 1
"""Measured on the 4,000 rendered pages of benchmarks/run.py's page-heavy course (16 MiB of
HTML): level 1 takes 0.07 s of CPU for 3.66 MiB, the default 6 takes 0.27 s for 3.12 MiB,
9 takes 0.33 s for 3.11 MiB. The 0.5 MiB saved are not worth 4 % of the build."""
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ZIP_FIRST_SECOND = 315532800  # 1980-01-01: a zip date cannot say earlier
ZIP_LAST_SECOND = 4354819198  # 2107-12-31 23:59:58: nor later
FILE_MODE = 0o644
CHUNK = 1024 * 1024
PART_SUFFIX = ".part"
PART_MIDDLE = re.compile(r"(\d+)\.[a-z0-9_]+")
"""Between `.<target name>.` and `.part`: the writer's pid, then `mkstemp`'s random part."""
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
"""The first bytes of a zip: its first entry, or the end record of an empty zip."""


@dataclass(frozen=True)
class Entry:
    """One file of the package: its name inside the zip, and a file or bytes to put there,
    or what makes those bytes when the zip reaches the entry (a SCO rendered then is never
    held in memory with all the others)."""

    name: str
    source: Path | bytes | Callable[[], bytes]


def source_date_epoch() -> int | None:
    """Return `SOURCE_DATE_EPOCH` (seconds), the date reproducible builds agree on, if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isdigit():
        raise BuildError(f"SOURCE_DATE_EPOCH must be a number of seconds, not {epoch!r}")
    return int(epoch)


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """Return the timestamp of every entry: `SOURCE_DATE_EPOCH` if set, else 1980-01-01."""
    epoch = source_date_epoch()
    if epoch is None:
        return ZIP_EPOCH
    moment = time.gmtime(min(max(epoch, ZIP_FIRST_SECOND), ZIP_LAST_SECOND))
    return (
        moment.tm_year,
        moment.tm_mon,
        moment.tm_mday,
        moment.tm_hour,
        moment.tm_min,
        moment.tm_sec - moment.tm_sec % 2,
    )


def compression_for(name: str) -> int:
    suffix = PurePosixPath(name).suffix.lower()
    return zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED


def write_zip(
    target: Path, entries: Iterable[Entry], on_entry: Callable[[Entry], None] | None = None
) -> int:
    """Write `entries` to `target` atomically and return the zip's size in bytes."""
    timestamp = zip_timestamp()

    def write(temporary: Path) -> None:
        with zipfile.ZipFile(temporary, "w", allowZip64=True) as archive:
            for entry in entries:
                _write_entry(archive, entry, timestamp)
                if on_entry is not None:
                    on_entry(entry)

    return write_atomically(target, write)


def write_atomically(target: Path, write: Callable[[Path], object]) -> int:
    """Have `write` fill a temporary file beside `target`, rename it into place once
    complete, and return its size in bytes; on any failure the temporary file is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(target)
    handle, temporary = tempfile.mkstemp(
        prefix=f"{part_prefix(target)}{os.getpid()}.", suffix=PART_SUFFIX, dir=target.parent
    )
    os.close(handle)
    try:
        write(Path(temporary))
        Path(temporary).chmod(FILE_MODE)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target.stat().st_size


def part_prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_parts(target: Path) -> None:
    """Remove the temporary files left beside `target` by builds whose process is gone.

    A build writing the same target at this moment keeps its file. Names are compared as
    text, never as a glob pattern: a target may be named `*.zip` or `[v1].zip`.
    """
    prefix = part_prefix(target)
    for entry in os.scandir(target.parent):
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(PART_SUFFIX)):
            continue
        middle = PART_MIDDLE.fullmatch(name[len(prefix) : -len(PART_SUFFIX)])
        if middle and not process_alive(int(middle.group(1))):
            Path(entry.path).unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process
    return True


@dataclass(frozen=True)
class OutputKind:
    """A kind of file the tool writes, known by its first bytes: an existing file of this
    kind may be replaced, any other is refused."""

    name: str
    """As a message names it: "a zip"."""
    magic: tuple[bytes, ...]
    """Possible first bytes, compared without case."""

    def is_one(self, path: Path) -> bool:
        longest = max(len(m) for m in self.magic)
        try:
            with path.open("rb") as file:
                start = file.read(longest).lower()
        except OSError:
            return False
        return any(start.startswith(m.lower()) for m in self.magic)


ZIP = OutputKind("a zip", ZIP_MAGIC)


def output_problem(
    target: Path, sources: list[Path], allowed: Path, kind: OutputKind = ZIP
) -> str | None:
    """Return why the output must not be written to `target`, or None when it may be.

    It may be a new file or an existing file of its `kind`, outside the `sources` folders
    except under `allowed`; never a symbolic link (renaming would replace the link, not its
    target), a folder, a device or a FIFO.
    """
    try:
        mode: int | None = target.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        return f"it cannot be checked: {error.strerror}"
    if mode is not None and not stat.S_ISREG(mode):
        what = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
        return f"it is {what}: name a new file, or a zip to replace"
    if mode is not None and not kind.is_one(target):
        return f"it exists and is not {kind.name}: name a new file, or {kind.name} to replace"
    real = target.parent.resolve() / target.name
    source = next((s for s in sources if real.is_relative_to(s)), None)
    if source is not None and not real.is_relative_to(allowed):
        return f"it is inside {source}, which the package is built from: write it elsewhere"
    return None


def _write_entry(
    archive: zipfile.ZipFile, entry: Entry, timestamp: tuple[int, int, int, int, int, int]
) -> None:
    info = zipfile.ZipInfo(entry.name, date_time=timestamp)
    info.create_system = 3  # Unix, so that the permission bits below are honoured everywhere
    info.external_attr = (0o100000 | FILE_MODE) << 16
    info.compress_type = compression_for(entry.name)
    # Not public before Python 3.13 (compress_level); `ZipFile.open` ignores the archive's
    # level for a ZipInfo given.
    info._compresslevel = DEFLATE_LEVEL  # type: ignore[attr-defined]
    source = entry.source() if callable(entry.source) else entry.source
    info.file_size = len(source) if isinstance(source, bytes) else source.stat().st_size
    with archive.open(info, "w", force_zip64=info.file_size > 0x7FFFFFFF) as out:
        if isinstance(source, bytes):
            out.write(source)
        else:
            with source.open("rb") as file:
                shutil.copyfileobj(file, out, CHUNK)
