"""Printing an HTML file to PDF with headless Chromium, found on PATH.

Chromium is no dependency of the tool: only `review --pdf` needs it, and says so in one line
when it is missing. The file printed is the tool's own review document, which runs no script
and loads nothing, so Chromium runs without its sandbox (which it cannot have as root) and
with a throw-away profile.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from scorm_builder.exceptions import BuildError, ScormBuilderError
from scorm_builder.packaging import OutputKind

PDF = OutputKind("a PDF", (b"%PDF-",))
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""The names Chromium goes by on PATH, in the order they are looked for."""
PRINT_TIMEOUT = 300
"""Seconds: the whole DevOps course prints in a few."""


def find_chromium() -> str:
    """Return the path of Chromium on PATH, or raise the one-line error that says how to
    get it."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise ScormBuilderError(
        f"--pdf needs Chromium, and none is on PATH (looked for {', '.join(BROWSERS)}): "
        "install it (apt-get install chromium), or leave out --pdf"
    )


def chromium_command(browser: str, html: Path, pdf: Path, profile: Path) -> list[str]:
    """Return the command line that prints `html` to `pdf`, on the pages its CSS asks for."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        html.resolve().as_uri(),
    ]


def print_pdf(browser: str, html: Path, pdf: Path) -> None:
    """Print the HTML file `html` to the file `pdf` with the Chromium at `browser`."""
    with tempfile.TemporaryDirectory(prefix="scorm-builder-chromium-") as profile:
        command = chromium_command(browser, html, pdf, Path(profile))
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PRINT_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise BuildError(
                f"cannot print {html} to PDF: {browser} did not finish in {PRINT_TIMEOUT} s"
            ) from error
        except OSError as error:
            raise BuildError(f"cannot run {browser}: {error.strerror or error}") from error
    if done.returncode != 0 or not PDF.is_one(pdf):
        said = done.stderr.strip().splitlines()
        raise BuildError(
            f"cannot print {html} to PDF: {browser} exited with status {done.returncode}"
            + (f": {said[-1][:200]}" if said else "")
        )
