"""Fixtures of the preview tests: previews started in this process, and Chromium with both
LMS-side APIs (the preview's strict one and scorm-again's) to drive the same calls.

Chromium is found, launched and skipped (or failed in CI) as tests/browser does, with the
constants and `require` of tests/browser/lms_harness.py. It runs in a thread of its own: Playwright's sync API allows one
instance per thread, and tests/browser's session-scoped `browser` fixture holds the main
thread's for the whole session. (Once that fixture lives in tests/conftest.py, for both
folders, `PlaywrightThread` and `Remote` can go.)
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from scorm_builder.preview import STATIC
from scorm_builder.preview.server import Preview
from tests.browser.lms_harness import CHROMIUM, CHROMIUM_ARGS, SCORM_AGAIN, require
from tests.preview.preview_support import wait_until

PLAIN = (str, bytes, int, float, bool, type(None), list, tuple, dict)


class PlaywrightThread:
    """Chromium driven by Playwright on a dedicated thread, which runs the calls it is sent."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._started: Future[Any] = Future()
        self._thread = threading.Thread(target=self._serve, name="playwright", daemon=True)
        self._thread.start()
        self.browser = Remote(self, self._started.result(timeout=60))

    def _serve(self) -> None:
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                self._started.set_result(chromium)
                while (job := self._jobs.get()) is not None:
                    job()
                chromium.close()
        except BaseException as error:  # told to the test that waits for the start
            if not self._started.done():
                self._started.set_exception(error)

    def call(self, function: Callable[[], Any]) -> Any:
        future: Future[Any] = Future()

        def job() -> None:
            try:
                future.set_result(function())
            except BaseException as error:
                future.set_exception(error)

        self._jobs.put(job)
        return future.result()

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)


class Remote:
    """A Playwright object used from the test's thread: each use runs on the Playwright
    thread; plain values come back as they are, Playwright objects as more `Remote`s."""

    def __init__(self, thread: PlaywrightThread, target: Any) -> None:
        self._thread = thread
        self._target = target

    def _wrap(self, value: Any) -> Any:
        return value if isinstance(value, PLAIN) else Remote(self._thread, value)

    def __getattr__(self, name: str) -> Any:
        return self._wrap(self._thread.call(lambda: getattr(self._target, name)))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._wrap(self._thread.call(lambda: self._target(*args, **kwargs)))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    scorm_again = SCORM_AGAIN / "scorm12.js"
    require(scorm_again.exists(), "node_modules/scorm-again is missing (run npm ci)")
    pytest.importorskip("playwright.sync_api")
    thread = PlaywrightThread()
    yield thread.browser
    thread.stop()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def api_page(chromium: Any) -> Iterator[Any]:
    """A blank page with scorm-again's `Scorm12API` and the preview's `StrictScorm12API`."""
    context = chromium.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>APIs</title>")
    page.add_script_tag(path=str(SCORM_AGAIN / "scorm12.js"))
    page.add_script_tag(path=str(STATIC / "scorm12-api.js"))
    yield page
    context.close()


@pytest.fixture
def start_preview(tmp_path: Path) -> Iterator[Callable[..., Preview]]:
    """Start previews in this process on free ports (closed after the test), each once its
    first build is done; `options` go to `Preview` (`on_error`...)."""
    started: list[Preview] = []

    def start(course_dir: Path, state: Path | None = None, **options: Any) -> Preview:
        preview = Preview(course_dir, state or tmp_path / "learner.json", **options)
        started.append(preview)
        preview.start()
        wait_until(lambda: preview.site.version >= 1)
        return preview

    yield start
    for preview in started:
        preview.close()
