"""The preview's HTTP server, on 127.0.0.1 only.

Routes: `/` the LMS page and `/static/*` its files; `/package/*` the files of the latest good
build; `/api/course` the SCOs and the problems of the latest build; `/api/events` a stream of
build versions (server-sent events); `/api/learner` the learner's data (GET all, POST one SCO's,
DELETE to reset).

Whatever a request holds, it gets an answer: errors are a status with its standard phrase and
fixed plain text (no text of the request goes into a status line, a header or an error's body);
bodies are bounded in size and in time.
"""

from __future__ import annotations

import io
import json
import mimetypes
import re
import shutil
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote

from pydantic import ValidationError

from scorm_builder.packaging import CHUNK
from scorm_builder.preview import HOST, STATIC
from scorm_builder.preview.learners import LearnerStore, ScoData
from scorm_builder.preview.site import Build, Site, UnsafeFileError
from scorm_builder.preview.watching import start_watching

KEEPALIVE_SECONDS = 15.0
# A request's line and headers must arrive within this, or the connection is closed: a
# client that connects and sends nothing holds a thread no longer.
REQUEST_SECONDS = 10.0
# A save's body must arrive within this: while it is received, reads of the learner's data
# wait for it (LearnerStore.arriving), so a body that never comes must not hold them long.
BODY_SECONDS = 2.0
MAX_BODY = 1_000_000
DIGITS = re.compile("[0-9]+")
# The LMS page may load its own files only, talk to its own server only, frame only the
# package, and run no inline script. Package files get no policy: they are served as an LMS
# serves them (the theme's inline script and shared/*.js must run as they will there).
PAGE_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# API answers and error texts are data: nothing in them may ever run, even if opened as a page.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
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
        # A browser that leaves mid-response (reload, closed tab) or stops reading is not a
        # problem.
        if not isinstance(error, (ConnectionError, TimeoutError)):
            self.preview.on_error(f"preview server: {type(error).__name__}: {error}")


class RequestError(Exception):
    """A request answered with an error: its status and a fixed explanation, never text of
    the request (which could carry CR/LF, or characters a status line cannot hold)."""

    def __init__(self, status: HTTPStatus, why: str = "") -> None:
        super().__init__(why)
        self.status = status
        self.why = why or status.description


class Handler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    timeout = REQUEST_SECONDS
    # A request too broken to name its version still gets a status line and headers: a bare
    # HTTP/0.9 answer would have neither a status nor a type.
    default_request_version = "HTTP/1.0"
    static_files: ClassVar[dict[str, Path]] = {
        path.name: path for path in STATIC.iterdir() if path.is_file()
    }

    @property
    def preview(self) -> Preview:
        return self.server.preview

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows builds, not requests."""

    def route(self) -> str:
        """Return the request's decoded path. Refuse (403) a foreign Host: a page of another
        site that resolves its own name to 127.0.0.1 gets nothing, and a page of another site
        that posts here (browsers name it in Origin) changes nothing. Refuse (400) a target
        that is not a path: an absolute URL names a host the Host check would not see."""
        port = self.server.server_address[1]
        hosts = {f"{HOST}:{port}", f"localhost:{port}"}
        named = self.headers.get_all("Host") or []
        origin = self.headers.get("Origin")
        foreign_origin = origin is not None and origin not in {f"http://{h}" for h in hosts}
        if len(named) != 1 or named[0] not in hosts or (self.command != "GET" and foreign_origin):
            raise RequestError(
                HTTPStatus.FORBIDDEN, "the preview answers its own page on 127.0.0.1 only"
            )
        if not self.path.startswith("/"):
            raise RequestError(HTTPStatus.BAD_REQUEST, "the request target must be a path")
        return unquote(self.path.partition("?")[0])

    def do_GET(self) -> None:
        self.answer(self.get)

    def do_POST(self) -> None:
        self.answer(self.post)

    def do_DELETE(self) -> None:
        self.answer(self.delete)

    def answer(self, respond: Callable[[str], None]) -> None:
        try:
            respond(self.route())
        except RequestError as refused:
            self.refuse(refused.status, refused.why)

    def get(self, route: str) -> None:
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
            self.send_body(b"", "image/x-icon", DATA_POLICY)
        else:
            raise RequestError(HTTPStatus.NOT_FOUND)

    def post(self, route: str) -> None:
        identifier = route.removeprefix(f"{LEARNER_ROUTE}/")
        if not route.startswith(f"{LEARNER_ROUTE}/") or not identifier:
            raise RequestError(HTTPStatus.NOT_FOUND)
        length = body_length(self.headers)
        with self.preview.learners.arriving():
            try:
                data = ScoData.model_validate_json(self.body(length))
            except ValidationError as error:
                # Pydantic's text quotes the input: only its fixed parts are told.
                raise RequestError(HTTPStatus.BAD_REQUEST, invalid_learner_data(error)) from error
            kept = self.preview.learners.save(identifier, data)
        self.send_json({"saved": identifier, "superseded": not kept})

    def body(self, length: int) -> bytes:
        """Return the request's body of `length` bytes, read within BODY_SECONDS."""
        self.connection.settimeout(BODY_SECONDS)
        try:
            body = self.rfile.read(length)
        except TimeoutError as error:
            raise RequestError(
                HTTPStatus.REQUEST_TIMEOUT, "the body did not arrive in time"
            ) from error
        if len(body) < length:
            raise RequestError(
                HTTPStatus.BAD_REQUEST, "the body is shorter than its Content-Length"
            )
        return body

    def delete(self, route: str) -> None:
        if route != LEARNER_ROUTE:
            raise RequestError(HTTPStatus.NOT_FOUND)
        self.preview.learners.reset()
        self.send_json({"reset": True})

    # -- Answers ---------------------------------------------------------------------------

    def course(self) -> dict[str, Any]:
        site = self.preview.site
        good, latest = site.good, site.latest
        return {
            "version": site.version,
            "title": good.title or self.preview.course_dir.resolve().name,
            "language": good.language,
            "scos": [asdict(sco) for sco in good.scos],
            "problems": list(latest.problems),
            "warnings": list(latest.warnings),
            "learnerProblem": self.preview.learners.problem,
            "learnerFile": str(self.preview.learners.path),
        }

    def send_package_file(self, name: str) -> None:
        """Stream a file of the latest good build: media may be hundreds of megabytes."""
        try:
            file = self.preview.site.good.open(name)
        except UnsafeFileError as unsafe:
            self.preview.on_error(f"preview: not served: {unsafe}")
            file = None
        if file is None:
            raise RequestError(HTTPStatus.NOT_FOUND, "no such file in the latest good build")
        with file:
            size = file.seek(0, io.SEEK_END)
            file.seek(0)
            self.send_response(HTTPStatus.OK)
            self.send_head(_content_type(name), size, policy=None)
            self.end_headers()
            shutil.copyfileobj(file, self.wfile, CHUNK)

    def send_file(self, path: Path) -> None:
        self.send_body(path.read_bytes(), _content_type(path.name), PAGE_POLICY)

    def send_json(self, data: object) -> None:
        self.send_body(json.dumps(data).encode(), "application/json", DATA_POLICY)

    def send_body(self, body: bytes, content_type: str, policy: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_head(content_type, len(body), policy)
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer http.server's own errors (a malformed request line, a line too long...) as
        ours: its message quotes the request, so it is left out."""
        self.refuse(HTTPStatus(code), HTTPStatus(code).description)

    def refuse(self, status: HTTPStatus, why: str) -> None:
        """Answer an error: the status's own phrase, and `why` as plain text, then close."""
        body = f"{status.value} {status.phrase}: {why}\n".encode()
        self.close_connection = True
        self.send_response(status)
        self.send_head("text/plain; charset=utf-8", len(body), DATA_POLICY)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head(self, content_type: str, length: int | None, policy: str | None) -> None:
        """Send the headers every answer has; `policy` is the Content-Security-Policy."""
        self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if policy is not None:
            self.send_header("Content-Security-Policy", policy)

    def stream_builds(self) -> None:
        """Send the build version now and at each rebuild, until the server closes."""
        self.send_response(HTTPStatus.OK)
        self.send_head("text/event-stream", None, DATA_POLICY)
        self.end_headers()
        site = self.preview.site
        seen = -1
        while not site.closed:
            version = site.wait_for_change(seen, KEEPALIVE_SECONDS)
            # A comment line keeps idle connections open through timeouts.
            self.wfile.write(f"data: {version}\n\n".encode() if version != seen else b": idle\n\n")
            self.wfile.flush()
            seen = version


def body_length(headers: Message) -> int:
    """Return the declared length of a request's body. Refuse a body without one (411: a
    chunked body too), a malformed or repeated one (400) and one over MAX_BODY (413)."""
    declared = headers.get_all("Content-Length") or []
    if not declared or "Transfer-Encoding" in headers:
        raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length")
    value = declared[0].strip(" \t")
    if len(declared) > 1 or not DIGITS.fullmatch(value):
        raise RequestError(HTTPStatus.BAD_REQUEST, "Content-Length must be one number of bytes")
    significant = value.lstrip("0") or "0"
    # Compared as text first: int() refuses numbers of thousands of digits.
    if len(significant) > len(str(MAX_BODY)) or int(significant) > MAX_BODY:
        raise RequestError(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a body holds {MAX_BODY} bytes at most"
        )
    return int(significant)


def invalid_learner_data(error: ValidationError) -> str:
    """Return where and why learner data is invalid, without what the request wrote: the
    field of the model (not the keys of the request below it) and pydantic's fixed text."""
    first = error.errors()[0]
    where = str(first["loc"][0]) if first["loc"] else "the body"
    return f"invalid learner data at {where}: {first['msg']}"


def _content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith(TEXT_TYPES) else guessed
