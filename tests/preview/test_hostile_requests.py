"""Hostile requests to the preview, each sent as raw bytes over a socket (so that no client
library normalises it), each with the exact answer asserted: the status and its standard
phrase, an error as plain fixed text that nothing can run or sniff, no header of the request's
making, and the learner's data unchanged. The server must answer every one of them.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import pytest

from scorm_builder.preview import server
from scorm_builder.preview.server import MAX_BODY, Preview
from scorm_builder.preview.site import build_in_memory
from tests.preview.preview_support import get_json, request

Start = Callable[..., Preview]
# Only a safety net for a server that never answers (the bug this suite guards against): no
# assertion depends on how long anything takes.
NO_ANSWER_SECONDS = 20.0
SAVE = "/api/learner/ITEM-intro"
SECRET = "root:$6$not-for-the-preview"


@dataclass(frozen=True)
class Answer:
    """An HTTP answer as it came over the wire."""

    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]


def parse(raw: bytes) -> Answer:
    """Return the answer in `raw`; a connection dropped without one gives status 0."""
    head, _, body = raw.partition(b"\r\n\r\n")
    if not head:
        return Answer(0, "", (), b"")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    _version, status, reason = f"{status_line}  ".split(" ", 2)
    headers = tuple((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines))
    return Answer(int(status), reason.strip(), headers, body)


def exchange(preview: Preview, raw: bytes, half_close: bool = False) -> Answer:
    """Send `raw` on a new connection and return all that comes back until the server closes.
    `half_close` ends the request's side, as a client whose body is shorter than it said."""
    port = preview.httpd.server_address[1]
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=NO_ANSWER_SECONDS) as connection:
        connection.sendall(raw)
        if half_close:
            connection.shutdown(socket.SHUT_WR)
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass  # what came before the reset is the answer
    return parse(received)


def post(headers: str, body: str = "", path: str = SAVE) -> str:
    return f"POST {path} HTTP/1.1\r\nHost: {{host}}\r\n{headers}\r\n{body}"


def saving(written: str) -> str:
    """A save of ITEM-intro whose `written` is the JSON text `written`."""
    body = (
        f'{{"values": {{"cmi.core.lesson_location": "x"}}, "counts": {{}}, "written": {written}}}'
    )
    return post(f"Content-Length: {len(body.encode())}\r\n", body)


def get(target: str, headers: str = "") -> str:
    return f"GET {target} HTTP/1.1\r\nHost: {{host}}\r\n{headers}\r\n"


def swap_for_a_link_out(course: Path) -> None:
    """Replace a media file of the built course by a link to a file outside it, in one step."""
    secret = course.parent / "shadow"
    secret.write_text(SECRET, "utf-8")
    link = course / "assets" / ".pic.svg.link"
    link.symlink_to(secret)
    link.replace(course / "assets" / "pic.svg")


def swap_for_a_fifo(course: Path) -> None:
    """Replace a media file of the built course by a FIFO, which no one ever writes."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = course / "assets" / ".pic.svg.fifo"
    os.mkfifo(fifo)
    fifo.replace(course / "assets" / "pic.svg")


@dataclass(frozen=True)
class Case:
    """A raw request (`{host}` stands for the preview's Host) and the status it must get."""

    id: str
    request: str
    status: HTTPStatus
    half_close: bool = False
    before: Callable[[Path], None] | None = None  # done to the course once it is built
    reported: str = ""  # the message the command's terminal must show


INJECTED = "Content-Type:%20text/html%0d%0aX-Injected:%201%0d%0a%0d%0a<script>alert(1)</script>"
CASES = [
    # Paths: nothing of them reaches a status line or a header, and none drops the connection.
    Case("crlf-in-package-path", get(f"/package/x%0d%0a{INJECTED}"), HTTPStatus.NOT_FOUND),
    Case("crlf-in-other-path", get(f"/api/x%0d%0a{INJECTED}"), HTTPStatus.NOT_FOUND),
    Case("lf-only-in-path", get("/package/x%0aX-Injected:%201"), HTTPStatus.NOT_FOUND),
    Case("non-latin-1-encoded", get("/package/%E2%82%AC%F0%9F%98%80.html"), HTTPStatus.NOT_FOUND),
    Case("non-latin-1-raw-utf8", get("/package/€.html"), HTTPStatus.NOT_FOUND),
    Case("invalid-utf8-encoded", get("/package/%ff%fe.html"), HTTPStatus.NOT_FOUND),
    Case("nul-encoded", get("/package/intro.html%00.png"), HTTPStatus.NOT_FOUND),
    Case("nul-raw", get("/package/intro\x00.html"), HTTPStatus.NOT_FOUND),
    Case("dot-dot", get("/package/../../../etc/passwd"), HTTPStatus.NOT_FOUND),
    Case("dot-dot-encoded", get("/package/%2e%2e/%2e%2e/etc/passwd"), HTTPStatus.NOT_FOUND),
    Case("dot-dot-slash-encoded", get("/static/..%2fserver.py"), HTTPStatus.NOT_FOUND),
    Case("dot-dot-in-package", get("/package/media/../intro.html"), HTTPStatus.NOT_FOUND),
    Case("backslash-dot-dot", get("/package/..\\..\\course.yaml"), HTTPStatus.NOT_FOUND),
    Case("long-path", get(f"/package/{'a' * 60_000}"), HTTPStatus.NOT_FOUND),
    Case(
        "path-over-the-line-limit", get(f"/package/{'a' * 70_000}"), HTTPStatus.REQUEST_URI_TOO_LONG
    ),
    # Targets that are not a path: an absolute URL would name a host the Host check never saw.
    Case("absolute-form", get("http://attacker.example/api/course"), HTTPStatus.BAD_REQUEST),
    Case("authority-form", get("attacker.example:80"), HTTPStatus.BAD_REQUEST),
    Case("scheme-relative", get("//attacker.example/api/course"), HTTPStatus.NOT_FOUND),
    # Request lines and headers http.server itself refuses (its messages quote the request).
    Case("bad-version", get("/ HTTX/1.1\r\nX: 1"), HTTPStatus.BAD_REQUEST),
    Case(
        "unknown-method",
        "PUT /api/learner HTTP/1.1\r\nHost: {host}\r\n\r\n",
        HTTPStatus.NOT_IMPLEMENTED,
    ),
    Case(
        "method-with-crlf",
        "G%0d%0aX-Injected:1 / HTTP/1.1\r\nHost: {host}\r\n\r\n",
        HTTPStatus.NOT_IMPLEMENTED,
    ),
    Case(
        "tls-hello", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", HTTPStatus.BAD_REQUEST
    ),
    Case(
        "too-many-headers", get("/", "X: 1\r\n" * 101), HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
    ),
    # Host and Origin.
    Case(
        "foreign-host",
        get("/api/learner").replace("{host}", "attacker.example"),
        HTTPStatus.FORBIDDEN,
    ),
    Case(
        "non-latin-1-host", get("/api/course").replace("{host}", "☃.example"), HTTPStatus.FORBIDDEN
    ),
    Case("no-host", "GET /api/course HTTP/1.1\r\n\r\n", HTTPStatus.FORBIDDEN),
    Case("two-hosts", get("/api/course", "Host: attacker.example\r\n"), HTTPStatus.FORBIDDEN),
    Case(
        "foreign-origin-delete",
        "DELETE /api/learner HTTP/1.1\r\nHost: {host}\r\nOrigin: http://attacker.example\r\n\r\n",
        HTTPStatus.FORBIDDEN,
    ),
    Case(
        "foreign-origin-save",
        post("Origin: http://attacker.example\r\nContent-Length: 2\r\n", "{}"),
        HTTPStatus.FORBIDDEN,
    ),
    # Content-Length of a save.
    Case(
        "length-minus-one", post("Content-Length: -1\r\n", '{"values": {}}'), HTTPStatus.BAD_REQUEST
    ),
    Case("length-not-a-number", post("Content-Length: abc\r\n", "{}"), HTTPStatus.BAD_REQUEST),
    Case("length-with-underscore", post("Content-Length: 1_0\r\n", "{}"), HTTPStatus.BAD_REQUEST),
    Case("length-non-ascii-digit", post("Content-Length: ²\r\n", "{}"), HTTPStatus.BAD_REQUEST),
    Case(
        "two-lengths",
        post("Content-Length: 2\r\nContent-Length: 200\r\n", "{}"),
        HTTPStatus.BAD_REQUEST,
    ),
    Case("length-missing", post("", '{"values": {}}'), HTTPStatus.LENGTH_REQUIRED),
    Case(
        "chunked",
        post("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"),
        HTTPStatus.LENGTH_REQUIRED,
    ),
    Case(
        "length-over-the-limit",
        post(f"Content-Length: {MAX_BODY + 1}\r\n"),
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
    ),
    Case(
        "length-huge",
        post(f"Content-Length: {'9' * 5000}\r\n"),
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
    ),
    Case(
        "body-shorter-than-said",
        post("Content-Length: 100\r\n", "{}"),
        HTTPStatus.BAD_REQUEST,
        half_close=True,
    ),
    Case(
        "body-that-never-arrives",
        post("Content-Length: 100\r\n", '{"val'),
        HTTPStatus.REQUEST_TIMEOUT,
    ),
    # `written`, which orders the saves: only finite numbers within bounds.
    Case("written-nan", saving("[NaN, 1]"), HTTPStatus.BAD_REQUEST),
    Case("written-infinity", saving("[Infinity, 1]"), HTTPStatus.BAD_REQUEST),
    Case("written-minus-infinity", saving("[-Infinity, 1]"), HTTPStatus.BAD_REQUEST),
    Case("written-1e999", saving("[1e999, 1]"), HTTPStatus.BAD_REQUEST),
    Case("written-negative", saving("[-1, 1]"), HTTPStatus.BAD_REQUEST),
    Case("written-far-future", saving("[1e300, 1]"), HTTPStatus.BAD_REQUEST),
    Case("written-string", saving('["x", 1]'), HTTPStatus.BAD_REQUEST),
    Case("written-boolean", saving("[true, 1]"), HTTPStatus.BAD_REQUEST),
    Case("written-count-negative", saving("[1000.5, -1]"), HTTPStatus.BAD_REQUEST),
    Case("written-count-fraction", saving("[1000.5, 1.5]"), HTTPStatus.BAD_REQUEST),
    Case("written-count-nan", saving("[1000.5, NaN]"), HTTPStatus.BAD_REQUEST),
    # Files of the last good build changed on disk since.
    Case(
        "media-swapped-for-a-link-out",
        get("/package/media/assets/pic.svg"),
        HTTPStatus.NOT_FOUND,
        before=swap_for_a_link_out,
        reported="outside the course and its theme",
    ),
    Case(
        "media-swapped-for-a-fifo",
        get("/package/media/assets/pic.svg"),
        HTTPStatus.NOT_FOUND,
        before=swap_for_a_fifo,
        reported="is no longer a regular file",
    ),
]


def valid_save(preview: Preview) -> dict[str, object]:
    body = {"values": {"cmi.core.lesson_location": "two"}, "counts": {}, "written": [5.0, 1]}
    status, answer = request(
        f"{preview.url}api/learner/ITEM-intro", "POST", json.dumps(body).encode()
    )
    assert status == 200, answer
    return dict(json.loads(answer))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_hostile_request_gets_a_plain_answer_and_changes_nothing(
    case: Case,
    make_course: Callable[..., Path],
    start_preview: Start,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "BODY_SECONDS", 0.3)  # a body that never comes, sooner
    course = make_course()
    reported: list[str] = []
    preview = start_preview(course, on_error=reported.append)
    if case.before:
        case.before(course)
    host = f"127.0.0.1:{preview.httpd.server_address[1]}"
    answer = exchange(preview, case.request.replace("{host}", host).encode(), case.half_close)

    assert (answer.status, answer.reason) == (case.status, case.status.phrase)
    assert answer.header("Content-Type") == ["text/plain; charset=utf-8"]
    assert answer.header("X-Content-Type-Options") == ["nosniff"]
    assert answer.header("Content-Security-Policy") == [server.DATA_POLICY]
    assert answer.header("X-Injected") == []
    assert answer.body.startswith(f"{case.status.value} {case.status.phrase}: ".encode())
    assert b"<script>" not in answer.body and SECRET.encode() not in answer.body
    assert int(answer.header("Content-Length")[0]) == len(answer.body)
    assert [case.reported in message for message in reported] == ([True] if case.reported else [])
    # The learner is as before, and the next save is kept (not "older" than a hostile one).
    assert get_json(f"{preview.url}api/learner") == {}
    assert valid_save(preview) == {"saved": "ITEM-intro", "superseded": False}


@pytest.mark.parametrize(
    ("raw", "status", "why"),
    [
        (get("/api/nothing"), HTTPStatus.NOT_FOUND, "Nothing matches the given URI"),
        (
            post(f"Content-Length: {MAX_BODY + 1}\r\n"),
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "a body holds 1000000 bytes at most",
        ),
    ],
    ids=["no-such-route", "body-over-the-limit"],
)
def test_an_error_says_why_in_fixed_words(
    raw: str, status: HTTPStatus, why: str, make_course: Callable[..., Path], start_preview: Start
) -> None:
    preview = start_preview(make_course())
    host = f"127.0.0.1:{preview.httpd.server_address[1]}"
    answer = exchange(preview, raw.replace("{host}", host).encode())
    assert answer.status == status
    assert answer.body == f"{status.value} {status.phrase}: {why}\n".encode()


def test_a_save_at_the_size_limit_is_kept(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    preview = start_preview(make_course())
    body = json.dumps({"values": {"cmi.suspend_data": ""}, "counts": {}, "written": [5.0, 1]})
    padded = body.replace('""', f'"{"x" * (MAX_BODY - len(body))}"').encode()
    assert len(padded) == MAX_BODY
    assert request(f"{preview.url}api/learner/ITEM-intro", "POST", padded)[0] == 200
    kept = get_json(f"{preview.url}api/learner")["ITEM-intro"]["values"]["cmi.suspend_data"]
    assert len(kept) == MAX_BODY - len(body)


def test_a_link_within_the_course_and_the_theme_files_are_still_served(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    course = make_course()
    # The build served, and a file of it replaced by a link that stays in the course: the
    # check at open time follows it. (Through the running preview, a rebuild may come first,
    # which names the file after its target: the build is taken here, not raced.)
    good = build_in_memory(course)
    original = (course / "assets" / "pic.svg").read_bytes()
    (course / "assets" / "kept.svg").write_bytes(original)
    link = course / "assets" / ".pic.svg.link"
    link.symlink_to(course / "assets" / "kept.svg")
    link.replace(course / "assets" / "pic.svg")
    served = good.open("media/assets/pic.svg")
    assert served is not None
    with served:
        assert served.read() == original
    preview = start_preview(course)
    status, runtime = request(f"{preview.url}package/shared/runtime.js")  # the default theme's
    assert status == 200 and runtime


def test_the_preview_listens_on_127_0_0_1_only(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    preview = start_preview(make_course())
    port = preview.httpd.server_address[1]
    assert preview.url == f"http://127.0.0.1:{port}/"
    # Another address of this machine (of the loopback network, so no test leaves it) is
    # not listened on.
    with socket.socket() as elsewhere:
        elsewhere.settimeout(NO_ANSWER_SECONDS)
        assert elsewhere.connect_ex(("127.0.0.2", port)) != 0


def test_each_answer_says_what_may_run_in_it(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    preview = start_preview(make_course())
    host = f"127.0.0.1:{preview.httpd.server_address[1]}"

    def policy(target: str) -> list[str]:
        answer = exchange(preview, get(target).replace("{host}", host).encode())
        assert answer.status == 200 and answer.header("X-Content-Type-Options") == ["nosniff"]
        return answer.header("Content-Security-Policy")

    assert policy("/") == policy("/static/lms.js") == [server.PAGE_POLICY]
    assert policy("/api/course") == policy("/api/learner") == [server.DATA_POLICY]
    # The package is served as an LMS serves it: the theme's inline script must run.
    assert policy("/package/intro.html") == []
