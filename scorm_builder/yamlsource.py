"""YAML read with positions, and pydantic errors told at the line of the key or value.

ruamel.yaml's round-trip loader keeps the line and column of every key, value and list
item; pydantic reports errors by their location in the data. This module joins the two,
so that each problem is shown where the author wrote it, in words that say how to fix it.

It also owns the limits of what a course file may hold: a few lines of YAML can nest deeper
than the parser's recursion allows, or name an anchor so many times through aliases that
expanding it (a check, an error message) takes all memory. Both are refused before use, and
error messages quote values shortened, never expanded.

Reading is done twice as fast by libyaml (C, through PyYAML) as by ruamel.yaml's pure-Python
scanner and parser, which were a third of a page-heavy build: libyaml's events, with their
marks, feed ruamel.yaml's own composer and round-trip constructor, so the data, its types
(YAML 1.2 resolution) and every line and column are those of ruamel.yaml. Whatever that
path does not take as it is (a syntax error, a limit, a duplicate key, line breaks that YAML
1.1 and 1.2 count differently) is read again by ruamel.yaml alone, whose errors are the
ones told: libyaml's messages and marks are never shown.
"""

from __future__ import annotations

import difflib
import re
import threading
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import yaml as libyaml
from pydantic import BaseModel, RootModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml import events as ruamel_events
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, Event

from scorm_builder.diagnostics import Report
from scorm_builder.structure.files import INTERACTION_TYPES, control_character

M = TypeVar("M", bound=BaseModel)
Location = tuple[int | str, ...]

MAX_DEPTH = 50
"""Deepest nesting of lists and mappings: course files need a few levels, and the parser
recurses once per level (about a thousand levels overflow Python's stack)."""
MAX_VALUES = 100_000
"""Most values in one file, each alias counted as a copy of what it names: far above any
course, far below an alias bomb (nine lines that expand to a billion values)."""
QUOTE_LIMIT = 60
"""Longest value an error message quotes, in characters."""
DEPTH_MESSAGE = f"nested deeper than {MAX_DEPTH} levels: flatten this part of the file"
SIZE_MESSAGE = (
    f"holds more than {MAX_VALUES} values once its aliases (*name) are expanded: "
    "write the values out, or alias fewer times"
)


@dataclass(frozen=True)
class Source:
    """A YAML text from a file of the course: its relative path and first line's number."""

    path: str
    text: str
    first_line: int = 1


class _LimitError(Exception):
    """A YAML text beyond one of the limits, at the 0-based line and column of the value."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def parse_yaml(source: Source, report: Report) -> Any:
    """Return the YAML document of `source`, or None after reporting why it is unusable."""
    document: Any
    try:
        document = _load_within_limits(source.text)
    except _LimitError as error:
        report.error(source.path, source.first_line + error.line, error.column + 1, error.message)
    except MarkedYAMLError as error:
        line, column, problem = _syntax_problem(error, source.text)
        report.error(source.path, source.first_line + line, column + 1, f"YAML syntax: {problem}")
    except YAMLError as error:
        report.error(source.path, source.first_line, 1, f"YAML syntax: {error}")
    else:
        # An empty file (or one of comments only) is an empty mapping: its missing keys are
        # then reported one by one, like any other missing key.
        _keys_without_trailing_nbsp(document, source, report)
        return CommentedMap() if document is None else document
    return None


NON_BREAKING_SPACES = "\u00a0\u202f\u2007"
"""The spaces French typography puts before ':', which YAML does not take for spaces."""


def _keys_without_trailing_nbsp(document: Any, source: Source, report: Report) -> None:
    """Read a key typed with a non-breaking space before its ':' as the key, after warning.

    `title\u00a0: ...` (French typography, or a French keyboard's autocorrect) is the key
    'title\u00a0' to YAML, which shows as 'title ' in messages; an ordinary space there is
    ignored, and so is this one now, told once at its place.
    """
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedSeq):
            stack.extend(node)
        if not isinstance(node, CommentedMap):
            continue
        # Aliases are expanded within MAX_VALUES and never loop: `_check_expansion` said so.
        for index, key in enumerate(list(node)):
            plain = key.rstrip(NON_BREAKING_SPACES + " ") if isinstance(key, str) else key
            if plain != key and plain and plain not in node:
                place = node.lc.data.get(key)
                value = node.pop(key)
                node.insert(index, plain, value)
                if place is not None:
                    node.lc.data[plain] = place
                    line, column = place[0], place[1] + len(plain)
                    report.warning(
                        source.path,
                        source.first_line + line,
                        column + 1,
                        f"a non-breaking space between '{plain}' and ':' (French typography): "
                        f"read as '{plain}:', the space can go",
                    )
        stack.extend(node.values())


INDENTATION_MESSAGE = (
    "this line is not aligned with the lines above it: indent it like its neighbours (spaces only)"
)
TAB_MESSAGE = "a tab character: YAML needs spaces for indentation, replace the tab with spaces"


def _syntax_problem(error: MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Return the 0-based line and column of a YAML syntax error, and its plain words.

    ruamel.yaml words its errors for programmers (`expected <block end>, but found
    '<block sequence start>'`); the usual slips of an author are told as what to change.
    Others keep ruamel.yaml's words.
    """
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    problem = error.problem or error.context or "invalid YAML"
    context = error.context or ""
    lines = text.splitlines()
    here = lines[line] if line < len(lines) else ""
    opening = error.context_mark
    if problem.startswith("found character '\\t'"):
        return line, column, TAB_MESSAGE
    if found := re.fullmatch(r"found character '(.)' that cannot start any token", problem):
        return line, column, f"'{found[1]}' cannot start a value: put the whole value in quotes"
    if problem == "found unexpected end of stream" and "quoted scalar" in context and opening:
        quote = _char_at(lines, opening.line, opening.column)
        return (
            opening.line,
            opening.column,
            f"this quote ({quote}) is never closed: end the text with the same quote",
        )
    if problem == "expected <block end>, but found '<scalar>'" and _after_quote(here, column):
        return (
            line,
            column,
            "text after a closing quote: a quoted value must end with its quote "
            "(check also that the quotes above are closed)",
        )
    if problem.startswith("expected <block end>, but found"):
        return line, column, INDENTATION_MESSAGE
    if problem == "could not find expected ':'" and opening:
        return (
            opening.line,
            opening.column,
            "this line is neither 'key: value' nor '- item': add the missing ':' or '- ', "
            "or join it to the line above",
        )
    if problem == "mapping values are not allowed here":
        return _colon_problem(here, line, column)
    return line, column, problem


def _char_at(lines: list[str], line: int, column: int) -> str:
    return lines[line][column : column + 1] if line < len(lines) else ""


def _after_quote(text: str, column: int) -> bool:
    """Tell whether the text before `column` of a line ends with a closing quote."""
    before = text[:column].rstrip()
    return before.endswith(("'", '"'))


def _colon_problem(text: str, line: int, column: int) -> tuple[int, int, str]:
    """Tell a ': ' inside an unquoted value from a key indented more than its neighbours."""
    entry = text.lstrip()
    indent = len(text) - len(entry)
    entry = entry.removeprefix("- ").lstrip()
    key, separator, value = entry.partition(": ")
    if not separator or len(text) - len(entry) + len(key) >= column:
        # The colon ends the line's first key: the line itself is out of place.
        return line, indent, INDENTATION_MESSAGE
    value = value.strip()
    example = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    fix = f", as in {key}: {example}" if value[:1] not in ("'", '"') else ""
    return line, column, f"a ':' followed by a space inside a value: put the value in quotes{fix}"


def _load_within_limits(text: str) -> Any:
    """Return the YAML document of `text`, or raise `_LimitError` before it can do harm."""
    try:
        return _load_with_libyaml(text)
    except (libyaml.YAMLError, YAMLError, _LimitError, _NotForLibyamlError):
        pass  # read again below, for ruamel.yaml's own error at its own position
    yaml = YAML(typ="rt", pure=True)
    # The parser alone is iterative: nesting is measured on its events before the
    # composer, which recurses, sees the text.
    _check_nesting(yaml.parse(text))
    document = yaml.load(text)
    _check_expansion(document)
    return document


class _NotForLibyamlError(Exception):
    """A text that libyaml (YAML 1.1) would not read as ruamel.yaml (YAML 1.2) does."""


YAML_11_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Line breaks in YAML 1.1, text in YAML 1.2: lines would be counted differently."""

_EVENT_TYPES: dict[type, Any] = {
    libyaml.StreamStartEvent: lambda e: ruamel_events.StreamStartEvent(e.start_mark, e.end_mark),
    libyaml.StreamEndEvent: lambda e: ruamel_events.StreamEndEvent(e.start_mark, e.end_mark),
    libyaml.DocumentStartEvent: lambda e: ruamel_events.DocumentStartEvent(
        e.start_mark, e.end_mark, e.explicit, e.version, e.tags
    ),
    libyaml.DocumentEndEvent: lambda e: ruamel_events.DocumentEndEvent(
        e.start_mark, e.end_mark, e.explicit
    ),
    libyaml.AliasEvent: lambda e: ruamel_events.AliasEvent(e.anchor, e.start_mark, e.end_mark),
    libyaml.ScalarEvent: lambda e: ruamel_events.ScalarEvent(
        e.anchor, e.tag, e.implicit, e.value, e.start_mark, e.end_mark, e.style
    ),
    libyaml.SequenceStartEvent: lambda e: ruamel_events.SequenceStartEvent(
        e.anchor, e.tag, e.implicit, e.start_mark, e.end_mark, e.flow_style
    ),
    libyaml.SequenceEndEvent: lambda e: ruamel_events.SequenceEndEvent(e.start_mark, e.end_mark),
    libyaml.MappingStartEvent: lambda e: ruamel_events.MappingStartEvent(
        e.anchor, e.tag, e.implicit, e.start_mark, e.end_mark, e.flow_style
    ),
    libyaml.MappingEndEvent: lambda e: ruamel_events.MappingEndEvent(e.start_mark, e.end_mark),
}
"""Each libyaml event as the ruamel.yaml event of the same meaning, marks kept."""


class _EventQueue:
    """ruamel.yaml's parser interface over events already parsed."""

    def __init__(self, events: list[Event]) -> None:
        self.events, self.next = events, 0

    def check_event(self, *choices: type) -> bool:
        if self.next >= len(self.events):
            return False
        return not choices or isinstance(self.events[self.next], choices)

    def peek_event(self) -> Event:
        return self.events[self.next]

    def get_event(self) -> Event:
        self.next += 1
        return self.events[self.next - 1]

    def dispose(self) -> None:
        self.events = []


def _load_with_libyaml(text: str) -> Any:
    """Return the YAML document of `text` parsed by libyaml and constructed by ruamel.yaml."""
    if not libyaml.__with_libyaml__ or any(brk in text for brk in YAML_11_LINE_BREAKS):
        raise _NotForLibyamlError
    events = [_EVENT_TYPES[type(e)](e) for e in libyaml.parse(text, Loader=libyaml.CSafeLoader)]
    _check_nesting(iter(events))
    try:
        document = _composer(events).load(text)
    except BaseException:
        # ruamel.yaml forgets a document's objects only when it loads whole: after an error
        # (a duplicate key...), the next text gets a new composer, as it would alone.
        del _composers.yaml
        raise
    # Without aliases a document holds at most one value an event: its text's size.
    if len(events) > MAX_VALUES or any(isinstance(e, ruamel_events.AliasEvent) for e in events):
        _check_expansion(document)
    return document


_composers = threading.local()


def _composer(events: list[Event]) -> YAML:
    """Return this thread's ruamel.yaml, set to compose `events`.

    It is made once a thread (forked workers have their own copy): making one globs
    ruamel.yaml's plug-in folder and builds its resolver, a third of the time a page's
    one-line front matter took. A load that ends well leaves nothing behind: the composer
    forgets its anchors and the constructor its objects at each document.
    """
    yaml: YAML | None = getattr(_composers, "yaml", None)
    if yaml is None:
        queue = _EventQueue([])
        yaml = YAML(typ="rt", pure=True)
        yaml.Parser = lambda loader: queue
        _composers.yaml, _composers.queue = yaml, queue
    _composers.queue.events, _composers.queue.next = events, 0
    yaml.doc_infos.clear()  # one a load, never read back: kept, they would pile up
    return yaml


def _check_nesting(events: Iterator[Event]) -> None:
    depth = 0
    for event in events:
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _LimitError(event.start_mark.line, event.start_mark.column, DEPTH_MESSAGE)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _check_expansion(document: Any) -> None:
    """Refuse a document whose aliases make it too big or too deep, or contain itself.

    Each list or mapping is measured once (aliases share the object), without recursion:
    the expanded size and depth are sums and maxima over a DAG, so a bomb costs no more
    than its text.
    """
    measures: dict[int, tuple[int, int]] = {}  # id of a list or mapping: (values, depth)
    ancestors: set[int] = set()
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, children_measured = stack.pop()
        if children_measured:
            ancestors.discard(id(node))
            inner = [measures.get(id(child), (1, 0)) for child in _children(node)]
            measures[id(node)] = (
                1 + sum(values for values, _ in inner),
                1 + max((depth for _, depth in inner), default=0),
            )
        elif id(node) in ancestors:
            raise _LimitError(
                *_start(node), "an alias (*name) names a value that contains it: remove the loop"
            )
        elif id(node) not in measures:
            ancestors.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node) if _is_collection(child))
    values, depth = measures.get(id(document), (1, 0))
    if values > MAX_VALUES:
        raise _LimitError(*_start(_smallest_over(document, measures)), SIZE_MESSAGE)
    if depth > MAX_DEPTH:
        raise _LimitError(*_start(_deepest_at(document, measures, MAX_DEPTH)), DEPTH_MESSAGE)


def _is_collection(node: Any) -> bool:
    return isinstance(node, (dict, list))


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return list(node.values())
    return list(node) if isinstance(node, list) else []


def _smallest_over(node: Any, measures: dict[int, tuple[int, int]]) -> Any:
    """Return the innermost list or mapping that alone holds too many values."""
    while True:
        over = [
            child for child in _children(node) if measures.get(id(child), (1, 0))[0] > MAX_VALUES
        ]
        if not over:
            return node
        node = over[0]


def _deepest_at(node: Any, measures: dict[int, tuple[int, int]], level: int) -> Any:
    """Return the list or mapping `level` steps down the deepest path from `node`."""
    for _ in range(level):
        node = max(_children(node), key=lambda child: measures.get(id(child), (1, 0))[1])
    return node


def validate(model: type[M], data: Any, source: Source, report: Report) -> M | None:
    """Return `data` as `model`, or None after reporting every error at its position."""
    if not isinstance(data, dict):
        report.error(
            source.path,
            source.first_line,
            1,
            f"expected a mapping of keys ({', '.join(_keys(model))}), found {_kind(data)}",
        )
        return None
    split = _decimal_commas(data, source)
    for line, column, message in split.values():
        report.error(source.path, source.first_line + line - 1, column, message)
    try:
        valid = model.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        renamed = _misspelt_required_keys(details)
        for detail in details:
            loc = detail["loc"]
            if detail["type"] == "missing" and loc in renamed.values():
                continue  # told at its misspelling
            if _untagged(loc) in split or _untagged(loc) in _second_halves(split):
                continue  # told as one decimal comma
            if detail["type"] == "union_tag_invalid":
                loc = (*loc, "type")
            line, column = position(data, loc, at_key=detail["type"] == "extra_forbidden")
            meant = renamed.get(loc)
            report.error(
                source.path,
                source.first_line + line - 1,
                column,
                f"unknown key '{loc[-1]}': did you mean '{meant[-1]}'? (it is required)"
                if meant
                else explain(model, detail),
            )
        return None
    return None if split else valid


DECIMAL_COMMA = re.compile(r"[0-9],[0-9]")


def _decimal_commas(data: Any, source: Source) -> dict[Location, tuple[int, int, str]]:
    """Return the items of `[...]` lists split in two at a decimal comma, with what to say.

    `accepted: [0,5 mA]` is the two answers 0 and '5 mA' to YAML: told once, at the first
    half, with the quotes that keep it whole. Keyed by the first half's location. A run of
    numbers, `[1,2,3]`, is a list written without spaces, not decimals.
    """
    lines = source.text.splitlines()
    found: dict[Location, tuple[int, int, str]] = {}
    stack: list[tuple[Any, Location]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, CommentedMap):
            stack.extend((value, (*loc, key)) for key, value in node.items())
        elif isinstance(node, CommentedSeq):
            stack.extend((item, (*loc, i)) for i, item in enumerate(node))
            halves = _split_at_commas(node, lines) if node.fa.flow_style() else set()
            for i in sorted(halves - {h + 1 for h in halves} - {h - 1 for h in halves}):
                (line, column), next_column = node.lc.item(i), node.lc.item(i + 1)[1]
                text = lines[line]
                whole = (
                    text[column:].split(",")[0] + "," + re.split(r"[,\]]", text[next_column:])[0]
                )
                whole = whole.strip()
                first: Location = (*loc, i)
                found[first] = (
                    line + 1,
                    column + 1,
                    f"{_named(first)} is split in two at the comma of '{whole}', since "
                    f'commas separate the items of [...]: put it in quotes, as in "{whole}"',
                )
    return found


def _split_at_commas(node: CommentedSeq, lines: list[str]) -> set[int]:
    """Return the items of a `[...]` list followed by a comma between two digits."""
    split = set()
    for i in range(len(node) - 1):
        (line, _), (next_line, next_column) = node.lc.item(i), node.lc.item(i + 1)
        text = lines[line] if line < len(lines) else ""
        if line == next_line and DECIMAL_COMMA.fullmatch(text[next_column - 2 : next_column + 1]):
            split.add(i)
    return split


def _second_halves(split: dict[Location, tuple[int, int, str]]) -> set[Location]:
    return {(*loc[:-1], int(loc[-1]) + 1) for loc in split}


def _untagged(loc: Location) -> Location:
    """Return a pydantic location without the question tags it inserts."""
    return tuple(key for key in loc if not (isinstance(key, str) and key in QUESTION_TAGS))


def _misspelt_required_keys(details: list[ErrorDetails]) -> dict[Location, Location]:
    """Return the unknown keys that are misspellings of a missing required key.

    One typo then makes one message, at the typo, instead of "missing required key" at the
    mapping and "unknown key" at the typo. Keyed by the unknown key's location, the value
    is the missing key's.
    """
    missing = [detail["loc"] for detail in details if detail["type"] == "missing"]
    renamed: dict[Location, Location] = {}
    for detail in details:
        loc = detail["loc"]
        if detail["type"] != "extra_forbidden":
            continue
        candidates = [
            str(gone[-1])
            for gone in missing
            if gone[:-1] == loc[:-1] and gone not in renamed.values()
        ]
        match = difflib.get_close_matches(str(loc[-1]), candidates, n=1)
        if match:
            renamed[loc] = (*loc[:-1], match[0])
    return renamed


def position(data: Any, loc: Location, at_key: bool = False) -> tuple[int, int]:
    """Return the 1-based line and column of what `loc` names in ruamel.yaml data.

    It stops at the deepest node that exists: a missing key is told at its parent mapping.
    Discriminator tags that pydantic inserts in the location are skipped.
    """
    line, column = _start(data)
    node = data
    for index, key in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, CommentedMap) and key in node:
            line, column = node.lc.key(key) if last and at_key else node.lc.value(key)
            node = node[key]
        elif isinstance(node, CommentedMap) and node.get("type") == key:
            continue
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
            line, column = node.lc.item(key)
            node = node[key]
        else:
            break
    return line + 1, column + 1


def _start(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    return (lc.line or 0, lc.col or 0) if lc is not None else (0, 0)


def explain(model: type[BaseModel], detail: ErrorDetails) -> str:
    """Return a pydantic error as a sentence that names the key and says how to fix it."""
    loc = detail["loc"]
    name = _named(loc)
    kind = detail["type"]
    if kind == "missing":
        return f"missing required key '{loc[-1]}' in {_named(loc[:-1]) or 'this file'}"
    if kind == "extra_forbidden":
        allowed = list(_fields_at(model, loc[:-1]))
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        maybe = f" (did you mean '{hint[0]}'?)" if hint else ""
        return f"unknown key '{loc[-1]}'{maybe}; allowed here: {', '.join(allowed)}"
    if kind == "string_type" and isinstance(detail["input"], bytes):
        return f"{name} must be text, found binary data (!!binary): write the text itself"
    if kind in ("model_type", "dict_type"):
        return (
            f"{name} must be a mapping of key: value lines, found {_quoted(detail['input'])}: "
            "write its keys on the lines under it, indented"
        )
    if kind == "string_type" and detail["input"] is not None:
        return f"{name} must be text, found {_quoted(detail['input'])}: put it in quotes"
    if kind == "list_type":
        return (
            f"{name} must be a list, found {_quoted(detail['input'])}: {_as_list(detail['input'])}"
        )
    if kind in ("int_type", "int_parsing"):
        found = _quoted(detail["input"])
        comma = isinstance(detail["input"], str) and DECIMAL_COMMA.search(detail["input"])
        how = ", with a decimal comma" if comma else ""
        return f"{name} must be a whole number (found {found}{how}): write it with digits only"
    if kind in ("bool_type", "bool_parsing"):
        # YAML's booleans are the English words true and false: vrai, faux, yes and no
        # (YAML 1.2) are text.
        found = _quoted(detail["input"])
        return f"{name} must be true or false (found {found}): write true or false"
    if kind == "union_tag_not_found":
        return f"missing required key 'type' in {name or 'this question'}"
    if kind == "string_too_short":
        return f"{name} must not be empty"
    control = control_character(detail["input"])
    if kind == "string_pattern_mismatch" and control:
        return f"{name} contains the control character {control}: remove it"
    if kind == "string_pattern_mismatch":
        described = _field_at(model, loc)
        why = described.description if described and described.description else ""
        return f"{name} has an invalid value {_quoted(detail['input'])}. {why}".rstrip()
    if kind == "union_tag_invalid":
        context = detail.get("ctx", {})
        expected = str(context.get("expected_tags", "")).replace("'", "")
        return f"unknown type {_quoted(context.get('tag'))}; use one of: {expected}"
    if kind == "too_short":
        least = detail.get("ctx", {}).get("min_length", 1)
        return f"{name} must have at least {least} item{'s' if least != 1 else ''}"
    message = detail["msg"].removeprefix("Value error, ")
    return f"{name}: {_lower_first(message)}" if name else _lower_first(message)


def _as_list(value: object) -> str:
    """Return how to write a single value as a list; in quotes when a comma would split it."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return "write its items in [...], or on lines starting with '- '"
    text = str(value)
    # Every list of the format holds text: a number is quoted to be one.
    quoted = "," in text or not isinstance(value, str)
    item = '"' + text.replace('"', '\\"') + '"' if quoted else text
    return f"write it in [...], as in [{item}]"


def _quoted(value: object) -> str:
    """Return a value as a message quotes it: text shortened, lists and mappings named.

    Never the whole value: printing an aliased structure would expand it.
    """
    if isinstance(value, (list, dict)):
        return _kind(value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= QUOTE_LIMIT else f"{text[: QUOTE_LIMIT - 1]}…"


LIST_ITEMS = {
    "questions": "question",
    "choices": "choice",
    "pairs": "pair",
    "items": "item",
    "accepted": "accepted answer",
    "modules": "module",
    "pages": "page",
    "authors": "author",
    "objectives": "objective",
}
"""What one item of each list of the course format is called in messages."""


def _named(loc: Location) -> str:
    """Return a location as authors read it, items counted from 1.

    `questions[2].choices[0].text` is "'text' of choice 1 of question 3"; tags left out.
    """
    keys: list[str] = []
    items: list[str] = []
    for key in loc:
        if isinstance(key, str) and key in QUESTION_TAGS:
            continue
        if isinstance(key, int):
            parent = keys.pop() if keys else ""
            item = LIST_ITEMS.get(parent, f"item of '{parent}'" if parent else "item")
            items.insert(0, f"{item} {key + 1}")
            if keys:
                items.insert(1, f"'{'.'.join(keys)}'")
            keys = []
        else:
            keys.append(key)
    named = [f"'{'.'.join(keys)}'"] if keys else []
    return " of ".join(named + items)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _kind(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, dict):
        return "a mapping"
    if isinstance(data, str):
        return "text"
    return "nothing" if data is None else f"a {type(data).__name__}"


def _fields_at(model: type[BaseModel], loc: Location) -> dict[str, FieldInfo]:
    """Return the fields of the model that applies at `loc` (none when it is not a model)."""
    target = _type_at(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return dict(target.model_fields)
    return {}


def _field_at(model: type[BaseModel], loc: Location) -> FieldInfo | None:
    if not loc or isinstance(loc[-1], int):
        return None
    return _fields_at(model, loc[:-1]).get(loc[-1])


def _keys(model: type[BaseModel]) -> list[str]:
    """Return the keys a mapping of `model` may have; those of every question for one."""
    if not issubclass(model, RootModel):
        return list(model.model_fields)
    members = _unwrap(model.model_fields["root"].annotation)
    return list(dict.fromkeys(key for member in members for key in member.model_fields))


def _type_at(model: type[BaseModel], loc: Location) -> Any:
    """Follow `loc` through the type annotations of `model` to the type found there."""
    current: Any = model.model_fields["root"].annotation if issubclass(model, RootModel) else model
    for key in loc:
        current = _unwrap(current)
        if isinstance(key, int) and get_origin(current) is list:
            current = get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(key))
            if field is None:
                return None
            current = field.annotation
        elif isinstance(current, tuple):
            current = next((m for m in current if _tag(m) == key), None)
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional; a union of several types becomes a tuple of them."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = tuple(a for a in get_args(annotation) if a is not type(None))
            if len(members) > 1:
                return members
            annotation = members[0]
        else:
            return annotation


def _tag(member: Any) -> Any:
    """Return the discriminator value of a union member model (its `type` literal)."""
    if not (isinstance(member, type) and issubclass(member, BaseModel)):
        return None
    field = member.model_fields.get("type")
    if field is not None and get_origin(field.annotation) is Literal:
        return get_args(field.annotation)[0]
    return None


QUESTION_TAGS = frozenset(_tag(model) for model in INTERACTION_TYPES)
"""The `type` values of questions, which pydantic puts in error locations."""
