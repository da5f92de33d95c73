"""End-to-end set-up: built packages served on 127.0.0.1, opened in headless Chromium inside
an LMS page whose SCORM 1.2 API is scorm-again (tests/browser/lms.html)."""

from __future__ import annotations

import os
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from scorm_builder.building import build

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


def require(present: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer's machine; in CI its absence is a failure."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it)")
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class Handler(SimpleHTTPRequestHandler):
    """Serves the site folder, the harness page and scorm-again's bundle; logs nothing."""

    def translate_path(self, path: str) -> str:
        route = path.split("?", 1)[0]
        if route == "/lms.html":
            return str(HERE / "lms.html")
        if route.startswith("/scorm-again/"):
            return str(SCORM_AGAIN / route.removeprefix("/scorm-again/"))
        return super().translate_path(path)

    def do_GET(self) -> None:
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


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


def publish(course_dir: Path, site: Path, name: str) -> Path:
    """Build the course and unpack its zip under the served site; return the folder."""
    target = site / name
    package = site / f"{name}.zip"
    build(course_dir, package)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(target)
    return target


@pytest.fixture(scope="session")
def small(site: Path) -> str:
    """The small course (a reading module and a graded quiz of every type), as a URL path."""
    publish(HERE / "fixtures" / "small", site, "small")
    return "/small"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    require(
        (SCORM_AGAIN / "scorm12.js").exists(), "node_modules/scorm-again is missing (run npm ci)"
    )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Session:
    """One page of the browser: the LMS harness around a SCO, or a SCO alone."""

    page: Any
    base: str
    console: list[tuple[str, str]] = field(default_factory=list)

    @property
    def sco(self) -> Any:
        """The SCO's frame (or the page itself when it was opened without an LMS)."""
        frames = self.page.frames
        return frames[1] if len(frames) > 1 else self.page.main_frame

    def open_in_lms(self, sco_path: str, data: dict[str, Any] | None = None) -> None:
        """Open the SCO in the harness, with learner data preloaded as the LMS would."""
        self.page.goto(f"{self.base}/lms.html")
        self.page.evaluate(
            "options => startLms(options)", {"src": f"{self.base}{sco_path}", "data": data}
        )
        self.page.wait_for_function("() => window.harness.calls.some(c => c.name === 'LMSCommit')")

    def open_alone(self, sco_path: str) -> None:
        self.page.goto(f"{self.base}{sco_path}")

    def calls(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.page.evaluate("() => window.harness.calls")
        return result

    def committed(self) -> dict[str, str]:
        """The last committed value of each element."""
        pairs: list[list[str]] = self.page.evaluate("() => window.harness.committed")
        return dict((element, value) for element, value in pairs)

    def cmi(self, element: str) -> str:
        """A value as scorm-again holds it (the LMS's view, after its own rules)."""
        value: str = self.page.evaluate(
            "e => e.split('.').slice(1).reduce((o, k) => o[k], window.harness.api.cmi)", element
        )
        return value

    def errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]

    def leave(self) -> None:
        """Navigate the harness away, as a learner leaving the activity (a real pagehide)."""
        self.page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
        self.page.wait_for_function(
            "() => window.harness.calls.some(c => c.name === 'LMSFinish')", timeout=5000
        )


@pytest.fixture
def session(browser: Any, server: str) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()
    result = Session(page, server)
    page.on("console", lambda message: result.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: result.console.append(("error", str(error))))
    yield result
    context.close()


def answer_quiz(sco: Any, answers: dict[str, Any]) -> None:
    """Answer questions through the page's own controls, as a learner would.

    Values: a choice key or list of keys, True/False, typed text, the keys of an ordering
    question in the wanted order, or the right keys of a matching question in pair order.
    """
    for question, answer in answers.items():
        fieldset = sco.locator(f"#q-{question}")
        kind = fieldset.get_attribute("data-type")
        if kind == "fill-in":
            fieldset.locator("input").fill(answer)
        elif kind == "true-false":
            fieldset.locator(f"#q-{question}-{'t' if answer else 'f'}").check()
        elif kind == "ordering":
            for position, key in enumerate(answer):
                up = fieldset.locator(f"li[data-key='{key}'] button[data-step='-1']")
                while fieldset.locator("li").nth(position).get_attribute("data-key") != key:
                    up.click()
        elif kind == "matching":
            for left, right in zip("abcdefghijklmnopqrstuvwxyz0123456789", answer, strict=False):
                fieldset.locator(f"#q-{question}-{left}").select_option(right)
        else:
            for key in [answer] if isinstance(answer, str) else answer:
                fieldset.locator(f"#q-{question}-{key}").check()
