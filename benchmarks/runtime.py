"""Measure the SCO runtime: its weight, and what it adds to the time to a learner's first paint.

Issue 4 asks for the runtime's JS + CSS to stay under 25 KB unminified, and for the time
from load to first paint in headless Chromium to be reported. This builds a course
(`course/` by default), unpacks it, serves it on 127.0.0.1, and loads each SCO alone (no LMS:
the runtime runs in its localStorage mode) in Debian's chromium, each time in a fresh browser
context so that nothing is cached. Every load of a SCO alternates with a load of the same
page without the runtime (its scripts and stylesheet taken out), so that the ratio of the
two medians, taken in one run under the same load, says what the runtime costs on any
machine.

It exits 0 whatever the figures: it is a report.

Usage: python benchmarks/runtime.py [--course DIR] [--loads N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from scorm_builder.building import build
from scorm_builder.themes import default_theme_dir

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
TARGET_BYTES = 25_000
# The runtime's files, as a SCO links them; a page without them is the baseline.
RUNTIME_TAGS = re.compile(
    r'<link rel="stylesheet" href="shared/sco\.css">|<script src="shared/[\w-]+\.js"></script>'
)
FIRST_PAINT = "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the report is the output."""


def runtime_weight() -> dict[str, int]:
    """Return the size in bytes of each JS and CSS file of the default theme's runtime."""
    static = default_theme_dir() / "static"
    return {
        p.name: p.stat().st_size for p in sorted(static.iterdir()) if p.suffix in {".js", ".css"}
    }


def unpacked_course(course: Path, folder: Path) -> list[str]:
    """Build and unpack `course` into `folder`, write each SCO's page without the runtime
    beside it (`bare-` prefix), and return the SCOs' page names."""
    package = folder / "course.zip"
    build(course, package)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder / "site")
    pages = sorted(p.name for p in (folder / "site").glob("*.html"))
    for name in pages:
        html = (folder / "site" / name).read_text("utf-8")
        bare, removed = RUNTIME_TAGS.subn("", html)
        # The stylesheet and the three scripts (sco-logic, lms-session, runtime).
        if removed != 4:  # the theme links its runtime otherwise: the baseline would be wrong
            raise SystemExit(f"{name}: expected the runtime's 4 tags, found {removed}")
        (folder / "site" / f"bare-{name}").write_text(bare, "utf-8")
    return pages


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 for the duration; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_paint(browser: Any, url: str) -> float:
    """Return the ms from navigation to first contentful paint of `url`, loaded uncached."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    paint = float(page.wait_for_function(FIRST_PAINT).json_value())
    context.close()
    return paint


def paint_times(base: str, pages: list[str], loads: int) -> dict[str, tuple[float, float]]:
    """Return, per SCO page, the median first paint with and without the runtime."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        medians = {}
        for name in pages:
            full, bare = [], []
            for _ in range(loads):
                full.append(first_paint(browser, f"{base}{name}"))
                bare.append(first_paint(browser, f"{base}bare-{name}"))
            medians[name] = (statistics.median(full), statistics.median(bare))
        browser.close()
    return medians


def report(weight: dict[str, int], medians: dict[str, tuple[float, float]], loads: int) -> None:
    total = sum(weight.values())
    print("Runtime weight (unminified):")
    for name, size in weight.items():
        print(f"  {name:<14} {size:>7,} bytes")
    verdict = "PASS" if total < TARGET_BYTES else "FAIL"
    print(f"  {'total':<14} {total:>7,} bytes   {verdict} target < {TARGET_BYTES:,}")
    print(f"\nFirst contentful paint, median of {loads} uncached loads per page (ms):")
    print(f"  {'SCO':<34} {'runtime':>8} {'without':>8} {'ratio':>6}")
    for name, (full, bare) in medians.items():
        print(f"  {name:<34} {full:>8.0f} {bare:>8.0f} {full / bare:>6.2f}")
    everything = [full for full, _ in medians.values()]
    print(f"  slowest SCO with the runtime: {max(everything):.0f} ms")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=ROOT / "course")
    parser.add_argument("--loads", type=int, default=9, help="loads per page and variant")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="runtime-bench-") as scratch:
        pages = unpacked_course(args.course, Path(scratch))
        with served(Path(scratch) / "site") as base:
            medians = paint_times(base, pages, args.loads)
    report(runtime_weight(), medians, args.loads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
