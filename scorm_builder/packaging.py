"""Packaging: a deterministic zip, streamed from disk, renamed into place when complete.

Two builds of the same sources give the same bytes: entries in a fixed order with fixed
timestamps (`SOURCE_DATE_EPOCH`, else 1980-01-01) and permissions. Media that is already
compressed is stored, text is deflated. Files are copied in chunks, so memory does not
grow with the size of the media.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STORED_SUFFIXES = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".avif",
        ".mp4",
        ".webm",
        ".m4a",
        ".mp3",
        ".ogg",
        ".woff",
        ".woff2",
        ".pdf",
        ".zip",
        ".gz",
    ]
)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """One file of the package: its name inside the zip, and a file or bytes to put there."""

    name: str
    source: Path | bytes

    @property
    def size(self) -> int:
        return len(self.source) if isinstance(self.source, bytes) else self.source.stat().st_size


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """Return the timestamp of every entry: `SOURCE_DATE_EPOCH` if set, else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ZIP_EPOCH
    moment = time.gmtime(max(int(epoch), 315532800))  # the zip format starts in 1980
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
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent
    )
    os.close(handle)
    try:
        timestamp = zip_timestamp()
        with zipfile.ZipFile(temporary, "w", allowZip64=True) as archive:
            for entry in entries:
                _write_entry(archive, entry, timestamp)
                if on_entry is not None:
                    on_entry(entry)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target.stat().st_size


def _write_entry(
    archive: zipfile.ZipFile, entry: Entry, timestamp: tuple[int, int, int, int, int, int]
) -> None:
    info = zipfile.ZipInfo(entry.name, date_time=timestamp)
    info.create_system = 3  # Unix, so that the permission bits below are honoured everywhere
    info.external_attr = (0o100000 | FILE_MODE) << 16
    info.compress_type = compression_for(entry.name)
    info.file_size = entry.size
    with archive.open(info, "w", force_zip64=info.file_size > 0x7FFFFFFF) as out:
        if isinstance(entry.source, bytes):
            out.write(entry.source)
        else:
            with entry.source.open("rb") as source:
                shutil.copyfileobj(source, out, CHUNK)
