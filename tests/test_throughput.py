"""What makes builds fast, checked as behaviour, never timed (benchmarks/run.py times them):
modules loaded in worker processes give the same bytes, an edit in the preview loads and
renders only its module again, libyaml reads YAML exactly as ruamel.yaml does, and media
already compressed are stored."""

from __future__ import annotations

import functools
import multiprocessing
import os
import queue
import shutil
import threading
import time
import traceback
import zipfile
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from benchmarks.make_large_course import make_course as make_large_course
from scorm_builder import building, loading, parallel, yamlsource
from scorm_builder.diagnostics import Report
from scorm_builder.loading import split_front_matter
from scorm_builder.parallel import MIN_CALLS
from scorm_builder.preview.site import Site, build_in_memory
from tests.course_fixtures import VALID_COURSE, run_cli

ROOT = Path(__file__).resolve().parents[1]


def built_with(workers: int, course: Path, target: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(parallel, "workers_available", lambda: workers)
    building.build(course, target)
    return target.read_bytes()


def counted_forks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the list that the start method of each pool of workers is added to."""
    forks: list[str] = []
    real_context = parallel.multiprocessing.get_context

    def counted_context(method: str) -> Any:
        forks.append(method)
        return real_context(method)

    monkeypatch.setattr(parallel.multiprocessing, "get_context", counted_context)
    return forks


def test_workers_are_the_cores_this_process_may_use_and_none_off_linux(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    counted = [parallel.workers_available()]  # a process limited to 3 of the 8 cores
    monkeypatch.delattr(parallel.os, "sched_getaffinity")
    counted.append(parallel.workers_available())
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: None)
    counted.append(parallel.workers_available())
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    for platform in ("darwin", "win32"):
        monkeypatch.setattr(parallel.sys, "platform", platform)
        counted.append(parallel.workers_available())
    assert counted == [3, 8, 1, 1, 1]


def test_modules_loaded_and_rendered_in_worker_processes_give_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "large"
    make_large_course(course, modules=MIN_CALLS + 2, pages=3, media_mb=0.5)
    forks = counted_forks(monkeypatch)

    alone = built_with(1, course, tmp_path / "alone.zip", monkeypatch)
    assert forks == []
    together = built_with(2, course, tmp_path / "together.zip", monkeypatch)
    assert forks == ["fork", "fork"]  # the modules loaded, then the SCOs rendered
    assert together == alone


def test_a_check_renders_in_worker_processes_as_a_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "large"
    make_large_course(course, modules=MIN_CALLS, pages=2, media_mb=0.5)
    forks = counted_forks(monkeypatch)
    monkeypatch.setattr(parallel, "workers_available", lambda: 2)
    building.check(course)
    assert forks == ["fork", "fork"]  # the modules loaded, then the SCOs rendered


def test_a_module_problem_found_by_a_worker_is_told_as_without_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "large"
    make_large_course(course, modules=MIN_CALLS, pages=2, media_mb=0.5)
    page = course / "m003" / "p02.md"
    page.write_text(page.read_text() + "\n[missing](nowhere.pdf)\n<b>bold</b>\n")
    messages = []
    for workers in (1, 2):
        monkeypatch.setattr(parallel, "workers_available", lambda w=workers: w)
        with pytest.raises(building.CourseError) as error:
            building.build(course, tmp_path / f"{workers}.zip")
        messages.append([str(d) for d in error.value.diagnostics])
    assert messages[0] == messages[1]
    assert any("nowhere.pdf" in m for m in messages[0])


def test_a_template_failing_in_a_worker_is_told_as_without_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "large"
    make_large_course(course, modules=MIN_CALLS, pages=2, media_mb=0.5)
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "sco.html").write_text("<p>\n{{ 1 / 0 }}</p>\n", encoding="utf-8")
    messages = []
    for workers in (1, 2):
        monkeypatch.setattr(parallel, "workers_available", lambda w=workers: w)
        with pytest.raises(building.CourseError) as error:
            building.build(course, tmp_path / f"{workers}.zip", templates=theme)
        messages.append([str(d) for d in error.value.diagnostics])
        with pytest.raises(building.CourseError) as error:
            building.check(course, templates=theme)  # validate
        messages.append([str(d) for d in error.value.diagnostics])
    told = f"{theme}/sco.html:2:1: error: the template failed: ZeroDivisionError: division by zero"
    assert messages == [[told]] * 4
    assert not list(tmp_path.glob("*.zip*"))


class TwoPartError(Exception):
    """An error that pickle cannot make again from its message alone."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


def fails_in_two_parts() -> int:
    raise TwoPartError("one", "two")


def test_an_error_a_worker_cannot_send_back_as_it_is_still_comes_back() -> None:
    calls = [functools.partial(int, "1")] * (MIN_CALLS - 1) + [fails_in_two_parts]

    outcome: queue.Queue[BaseException | list[int]] = queue.Queue()

    def collect() -> None:
        try:
            with parallel.results(calls, 2) as results:
                outcome.put(list(results))
        except BaseException as error:
            outcome.put(error)

    # In a daemon thread, so that a pool waiting forever fails the test instead of hanging it.
    threading.Thread(target=collect, daemon=True).start()
    error = outcome.get(timeout=60)
    assert isinstance(error, RuntimeError)
    assert str(error).startswith("in a worker process: Traceback (most recent call last):")
    assert str(error).endswith("TwoPartError: one two\n")


def test_an_error_that_cannot_come_back_is_told_with_its_traceback_as_python_prints_it() -> None:
    try:
        fails_in_two_parts()
    except TwoPartError as raised:
        error = raised
    sent = parallel.sendable(error)
    assert isinstance(sent, RuntimeError)
    printed = "".join(traceback.format_exception(error))
    assert str(sent) == f"in a worker process: {printed}"
    assert printed.startswith("Traceback (most recent call last):\n")
    assert printed.endswith("TwoPartError: one two\n")
    sendable = ValueError("one two")
    assert parallel.sendable(sendable) is sendable


def counted_call(made: Any, index: int) -> int:
    with made.get_lock():
        made.value += 1
    return index


def dies(index: int) -> int:
    if index == 3:
        os._exit(1)  # as a worker killed for lack of memory
    return index


def test_a_worker_that_dies_is_an_error_not_a_wait_without_end() -> None:
    calls = [functools.partial(dies, index) for index in range(MIN_CALLS)]
    outcome: queue.Queue[BaseException | list[int]] = queue.Queue()

    def collect() -> None:
        try:
            with parallel.results(calls, 2, ahead=4) as results:
                outcome.put(list(results))
        except BaseException as error:
            outcome.put(error)

    # In a daemon thread, so that a pool waiting forever fails the test instead of hanging it.
    threading.Thread(target=collect, daemon=True).start()
    assert isinstance(outcome.get(timeout=60), BrokenProcessPool)


def test_workers_make_at_most_the_calls_asked_ahead_of_the_reader() -> None:
    made = multiprocessing.Value("i", 0)  # shared with the forked workers
    calls = [functools.partial(counted_call, made, index) for index in range(40)]
    with parallel.results(calls, 2, ahead=4) as results:
        first = next(results)
        time.sleep(1)  # time enough for the workers to make all 40, were they let
        assert made.value <= 5  # the one read, and four ahead
        assert [first, *results] == list(range(40))
    assert made.value == 40


def test_a_reader_leaving_early_stops_the_workers_waiting_for_it() -> None:
    calls = [functools.partial(int, str(index)) for index in range(40)]
    left: queue.Queue[int] = queue.Queue()

    def leave_after_one() -> None:
        with parallel.results(calls, 2, ahead=2) as results:
            left.put(next(results))
            time.sleep(0.5)  # the pool's task thread is waiting for a slot now

    # In a daemon thread, so that a pool waiting forever fails the test instead of hanging it.
    reader = threading.Thread(target=leave_after_one, daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert (left.get_nowait(), reader.is_alive()) == (0, False)


def test_an_edit_loads_and_renders_only_the_module_edited(
    make_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = make_course()
    loaded: list[str] = []
    rendered: list[str] = []
    load_module, render_sco = loading.Loader.load_module, building.render_sco

    def counted_load(self: loading.Loader, course_file: Any, path: Path, place: Any) -> Any:
        loaded.append(path.parent.name)
        return load_module(self, course_file, path, place)

    def counted_render(course: Any, module: Any, *rest: Any) -> str:
        rendered.append(module.id)
        return render_sco(course, module, *rest)

    monkeypatch.setattr(loading.Loader, "load_module", counted_load)
    monkeypatch.setattr(building, "render_sco", counted_render)
    site = Site(course)
    site.rebuild()
    assert (sorted(loaded), sorted(rendered)) == (["assessment", "intro"], ["assessment", "intro"])

    loaded.clear()
    rendered.clear()
    site.rebuild()
    assert (loaded, rendered) == ([], [])

    page = course / "intro" / "two.md"
    page.write_text(page.read_text().replace("More text.", "Edited text."))
    os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)  # a coarse clock ticks too
    build = site.rebuild()
    assert (loaded, rendered) == (["intro"], ["intro"])
    intro = build.files["intro.html"].source
    assert isinstance(intro, bytes) and b"Edited text." in intro
    fresh = build_in_memory(course)
    assert {n: e.source for n, e in build.files.items()} == {
        n: e.source for n, e in fresh.files.items()
    }


def test_a_single_sco_package_rendered_for_the_preview_is_the_one_a_build_writes(
    make_course: Callable[..., Path],
) -> None:
    course = loading.load_course(make_course(), single_sco=True).course
    written = building.package_entries(course, lazy=True)
    for cache in (None, loading.ModuleCache()):
        shown = building.package_entries(course, cache=cache)
        assert [e.name for e in shown] == [e.name for e in written]
        assert "course_menu.html" in [e.name for e in shown]
        sources = [e.source() if callable(e.source) else e.source for e in written]
        assert [e.source for e in shown] == sources


def test_a_course_file_edit_renders_every_module_again(
    make_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = make_course()
    site = Site(course)
    site.rebuild()
    rendered: list[str] = []
    render_sco = building.render_sco

    def counted_render(course: Any, module: Any, *rest: Any) -> str:
        rendered.append(module.id)
        return render_sco(course, module, *rest)

    monkeypatch.setattr(building, "render_sco", counted_render)
    course_file = course / "course.yaml"
    course_file.write_text(course_file.read_text().replace("Demo course", "Renamed course"))
    build = site.rebuild()
    assert sorted(rendered) == ["assessment", "intro"]
    intro = build.files["intro.html"].source
    assert isinstance(intro, bytes) and b"Renamed course" in intro


def yaml_texts() -> list[str]:
    """The YAML of the course, the scaffolds and the test course: files and front matter."""
    texts = [text for name, text in VALID_COURSE.items() if name.endswith(".yaml")]
    for folder in (ROOT / "course", ROOT / "scorm_builder" / "scaffold"):
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".yaml":
                texts.append(path.read_text(encoding="utf-8"))
            elif path.suffix == ".md" and (split := split_front_matter(path.read_text())):
                texts.append(split[0])
    return texts


def same_with_positions(fast: Any, slow: Any) -> None:
    assert type(fast) is type(slow)
    assert fast == slow
    if isinstance(fast, dict):
        assert list(fast) == list(slow)
        assert (fast.lc.line, fast.lc.col) == (slow.lc.line, slow.lc.col)
        for key in fast:
            assert fast.lc.key(key) == slow.lc.key(key)
            assert fast.lc.value(key) == slow.lc.value(key)
            same_with_positions(fast[key], slow[key])
    elif isinstance(fast, list):
        for index, (a, b) in enumerate(zip(fast, slow, strict=True)):
            assert fast.lc.item(index) == slow.lc.item(index)
            same_with_positions(a, b)


def test_libyaml_reads_every_course_file_as_ruamel_yaml_does() -> None:
    from ruamel.yaml import YAML

    texts = yaml_texts()
    assert len(texts) > 20
    for text in [*texts, "a: [1, {b: é}]\nc: &x\n  d: 2.5\ne: *x\nf: yes\ng: 2026-01-01\n"]:
        same_with_positions(yamlsource._load_with_libyaml(text), YAML(typ="rt").load(text))


def test_text_with_yaml_1_1_line_breaks_is_read_by_ruamel_yaml_alone() -> None:
    from ruamel.yaml import YAML

    # YAML 1.1 (libyaml) ends a line at U+2028; YAML 1.2 (the course format) keeps it as text.
    text = "title: one\u2028two\nnext: 3\n"
    with pytest.raises(yamlsource._NotForLibyamlError):
        yamlsource._load_with_libyaml(text)
    same_with_positions(yamlsource._load_within_limits(text), YAML(typ="rt").load(text))


def test_each_text_is_read_afresh_by_the_composer_kept_for_the_next() -> None:
    report = Report()
    first = yamlsource.parse_yaml(yamlsource.Source("a.yaml", "a: &x [1, 2]\nb: *x\n"), report)
    # The anchor of the text before is unknown here, as in a reader of its own.
    second = yamlsource.parse_yaml(yamlsource.Source("b.yaml", "c: *x\n"), report)
    assert (first, second) == ({"a": [1, 2], "b": [1, 2]}, None)
    assert [str(d) for d in report.diagnostics] == [
        "b.yaml:1:4: error: YAML syntax: found undefined alias 'x'"
    ]


def test_a_text_that_failed_leaves_nothing_to_the_next() -> None:
    report = Report()
    duplicate = yamlsource.Source("a.yaml", "a:\n  b: {c: 1, c: 2}\n")
    assert yamlsource.parse_yaml(duplicate, report) is None
    # Read alone, this loop is refused; after a failed text, ruamel.yaml's constructor
    # would still be "deep" and read it as [None].
    assert yamlsource.parse_yaml(yamlsource.Source("b.yaml", "&r [*r]\n"), report) is None
    assert [str(d) for d in report.diagnostics] == [
        'a.yaml:2:13: error: YAML syntax: found duplicate key "c" with value "2" '
        '(original value: "1")',
        "b.yaml:1:1: error: an alias (*name) names a value that contains it: remove the loop",
    ]


def test_a_text_of_too_many_values_is_refused_without_aliases_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsource, "MAX_VALUES", 10)  # 100,000 takes seconds to compose
    report = Report()
    text = "a: [" + ", ".join(["0"] * 10) + "]\n"  # the list and its values: one too many
    assert yamlsource.parse_yaml(yamlsource.Source("big.yaml", text), report) is None
    assert [str(d) for d in report.diagnostics] == [
        f"big.yaml:1:4: error: {yamlsource.SIZE_MESSAGE}"
    ]


def test_compressed_media_are_stored_and_text_deflated_deterministically(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    files: dict[str, str | bytes | None] = {
        "intro/two.md": "---\ntitle: Two\n---\n![Photo](../assets/photo.png)\n"
        "[Video](../assets/clip.mp4)\n",
        "assets/photo.png": b"\x89PNG\r\n\x1a\n" + bytes(4096),
        "assets/clip.mp4": b"\0\0\0\x18ftypmp42" + bytes(4096),
    }
    course = make_course(files)
    first = building.build(course, tmp_path / "first.zip").path.read_bytes()
    second = building.build(course, tmp_path / "second.zip").path
    with zipfile.ZipFile(second) as archive:
        kinds = {info.filename: info.compress_type for info in archive.infolist()}
    assert kinds["media/assets/photo.png"] == zipfile.ZIP_STORED
    assert kinds["media/assets/clip.mp4"] == zipfile.ZIP_STORED
    assert kinds["intro.html"] == zipfile.ZIP_DEFLATED
    assert kinds["imsmanifest.xml"] == zipfile.ZIP_DEFLATED
    assert second.read_bytes() == first


def test_modules_with_every_component_give_the_same_bytes_from_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scaffold's modules (video with captions, glossary, maths, downloads, quiz), copied
    until there are enough for workers: what a worker hands back holds everything."""
    course = tmp_path / "scaffold"
    assert run_cli("new", str(course), "--language", "en").exit_code == 0
    names = []
    for copy in range(MIN_CALLS // 2):
        for module in ("basics", "check"):
            name = f"{module}-{copy}"
            shutil.copytree(course / module, course / name)
            module_yaml = course / name / "module.yaml"
            module_yaml.write_text(f"id: {name}\n" + module_yaml.read_text(), encoding="utf-8")
            names.append(name)
    course_yaml = course / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8")
    listed = text[: text.index("modules:")] + "modules:\n" + "".join(f"  - {n}\n" for n in names)
    course_yaml.write_text(listed, encoding="utf-8")
    alone = built_with(1, course, tmp_path / "alone.zip", monkeypatch)
    together = built_with(2, course, tmp_path / "together.zip", monkeypatch)
    assert together == alone
    with zipfile.ZipFile(tmp_path / "together.zip") as package:
        files = package.namelist()
    assert sum(name.endswith("progress.vtt") for name in files) == 1
