"""The review document: the whole course as one self-contained, print-ready HTML file.

For reviewers who will not install an LMS: a cover, the contents, then every module in order
with its objectives, its pages and its quiz, each question with its right answers marked,
every choice's feedback and the explanation. Each module, page and question names the source
file and line it comes from, so that a comment written on paper leads back to the text to
change. The files the pages use are embedded as data: URIs: the document loads nothing and
runs no script.

The quiz's answers are `rendering.quiz_view`, the view the SCOs are built from; the template
is the theme's `review.html`, rendered in the same sandboxed environment as the SCOs.
"""

from __future__ import annotations

import base64
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from markupsafe import Markup

from scorm_builder import themes
from scorm_builder.building import (
    check,
    check_output,
    template_errors_told,
    write_errors_told,
)
from scorm_builder.diagnostics import Diagnostic, shown_path
from scorm_builder.exceptions import ScormBuilderError
from scorm_builder.loading import DIST_FOLDER, MODULE_FILE, PAGE_ANCHOR
from scorm_builder.packaging import OutputKind, source_date_epoch, write_atomically
from scorm_builder.printing import PDF, find_chromium, print_pdf
from scorm_builder.rendering import CHECK_MARKER, checks_view, environment, quiz_view
from scorm_builder.structure.course import Course, Module, Page

REVIEW_TEMPLATE = "review.html"
HTML = OutputKind("an HTML file", (b"<!doctype html",))
LAST_SECOND = 253402300799
"""9999-12-31 23:59:59 UTC: the last moment a date can name."""

URL_ATTRIBUTE = re.compile(r'(<(?:img|video|audio|track) src|<a href| poster)="([^"]*)"')
"""The URL of an image, a link, audio or video, its captions and poster, as markdown-it and
the components write it: quoted with `"`, which they escape everywhere else (so no text of a
page can look like this)."""
HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
LAZY_LOADING = ' loading="lazy"'
"""Printing does not wait for lazy images below the first screen: the review loads all."""


@dataclass(frozen=True)
class Review:
    """What `write_review` wrote, and the course's warnings."""

    course: Course
    warnings: list[Diagnostic]
    html: Path
    pdf: Path | None


def default_review_output(course: Course, folder: Path = Path(DIST_FOLDER)) -> Path:
    return folder / f"{course.id}-{course.file.version}-review.html"


def write_review(
    course_dir: Path, output: Path | None, templates: Path | None, pdf: bool
) -> Review:
    """Check the course as `validate` does, then write its review document, and its PDF
    beside it (same name, `.pdf`) when `pdf` is set. Nothing is written if any step would
    fail before printing."""
    loaded = check(course_dir, templates)
    course = loaded.course
    html_target = output or default_review_output(course)
    pdf_target = html_target.with_suffix(".pdf") if pdf else None
    if pdf_target == html_target:
        raise ScormBuilderError(
            f"with --pdf, name the HTML file (-o {html_target.with_suffix('.html')}): "
            "the PDF is written beside it"
        )
    browser = find_chromium() if pdf else None
    check_output(html_target, course, templates, HTML)
    if pdf_target:
        check_output(pdf_target, course, templates, PDF)
    search_path = themes.theme_search_path(templates or course.templates)
    document = review_html(course, search_path, review_date())
    with write_errors_told(html_target):
        write_atomically(html_target, lambda temporary: temporary.write_text(document, "utf-8"))
    if browser and pdf_target:
        with write_errors_told(pdf_target):
            write_atomically(
                pdf_target, lambda temporary: print_pdf(browser, html_target, temporary)
            )
    return Review(course, loaded.warnings, html_target, pdf_target)


def review_date() -> date:
    """Return the date the document bears: `SOURCE_DATE_EPOCH`'s (UTC) if set, else today."""
    epoch = source_date_epoch()
    if epoch is None:
        return date.today()
    return (
        datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=min(epoch, LAST_SECOND))
    ).date()


def review_html(course: Course, search_path: list[Path], today: date) -> str:
    """Return the review document of a course that loaded without errors."""
    env = environment(search_path)
    strings = themes.interface_strings(search_path, course.file.language)
    folders = course.file.modules
    with template_errors_told(course.root, search_path):
        return env.get_template(REVIEW_TEMPLATE).render(
            course=course,
            lang=course.file.language,
            strings=strings,
            date=today.isoformat(),
            modules=[
                module_review(course, folder, module, strings)
                for folder, module in zip(folders, course.modules, strict=True)
            ],
        )


def module_review(
    course: Course, folder: str, module: Module, strings: dict[str, str]
) -> dict[str, Any]:
    """Return what the review shows of a module, its pages and its quiz."""
    quiz = module.quiz
    quiz_review = None
    if quiz is not None:
        view = quiz_view(quiz, module.graded, strings)
        questions = [
            {
                **question,
                "anchor": f"question_{module.id}_{question['id']}",
                "source": source_label(course, quiz.source, line),
            }
            for question, line in zip(view["questions"], quiz.question_lines, strict=True)
        ]
        quiz_review = {
            **view,
            "questions": questions,
            "anchor": f"quiz_{module.id}",
            "source": source_label(course, quiz.source, 1),
        }
    return {
        "id": module.id,
        "anchor": f"module_{module.id}",
        "title": module.title,
        "objectives": module.file.objectives,
        "source": f"{posixpath.normpath(f'{folder}/{MODULE_FILE}')}:1",
        "pages": [page_review(course, module, page) for page in module.pages],
        "quiz": quiz_review,
    }


def page_review(course: Course, module: Module, page: Page) -> dict[str, Any]:
    """Return what the review shows of a page: its HTML in `parts`, each knowledge check in
    it a question, with its answers, where the page has it."""
    html = CHECK_MARKER.split(standalone_html(page, module.id))
    views = [view for view in checks_view(module) if view["page"] == page.id]
    checks = [
        {
            **view,
            "anchor": f"question_{module.id}_{view['id']}",
            "source": source_label(course, page.source, page.body_line + check.line + 1),
        }
        for view, check in zip(views, page.checks, strict=True)
    ]
    return {
        "anchor": page_anchor(module.id, page.id),
        "title": page.title,
        "source": source_label(course, page.source, 1),
        "parts": [
            checks[int(part)] if index % 2 else Markup(part) for index, part in enumerate(html)
        ],
    }


def page_anchor(module_id: str, page_id: str) -> str:
    """Return the id of a page in the review: ids have no `_`, so none can collide."""
    return f"page_{module_id}_{page_id}"


def source_label(course: Course, path: Path, line: int) -> str:
    """Return where something was written, as `validate` names files: `devops/quiz.yaml:4`."""
    return f"{shown_path(path, course.root)}:{line}"


def standalone_html(page: Page, module_id: str) -> str:
    """Return a page's HTML fit for the review: the course files it uses embedded, links to
    other pages of its module pointing into the review, headings one level down (the
    review's modules are its h2, pages h3), every image loaded at once."""
    files = {asset.package_path: asset.source for asset in page.assets}

    def url(match: re.Match[str]) -> str:
        tag, value = match.groups()
        if value in files:  # a link to a file already has its name in `download`
            return f'{tag}="{data_uri(files[value])}"'
        if value.startswith(PAGE_ANCHOR):
            return f'{tag}="#{page_anchor(module_id, value.removeprefix(PAGE_ANCHOR))}"'
        return match.group(0)

    html = URL_ATTRIBUTE.sub(url, page.html).replace(LAZY_LOADING, "")
    return HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + 1)}>", html)


def data_uri(path: Path) -> str:
    """Return a file of the course as a data: URI."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
