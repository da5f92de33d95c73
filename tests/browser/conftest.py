"""End-to-end set-up: built packages served on 127.0.0.1, opened in headless Chromium inside
an LMS page whose SCORM 1.2 API is scorm-again (tests/browser/lms.html)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scorm_builder.cli import cli
from tests.browser.lms_harness import (
    HERE,
    ROOT,
    SCORM_AGAIN,
    Handler,
    Session,
    publish,
    require,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("site")


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def small(site: Path) -> str:
    """The small course (a reading module and a graded quiz of every type), as a URL path."""
    publish(HERE / "fixtures" / "small", site, "small")
    return "/small"


def launch_paths(folder: Path) -> list[str]:
    """The URL paths of the SCOs of a published course, in file name order."""
    return sorted(f"/{folder.name}/{path.name}" for path in folder.glob("*.html"))


@pytest.fixture(scope="session")
def devops(site: Path) -> list[str]:
    """The project's own French course, published; the URL paths of its SCOs."""
    return launch_paths(publish(ROOT / "course", site, "devops"))


@pytest.fixture(scope="session")
def scaffold(site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The course that `scorm-builder new` writes, published; the URL paths of its SCOs."""
    course = tmp_path_factory.mktemp("new") / "my-course"
    result = CliRunner().invoke(cli, ["new", str(course)])
    assert result.exit_code == 0, result.output
    return launch_paths(publish(course, site, "scaffold"))


@pytest.fixture(scope="session")
def browser(chromium: Any) -> Any:
    require(
        (SCORM_AGAIN / "scorm12.js").exists(), "node_modules/scorm-again is missing (run npm ci)"
    )
    return chromium


@pytest.fixture
def session(browser: Any, server: str) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()
    result = Session(page, server)
    page.on("console", lambda message: result.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: result.console.append(("error", str(error))))
    yield result
    context.close()
