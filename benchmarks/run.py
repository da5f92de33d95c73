"""Measure `scorm-builder build` against `zip -r` of the same files, and check the targets.

For each course (a synthetic large one, and the real `course/` when it validates) this
builds the SCORM zip once, unpacks it into a tree, then times, N times in alternation (each
round starting at a different command), the build, Info-ZIP `zip -r -q` (default level) of
that same tree, `zip -r -q -n <stored suffixes>` (storing the media as we do), and, with
`--before DIR`, the build by another checkout of scorm-builder (e.g. `main`): all pack the
same bytes in the same run, on the same disk, under the same load. Each figure is printed as
the median of its per-round ratios to its reference (paired), with the command that
reproduces the run, then PASS/FAIL for the targets of issue 14:

* peak RSS of the build at most 100 MiB, whatever the media volume;
* build wall time within 1.2x of `zip -r` on the same files.

Each command runs as the only child of a small wrapper (`/usr/bin/time -f %M`, else a tiny
Python one) that reports that command's `ru_maxrss` from `wait4`: never `RUSAGE_CHILDREN`,
which is a maximum over every child ever waited for. It is the peak of the largest single
process of the command (the build's worker processes are children of the build). Before
each timed command, dirty pages are flushed (`sync`) and the input files are read once, so
that neither tool pays for the other's writes or for a cold cache.

It exits 0 whatever the figures: it is a report.

Usage: python benchmarks/run.py [--large-dir DIR] [--quick] [--repeat N] [--before DIR]
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
RSS_TARGET_MIB = 100.0
TIME_TARGET_RATIO = 1.2
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
    """The figures of one course: the runs of each command, round by round."""

    course: str
    files: int
    media_mib: float
    runs: dict[str, list[Run]]
    """Per command name ("build", "zip -r", "zip -r -n", "before"), one run per round."""
    sizes: dict[str, int]
    """The zip each command wrote, in bytes."""

    def seconds(self, command: str) -> float:
        """Median wall time: the machine is shared, so one slow run should not decide."""
        return statistics.median(r.seconds for r in self.runs[command])

    def rss_mib(self, command: str) -> float:
        """Highest peak over the rounds: the target is a ceiling, so report the worst."""
        return max(r.peak_rss_kib for r in self.runs[command]) / 1024

    def ratio(self, command: str, reference: str) -> float:
        """Median over the rounds of `command`'s time over `reference`'s in the same round."""
        return statistics.median(
            mine.seconds / theirs.seconds
            for mine, theirs in zip(self.runs[command], self.runs[reference], strict=True)
        )


# -- measuring -----------------------------------------------------------------------------


def measure(
    command: Sequence[str], log: Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Run:
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
            env=env,
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


def alternated(rounds: int, commands: dict[str, Callable[[], Run]]) -> dict[str, list[Run]]:
    """Run every command once per round, each round starting at the next command, so that a
    change of load on the shared machine hits them all alike; stop at the first failure."""
    names = list(commands)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            run = commands[name]()
            if run.returncode != 0:
                raise RuntimeError(f"{name} exited with status {run.returncode}")
            runs[name].append(run)
    return runs


# -- one course ----------------------------------------------------------------------------


def media_mib(archive: Path) -> tuple[int, float]:
    """Return the number of entries of the zip and the MiB of its `media/` entries."""
    with zipfile.ZipFile(archive) as opened:
        infos = opened.infolist()
    media = sum(i.file_size for i in infos if i.filename.startswith("media/"))
    return len(infos), media / MIB


def bench_course(
    name: str, course: Path, work: Path, times: int, before: Path | None
) -> Row | None:
    """Build `course` once and unpack it, then time the build, `zip -r` of that tree (and the
    others) in alternation; None (and why) if the build fails."""
    tree = work / "tree"
    log = work / "command.log"

    def build(
        target: Path, command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> Callable[[], Run]:
        def run() -> Run:
            target.unlink(missing_ok=True)
            warm(course)
            return measure([*command, "build", str(course), "-o", str(target)], log, cwd, env)

        return run

    def zip_r(target: Path, *options: str) -> Callable[[], Run]:
        def run() -> Run:
            target.unlink(missing_ok=True)
            warm(tree)
            return measure(["zip", "-r", "-q", *options, str(target), "."], log, cwd=tree)

        return run

    targets = {
        "build": work / "ours.zip",
        "zip -r": work / "zip-r.zip",
        "zip -r -n": work / "zip-r-n.zip",
        "before": work / "before.zip",
    }
    first = build(targets["build"], scorm_builder())()
    print(f"[{name}] {log.read_text(errors='replace').strip()}")
    if first.returncode != 0:
        return None
    files, media = media_mib(targets["build"])
    subprocess.run(["unzip", "-q", str(targets["build"]), "-d", str(tree)], check=True)
    commands = {
        "build": build(targets["build"], scorm_builder()),
        "zip -r": zip_r(targets["zip -r"]),
        "zip -r -n": zip_r(targets["zip -r -n"], "-n", STORED_SUFFIXES),
    }
    if before is not None:
        # Run from that folder: `python -m` puts the working folder first on the path.
        env = {**os.environ, "PYTHONPATH": str(before.resolve())}
        command = [sys.executable, "-m", "scorm_builder"]
        commands["before"] = build(targets["before"], command, env, before.resolve())
    print(f"[{name}] {', '.join(commands)}: {times} round(s), alternating...", flush=True)
    try:
        runs = alternated(times, commands)
    except RuntimeError as error:
        print(f"[{name}] {error}:\n{log.read_text(errors='replace')}")
        return None
    return Row(name, files, media, runs, {c: targets[c].stat().st_size for c in commands})


# -- report --------------------------------------------------------------------------------


def print_rows(rows: list[Row]) -> None:
    """Print each command's median time and peak RSS, and its paired ratio to `zip -r`
    (and the build's to the build `--before`)."""
    print(
        f"{'course':<8} | {'command':<10} | {'median s':>8} | {'ratio to zip -r':>15} | "
        f"{'peak RSS MiB':>12} | {'zip MiB':>8}"
    )
    print("-" * 78)
    for row in rows:
        for command in row.runs:
            print(
                f"{row.course:<8} | {command:<10} | {row.seconds(command):>8.2f} | "
                f"{row.ratio(command, 'zip -r'):>15.2f} | {row.rss_mib(command):>12.1f} | "
                f"{row.sizes[command] / MIB:>8.1f}"
            )
        if "before" in row.runs:
            print(
                f"  {row.course}: build / build before = {row.ratio('build', 'before'):.2f} "
                f"(paired, median of {len(row.runs['build'])})"
            )
        print(f"  {row.course}: {row.files} files, {row.media_mib:.0f} MiB of media")


def print_targets(rows: list[Row]) -> None:
    print("\nTargets:")
    for row in rows:
        rss = row.rss_mib("build")
        ratio = row.ratio("build", "zip -r")
        print(
            f"  {'PASS' if rss <= RSS_TARGET_MIB else 'FAIL'}  {row.course}: build peak RSS "
            f"{rss:.1f} MiB <= {RSS_TARGET_MIB:.0f} MiB"
        )
        print(
            f"  {'PASS' if ratio <= TIME_TARGET_RATIO else 'FAIL'}  {row.course}: build "
            f"<= {TIME_TARGET_RATIO}x zip -r (paired ratio {ratio:.2f})"
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
    parser.add_argument(
        "--before",
        type=Path,
        help="also time the build of the scorm-builder checkout in DIR (PYTHONPATH=DIR)",
    )
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
            row = bench_course(name, folder, work, max(1, args.repeat), args.before)
            shutil.rmtree(work)
            if row is not None:
                rows.append(row)
        fixed = startup(scratch / "version.log")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"\n{os.cpu_count()} CPUs, {args.repeat} round(s), commands alternating (median time, "
        f"highest RSS), peak RSS from {Path(WRAPPER[0]).name} (wait4 ru_maxrss); MiB = 2^20 "
        f"bytes.\nReproduce: python benchmarks/run.py {' '.join(argv or sys.argv[1:])}\n"
        f"`scorm-builder --version` alone: {fixed.seconds:.2f} s, "
        f"{fixed.peak_rss_kib / 1024:.1f} MiB.\n"
    )
    if rows:
        print_rows(rows)
        print_targets(rows)
    else:
        print("no course could be measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
