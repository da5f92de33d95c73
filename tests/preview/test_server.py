"""The preview server: the package served from memory, rebuilds on change, diagnostics of
an invalid edit, the learner's data kept in its file across restarts."""

from __future__ import annotations

import http.client
import json
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import watchfiles

from scorm_builder.preview import server, watching
from scorm_builder.preview import site as site_module
from scorm_builder.preview.learners import (
    LearnerStore,
    ScoData,
    default_state_file,
    user_cache_dir,
)
from scorm_builder.preview.server import Preview
from scorm_builder.preview.site import Site
from scorm_builder.preview.watching import CourseFilter, start_watching
from tests.preview.preview_support import get_json, request, save_as_an_editor, wait_until

Start = Callable[..., Preview]
LEARNER = {
    "values": {"cmi.core.lesson_location": "two", "cmi.core.exit": "suspend"},
    "counts": {},
    "written": [1764132000000.25, 3],
}


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def served(preview: Preview, name: str) -> str:
    status, body = request(f"{preview.url}package/{name}")
    return body.decode() if status == 200 else ""


def test_serves_the_modules_and_the_package_from_memory(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    course = make_course()
    before = files_of(course)
    preview = start_preview(course)
    data = get_json(f"{preview.url}api/course")
    assert data["title"] == "Demo course"
    assert data["problems"] == []
    assert data["scos"] == [
        {
            "identifier": "ITEM-intro",
            "title": "Intro",
            "href": "intro.html",
            "launch": {},
            "prerequisites": "",  # the page opens a module only once these are met
        },
        {
            "identifier": "ITEM-assessment",
            "title": "Assessment",
            "href": "assessment.html",
            "launch": {"cmi.student_data.mastery_score": "60"},
            "prerequisites": "",
        },
    ]
    assert "Page one" in served(preview, "intro.html")
    assert served(preview, "imsmanifest.xml").startswith("<?xml")
    assert served(preview, "media/assets/pic.svg").startswith("<svg")
    assert request(f"{preview.url}package/nothing.html")[0] == 404
    assert files_of(course) == before  # nothing written into the course, no dist/


def test_the_lms_page_and_its_files(make_course: Callable[..., Path], start_preview: Start) -> None:
    preview = start_preview(make_course())
    status, page = request(preview.url)
    assert status == 200
    assert b'<iframe id="sco"' in page
    for name in ["lms.js", "lms.css", "scorm12-api.js"]:
        assert request(f"{preview.url}static/{name}")[0] == 200
    assert request(f"{preview.url}static/../server.py")[0] == 404


def test_an_edit_is_served_after_the_rebuild(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    course = make_course()
    preview = start_preview(course)
    save_as_an_editor(course / "intro" / "two.md", "---\ntitle: Page two\n---\nEdited text.\n")
    wait_until(lambda: "Edited text." in served(preview, "intro.html"))
    assert get_json(f"{preview.url}api/course")["version"] >= 2


def test_an_invalid_edit_shows_its_diagnostics_and_a_fix_brings_the_course_back(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    course = make_course()
    preview = start_preview(course)
    module = course / "intro" / "module.yaml"
    good = module.read_text("utf-8")
    save_as_an_editor(module, good.replace("- two.md", "- three.md"))
    problems = wait_until(lambda: get_json(f"{preview.url}api/course")["problems"])
    assert problems == [
        "intro/module.yaml:6:5: error: 'three.md' does not exist (looked for intro/three.md)",
        "intro/one.md:8:21: error: 'two.md' is not a page of this module: a module is one SCO, "
        "so link only to pages of the same module",
    ]
    # The last good build stays served meanwhile, and the server lives on.
    assert "Page one" in served(preview, "intro.html")
    save_as_an_editor(module, good)
    wait_until(lambda: not get_json(f"{preview.url}api/course")["problems"])
    assert [s["title"] for s in get_json(f"{preview.url}api/course")["scos"]] == [
        "Intro",
        "Assessment",
    ]


def test_the_page_hears_of_each_build(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    course = make_course()
    preview = start_preview(course)
    connection = http.client.HTTPConnection(
        "127.0.0.1", preview.httpd.server_address[1], timeout=10
    )
    connection.request("GET", "/api/events")
    events = connection.getresponse()
    assert events.getheader("Content-Type") == "text/event-stream"
    assert events.readline() == b"data: 1\n"
    save_as_an_editor(course / "intro" / "one.md", "---\ntitle: Page one\n---\nNew.\n")
    assert events.readline() == b"\n"
    assert events.readline() == b"data: 2\n"
    connection.close()


def test_an_idle_event_stream_is_kept_open(
    make_course: Callable[..., Path], start_preview: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "KEEPALIVE_SECONDS", 0.2)
    preview = start_preview(make_course())
    connection = http.client.HTTPConnection(
        "127.0.0.1", preview.httpd.server_address[1], timeout=10
    )
    connection.request("GET", "/api/events")
    events = connection.getresponse()
    # A comment line when nothing was built, through which a closed page is also found out.
    assert [events.readline() for _ in range(4)] == [b"data: 1\n", b"\n", b": idle\n", b"\n"]
    connection.close()


def test_a_bug_in_a_build_is_told_and_the_last_good_build_kept(
    make_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(make_course())
    first = site.rebuild()

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(site_module, "package_entries", broken)
    assert site.rebuild().problems == ("internal error: RuntimeError: a bug",)
    assert site.good is first


def test_the_learner_survives_a_restart_and_a_reset_forgets_it(
    make_course: Callable[..., Path], start_preview: Start, tmp_path: Path
) -> None:
    course = make_course()
    state = tmp_path / "state" / "learner.json"
    first = start_preview(course, state)
    body = json.dumps(LEARNER).encode()
    assert request(f"{first.url}api/learner/ITEM-intro", "POST", body)[0] == 200
    first.close()
    second = start_preview(course, state)
    assert get_json(f"{second.url}api/learner") == {"ITEM-intro": LEARNER}
    assert request(f"{second.url}api/learner", "DELETE")[0] == 200
    assert get_json(f"{second.url}api/learner") == {}
    assert json.loads(state.read_text("utf-8"))["scos"] == {}


def test_ctrl_c_as_serving_begins_still_closes(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    preview = Preview(make_course(), tmp_path / "learner.json")

    def interrupted(poll_interval: float) -> None:
        raise KeyboardInterrupt  # the signal, before serve_forever's first step

    preview.httpd.serve_forever = interrupted  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        preview.run()
    closing = threading.Thread(target=preview.close, daemon=True)
    closing.start()
    closing.join(timeout=5)
    assert not closing.is_alive()


def test_close_ends_the_serving_and_watching_threads(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    preview = Preview(make_course(), tmp_path / "learner.json")
    before = set(threading.enumerate())
    preview.start()
    wait_until(lambda: request(f"{preview.url}api/course")[0] == 200)
    started = {t.name: t for t in threading.enumerate() if t not in before}
    preview.close()
    # Left serving a closed socket, the server's thread would spin on it for as long as the
    # process lives; the watcher would rebuild a closed preview at each edit.
    for name in ("scorm-builder-preview", "scorm-builder-watch"):
        started[name].join(timeout=5)
        assert not started[name].is_alive(), name


def test_an_error_of_the_server_is_told_and_a_browser_leaving_is_not(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    reported: list[str] = []
    preview = Preview(make_course(), tmp_path / "learner.json", on_error=reported.append)
    try:
        for error in (ValueError("bad value"), ConnectionResetError(), TimeoutError()):
            try:
                raise error
            except Exception:  # as socketserver calls it: within the handler's except
                preview.httpd.handle_error(None, ("127.0.0.1", 1))
    finally:
        preview.close()
    assert reported == ["preview server: ValueError: bad value"]


def test_a_save_that_arrives_late_never_replaces_a_later_one(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    preview = start_preview(make_course())
    url = f"{preview.url}api/learner/ITEM-intro"

    def save(location: str, written: list[float]) -> dict[str, Any]:
        values = {"cmi.core.lesson_location": location}
        body = json.dumps({"values": values, "counts": {}, "written": written}).encode()
        status, answer = request(url, "POST", body)
        assert status == 200
        return dict(json.loads(answer))

    def location() -> str:
        return str(
            get_json(f"{preview.url}api/learner")["ITEM-intro"]["values"][
                "cmi.core.lesson_location"
            ]
        )

    # A page's finish overtakes its commit; then the next page load saves after both.
    assert save("finish", [1000.5, 2]) == {"saved": "ITEM-intro", "superseded": False}
    assert save("commit", [1000.5, 1]) == {"saved": "ITEM-intro", "superseded": True}
    assert location() == "finish"
    assert save("reloaded", [2000.0, 1])["superseded"] is False
    assert location() == "reloaded"


@pytest.mark.parametrize(
    "body", [b"not json", b'{"values": {"a": 1}, "counts": {}}', b'{"values": {}}']
)
def test_malformed_learner_data_is_refused(
    make_course: Callable[..., Path], start_preview: Start, body: bytes
) -> None:
    preview = start_preview(make_course())
    assert request(f"{preview.url}api/learner/ITEM-intro", "POST", body)[0] == 400
    assert get_json(f"{preview.url}api/learner") == {}


def test_a_damaged_learner_file_starts_afresh_and_says_so(tmp_path: Path) -> None:
    state = tmp_path / "learner.json"
    state.write_text("{ damaged", "utf-8")
    store = LearnerStore(state)
    assert store.scos() == {}
    assert store.problem.startswith(f"{state} was unreadable, the learner starts afresh")


def test_another_host_name_is_refused(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    preview = start_preview(make_course())
    connection = http.client.HTTPConnection("127.0.0.1", preview.httpd.server_address[1], timeout=5)
    connection.request("GET", "/api/learner", headers={"Host": "attacker.example"})
    assert connection.getresponse().status == 403
    connection.close()


def test_a_post_from_another_site_changes_nothing(
    make_course: Callable[..., Path], start_preview: Start
) -> None:
    preview = start_preview(make_course())
    port = preview.httpd.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    for origin, expected in (("http://attacker.example", 403), (f"http://127.0.0.1:{port}", 200)):
        connection.request(
            "DELETE", "/api/learner", headers={"Host": f"127.0.0.1:{port}", "Origin": origin}
        )
        response = connection.getresponse()
        response.read()
        assert response.status == expected, origin
    connection.close()


def test_the_learner_file_is_in_the_cache_folder_not_the_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_course: Callable[..., Path]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    course = make_course()
    state = default_state_file(course)
    assert state.parent == tmp_path / "cache" / "scorm-builder" / "preview"
    assert state.name.startswith("course-")
    assert default_state_file(make_course(name="other/course")) != state


@pytest.mark.parametrize(
    ("platform", "variable", "value", "expected"),
    [
        ("linux", "XDG_CACHE_HOME", None, "home/.cache"),
        ("linux", "XDG_CACHE_HOME", "xdg", "xdg"),
        ("darwin", "XDG_CACHE_HOME", "xdg", "home/Library/Caches"),
        ("win32", "LOCALAPPDATA", None, "home/AppData/Local"),
        ("win32", "LOCALAPPDATA", "local", "local"),
    ],
)
def test_the_cache_folder_is_the_platform_s(
    platform: str,
    variable: str,
    value: str | None,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, str(tmp_path / value))
    assert user_cache_dir() == tmp_path / expected


def test_the_learner_file_is_named_after_the_course_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    named = default_state_file(tmp_path / "Cours DevOps")
    assert re.fullmatch(r"cours-devops-[0-9a-f]{12}\.json", named.name)
    assert re.fullmatch(r"course-[0-9a-f]{12}\.json", default_state_file(tmp_path / "+++").name)


def test_the_learner_file_s_folders_are_made_on_the_first_save(tmp_path: Path) -> None:
    # The cache folder of a new user has neither scorm-builder/ nor preview/.
    store = LearnerStore(tmp_path / "cache" / "scorm-builder" / "preview" / "course.json")
    data = ScoData(values={"cmi.core.lesson_location": "two"}, counts={})
    assert store.save("ITEM-intro", data)
    assert LearnerStore(store.path).scos() == {"ITEM-intro": data}


def test_a_batch_of_ignored_files_rebuilds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "learner.json"
    batches = [
        {(watchfiles.Change.modified, str(state))},
        {(watchfiles.Change.added, str(tmp_path / "dist" / "demo-1.0-scorm12.zip"))},
        {(watchfiles.Change.modified, str(tmp_path / "intro" / "one.md"))},
    ]

    def watch(folder: Path, watch_filter: Any, stop_event: threading.Event) -> Any:
        # As watchfiles does: the filter picks the changes, an empty batch is not yielded.
        for batch in batches:
            kept = {c for c in batch if watch_filter is None or watch_filter(*c)}
            if kept:
                yield kept

    monkeypatch.setattr(watching.watchfiles, "watch", watch)
    rebuilt: list[None] = []
    start_watching(tmp_path, lambda: rebuilt.append(None), threading.Event(), (state,)).join(5)
    assert rebuilt == [None]


def test_the_watcher_ignores_the_learner_file_and_dist(tmp_path: Path) -> None:
    state = tmp_path / "learner.json"
    keep = CourseFilter(tmp_path, (state,))
    modified = watchfiles.Change.modified
    assert keep(modified, str(tmp_path / "intro" / "one.md"))
    assert not keep(modified, str(state))
    assert not keep(watchfiles.Change.added, f"{state}.k2j4x8")  # its temporary file
    assert not keep(modified, str(tmp_path / "dist" / "demo-1.0-scorm12.zip"))
    assert not keep(modified, str(tmp_path / "intro" / ".one.md.swp"))
