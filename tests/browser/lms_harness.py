"""Helpers of the browser tests: the HTTP handler, publishing a course, and the learner's
session in the LMS harness page (tests/browser/lms.html)."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
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


def require(present: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer's machine; in CI its absence is a failure."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it)")
    pytest.skip(reason)


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


def publish(course_dir: Path, site: Path, name: str) -> Path:
    """Build the course and unpack its zip under the served site; return the folder."""
    target = site / name
    package = site / f"{name}.zip"
    build(course_dir, package)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(target)
    return target


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

    def open_in_lms(
        self, sco_path: str, data: dict[str, Any] | None = None, **options: Any
    ) -> None:
        """Open the SCO in the harness, with learner data preloaded as the LMS would.

        Options: failures={call or element: count} makes that many calls fail with error 101;
        values={element: value} answers those reads, even with values scorm-again refuses;
        moodle=True launches in review mode once the status is final, as Moodle does.
        """
        self.page.goto(f"{self.base}/lms.html")
        self.page.evaluate(
            "options => startLms(options)",
            {"src": f"{self.base}{sco_path}", "data": data, **options},
        )
        self.page.wait_for_function("() => window.harness.calls.some(c => c.name === 'LMSCommit')")

    def open_alone(self, sco_path: str) -> None:
        self.page.goto(f"{self.base}{sco_path}")

    def settle(self) -> None:
        """Let the commits the SCO has scheduled run: it commits from a zero-delay timer set in
        an animation frame, and frames and timers run in the order they were asked for."""
        self.sco.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")

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

    def leave_without_finish(self) -> None:
        """Navigate the harness away when the SCO has already finished."""
        self.page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
        self.page.wait_for_function(
            "() => document.getElementById('sco').contentDocument?.URL === 'about:blank'"
        )

    def leave(self) -> None:
        """Navigate the harness away, as a learner leaving the activity (a real pagehide)."""
        self.page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
        self.page.wait_for_function(
            "() => window.harness.calls.some(c => c.name === 'LMSFinish')", timeout=5000
        )


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


def result(sco: Any) -> dict[str, str]:
    """The quiz's result panel as the learner reads it: each term with its value."""
    rows: dict[str, str] = sco.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("#quiz-summary dt")]
            .map((dt) => [dt.textContent, dt.nextElementSibling.textContent]))"""
    )
    return rows


def quiz_view(sco: Any) -> dict[str, Any]:
    """The quiz as the SCO's runtime reads it (its embedded data)."""
    view: dict[str, Any] = sco.evaluate(
        "() => JSON.parse(document.getElementById('sco-data').textContent).quiz"
    )
    return view


def right_answers(quiz: dict[str, Any]) -> dict[str, Any]:
    """The right answer to each question of a quiz view, in answer_quiz's terms."""
    answers: dict[str, Any] = {}
    for q in quiz["questions"]:
        if q["type"] == "single-choice":
            answers[q["id"]] = next(c["key"] for c in q["choices"] if c["correct"])
        elif q["type"] == "multiple-choice":
            answers[q["id"]] = [c["key"] for c in q["choices"] if c["correct"]]
        elif q["type"] == "true-false":
            answers[q["id"]] = q["answer"]
        elif q["type"] == "fill-in":
            answers[q["id"]] = q["accepted"][0]
        elif q["type"] == "ordering":
            answers[q["id"]] = [item["key"] for item in q["items"]]
        else:
            answers[q["id"]] = [pair["rightKey"] for pair in q["pairs"]]
    return answers
