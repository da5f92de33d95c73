"""The build pipeline: load and check the course, render the SCOs, write the manifest, pack.

Nothing is written until the whole course has loaded without errors and every SCO has
rendered; the zip itself appears only once complete.
"""

from __future__ import annotations

import collections
import functools
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from scorm_builder import parallel, themes
from scorm_builder.diagnostics import Diagnostic, shown_path
from scorm_builder.exceptions import BuildError, CourseError
from scorm_builder.loading import (
    DIST_FOLDER,
    FileState,
    Loaded,
    ModuleCache,
    file_state,
    load_course,
)
from scorm_builder.manifest import ScoFiles, manifest_xml
from scorm_builder.packaging import ZIP, Entry, OutputKind, output_problem, write_zip
from scorm_builder.rendering import (
    MENU_FILENAME,
    QUESTIONS_TEMPLATE,
    SCO_TEMPLATE,
    RuntimePartsError,
    environment,
    render_menu,
    render_sco,
    sco_filename,
)
from scorm_builder.structure.course import Course, Module

MANIFEST = "imsmanifest.xml"
SHARED_DIR = "shared"


@dataclass(frozen=True)
class BuildResult:
    path: Path
    size: int
    scos: int
    files: int
    seconds: float
    warnings: list[Diagnostic]


def default_output(course: Course, folder: Path = Path(DIST_FOLDER)) -> Path:
    return folder / f"{course.id}-{course.file.version}-scorm12.zip"


def package_entries(
    course: Course,
    templates: Path | None = None,
    cache: ModuleCache | None = None,
    lazy: bool = False,
) -> list[Entry]:
    """Return every file of the package: the manifest, the files copied (the theme's, the
    media), then the documents, each part sorted by name; the SCOs of `cache` are reused when
    their module, the course file and the theme are unchanged.

    `lazy` SCOs are rendered when the zip is written: last, so that a build renders them
    while it copies the files.
    """
    search_path = themes.theme_search_path(templates or course.templates)
    pages = lazy_scos(course, search_path) if lazy else rendered_scos(course, search_path, cache)
    shared = [
        Entry(f"{SHARED_DIR}/{name}", path)
        for name, path in themes.static_files(search_path).items()
    ]
    media = [Entry(asset.package_path, asset.source) for asset in course.assets]
    manifest = manifest_xml(course, sco_files(course), [e.name for e in shared + media])
    files = sorted(shared + media, key=lambda e: e.name)
    return [Entry(MANIFEST, manifest), *files, *sorted(pages, key=lambda e: e.name)]


def sco_files(course: Course) -> list[ScoFiles]:
    """Return the SCOs of the package: one per module, or the course behind its menu."""
    modules = [ScoFiles.of_module(module, sco_filename(module)) for module in course.modules]
    if not course.single_sco:
        return modules
    files = sorted(name for sco in modules for name in (sco.launch, *sco.files))
    return [ScoFiles(course.id, course.title, MENU_FILENAME, tuple(dict.fromkeys(files)))]


def rendered_scos(
    course: Course, search_path: list[Path], cache: ModuleCache | None = None
) -> list[Entry]:
    """Return the HTML document of every module, and the menu of a single-SCO package; a
    broken theme template is a user error."""
    if cache is None:
        env = environment(search_path)
    else:
        # Compiled templates are kept across rebuilds while no file of the theme changes.
        theme = tuple(sorted(theme_state(search_path).items()))
        if theme not in cache.environments:
            cache.environments = {theme: environment(search_path)}
        env = cache.environments[theme]
    strings = themes.interface_strings(search_path, course.file.language)
    with template_errors_told(course.root, search_path):
        if cache is None:
            documents = [
                Entry(sco_filename(m), render_sco(course, m, env, strings).encode())
                for m in course.modules
            ]
        else:
            context = (course.id, course.file, course.single_sco, strings, theme)
            documents = [
                Entry(sco_filename(m), cached_sco(course, m, env, strings, cache, context))
                for m in course.modules
            ]
            cache.rendered = {id(m): cache.rendered[id(m)] for m in course.modules}
        if course.single_sco:
            documents.append(Entry(MENU_FILENAME, render_menu(course, env, strings).encode()))
        return documents


def lazy_scos(course: Course, search_path: list[Path]) -> list[Entry]:
    """Return the entry of every module's document, and of the menu of a single-SCO package,
    each rendered when read; a broken theme template is then a user error."""
    env = environment(search_path)
    strings = themes.interface_strings(search_path, course.file.language)

    def rendered(module: Module | None) -> bytes:
        with template_errors_told(course.root, search_path):
            if module is None:
                return render_menu(course, env, strings).encode()
            return render_sco(course, module, env, strings).encode()

    documents = [Entry(sco_filename(m), functools.partial(rendered, m)) for m in course.modules]
    if course.single_sco:
        documents.append(Entry(MENU_FILENAME, functools.partial(rendered, None)))
    return documents


RENDERED_AHEAD = 64
"""Documents a build keeps rendered before the zip takes them: enough for the workers to stay
busy while the zip copies the media of a page-heavy course (0.2 s, 60 documents of 90 KB at
4,000 pages); few enough that 2 GiB of media, copied for seconds, leave 6 MiB waiting."""


@contextmanager
def rendered_ahead(entries: list[Entry], workers: int) -> Iterator[Iterator[Entry]]:
    """Give `entries` in order, each document (an entry rendered when read) already rendered
    in worker processes, which start at once: the zip copies the files and writes documents
    while the next ones render, at most `RENDERED_AHEAD` of them waiting in memory."""
    lazy = [entry.source for entry in entries if callable(entry.source)]
    with parallel.results(lazy, workers, RENDERED_AHEAD) as documents:
        yield (Entry(e.name, next(documents)) if callable(e.source) else e for e in entries)


def cached_sco(
    course: Course,
    module: Module,
    env: SandboxedEnvironment,
    strings: dict[str, str],
    cache: ModuleCache,
    context: object,
) -> bytes:
    """Return the module's document from `cache` if rendered from this very module in the
    same `context`, else render it (and keep it there).

    The context is what a document shows of the course besides its module: the course file,
    the theme's files and its strings. A theme template that reads other modules through
    `course.modules` would see them as of its module's last change: the preview only.
    """
    kept = cache.rendered.get(id(module))
    if kept is not None and kept[0] is module and kept[1] == context:
        return kept[2]
    document = render_sco(course, module, env, strings).encode()
    cache.rendered[id(module)] = (module, context, document)
    return document


def theme_state(search_path: list[Path]) -> dict[Path, FileState]:
    return {
        path: file_state(path)
        for folder in search_path
        for path in folder.rglob("*")
        if path.is_file()
    }


@contextmanager
def template_errors_told(root: Path, search_path: list[Path]) -> Iterator[None]:
    """Turn what a theme template raises into a `CourseError` at its file and line."""
    try:
        yield
    except Exception as error:
        # Templates are code the course's author wrote: whatever they raise is theirs to fix,
        # at the template line where it was raised.
        problem = template_problem(error, root, search_path)
        if problem is None:
            raise
        raise CourseError([problem]) from error


def template_problem(error: Exception, root: Path, search_path: list[Path]) -> Diagnostic | None:
    """Return where in the theme's templates `error` arose, or None if not in a template."""
    if isinstance(error, RuntimePartsError):
        path, line, message = runtime_template(search_path), 1, str(error)
    elif isinstance(error, TemplateSyntaxError) and error.filename:
        path, line, message = (
            Path(error.filename),
            error.lineno,
            f"template syntax: {error.message}",
        )
    else:
        # Jinja rewrites the traceback so that template frames name the template file.
        frames = traceback.extract_tb(error.__traceback__)
        in_theme = [
            f for f in frames if any(Path(f.filename).is_relative_to(d) for d in search_path)
        ]
        if not in_theme:
            return None
        path, line = Path(in_theme[-1].filename), in_theme[-1].lineno or 1
        message = f"the template failed: {template_failure(error)}"
    return Diagnostic(shown_path(path, root), line, 1, message)


def runtime_template(search_path: list[Path]) -> Path:
    """Return the template to blame for a document without the runtime's elements: the
    course's own sco.html, else its own questions.html (the default theme has them all)."""
    own = [
        path
        for name in (SCO_TEMPLATE, QUESTIONS_TEMPLATE)
        if (path := themes.find_theme_file(search_path[:-1], name))
    ]
    found = own[0] if own else themes.find_theme_file(search_path, SCO_TEMPLATE)
    assert found is not None  # it was just rendered
    return found


def template_failure(error: Exception) -> str:
    if isinstance(error, TemplateNotFound):
        return f"no template '{error.name}' in the theme"
    return f"{type(error).__name__}: {str(error)[:200]}"


def check(course_dir: Path, templates: Path | None = None, single_sco: bool = False) -> Loaded:
    """Load the course and render it in memory, as a build would, writing nothing."""
    workers = parallel.workers_available()
    loaded = load_course(course_dir, templates, single_sco, workers)
    with rendered_ahead(package_entries(loaded.course, templates, lazy=True), workers) as ready:
        collections.deque(ready, maxlen=0)  # each document rendered, none kept
    return loaded


def check_output(
    target: Path, course: Course, templates: Path | None, kind: OutputKind = ZIP
) -> None:
    """Raise `BuildError` when `target` must not be written: inside the course or its theme
    (the course's `dist/` excepted), or not a new file nor one of its `kind`."""
    sources = [course.root, *(t.resolve() for t in (templates, course.templates) if t)]
    problem = output_problem(target, sources, course.root / DIST_FOLDER, kind)
    if problem:
        raise BuildError(f"cannot write {target}: {problem}")


@contextmanager
def write_errors_told(target: Path) -> Iterator[None]:
    """Turn a failure to write `target` (disk full, permissions) into a `BuildError`."""
    try:
        yield
    except OSError as error:
        raise BuildError(f"cannot write {target}: {error.strerror or error}") from error


def build(
    course_dir: Path,
    output: Path | None = None,
    templates: Path | None = None,
    on_entry: Callable[[Entry], None] | None = None,
    single_sco: bool = False,
) -> BuildResult:
    """Build the SCORM 1.2 zip of the course in `course_dir` and return what was written."""
    started = time.perf_counter()
    workers = parallel.workers_available()
    loaded = load_course(course_dir, templates, single_sco, workers)
    entries = package_entries(loaded.course, templates, lazy=True)
    target = output or default_output(loaded.course)
    check_output(target, loaded.course, templates)
    with write_errors_told(target), rendered_ahead(entries, workers) as ready:
        size = write_zip(target, ready, on_entry)
    return BuildResult(
        target,
        size,
        len(sco_files(loaded.course)),
        len(entries),
        time.perf_counter() - started,
        loaded.warnings,
    )
