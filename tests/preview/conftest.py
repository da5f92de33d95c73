"""Fixtures of the preview tests: Chromium as tests/browser launches it, and a page holding
both LMS-side APIs (the preview's strict one and scorm-again's) to drive the same calls."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from preview_support import wait_until

from scorm_builder.preview import STATIC
from scorm_builder.preview.server import Preview

TESTS = Path(__file__).resolve().parents[1]


def _browser_conftest() -> ModuleType:
    """tests/browser/conftest.py, loaded under its own name (every conftest is `conftest`),
    with its folder importable as pytest makes it for its own tests."""
    name = "browser_conftest"
    if name not in sys.modules:
        folder = TESTS / "browser"
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
        spec = importlib.util.spec_from_file_location(name, folder / "conftest.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


BROWSER = _browser_conftest()
# The same Chromium, launched the same way, skipped on a developer's machine and failed in CI
# when it is missing.
browser = BROWSER.browser
SCORM_AGAIN = BROWSER.SCORM_AGAIN


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def api_page(browser: Any) -> Iterator[Any]:
    """A blank page with scorm-again's `Scorm12API` and the preview's `StrictScorm12API`."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>APIs</title>")
    page.add_script_tag(path=str(SCORM_AGAIN / "scorm12.js"))
    page.add_script_tag(path=str(STATIC / "scorm12-api.js"))
    yield page
    context.close()


@pytest.fixture
def start_preview(tmp_path: Path) -> Iterator[Callable[..., Preview]]:
    """Start previews in this process on free ports (closed after the test), each once its
    first build is done."""
    started: list[Preview] = []

    def start(course_dir: Path, state: Path | None = None) -> Preview:
        preview = Preview(course_dir, state or tmp_path / "learner.json")
        started.append(preview)
        preview.start()
        wait_until(lambda: preview.site.version >= 1)
        return preview

    yield start
    for preview in started:
        preview.close()
