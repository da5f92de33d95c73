"""The strict SCORM 1.2 API's own rules: error functions, what the LMS gives at launch, what
it does at LMSFinish (as Moodle does), and what it keeps between sessions."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def with_api(api_page: Any, body: str, options: dict[str, Any] | None = None) -> Any:
    """Run `body` (JS, with `api` a new StrictScorm12API(options) and `saved` the list of
    snapshots it saved) and return what it returns."""
    return api_page.evaluate(
        f"""(options) => {{
            const saved = [];
            const api = new StrictScorm12API({{ save: (s) => (saved.push(s), true), ...options }});
            {body}
        }}""",
        options or {},
    )


def finished(api_page: Any, calls: str, options: dict[str, Any] | None = None) -> Any:
    """The values saved at LMSFinish after `calls` (JS statements on `api`)."""
    body = f'api.LMSInitialize(""); {calls}; api.LMSFinish(""); return saved.at(-1).values;'
    return with_api(api_page, body, options)


def stored(values: dict[str, str], counts: dict[str, int] | None = None) -> dict[str, Any]:
    return {"stored": {"values": values, "counts": counts or {}}}


def test_error_strings_of_every_scorm_12_code(api_page: Any) -> None:
    codes = ["0", "101", "201", "202", "203", "301", "401", "402", "403", "404", "405", "999"]
    strings = with_api(api_page, f"return {codes}.map((c) => api.LMSGetErrorString(c));")
    assert dict(zip(codes, strings, strict=True)) == {
        "0": "No error",
        "101": "General exception",
        "201": "Invalid argument error",
        "202": "Element cannot have children",
        "203": "Element not an array - cannot have count",
        "301": "Not initialized",
        "401": "Not implemented error",
        "402": "Invalid set value, element is a keyword",
        "403": "Element is read only",
        "404": "Element is write only",
        "405": "Incorrect data type",
        "999": "",
    }


def test_the_diagnostic_explains_the_last_error_until_a_call_succeeds(api_page: Any) -> None:
    result = with_api(
        api_page,
        """api.LMSInitialize("");
        api.LMSSetValue("cmi.core.lesson_status", "done");
        const after = [api.LMSGetLastError(), api.LMSGetErrorString("405"), api.LMSGetLastError()];
        const diagnostic = [api.LMSGetDiagnostic(""), api.LMSGetDiagnostic("405")];
        api.LMSSetValue("cmi.core.lesson_status", "incomplete");
        return { after, diagnostic, cleared: [api.LMSGetLastError(), api.LMSGetDiagnostic("")] };""",
    )
    assert result["after"] == ["405", "Incorrect data type", "405"]
    first, by_code = result["diagnostic"]
    assert first == by_code
    assert first.startswith('cmi.core.lesson_status: "done" is not one of "passed", "completed"')
    assert result["cleared"] == ["0", ""]


def test_the_lms_gives_the_learner_and_the_launch_data(api_page: Any) -> None:
    elements = [
        "cmi.core.student_id",
        "cmi.core.student_name",
        "cmi.core.credit",
        "cmi.core.lesson_mode",
        "cmi.core.entry",
        "cmi.core.lesson_status",
        "cmi.core.total_time",
        "cmi.student_data.mastery_score",
        "cmi.launch_data",
    ]
    values = with_api(
        api_page,
        f'api.LMSInitialize(""); return {elements}.map((e) => api.LMSGetValue(e));',
        {"launch": {"cmi.student_data.mastery_score": "80"}},
    )
    assert dict(zip(elements, values, strict=True)) == {
        "cmi.core.student_id": "learner",
        "cmi.core.student_name": "Learner, Preview",
        "cmi.core.credit": "credit",
        "cmi.core.lesson_mode": "normal",
        "cmi.core.entry": "ab-initio",
        "cmi.core.lesson_status": "not attempted",
        "cmi.core.total_time": "0000:00:00.00",
        "cmi.student_data.mastery_score": "80",
        "cmi.launch_data": "",
    }


@pytest.mark.parametrize(
    ("total", "session", "expected"),
    [
        ("0000:00:00.00", "00:01:05.5", "0000:01:05.50"),
        ("0001:59:59.50", "00:00:00.75", "0002:00:00.25"),
        ("9999:00:00", "0100:00:00", "9999:59:59.99"),
    ],
)
def test_finish_adds_session_time_to_total_time(
    api_page: Any, total: str, session: str, expected: str
) -> None:
    values = finished(
        api_page,
        f'api.LMSSetValue("cmi.core.session_time", "{session}")',
        stored({"cmi.core.total_time": total, "cmi.core.lesson_status": "incomplete"}),
    )
    assert values["cmi.core.total_time"] == expected


def test_a_commit_keeps_total_time_until_finish(api_page: Any) -> None:
    saved = with_api(
        api_page,
        """api.LMSInitialize("");
        api.LMSSetValue("cmi.core.session_time", "00:10:00");
        api.LMSCommit("");
        return saved[0].values;""",
    )
    assert saved["cmi.core.total_time"] == "0000:00:00.00"


@pytest.mark.parametrize(
    ("raw", "set_status", "mastery", "mode", "expected"),
    [
        ("85", "incomplete", "80", "normal", "passed"),
        ("80", "failed", "80", "normal", "passed"),
        ("50", "passed", "80", "normal", "failed"),
        ("50", "completed", "", "normal", "completed"),
        ("50", "incomplete", "80", "review", "incomplete"),
    ],
    ids=["above", "equal", "below", "no mastery score", "review mode"],
)
def test_finish_decides_pass_or_fail_from_the_mastery_score_as_moodle(
    api_page: Any, raw: str, set_status: str, mastery: str, mode: str, expected: str
) -> None:
    values = finished(
        api_page,
        f"""api.LMSSetValue("cmi.core.score.raw", "{raw}");
        api.LMSSetValue("cmi.core.lesson_status", "{set_status}")""",
        {"launch": {"cmi.student_data.mastery_score": mastery, "cmi.core.lesson_mode": mode}},
    )
    assert values["cmi.core.lesson_status"] == expected


def test_a_sco_that_never_sets_a_status_is_recorded_completed(api_page: Any) -> None:
    assert finished(api_page, "")["cmi.core.lesson_status"] == "completed"


@pytest.mark.parametrize(
    ("previous_exit", "entry"),
    [("suspend", "resume"), ("logout", ""), ("", ""), (None, "ab-initio")],
)
def test_entry_is_resume_only_after_a_suspend(
    api_page: Any, previous_exit: str | None, entry: str
) -> None:
    options = None if previous_exit is None else stored({"cmi.core.exit": previous_exit})
    got = with_api(
        api_page, 'api.LMSInitialize(""); return api.LMSGetValue("cmi.core.entry");', options
    )
    assert got == entry


def test_a_session_keeps_the_learner_data_and_not_the_launch_data(api_page: Any) -> None:
    values = finished(
        api_page,
        """api.LMSSetValue("cmi.core.lesson_location", "two");
        api.LMSSetValue("cmi.suspend_data", "1.abc");
        api.LMSSetValue("cmi.core.exit", "suspend");
        api.LMSSetValue("cmi.core.session_time", "00:00:05");
        api.LMSSetValue("cmi.interactions.0.id", "q1")""",
        {"launch": {"cmi.student_data.mastery_score": "80"}},
    )
    assert values["cmi.core.lesson_location"] == "two"
    assert values["cmi.suspend_data"] == "1.abc"
    assert values["cmi.core.exit"] == "suspend"
    assert values["cmi.interactions.0.id"] == "q1"
    launch_only = {"cmi.core.entry", "cmi.core.student_id", "cmi.student_data.mastery_score"}
    assert not launch_only & set(values)
    assert "cmi.core.session_time" not in values


def test_the_next_session_resumes_with_the_data_and_appends_interactions(api_page: Any) -> None:
    result = with_api(
        api_page,
        """api.LMSInitialize("");
        return [
            api.LMSGetValue("cmi.core.lesson_location"),
            api.LMSGetValue("cmi.interactions._count"),
            api.LMSSetValue("cmi.interactions.3.id", "q4"),
            api.LMSGetLastError(),
            api.LMSSetValue("cmi.interactions.2.id", "q3"),
            api.LMSGetValue("cmi.interactions._count"),
        ];""",
        stored(
            {"cmi.core.lesson_location": "two", "cmi.core.exit": "suspend"},
            {"cmi.interactions": 2},
        ),
    )
    assert result == ["two", "2", "false", "201", "true", "3"]


def test_a_save_that_fails_is_a_general_exception(api_page: Any) -> None:
    result = with_api(
        api_page,
        """api.save = () => false;
        api.LMSInitialize("");
        return [api.LMSCommit(""), api.LMSGetLastError(), api.LMSGetDiagnostic("")];""",
    )
    assert result == ["false", "101", "the preview server could not save the learner's data"]


def test_every_call_is_reported_with_its_result_and_error(api_page: Any) -> None:
    records = api_page.evaluate(
        """() => {
            const records = [];
            const api = new StrictScorm12API({ onCall: (r) => records.push(r) });
            api.LMSGetValue("cmi.core.lesson_status");
            api.LMSInitialize("");
            api.LMSSetValue("cmi.core.score.raw", "101");
            return records;
        }"""
    )
    assert [(r["name"], r["args"], r["result"], r["error"]) for r in records] == [
        ("LMSGetValue", ["cmi.core.lesson_status"], "", "301"),
        ("LMSInitialize", [""], "true", "0"),
        ("LMSSetValue", ["cmi.core.score.raw", "101"], "false", "405"),
    ]
    assert (
        records[-1]["diagnostic"]
        == 'cmi.core.score.raw: "101" is not blank and is outside 0 to 100'
    )
