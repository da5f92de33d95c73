"""Time the command line's answers that do no work, as ratios against `python -c "import click"`.

Issue 14 asks `scorm-builder --version`, `--help`, a verb's `--help` and usage errors to take
at most 1.5x the time of `python -c "import click"`: starting Python and importing click is
the floor of any click tool, so what the ratio measures is what scorm-builder adds to it.

Every command runs N times, alternating with the others in the same run (round r starts at a
different command, so that a load change on the shared machine hits them all alike), after
one untimed run each (bytecode and page cache). It prints each command's median wall time,
its spread (quartiles), the ratio of its median to that of `import click`, PASS/FAIL against
1.5, and the command line that reproduces it. A command that exits with another status than
expected stops the run: a crash would time as fast as a success.

It exits 0 whatever the figures: it is a report.

Usage: python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import scorm_builder

TARGET_RATIO = 1.5


@dataclass(frozen=True)
class Case:
    """One command line to time, and the exit status that shows it answered as it should."""

    label: str
    argv: list[str]
    exit_code: int = 0

    @property
    def shown(self) -> str:
        """The command line as typed in the activated venv (programs by name, not path)."""
        return shlex.join([Path(self.argv[0]).name, *self.argv[1:]])


def cases(tool: list[str]) -> list[Case]:
    """Return the reference (`import click`, first) and the answers under test."""
    return [
        Case("import click", [sys.executable, "-c", "import click"]),
        Case("--version", [*tool, "--version"]),
        Case("--help", [*tool, "--help"]),
        Case("build --help", [*tool, "build", "--help"]),
        Case("unknown verb", [*tool, "biuld"], exit_code=2),
        Case("unknown option", [*tool, "build", "--bogus"], exit_code=2),
    ]


def wall_seconds(case: Case) -> float:
    """Run `case` once, its output discarded, and return its wall time."""
    started = time.perf_counter()
    done = subprocess.run(
        case.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != case.exit_code:
        raise SystemExit(f"{case.shown} exited {done.returncode}, not {case.exit_code}")
    return elapsed


def timings(all_cases: list[Case], runs: int) -> dict[str, list[float]]:
    """Return `runs` wall times per case, the cases alternating within each round."""
    for case in all_cases:
        wall_seconds(case)
    times: dict[str, list[float]] = {case.label: [] for case in all_cases}
    for round_index in range(runs):
        start = round_index % len(all_cases)
        for case in all_cases[start:] + all_cases[:start]:
            times[case.label].append(wall_seconds(case))
    return times


def report(all_cases: list[Case], times: dict[str, list[float]], runs: int) -> None:
    reference = statistics.median(times[all_cases[0].label])
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {runs} runs per "
        f"command, alternating; python = {sys.executable}\n"
    )
    print(f"{'':<15} {'median ms':>9} {'p25-p75 ms':>13} {'ratio':>6}  target  command")
    for case in all_cases:
        median = statistics.median(times[case.label])
        low, _, high = statistics.quantiles(times[case.label], n=4)
        ratio = median / reference
        verdict = "" if case is all_cases[0] else "PASS" if ratio <= TARGET_RATIO else "FAIL"
        spread = f"{low * 1000:.1f}-{high * 1000:.1f}"
        print(
            f"{case.label:<15} {median * 1000:>9.1f} {spread:>13} {ratio:>6.2f}  {verdict:<6}  "
            f"{case.shown}"
        )
    print(f"\nratio = median / median of `import click`; target: ratio <= {TARGET_RATIO}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    runs = max(2, parse_args(argv).runs)
    all_cases = cases(scorm_builder())
    report(all_cases, timings(all_cases, runs), runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
