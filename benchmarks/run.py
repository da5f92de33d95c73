"""Measure `scorm-builder build` against `zip -r` of the same files, and check the targets.

For each course (a synthetic large one, and the real `course/` when it validates) this
builds the SCORM zip in a child process, unpacks it into a tree, and zips that same tree
with Info-ZIP `zip -r -q` (default level), so both tools pack exactly the same bytes in the
same run, on the same disk, under the same load. It prints a table of wall time, peak RSS
and zip size, then PASS/FAIL for the targets of issue 3:

* peak RSS of the build under 150 MiB, whatever the media volume;
* build wall time within 1.5x of `zip -r` on the same files.

Each command runs as the only child of a small wrapper (`/usr/bin/time -f %M`, else a tiny
Python one) that reports that child's own `ru_maxrss` from `wait4`: never
`RUSAGE_CHILDREN`, which is a maximum over every child ever waited for. Before each timed
command, dirty pages are flushed (`sync`) and the input files are read once, so that
neither tool pays for the other's writes or for a cold cache.

It exits 0 whatever the figures: it is a report.

Usage: python benchmarks/run.py [--large-dir DIR] [--quick] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_large_course import make_course

MIB = 1024 * 1024
REPO = Path(__file__).resolve().parent.parent
REAL_COURSE = REPO / "course"
RSS_TARGET_MIB = 150.0
TIME_TARGET_RATIO = 1.5
STORED_SUFFIXES = (
    ".jpg:.jpeg:.png:.gif:.webp:.avif:.mp4:.webm:.m4a:.mp3:.ogg:.woff:.woff2:.pdf:.zip:.gz"
)
"""What scorm-builder stores rather than deflates; given to `zip -n` for a like-for-like run."""

PYTHON_WRAPPER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Fallback without `/usr/bin/time`: its own ~10 MiB of RSS is inherited by the command."""
WRAPPER = (
    ["/usr/bin/time", "-f", "%M", "-o"]
    if Path("/usr/bin/time").is_file()
    else [sys.executable, "-c", PYTHON_WRAPPER]
)

FULL = {"modules": 200, "pages": 20, "media_mb": 2048.0}
QUICK = {"modules": 20, "pages": 20, "media_mb": 200.0}


@dataclass(frozen=True)
class Run:
    """One measured command: wall seconds, the child's own peak RSS, its exit status."""

    seconds: float
    peak_rss_kib: int
    returncode: int


@dataclass(frozen=True)
class Row:
    """The figures of one course, as printed in the table."""

    course: str
    files: int
    media_mib: float
    build: list[Run]
    zip_r: list[Run]
    zip_n: list[Run]
    our_zip_bytes: int
    zip_r_bytes: int
    zip_n_bytes: int

    @staticmethod
    def seconds(runs: list[Run]) -> float:
        """Median wall time: the machine is shared, so one slow run should not decide."""
        return statistics.median(r.seconds for r in runs)

    @staticmethod
    def rss_mib(runs: list[Run]) -> float:
        """Highest peak over the repeats: the target is a ceiling, so report the worst."""
        return max(r.peak_rss_kib for r in runs) / 1024

    @property
    def ratio(self) -> float:
        return self.seconds(self.build) / self.seconds(self.zip_r)

    @property
    def ratio_n(self) -> float:
        return self.seconds(self.build) / self.seconds(self.zip_n)


# -- measuring -----------------------------------------------------------------------------


def measure(command: Sequence[str], log: Path, cwd: Path | None = None) -> Run:
    """Run `command` through a small wrapper and return its wall time and its own peak RSS.

    The wrapper (`/usr/bin/time`, else a tiny Python one) forks the command and reports that
    one child's `ru_maxrss` from `wait4`, unlike `getrusage(RUSAGE_CHILDREN)`. The command
    must not be forked from this script itself: Linux carries the peak RSS of a process
    over `exec`, so a child forked from here would start with this script's peak.
    """
    rss_file = log.with_suffix(".rss")
    os.sync()
    with log.open("wb") as output:
        started = time.perf_counter()
        done = subprocess.run(
            [*WRAPPER, str(rss_file), *command],
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
        elapsed = time.perf_counter() - started
    text = rss_file.read_text().strip().splitlines() if rss_file.is_file() else []
    rss = int(text[-1]) if text and text[-1].isdigit() else -1
    return Run(elapsed, rss, done.returncode)


def warm(folder: Path) -> None:
    """Read every file under `folder` once, so the measured command finds them in cache."""
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as source:
                while source.read(8 * MIB):
                    pass


def scorm_builder() -> list[str]:
    """Return the command that runs the installed tool (the console script, else -m)."""
    found = shutil.which("scorm-builder")
    return [found] if found else [sys.executable, "-m", "scorm_builder"]


def validates(course: Path) -> tuple[bool, str]:
    done = subprocess.run(
        [*scorm_builder(), "validate", str(course)], capture_output=True, text=True, check=False
    )
    return done.returncode == 0, (done.stdout + done.stderr).strip()


def repeated(times: int, action: Callable[[], Run], what: str) -> list[Run]:
    """Run `action` `times` times; stop at the first failure and say so."""
    runs = []
    for _ in range(times):
        run = action()
        if run.returncode != 0:
            raise RuntimeError(f"{what} exited with status {run.returncode}")
        runs.append(run)
    return runs


# -- one course ----------------------------------------------------------------------------


def media_mib(archive: Path) -> tuple[int, float]:
    """Return the number of entries of the zip and the MiB of its `media/` entries."""
    with zipfile.ZipFile(archive) as opened:
        infos = opened.infolist()
    media = sum(i.file_size for i in infos if i.filename.startswith("media/"))
    return len(infos), media / MIB


def bench_course(name: str, course: Path, work: Path, times: int) -> Row | None:
    """Build `course`, unpack the zip, `zip -r` that tree; None (and why) if the build fails."""
    ours, tree = work / "ours.zip", work / "tree"
    log = work / "command.log"

    def build() -> Run:
        ours.unlink(missing_ok=True)
        warm(course)
        return measure([*scorm_builder(), "build", str(course), "-o", str(ours)], log)

    def zip_r(target: Path, *options: str) -> Callable[[], Run]:
        def run() -> Run:
            target.unlink(missing_ok=True)
            warm(tree)
            return measure(["zip", "-r", "-q", *options, str(target), "."], log, cwd=tree)

        return run

    print(f"[{name}] building {course} ({times}x)...", flush=True)
    try:
        builds = repeated(times, build, "scorm-builder build")
    except RuntimeError as error:
        print(f"[{name}] {error}:\n{log.read_text(errors='replace')}")
        return None
    print(f"[{name}] {log.read_text(errors='replace').strip()}")
    files, media = media_mib(ours)
    subprocess.run(["unzip", "-q", str(ours), "-d", str(tree)], check=True)
    theirs, theirs_n = work / "zip-r.zip", work / "zip-r-n.zip"
    print(f"[{name}] zip -r of the unpacked tree ({times}x)...", flush=True)
    zip_runs = repeated(times, zip_r(theirs), "zip -r")
    print(f"[{name}] zip -r -n <stored suffixes> of the same tree ({times}x)...", flush=True)
    zip_n_runs = repeated(times, zip_r(theirs_n, "-n", STORED_SUFFIXES), "zip -r -n")
    return Row(
        name,
        files,
        media,
        builds,
        zip_runs,
        zip_n_runs,
        ours.stat().st_size,
        theirs.stat().st_size,
        theirs_n.stat().st_size,
    )


# -- report --------------------------------------------------------------------------------

COLUMNS = (
    ("course", "<"),
    ("files", ">"),
    ("media MiB", ">"),
    ("build s", ">"),
    ("zip -r s", ">"),
    ("ratio", ">"),
    ("build peak RSS MiB", ">"),
    ("zip -r peak RSS MiB", ">"),
    ("our zip MiB", ">"),
    ("zip -r MiB", ">"),
)


def row_cells(row: Row) -> list[str]:
    return [
        row.course,
        str(row.files),
        f"{row.media_mib:.0f}",
        f"{Row.seconds(row.build):.2f}",
        f"{Row.seconds(row.zip_r):.2f}",
        f"{row.ratio:.2f}",
        f"{Row.rss_mib(row.build):.1f}",
        f"{Row.rss_mib(row.zip_r):.1f}",
        f"{row.our_zip_bytes / MIB:.1f}",
        f"{row.zip_r_bytes / MIB:.1f}",
    ]


def print_table(rows: list[Row]) -> None:
    cells = [[name for name, _ in COLUMNS], *(row_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    for index, line in enumerate(cells):
        print(
            " | ".join(
                f"{cell:{align}{width}}"
                for cell, (_, align), width in zip(line, COLUMNS, widths, strict=True)
            )
        )
        if index == 0:
            print("-+-".join("-" * w for w in widths))


def print_like_for_like(rows: list[Row]) -> None:
    """Print the same build against `zip -r -n <suffixes>`: zip storing the media as we do.

    Info-ZIP's default deflates every file, media included, and gives up per file only
    after trying; `-n` makes it store the same suffixes as scorm-builder, which isolates
    the packaging cost from the compression policy. Informational, not a target.
    """
    print("\nLike for like (zip -r -n, storing the same media suffixes as scorm-builder):")
    for row in rows:
        print(
            f"  {row.course}: zip -r -n {Row.seconds(row.zip_n):.2f} s, "
            f"peak RSS {Row.rss_mib(row.zip_n):.1f} MiB, {row.zip_n_bytes / MIB:.1f} MiB; "
            f"build / zip -r -n = {row.ratio_n:.2f}"
        )


def print_targets(rows: list[Row]) -> None:
    print("\nTargets:")
    for row in rows:
        rss = Row.rss_mib(row.build)
        rss_ok = rss < RSS_TARGET_MIB
        time_ok = row.ratio <= TIME_TARGET_RATIO
        print(
            f"  {'PASS' if rss_ok else 'FAIL'}  {row.course}: build peak RSS "
            f"{rss:.1f} MiB < {RSS_TARGET_MIB:.0f} MiB"
        )
        print(
            f"  {'PASS' if time_ok else 'FAIL'}  {row.course}: build "
            f"{Row.seconds(row.build):.2f} s <= {TIME_TARGET_RATIO}x zip -r "
            f"{Row.seconds(row.zip_r):.2f} s (ratio {row.ratio:.2f})"
        )


def startup(log: Path) -> Run:
    """`scorm-builder --version`: the interpreter and imports that every build pays for."""
    return measure([*scorm_builder(), "--version"], log)


# -- main ----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--large-dir",
        type=Path,
        help="use the course in DIR (generated there first if DIR has no course.yaml; kept)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a small large-course (20 modules, 200 MiB)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per command (median time)")
    parser.add_argument("--modules", type=int, help="override the generated module count")
    parser.add_argument("--pages", type=int, help="override the generated pages per module")
    parser.add_argument("--media-mb", type=float, help="override the generated media MiB")
    parser.add_argument("--skip-real", action="store_true", help=f"do not bench {REAL_COURSE}")
    return parser.parse_args(argv)


def large_course(args: argparse.Namespace, scratch: Path) -> Path:
    """Return the large course to bench, generating it when needed."""
    size = dict(QUICK if args.quick else FULL)
    for key in size:
        if getattr(args, key) is not None:
            size[key] = getattr(args, key)
    folder = args.large_dir or scratch / "large-course"
    if (folder / "course.yaml").is_file():
        print(f"[large] using the existing course in {folder}")
        return folder
    print(
        f"[large] generating {size['modules']} modules x {size['pages']} pages, "
        f"{size['media_mb']:.0f} MiB of media in {folder}...",
        flush=True,
    )
    started = time.perf_counter()
    make_course(folder, int(size["modules"]), int(size["pages"]), size["media_mb"])
    print(f"[large] generated in {time.perf_counter() - started:.1f} s")
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="scorm-bench-"))
    rows: list[Row] = []
    try:
        courses = [("large" + (" (quick)" if args.quick else ""), large_course(args, scratch))]
        if not args.skip_real:
            ok, output = validates(REAL_COURSE)
            if ok:
                courses.append(("course/", REAL_COURSE))
            else:
                print(f"[course/] skipped: scorm-builder validate fails:\n{output}")
        for index, (name, folder) in enumerate(courses):
            work = scratch / f"work-{index}"
            work.mkdir()
            row = bench_course(name, folder, work, max(1, args.repeat))
            shutil.rmtree(work)
            if row is not None:
                rows.append(row)
        fixed = startup(scratch / "version.log")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"\n{os.cpu_count()} CPUs, {args.repeat} run(s) per command (median time, highest RSS), "
        f"peak RSS from {Path(WRAPPER[0]).name} (wait4 ru_maxrss of the command alone); "
        f"MiB = 2^20 bytes.\n`scorm-builder --version` alone: {fixed.seconds:.2f} s, "
        f"{fixed.peak_rss_kib / 1024:.1f} MiB.\n"
    )
    if rows:
        print_table(rows)
        print_like_for_like(rows)
        print_targets(rows)
    else:
        print("no course could be measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
