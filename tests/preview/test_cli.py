"""`scorm-builder preview` as a user runs it: it starts, answers, and stops on Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scorm_builder.commands.preview import echo_build, echo_error
from scorm_builder.preview.site import build_in_memory
from tests.course_fixtures import run_cli
from tests.preview.preview_support import get_json, wait_until


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def run_preview(tmp_path: Path) -> Iterator[Callable[[Path], tuple[str, subprocess.Popen[str]]]]:
    """Start the command in a subprocess; return its URL once it answers."""
    processes: list[subprocess.Popen[str]] = []

    def run(course: Path) -> tuple[str, subprocess.Popen[str]]:
        port = free_port()
        command = [sys.executable, "-m", "scorm_builder", "preview", str(course), "--no-open"]
        command += ["--port", str(port), "--state", str(tmp_path / "learner.json")]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        processes.append(process)
        url = f"http://127.0.0.1:{port}/"
        wait_until(lambda: get_json(f"{url}api/course")["version"] >= 1)
        return url, process

    yield run
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def interrupt(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Press Ctrl-C; return the exit status and the outputs."""
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    return process.returncode, out, err


def test_starts_answers_and_stops_cleanly_on_ctrl_c(
    make_course: Callable[..., Path],
    run_preview: Callable[..., tuple[str, subprocess.Popen[str]]],
    tmp_path: Path,
) -> None:
    url, process = run_preview(make_course())
    assert get_json(f"{url}api/course")["title"] == "Demo course"
    status, out, err = interrupt(process)
    assert status == 0
    assert out.splitlines() == [
        f"preview at {url} (learner data in {tmp_path / 'learner.json'}); Ctrl-C to stop",
        "built Demo course: 2 SCOs",
        "stopped",
    ]
    assert "Traceback" not in err


def test_a_course_with_errors_is_served_with_its_diagnostics(
    make_course: Callable[..., Path], run_preview: Callable[..., tuple[str, subprocess.Popen[str]]]
) -> None:
    course = make_course({"intro/two.md": None})
    url, process = run_preview(course)
    problems = get_json(f"{url}api/course")["problems"]
    assert (
        "intro/module.yaml:6:5: error: 'two.md' does not exist (looked for intro/two.md)"
        in problems
    )
    status, _, err = interrupt(process)
    assert status == 0
    assert "intro/module.yaml:6:5: error: 'two.md' does not exist" in err
    assert "Traceback" not in err


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = run_cli("preview", str(tmp_path / "nowhere"), "--no-open")
    assert result.exit_code == 1
    assert f"{tmp_path / 'nowhere'}: no such course folder" in result.output


def test_a_busy_port_is_an_error(make_course: Callable[..., Path], tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        state = str(tmp_path / "learner.json")
        result = run_cli(
            "preview", str(make_course()), "--no-open", "--port", str(port), "--state", state
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in result.output


def test_the_terminal_shows_each_build_and_each_server_error(
    make_course: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # What the command passes the preview as `on_build` and `on_error`, run in this process.
    echo_build(build_in_memory(make_course({"assets/unused.png": b"\x89PNG"})))
    assert capsys.readouterr() == (
        "built Demo course: 2 SCOs\n",
        "assets/unused.png:1:1: warning: not used by the course: reference it or remove it\n",
    )
    echo_build(build_in_memory(make_course({"intro/two.md": None}, name="broken")))
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[0] == (
        "intro/module.yaml:6:5: error: 'two.md' does not exist (looked for intro/two.md)"
    )
    assert err.splitlines()[-1] == "the course does not build: the page shows why; fix and save"
    echo_error("preview server: ValueError: bad value")
    assert capsys.readouterr() == ("", "preview server: ValueError: bad value\n")
