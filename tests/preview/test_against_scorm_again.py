"""The preview's strict SCORM 1.2 API against an independent runtime, scorm-again.

Both run the same sequences of calls in Chromium. Each case states the error code that the
SCORM 1.2 Run-Time Environment gives its last call; the strict API must give it, and
scorm-again must behave exactly as the strict API on every call, except for the cases of
DIFFERENCES, where the rule that the strict API follows is named and scorm-again's own
outcome is asserted too (so that a change on either side shows up here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

pytestmark = pytest.mark.browser

Call = tuple[str, ...]
Outcome = list[list[str]]

INIT: Call = ("LMSInitialize", "")


def setting(element: str, value: str, *before: Call) -> list[Call]:
    return [INIT, *before, ("LMSSetValue", element, value)]


def getting(element: str, *before: Call) -> list[Call]:
    return [INIT, *before, ("LMSGetValue", element)]


def read_back(element: str, value: str) -> list[Call]:
    return getting(element, set_call(element, value))


def set_call(element: str, value: str) -> Call:
    return ("LMSSetValue", element, value)


INTERACTION: Call = set_call("cmi.interactions.0.id", "q1")
OBJECTIVE: Call = set_call("cmi.objectives.0.id", "obj-1")
INTERACTION_TYPES = "true-false choice fill-in matching performance sequencing likert numeric"


def typed(kind: str) -> tuple[Call, Call]:
    return INTERACTION, set_call("cmi.interactions.0.type", kind)


def on_interaction(field: str, value: str) -> list[Call]:
    """Set a field of interaction 0, once its id is set."""
    return setting(f"cmi.interactions.0.{field}", value, INTERACTION)


def response(kind: str, value: str) -> list[Call]:
    """Set the learner's response to interaction 0, once its type is set."""
    return setting("cmi.interactions.0.student_response", value, *typed(kind))


@dataclass(frozen=True)
class Case:
    name: str
    calls: list[Call]
    error: str  # the error code of the last call, as SCORM 1.2 requires


CASES = [
    # The session: initialize once, nothing before, nothing after finishing.
    Case("get before LMSInitialize", [("LMSGetValue", "cmi.core.lesson_status")], "301"),
    Case("set before LMSInitialize", [set_call("cmi.core.lesson_location", "a")], "301"),
    Case("commit before LMSInitialize", [("LMSCommit", "")], "301"),
    Case("finish before LMSInitialize", [("LMSFinish", "")], "301"),
    Case("initialize", [INIT], "0"),
    Case("initialize twice", [INIT, INIT], "101"),
    Case("initialize without its argument", [("LMSInitialize",)], "201"),
    Case("initialize with a non-empty argument", [("LMSInitialize", "x")], "201"),
    Case("commit with a non-empty argument", [INIT, ("LMSCommit", "x")], "201"),
    Case("finish with a non-empty argument", [INIT, ("LMSFinish", "x")], "201"),
    Case("commit then finish", [INIT, ("LMSCommit", ""), ("LMSFinish", "")], "0"),
    Case("finish twice", [INIT, ("LMSFinish", ""), ("LMSFinish", "")], "301"),
    Case("initialize after finish", [INIT, ("LMSFinish", ""), INIT], "101"),
    Case("set after finish", [INIT, ("LMSFinish", ""), set_call("cmi.suspend_data", "x")], "301"),
    Case("get after finish", [INIT, ("LMSFinish", ""), ("LMSGetValue", "cmi.suspend_data")], "301"),
    Case("commit after finish", [INIT, ("LMSFinish", ""), ("LMSCommit", "")], "301"),
    # Names: unknown elements, SCORM 2004 elements, keywords.
    Case("get an empty name", getting(""), "201"),
    Case("get an unknown element", getting("cmi.core.foo"), "201"),
    Case("set an unknown element", setting("cmi.foo", "1"), "201"),
    Case("get a SCORM 2004 element", getting("cmi.completion_status"), "201"),
    Case("get cmi._version", getting("cmi._version"), "0"),
    Case("get cmi._children", getting("cmi._children"), "0"),
    Case("get cmi.core._children", getting("cmi.core._children"), "0"),
    Case("get cmi.core.score._children", getting("cmi.core.score._children"), "0"),
    Case("get cmi.objectives._children", getting("cmi.objectives._children"), "0"),
    Case("get cmi.student_data._children", getting("cmi.student_data._children"), "0"),
    Case("get cmi.student_preference._children", getting("cmi.student_preference._children"), "0"),
    Case("get cmi.interactions._children", getting("cmi.interactions._children"), "0"),
    Case("get _children of an element without", getting("cmi.core.student_id._children"), "202"),
    Case("get _children of suspend_data", getting("cmi.suspend_data._children"), "202"),
    Case("get _count of a non-array", getting("cmi.core.lesson_status._count"), "203"),
    Case("get cmi.interactions._count", getting("cmi.interactions._count"), "0"),
    Case("get cmi.objectives._count", getting("cmi.objectives._count"), "0"),
    Case("set a _children keyword", setting("cmi.core._children", "x"), "402"),
    Case("set a _count keyword", setting("cmi.interactions._count", "3"), "402"),
    Case("set cmi._version", setting("cmi._version", "4"), "402"),
    # Read-only elements.
    *[
        Case(f"set read-only {element}", setting(element, value), "403")
        for element, value in [
            ("cmi.core.student_id", "x"),
            ("cmi.core.student_name", "x"),
            ("cmi.core.credit", "credit"),
            ("cmi.core.entry", "resume"),
            ("cmi.core.total_time", "0000:00:01"),
            ("cmi.core.lesson_mode", "normal"),
            ("cmi.launch_data", "x"),
            ("cmi.comments_from_lms", "x"),
            ("cmi.student_data.mastery_score", "50"),
            ("cmi.student_data.max_time_allowed", "0001:00:00"),
            ("cmi.student_data.time_limit_action", "continue,no message"),
        ]
    ],
    # Write-only elements.
    Case("get write-only cmi.core.exit", getting("cmi.core.exit"), "404"),
    Case("get write-only cmi.core.session_time", getting("cmi.core.session_time"), "404"),
    Case("get write-only interaction id", getting("cmi.interactions.0.id", INTERACTION), "404"),
    # cmi.core.lesson_location: CMIString255.
    Case("lesson_location", setting("cmi.core.lesson_location", "page-3"), "0"),
    Case("lesson_location read back", read_back("cmi.core.lesson_location", "p3"), "0"),
    Case("lesson_location of 255 characters", setting("cmi.core.lesson_location", "x" * 255), "0"),
    Case(
        "lesson_location of 256 characters", setting("cmi.core.lesson_location", "x" * 256), "405"
    ),
    # cmi.core.lesson_status: the vocabulary a SCO may set.
    *[
        Case(f"lesson_status {status}", setting("cmi.core.lesson_status", status), "0")
        for status in ["passed", "completed", "failed", "incomplete", "browsed"]
    ],
    Case("lesson_status not attempted", setting("cmi.core.lesson_status", "not attempted"), "405"),
    Case("lesson_status Passed", setting("cmi.core.lesson_status", "Passed"), "405"),
    Case("lesson_status done", setting("cmi.core.lesson_status", "done"), "405"),
    Case("lesson_status read back", read_back("cmi.core.lesson_status", "incomplete"), "0"),
    # cmi.core.score.*: CMIDecimal or blank, 0 to 100.
    Case("score.raw 85", setting("cmi.core.score.raw", "85"), "0"),
    Case("score.raw 85.5", setting("cmi.core.score.raw", "85.5"), "0"),
    Case("score.raw 0", setting("cmi.core.score.raw", "0"), "0"),
    Case("score.raw 100", setting("cmi.core.score.raw", "100"), "0"),
    Case("score.raw blank", setting("cmi.core.score.raw", ""), "0"),
    Case("score.raw -1", setting("cmi.core.score.raw", "-1"), "405"),
    Case("score.raw 101", setting("cmi.core.score.raw", "101"), "405"),
    Case("score.raw abc", setting("cmi.core.score.raw", "abc"), "405"),
    Case("score.raw 1e2", setting("cmi.core.score.raw", "1e2"), "405"),
    Case("score.min 0", setting("cmi.core.score.min", "0"), "0"),
    Case("score.max 100", setting("cmi.core.score.max", "100"), "0"),
    Case("score.max 150", setting("cmi.core.score.max", "150"), "405"),
    # cmi.core.exit: vocabulary.
    *[
        Case(f"exit {value!r}", setting("cmi.core.exit", value), "0")
        for value in ["suspend", "time-out", "logout", ""]
    ],
    Case("exit normal (SCORM 2004)", setting("cmi.core.exit", "normal"), "405"),
    # cmi.core.session_time: CMITimespan HHHH:MM:SS.SS.
    Case("session_time 0000:01:30.5", setting("cmi.core.session_time", "0000:01:30.5"), "0"),
    Case("session_time 00:00:05", setting("cmi.core.session_time", "00:00:05"), "0"),
    Case("session_time 9999:59:59.99", setting("cmi.core.session_time", "9999:59:59.99"), "0"),
    Case("session_time 1:00:00", setting("cmi.core.session_time", "1:00:00"), "405"),
    Case("session_time 12345:00:00", setting("cmi.core.session_time", "12345:00:00"), "405"),
    Case("session_time PT1M30S (SCORM 2004)", setting("cmi.core.session_time", "PT1M30S"), "405"),
    Case("session_time 00:00:05.123", setting("cmi.core.session_time", "00:00:05.123"), "405"),
    Case("session_time 00:0:05", setting("cmi.core.session_time", "00:0:05"), "405"),
    # cmi.suspend_data, cmi.comments: CMIString4096.
    Case("suspend_data of 4096 characters", setting("cmi.suspend_data", "x" * 4096), "0"),
    Case("suspend_data of 4097 characters", setting("cmi.suspend_data", "x" * 4097), "405"),
    Case("suspend_data read back", read_back("cmi.suspend_data", "v1;abc"), "0"),
    Case("comments", setting("cmi.comments", "A remark"), "0"),
    Case("comments of 4097 characters", setting("cmi.comments", "x" * 4097), "405"),
    # cmi.student_preference.*: ranges.
    Case("preference audio 50", setting("cmi.student_preference.audio", "50"), "0"),
    Case("preference audio -1", setting("cmi.student_preference.audio", "-1"), "0"),
    Case("preference audio 101", setting("cmi.student_preference.audio", "101"), "405"),
    Case("preference audio loud", setting("cmi.student_preference.audio", "loud"), "405"),
    Case("preference speed -100", setting("cmi.student_preference.speed", "-100"), "0"),
    Case("preference speed 101", setting("cmi.student_preference.speed", "101"), "405"),
    Case("preference text 1", setting("cmi.student_preference.text", "1"), "0"),
    Case("preference text 2", setting("cmi.student_preference.text", "2"), "405"),
    Case("preference language", setting("cmi.student_preference.language", "fr"), "0"),
    # cmi.objectives.n.*
    Case("objective id", setting("cmi.objectives.0.id", "obj-1"), "0"),
    Case("objective read back", read_back("cmi.objectives.0.id", "o"), "0"),
    Case(
        "objective status not attempted", setting("cmi.objectives.0.status", "not attempted"), "0"
    ),
    Case("objective status done", setting("cmi.objectives.0.status", "done"), "405"),
    Case("objective score.raw", setting("cmi.objectives.0.score.raw", "50"), "0"),
    Case("objective score._children", getting("cmi.objectives.0.score._children", OBJECTIVE), "0"),
    Case("objective count", getting("cmi.objectives._count", OBJECTIVE), "0"),
    Case("objective skipping an index", setting("cmi.objectives.1.id", "o"), "201"),
    Case("objective read past the end", getting("cmi.objectives.0.id"), "201"),
    # cmi.interactions.n.*: write-only, in order, typed.
    Case("interaction id", [INIT, INTERACTION], "0"),
    Case("interaction id with a space", setting("cmi.interactions.0.id", "q 1"), "405"),
    Case("interaction id of 256 characters", setting("cmi.interactions.0.id", "q" * 256), "405"),
    Case("interaction id empty", setting("cmi.interactions.0.id", ""), "405"),
    Case("interaction skipping an index", setting("cmi.interactions.1.id", "q2"), "201"),
    Case("interaction count", getting("cmi.interactions._count", INTERACTION), "0"),
    *[
        Case(f"interaction type {kind}", [INIT, *typed(kind)], "0")
        for kind in INTERACTION_TYPES.split()
    ],
    Case("interaction type long-fill-in (SCORM 2004)", [INIT, *typed("long-fill-in")], "405"),
    *[
        Case(f"interaction result {result}", on_interaction("result", result), "0")
        for result in ["correct", "wrong", "unanticipated", "neutral", "0.5"]
    ],
    Case("interaction result incorrect (SCORM 2004)", on_interaction("result", "incorrect"), "405"),
    Case("interaction latency", on_interaction("latency", "00:00:12.5"), "0"),
    Case("interaction latency PT12S", on_interaction("latency", "PT12S"), "405"),
    Case("interaction time", on_interaction("time", "13:45:00"), "0"),
    Case("interaction time 25:00:00", on_interaction("time", "25:00:00"), "405"),
    Case("interaction time as a date", on_interaction("time", "2024-01-01T10:00:00"), "405"),
    Case("interaction weighting", on_interaction("weighting", "1"), "0"),
    Case("interaction weighting abc", on_interaction("weighting", "abc"), "405"),
    Case(
        "interaction objective id",
        setting("cmi.interactions.0.objectives.0.id", "obj-1", INTERACTION),
        "0",
    ),
    Case(
        "interaction objectives count",
        getting("cmi.interactions.0.objectives._count", INTERACTION),
        "0",
    ),
    Case(
        "interaction pattern",
        setting("cmi.interactions.0.correct_responses.0.pattern", "a", *typed("choice")),
        "0",
    ),
    Case(
        "interaction patterns count",
        getting("cmi.interactions.0.correct_responses._count", INTERACTION),
        "0",
    ),
    Case("choice response a,b", response("choice", "a,b"), "0"),
    Case("choice response {a,b}", response("choice", "{a,b}"), "0"),
    Case("choice response A", response("choice", "A"), "405"),
    Case("choice response a;b", response("choice", "a;b"), "405"),
    Case("true-false response t", response("true-false", "t"), "0"),
    Case("true-false response true", response("true-false", "true"), "405"),
    Case("matching response 1.a,2.b", response("matching", "1.a,2.b"), "0"),
    Case("matching response 1-a", response("matching", "1-a"), "405"),
    Case("sequencing response c,a,b", response("sequencing", "c,a,b"), "0"),
    Case("numeric response 3.5", response("numeric", "3.5"), "0"),
    Case("numeric response three", response("numeric", "three"), "405"),
    Case("fill-in response", response("fill-in", "yes please"), "0"),
    Case("fill-in response of 256 characters", response("fill-in", "x" * 256), "405"),
    Case("likert response 3", response("likert", "3"), "0"),
    Case("response before a type", on_interaction("student_response", "anything"), "0"),
]


@dataclass(frozen=True)
class Difference:
    """Where scorm-again departs from the strict API: the rule followed, and its outcome."""

    rule: str
    scorm_again: Outcome


AFTER_FINISH = (
    "After LMSFinish the session is over: every call but the three error functions fails with "
    "301, not initialized (SCORM 1.2 RTE: no call after LMSFinish; Moodle answers 301)"
)
NOT_IN_THE_MODEL = (
    "A name that is not an element of the SCORM 1.2 data model is an invalid argument, 201; "
    "401 (not implemented) is for elements of the model that an LMS lacks (SCORM 1.2 RTE error codes)"
)
FEEDBACK = (
    "A response is a CMIFeedback whose format depends on the interaction's type (SCORM 1.2 RTE): "
    "true-false 0/1/t/f, choice and sequencing single characters 0-9a-z separated by commas, "
    "matching pairs such as 1.a, numeric a CMIDecimal, fill-in and performance CMIString255"
)
SET_ACCEPTED: Outcome = [["true", "0"], ["true", "0"]]
TYPED_SET_ACCEPTED: Outcome = [["true", "0"]] * 4

DIFFERENCES: dict[str, Difference] = {
    "initialize without its argument": Difference(
        'LMSInitialize takes the empty string "" (SCORM 1.2 RTE); Moodle compares the argument '
        'with "" and refuses a call without one (201)',
        [["true", "0"]],
    ),
    "finish twice": Difference(AFTER_FINISH, [["true", "0"], ["true", "0"], ["true", "101"]]),
    "set after finish": Difference(AFTER_FINISH, [["true", "0"]] * 3),
    "get after finish": Difference(AFTER_FINISH, [["true", "0"], ["true", "0"], ["", "0"]]),
    "commit after finish": Difference(AFTER_FINISH, [["true", "0"]] * 3),
    "get an empty name": Difference(
        "An empty element name is an invalid argument, 201 (SCORM 1.2 RTE)",
        [["true", "0"], ["", "0"]],
    ),
    "get an unknown element": Difference(NOT_IN_THE_MODEL, [["true", "0"], ["", "401"]]),
    "set an unknown element": Difference(NOT_IN_THE_MODEL, [["true", "0"], ["false", "401"]]),
    "get a SCORM 2004 element": Difference(NOT_IN_THE_MODEL, [["true", "0"], ["", "401"]]),
    "exit normal (SCORM 2004)": Difference(
        'cmi.core.exit is one of time-out, suspend, logout or ""; "normal" is SCORM 2004\'s',
        SET_ACCEPTED,
    ),
    "session_time 1:00:00": Difference(
        "A CMITimespan has 2 to 4 digits of hours, HHHH:MM:SS.SS (SCORM 1.2 RTE; Moodle's check too)",
        SET_ACCEPTED,
    ),
    "session_time 12345:00:00": Difference(
        "A CMITimespan has 2 to 4 digits of hours, HHHH:MM:SS.SS (SCORM 1.2 RTE; Moodle's check too)",
        SET_ACCEPTED,
    ),
    "suspend_data of 4097 characters": Difference(
        "cmi.suspend_data is a CMIString4096: at most 4096 characters (SCORM 1.2 RTE)", SET_ACCEPTED
    ),
    "interaction id with a space": Difference(
        "A CMIIdentifier has no white space (SCORM 1.2 RTE)", SET_ACCEPTED
    ),
    "interaction result incorrect (SCORM 2004)": Difference(
        "cmi.interactions.n.result is correct, wrong, unanticipated, neutral or a CMIDecimal; "
        '"incorrect" is SCORM 2004\'s',
        [["true", "0"]] * 3,
    ),
    "choice response A": Difference(FEEDBACK, TYPED_SET_ACCEPTED),
    "choice response a;b": Difference(FEEDBACK, TYPED_SET_ACCEPTED),
    "true-false response true": Difference(FEEDBACK, TYPED_SET_ACCEPTED),
    "matching response 1-a": Difference(FEEDBACK, TYPED_SET_ACCEPTED),
    "numeric response three": Difference(FEEDBACK, TYPED_SET_ACCEPTED),
    "fill-in response of 256 characters": Difference(FEEDBACK, TYPED_SET_ACCEPTED),
}


def run(api_page: Any, kind: str, calls: list[Call]) -> Outcome:
    """Return [result, LMSGetLastError()] of each call, on a fresh API of `kind`."""
    outcome: Outcome = api_page.evaluate(
        """([kind, calls]) => {
            const api = kind === "strict"
                ? new StrictScorm12API()
                : new Scorm12API({ lmsCommitUrl: false, autocommit: false, logLevel: 5 });
            return calls.map(([name, ...args]) => {
                const result = api[name](...args);
                return [String(result), String(api.LMSGetLastError())];
            });
        }""",
        [kind, calls],
    )
    return outcome


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_same_calls_same_outcome(api_page: Any, case: Case) -> None:
    strict = run(api_page, "strict", case.calls)
    again = run(api_page, "scorm-again", case.calls)
    assert strict[-1][1] == case.error
    difference = DIFFERENCES.get(case.name)
    if difference is None:
        assert again == strict
    else:
        assert again == difference.scorm_again
        assert again != strict


def test_every_difference_is_a_case() -> None:
    assert set(DIFFERENCES) <= {case.name for case in CASES}


def test_case_names_are_unique() -> None:
    assert len({case.name for case in CASES}) == len(CASES)
