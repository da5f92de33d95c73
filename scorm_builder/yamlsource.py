"""YAML read with positions, and pydantic errors told at the line of the key or value.

ruamel.yaml's round-trip loader keeps the line and column of every key, value and list
item; pydantic reports errors by their location in the data. This module joins the two,
so that each problem is shown where the author wrote it, in words that say how to fix it.
"""

from __future__ import annotations

import difflib
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from scorm_builder.diagnostics import Report
from scorm_builder.structure.files import INTERACTION_TYPES

M = TypeVar("M", bound=BaseModel)
Location = tuple[int | str, ...]


@dataclass(frozen=True)
class Source:
    """A YAML text from a file of the course: its relative path and first line's number."""

    path: str
    text: str
    first_line: int = 1


def parse_yaml(source: Source, report: Report) -> Any:
    """Return the YAML document of `source`, or None after reporting its syntax error."""
    document: Any
    try:
        document = YAML(typ="rt", pure=True).load(source.text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        problem = error.problem or error.context or "invalid YAML"
        report.error(source.path, source.first_line + line, column + 1, f"YAML syntax: {problem}")
    except YAMLError as error:
        report.error(source.path, source.first_line, 1, f"YAML syntax: {error}")
    else:
        # An empty file (or one of comments only) is an empty mapping: its missing keys are
        # then reported one by one, like any other missing key.
        return CommentedMap() if document is None else document
    return None


def validate(model: type[M], data: Any, source: Source, report: Report) -> M | None:
    """Return `data` as `model`, or None after reporting every error at its position."""
    if not isinstance(data, dict):
        report.error(
            source.path,
            source.first_line,
            1,
            f"expected a mapping of keys ({', '.join(model.model_fields)}), found {_kind(data)}",
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = detail["loc"]
            if detail["type"] == "union_tag_invalid":
                loc = (*loc, "type")
            line, column = position(data, loc, at_key=detail["type"] == "extra_forbidden")
            report.error(
                source.path,
                source.first_line + line - 1,
                column,
                explain(model, detail),
            )
    return None


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
    name = _dotted(loc)
    kind = detail["type"]
    if kind == "missing":
        return f"missing required key '{loc[-1]}' in {_dotted(loc[:-1]) or 'this file'}"
    if kind == "extra_forbidden":
        allowed = list(_fields_at(model, loc[:-1]))
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        maybe = f" (did you mean '{hint[0]}'?)" if hint else ""
        return f"unknown key '{loc[-1]}'{maybe}; allowed here: {', '.join(allowed)}"
    if kind == "string_type" and detail["input"] is not None:
        return f"'{name}' must be text, found {detail['input']}: put it in quotes"
    if kind == "union_tag_not_found":
        return f"missing required key 'type' in {name}"
    if kind == "string_too_short":
        return f"'{name}' must not be empty"
    control = _control_character(detail["input"])
    if kind == "string_pattern_mismatch" and control:
        return f"'{name}' contains the control character {control}: remove it"
    if kind == "string_pattern_mismatch":
        described = _field_at(model, loc)
        why = described.description if described and described.description else ""
        return f"'{name}' has an invalid value {detail['input']!r}. {why}".rstrip()
    if kind == "union_tag_invalid":
        context = detail.get("ctx", {})
        expected = str(context.get("expected_tags", "")).replace("'", "")
        return f"unknown type {context.get('tag')!r}; use one of: {expected}"
    if kind == "too_short":
        least = detail.get("ctx", {}).get("min_length", 1)
        return f"'{name}' must have at least {least} item{'s' if least != 1 else ''}"
    message = detail["msg"].removeprefix("Value error, ")
    return f"'{name}': {_lower_first(message)}" if name else _lower_first(message)


def _control_character(value: object) -> str | None:
    """Return the first control character of a text as U+XXXX, if it has one."""
    found = (
        re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value) if isinstance(value, str) else None
    )
    return f"U+{ord(found.group()):04X}" if found else None


def _dotted(loc: Location) -> str:
    """Return a location as authors read it: `questions[2].choices`, tags left out."""
    text = ""
    for key in loc:
        if isinstance(key, str) and key in QUESTION_TAGS:
            continue
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _kind(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
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


def _type_at(model: type[BaseModel], loc: Location) -> Any:
    """Follow `loc` through the type annotations of `model` to the type found there."""
    current: Any = model
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
