"""Importing: a Markdown outline becomes the files of a course folder that validates.

This module owns reading an outline and deciding its structure; it writes nothing (the
`import` command writes the files it returns). The rules:

- The first heading is the course title, unless another heading is at its level or above
  (then the outline has no single top heading: the title is the file name, and the
  headings at the top level are the modules). The next level down are the modules, the
  next the pages; deeper headings stay inside their page as its sections (``##``, ``###``).
  Levels are taken by nesting, so a skipped level (``###`` right under ``#``) counts as the
  next one, and is listed.
- A page's text is the outline's own lines between its heading and the next one, kept
  verbatim: nothing is re-rendered. Text under a module heading before its first page, and
  text before the first module, go to the top of the next page; a module without pages gets
  one page holding its text; an empty page gets an HTML comment (dropped from the package)
  that says so.
- What the tool refuses in a page is neutralised where it stands, so that the course
  validates: the ``<`` of raw HTML and the ``[`` of links to files and of images are
  escaped, so they read as the author wrote them.
- Every such decision is a warning at the outline's ``line:column``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from scorm_builder import markdown, themes
from scorm_builder.diagnostics import Diagnostic, utf8_error_position
from scorm_builder.exceptions import OutlineError
from scorm_builder.loading import (
    COURSE_FILE,
    DIST_FOLDER,
    FRONT_MATTER_FENCE,
    MODULE_FILE,
    QUIZ_PAGE_ID,
    WEB_SCHEMES,
    split_front_matter,
)
from scorm_builder.structure.files import CourseFile, ModuleFile, PageFrontMatter, slugify

VERSION = "0.1.0"
TITLE_LIMIT = 200
ID_LIMIT = 64
EMPTY_PAGE_NOTE = (
    "<!-- scorm-builder import: this page had no text in the outline; write it here. -->\n"
)

# Common words of each language, written as text for reading (SIM905 wants a list literal).
FRENCH_WORDS = frozenset(
    "le la les un une des du de au aux et est sont ou où dans pour sur avec par pas ne que "  # noqa: SIM905
    "qui quoi ce cette ces son sa ses leur leurs nous vous il elle ils elles on se en à être "
    "avoir fait faire plus très mais donc comme tout tous chaque afin".split()
)
ENGLISH_WORDS = frozenset(
    "the a an and or of to in on for with by from at is are was were be been it its this "  # noqa: SIM905
    "that these those which what who how why not no as we you they he she our your their "
    "can will should each all".split()
)
FRENCH_LETTERS = frozenset("éèêëàâîïôûùüçœÉÈÊÀÂÎÔÛÇŒ")
WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
TODO_LINE = re.compile(
    r"^\s{0,3}(?:[-*+]\s+|\d+[.)]\s+|#{1,6}\s+)?(?:\[[ xX]?\]\s*)?"
    r"(?:todo|to do|to-do|tbd|fixme|à faire|a faire)\b",
    re.IGNORECASE,
)
ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")


@dataclass(frozen=True)
class Line:
    """One line of the outline: its 0-based number there and its text (with its newline).

    `edits` are the (column, characters added) of each change made to the text, so that a
    column of the text tells the outline's own column.
    """

    number: int
    text: str
    edits: tuple[tuple[int, int], ...] = ()

    def edited(self, column: int, old: int, new: str) -> Line:
        """Return the line with `old` characters at `column` replaced by `new`."""
        delta = len(new) - old
        moved = tuple((c + delta if c >= column else c, d) for c, d in self.edits)
        text = self.text[:column] + new + self.text[column + old :]
        return Line(self.number, text, (*moved, (column, delta)))

    def source_column(self, column: int) -> int:
        """Return the 1-based column in the outline of the 0-based `column` of the text."""
        return column - sum(delta for at, delta in self.edits if at < column) + 1


@dataclass(frozen=True)
class Heading:
    """A heading of the outline at its top nesting level, with its lines [start, end)."""

    start: int
    end: int
    level: int
    title: str


@dataclass
class PageDraft:
    title: str
    line: int
    lines: list[Line]
    id: str = ""
    of_module: bool = False
    """A module's one page: the module had no page headings."""


@dataclass
class ModuleDraft:
    title: str
    line: int
    pages: list[PageDraft] = field(default_factory=list)
    id: str = ""


@dataclass(frozen=True)
class Outline:
    """What an outline becomes: the course title and language, modules and pages, warnings."""

    title: str
    language: str
    modules: list[ModuleDraft]
    warnings: list[Diagnostic]


# -- reading -------------------------------------------------------------------------------


def outline_text(path: str, data: bytes) -> str:
    """Return an outline's text, line endings made '\\n', or raise where it is not UTF-8."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise OutlineError(Diagnostic(path, *utf8_error_position(data, error))) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def supported_languages() -> list[str]:
    """Return the languages the default theme has interface text for."""
    return themes.available_languages(themes.theme_search_path(None))


def detected_language(text: str) -> tuple[str, str]:
    """Return 'fr' or 'en' for a text, and the evidence, by counting common words.

    French wins when its common words and accented letters outnumber English common words;
    anything else (no evidence at all included) is English.
    """
    words = [w.lower() for w in WORD.findall(text)]
    french = sum(w in FRENCH_WORDS for w in words) + sum(c in FRENCH_LETTERS for c in text)
    english = sum(w in ENGLISH_WORDS for w in words)
    language = "fr" if french > english else "en"
    return language, f"{french} French and {english} English clues"


# -- structure -----------------------------------------------------------------------------


def plain_title(inline: Token) -> str:
    """Return a heading's text without its Markdown: emphasis, links and code become text."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(markdown.alt_text(child))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    title = re.sub(r"[\x00-\x1f\x7f]", " ", "".join(parts))
    return " ".join(title.split())


def headings(tokens: list[Token]) -> list[Heading]:
    """Return the outline's headings outside lists and quotes, in order."""
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            found.append(
                Heading(
                    token.map[0],
                    token.map[1],
                    int(token.tag[1]),
                    plain_title(tokens[index + 1]),
                )
            )
    return found


@dataclass
class Importer:
    """One import of one outline: its lines, the structure found, and the warnings."""

    path: str
    text: str
    warnings: list[Diagnostic] = field(default_factory=list)
    section_levels: dict[int, int] = field(default_factory=dict)
    """The new level of each heading kept inside a page, by its line (2: '##')."""

    def __post_init__(self) -> None:
        self.lines = [Line(n, t) for n, t in enumerate(self.text.splitlines(keepends=True))]

    def warn(self, line: int, column: int, message: str) -> None:
        self.warnings.append(Diagnostic(self.path, line + 1, column, message, "warning"))

    def outline(self, language: str | None) -> Outline:
        skipped = self.front_matter_lines()
        all_headings = [h for h in headings(markdown.parse(self.text)) if h.start >= skipped]
        if not all_headings:
            raise OutlineError(
                Diagnostic(
                    self.path,
                    1,
                    1,
                    "no heading: write the course title as '# Title', its modules as '## Module' "
                    "and their pages as '### Page'",
                )
            )
        title_heading = self.title_heading(all_headings)
        title = self.course_title(title_heading)
        modules = self.modules(all_headings, title_heading, skipped)
        self.name_everything(modules)
        for module in modules:
            for page in module.pages:
                page.lines = self.page_lines(page)
        self.warn_todo_lines()
        if language is None:
            language, evidence = detected_language(self.text)
            self.warn(0, 1, f"language '{language}' detected ({evidence}): --language sets it")
        return Outline(title, language, modules, sorted(self.warnings))

    def front_matter_lines(self) -> int:
        """Return how many lines of YAML front matter open the outline (told, then skipped)."""
        split = split_front_matter(self.text)
        if split is None:
            return 0
        self.warn(0, 1, "front matter ignored: the course is made from the headings")
        return split[2]

    def title_heading(self, found: list[Heading]) -> Heading | None:
        first = found[0]
        if all(h.level > first.level for h in found[1:]):
            return first
        self.warn(
            first.start,
            1,
            "no single top heading: the course title is the outline's file name, and each "
            f"heading of level {min(h.level for h in found)} is a module; check course.yaml",
        )
        return None

    def course_title(self, heading: Heading | None) -> str:
        if heading is None:
            return Path(self.path).stem
        return self.usable_title(heading.title, heading.start, "Course")

    def usable_title(self, title: str, line: int, fallback: str) -> str:
        """Return a title that validates: not empty, at most 200 characters (each told)."""
        if not title:
            self.warn(line, 1, f"a heading without text: titled '{fallback}', rename it")
            return fallback
        if len(title) > TITLE_LIMIT:
            self.warn(line, 1, f"a title longer than {TITLE_LIMIT} characters: cut, check it")
            return title[:TITLE_LIMIT].rstrip()
        return title

    def modules(
        self, found: list[Heading], title_heading: Heading | None, skipped: int
    ) -> list[ModuleDraft]:
        """Return the modules and their pages, each page holding its lines of text."""
        root = title_heading.level if title_heading else min(h.level for h in found) - 1
        structure = [h for h in self.depths(found, title_heading, root) if h[1] <= 3]
        modules: list[ModuleDraft] = []
        pending = [self.lines[skipped : structure[0][0].start]]  # text not yet in a page
        for index, (heading, depth) in enumerate(structure):
            following = structure[index + 1] if index + 1 < len(structure) else None
            body = self.lines[heading.end : following[0].start if following else len(self.lines)]
            if depth == 1:
                pending.append(body)
            elif depth == 2 and following is not None and following[1] == 3:
                modules.append(ModuleDraft(heading.title, heading.start))
                pending.append(body)
            else:
                if depth == 2:
                    modules.append(ModuleDraft(heading.title, heading.start))
                self.warn_outside(pending, heading.title)
                text = joined([*pending, body])
                page = PageDraft(heading.title, heading.start, text, of_module=depth == 2)
                modules[-1].pages.append(page)
                pending = []
        if not modules:
            title = title_heading.title if title_heading else Path(self.path).stem
            self.warn(
                found[0].start, 1, "no module heading: one module of one page, titled as the course"
            )
            page = PageDraft(title, found[0].start, joined(pending), of_module=True)
            modules.append(ModuleDraft(title, found[0].start, [page]))
        return modules

    def warn_outside(self, pending: list[list[Line]], page_title: str) -> None:
        """Tell where text outside any page went (to the top of the next page)."""
        text = joined(pending)
        if text:
            self.warn(
                text[0].number,
                1,
                f"text outside any page: put at the top of the page '{page_title}', check it",
            )

    def depths(
        self, found: list[Heading], title_heading: Heading | None, root: int
    ) -> Iterable[tuple[Heading, int]]:
        """Yield each heading with its depth by nesting: 1 the course, 2 a module, 3 a page.

        Deeper headings are page sections: their new level is noted in `section_levels`.
        """
        stack: list[tuple[int, int]] = [(root, 1)]
        for heading in found:
            if heading is title_heading:
                yield heading, 1
                continue
            while stack[-1][0] >= heading.level:
                stack.pop()
            parent_level, parent_depth = stack[-1]
            depth = parent_depth + 1
            if heading.level > parent_level + 1 and depth <= 3:
                what = "module" if depth == 2 else "page"
                self.warn(
                    heading.start,
                    1,
                    f"skipped level: '{'#' * heading.level}' right under "
                    f"'{'#' * parent_level}' taken as a {what}, check it",
                )
            stack.append((heading.level, depth))
            if depth > 3:
                self.section_levels[heading.start] = min(6, depth - 2)
            yield heading, depth

    # -- names -----------------------------------------------------------------------------

    def name_everything(self, modules: list[ModuleDraft]) -> None:
        """Give titles that validate and unique ids to the modules and their pages."""
        module_ids = UniqueIds({DIST_FOLDER})
        for number, module in enumerate(modules, start=1):
            module.title = self.usable_title(module.title, module.line, f"Module {number}")
            module.id = self.unique_id(module_ids, module.title, f"module-{number}", module.line)
            page_ids = UniqueIds({QUIZ_PAGE_ID})
            for page_number, page in enumerate(module.pages, start=1):
                page.title = (
                    module.title
                    if page.of_module
                    else self.usable_title(page.title, page.line, f"Page {page_number}")
                )
                page.id = self.unique_id(page_ids, page.title, f"page-{page_number}", page.line)

    def unique_id(self, ids: UniqueIds, title: str, fallback: str, line: int) -> str:
        made = slugify(title)
        if not made:
            self.warn(line, 1, f"no id can be made from '{title}': id '{fallback}'")
            made = fallback
        unique = ids.add(made)
        if unique != made:
            self.warn(line, 1, f"the id '{made}' is taken: id '{unique}', check the titles")
        return unique

    # -- page text -------------------------------------------------------------------------

    def page_lines(self, page: PageDraft) -> list[Line]:
        """Return a page's text: trimmed, sections re-levelled, refused Markdown escaped."""
        lines = trimmed(page.lines)
        if not lines:
            what = "an empty module: its one page" if page.of_module else "an empty page"
            self.warn(page.line, 1, f"no text under '{page.title}': {what} holds a note, write it")
            return [Line(page.line, EMPTY_PAGE_NOTE)]
        lines = [self.section_line(line) for line in lines]
        if not lines[-1].text.endswith("\n"):
            lines[-1] = lines[-1].edited(len(lines[-1].text), 0, "\n")
        return self.neutralised(lines)

    def section_line(self, line: Line) -> Line:
        level = self.section_levels.get(line.number)
        match = ATX_HEADING.match(line.text)
        if level is None or match is None or len(match.group(2)) == level:
            return line
        return line.edited(match.start(2), len(match.group(2)), "#" * level)

    def neutralised(self, lines: list[Line]) -> list[Line]:
        """Return the lines with each refused construct escaped where it stands (told)."""
        for _ in range(sum(line.text.count("<") + line.text.count("](") for line in lines) + 1):
            problem = first_refused(lines)
            if problem is None:
                return lines
            index, column, what = problem
            line = lines[index]
            lines[index] = line.edited(column, 0, "\\")
            self.warn(line.number, line.source_column(column), what)
        return lines

    def warn_todo_lines(self) -> None:
        for line in self.lines:
            if TODO_LINE.match(line.text):
                self.warn(line.number, 1, "a to-do note: kept as page text, do it or remove it")


class UniqueIds:
    """Ids handed out so far: a repeated one gets '-2', '-3'... and stays within 64."""

    def __init__(self, reserved: set[str]) -> None:
        self.taken = set(reserved)

    def add(self, wanted: str) -> str:
        candidate, number = wanted, 1
        while candidate in self.taken:
            number += 1
            suffix = f"-{number}"
            candidate = wanted[: ID_LIMIT - len(suffix)].rstrip("-") + suffix
        self.taken.add(candidate)
        return candidate


def joined(chunks: list[list[Line]]) -> list[Line]:
    """Return chunks of text one after the other, trimmed, one blank line between two."""
    lines: list[Line] = []
    for chunk in filter(None, map(trimmed, chunks)):
        if lines:
            lines.append(Line(chunk[0].number, "\n"))
        lines.extend(chunk)
    return lines


def trimmed(lines: list[Line]) -> list[Line]:
    """Return the lines without the blank lines around them."""
    kept = [i for i, line in enumerate(lines) if line.text.strip()]
    return lines[kept[0] : kept[-1] + 1] if kept else []


def first_refused(lines: list[Line]) -> tuple[int, int, str] | None:
    """Return the first raw HTML, image or link to a file in the lines, as (index, column of
    the character to escape, what was done), or None."""
    tokens = markdown.parse("".join(line.text for line in lines))
    for html in markdown.raw_html(tokens):
        found = unescaped(lines, html.line, html.text.split("\n")[0])
        if found:
            tag = html.text.split("\n")[0][:40]
            return (*found, f"raw HTML ({tag}): escaped, shown as text; check it")
    for ref in markdown.references(tokens):
        if not ref.is_image and urlsplit(ref.url).scheme in WEB_SCHEMES:
            continue
        found = reference_bracket(lines, ref)
        if found:
            what = (
                "an image: shown as text, copy the file into the course and restore it"
                if ref.is_image
                else f"a link to '{ref.url}', not a web address: shown as text, check it"
            )
            return (*found, what)
    return None


def unescaped(lines: list[Line], start: int, text: str) -> tuple[int, int] | None:
    """Return where `text` first stands from line `start` not already escaped."""
    for index in range(start, len(lines)):
        column = lines[index].text.find(text)
        while column > 0 and lines[index].text[column - 1] == "\\":
            column = lines[index].text.find(text, column + 1)
        if column >= 0:
            return index, column
    return None


def reference_bracket(lines: list[Line], ref: markdown.Reference) -> tuple[int, int] | None:
    """Return the '[' (or '<' of an autolink) that opens a link or image to `ref.url`."""
    for url in dict.fromkeys((ref.url, unquote(ref.url))):
        for index in range(ref.line, len(lines)):
            text = lines[index].text
            definition = re.match(r"^ {0,3}(\[)[^\]]+\]:\s*<?" + re.escape(url), text)
            if definition:
                return index, definition.start(1)
            autolink = text.find(f"<{url}>")
            if autolink >= 0:
                return index, autolink
            inline = re.search(r"\]\(\s*<?" + re.escape(url), text)
            if inline:
                opening = opening_bracket(text, inline.start())
                if opening is not None:
                    return index, opening
    return None


def opening_bracket(text: str, closing: int) -> int | None:
    """Return the '[' that the ']' at `closing` closes, on the same line."""
    depth = 0
    for column in range(closing, -1, -1):
        if text[column] == "]" and not escaped_at(text, column):
            depth += 1
        elif text[column] == "[" and not escaped_at(text, column):
            depth -= 1
            if depth == 0:
                return column
    return None


def escaped_at(text: str, column: int) -> bool:
    return column > 0 and text[column - 1] == "\\"


# -- files ---------------------------------------------------------------------------------


def yaml_text(model: BaseModel, quoted: Iterable[str] = ()) -> str:
    """Return a model as YAML, its fields in their declared order, defaults left out."""
    data = model.model_dump(exclude_defaults=True)
    for name in quoted:
        data[name] = DoubleQuotedScalarString(data[name])
    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def course_files(outline: Outline, course_id: str, source_name: str) -> dict[str, str]:
    """Return every file of the imported course, by its path in the course folder."""
    course = CourseFile(
        id=course_id,
        title=outline.title,
        language=outline.language,
        version=VERSION,
        modules=[module.id for module in outline.modules],
    )
    files = {
        COURSE_FILE: f"# Imported from {source_name} by scorm-builder import.\n"
        + yaml_text(course, quoted=["version"])
    }
    for module in outline.modules:
        module_file = ModuleFile(title=module.title, pages=[f"{p.id}.md" for p in module.pages])
        files[f"{module.id}/{MODULE_FILE}"] = yaml_text(module_file)
        for page in module.pages:
            front = yaml_text(PageFrontMatter(title=page.title))
            body = "".join(line.text for line in page.lines)
            fence = f"{FRONT_MATTER_FENCE}\n"
            files[f"{module.id}/{page.id}.md"] = f"{fence}{front}{fence}{body}"
    return files


def import_outline(path: str, data: bytes, language: str | None = None) -> Outline:
    """Return what an outline (its shown path and bytes) becomes; raise `OutlineError`."""
    return Importer(path, outline_text(path, data)).outline(language)
