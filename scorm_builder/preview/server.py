"""The preview's HTTP server, on 127.0.0.1 only.

Routes: `/` the LMS page and `/static/*` its files; `/package/*` the files of the latest good
build; `/api/course` the SCOs and the problems of the latest build; `/api/events` a stream of
build versions (server-sent events); `/api/learner` the learner's data (GET all, POST one SCO's,
DELETE to reset).
"""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError

from scorm_builder.preview import HOST, STATIC
from scorm_builder.preview.learners import LearnerStore, ScoData
from scorm_builder.preview.site import Build, Site
from scorm_builder.preview.watching import start_watching

KEEPALIVE_SECONDS = 15.0
MAX_BODY = 1_000_000
LEARNER_ROUTE = "/api/learner"
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class Preview:
    """One course previewed: its site, its learner, the HTTP server and the folder watcher."""

    def __init__(
        self,
        course_dir: Path,
        state_file: Path,
        port: int = 0,
        on_build: Callable[[Build], object] = lambda build: None,
        on_error: Callable[[str], object] = lambda message: None,
    ) -> None:
        self.course_dir = course_dir
        self.site = Site(course_dir)
        self.learners = LearnerStore(state_file)
        self.on_build = on_build
        self.on_error = on_error
        self.httpd = PreviewHTTPServer((HOST, port), Handler, self)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._serving = False

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}/"

    def rebuild(self) -> Build:
        build = self.site.rebuild()
        self.on_build(build)
        return build

    def run(self) -> None:
        """Watch the folder, build, and serve until interrupted (Ctrl-C raises here)."""
        # Watching first: an edit saved during the first build triggers the next one.
        start_watching(self.course_dir, self.rebuild, self._stop, (self.learners.path,))
        self.rebuild()
        with self._lock:
            if self._stop.is_set():  # closed while building
                return
            self._serving = True
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            # Ended by Ctrl-C (raised here, maybe before serve_forever began): `close` must not
            # wait for it to end.
            with self._lock:
                self._serving = False

    def start(self) -> None:
        """Run in a background thread (for tests and embedding); `close` stops it."""
        threading.Thread(target=self.run, name="scorm-builder-preview", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._stop.set()
            serving = self._serving
        self.site.close()
        if serving:  # in another thread (`start`)
            self.httpd.shutdown()
        self.httpd.server_close()


class PreviewHTTPServer(ThreadingHTTPServer):
    def __init__(self, address: tuple[str, int], handler: type[Handler], preview: Preview) -> None:
        self.preview = preview
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        # A browser that leaves mid-response (reload, closed tab) is not a problem.
        if not isinstance(error, ConnectionError):
            self.preview.on_error(f"preview server: {type(error).__name__}: {error}")


class Handler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    static_files: ClassVar[dict[str, Path]] = {
        path.name: path for path in STATIC.iterdir() if path.is_file()
    }

    @property
    def preview(self) -> Preview:
        return self.server.preview

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows builds, not requests."""

    def route(self) -> str | None:
        """Return the request's path, or None (after answering 403) for a foreign Host:
        a page of another site that resolves its own name to 127.0.0.1 gets nothing, and a
        page of another site that posts here (browsers name it in Origin) changes nothing."""
        port = self.server.server_address[1]
        hosts = {f"{HOST}:{port}", f"localhost:{port}"}
        origin = self.headers.get("Origin")
        foreign_origin = origin is not None and origin not in {f"http://{h}" for h in hosts}
        if self.headers.get("Host") not in hosts or (self.command != "GET" and foreign_origin):
            self.send_error(HTTPStatus.FORBIDDEN, "preview answers its own page on 127.0.0.1 only")
            return None
        return unquote(urlsplit(self.path).path)

    def do_GET(self) -> None:
        route = self.route()
        if route is None:
            return
        if route == "/":
            self.send_file(STATIC / "lms.html")
        elif route.startswith("/static/") and route.removeprefix("/static/") in self.static_files:
            self.send_file(self.static_files[route.removeprefix("/static/")])
        elif route.startswith("/package/"):
            self.send_package_file(route.removeprefix("/package/"))
        elif route == "/api/course":
            self.send_json(self.course())
        elif route == LEARNER_ROUTE:
            self.send_json({k: v.model_dump() for k, v in self.preview.learners.scos().items()})
        elif route == "/api/events":
            self.stream_builds()
        elif route == "/favicon.ico":
            self.send_body(b"", "image/x-icon")
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def do_POST(self) -> None:
        with self.preview.learners.arriving():
            self.receive_learner()

    def receive_learner(self) -> None:
        route = self.route()
        if route is None:
            return
        identifier = route.removeprefix(f"{LEARNER_ROUTE}/")
        if not route.startswith(f"{LEARNER_ROUTE}/") or not identifier:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        try:
            data = ScoData.model_validate_json(self.rfile.read(length))
        except ValidationError as error:
            self.send_error(HTTPStatus.BAD_REQUEST, str(error).splitlines()[0])
            return
        kept = self.preview.learners.save(identifier, data)
        self.send_json({"saved": identifier, "superseded": not kept})

    def do_DELETE(self) -> None:
        route = self.route()
        if route is None:
            return
        if route != LEARNER_ROUTE:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self.preview.learners.reset()
        self.send_json({"reset": True})

    # -- Answers ---------------------------------------------------------------------------

    def course(self) -> dict[str, Any]:
        site = self.preview.site
        good, latest = site.good, site.latest
        return {
            "version": site.version,
            "title": good.title or self.preview.course_dir.resolve().name,
            "scos": [asdict(sco) for sco in good.scos],
            "problems": list(latest.problems),
            "warnings": list(latest.warnings),
            "learnerProblem": self.preview.learners.problem,
            "learnerFile": str(self.preview.learners.path),
        }

    def send_package_file(self, name: str) -> None:
        entry = self.preview.site.file(name)
        try:
            body = None if entry is None else _bytes_of(entry.source)
        except OSError:  # deleted since the build; the next build will say so
            body = None
        if body is None:
            self.send_error(HTTPStatus.NOT_FOUND, f"{name} is not in the package")
            return
        self.send_body(body, _content_type(name))

    def send_file(self, path: Path) -> None:
        self.send_body(path.read_bytes(), _content_type(path.name))

    def send_json(self, data: object) -> None:
        self.send_body(json.dumps(data).encode(), "application/json")

    def send_body(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def stream_builds(self) -> None:
        """Send the build version now and at each rebuild, until the server closes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        site = self.preview.site
        seen = -1
        while not site.closed:
            version = site.wait_for_change(seen, KEEPALIVE_SECONDS)
            # A comment line keeps idle connections open through timeouts.
            self.wfile.write(f"data: {version}\n\n".encode() if version != seen else b": idle\n\n")
            self.wfile.flush()
            seen = version


def _bytes_of(source: Path | bytes) -> bytes:
    return source if isinstance(source, bytes) else source.read_bytes()


def _content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith(TEXT_TYPES) else guessed
