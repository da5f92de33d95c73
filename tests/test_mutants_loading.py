"""What an author reads when loading.py finds a problem, each case found by a mutant of
loading.py that no other test caught (tools/mutation/survivors.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.course_fixtures import VALID_COURSE, run_cli

ONE = VALID_COURSE["intro/one.md"]
SEE_NEXT = "See [the next page](two.md)."


def validate(course: Path) -> list[str]:
    result = run_cli("validate", str(course))
    assert result.exit_code == 1
    return result.output.splitlines()


def test_a_file_named_as_the_templates_folder_is_told_at_the_key(
    make_course: Callable[..., Path],
) -> None:
    course_yaml = VALID_COURSE["course.yaml"].replace(
        'version: "1.0"', 'version: "1.0"\n        templates: notes.txt'
    )
    course = make_course({"course.yaml": course_yaml, "notes.txt": "not a folder\n"})

    assert validate(course) == [
        "course.yaml:5:12: error: templates folder 'notes.txt' does not exist",
        "1 error in the course",
    ]


def test_a_folder_name_that_makes_no_id_is_told_in_course_yaml(
    make_course: Callable[..., Path],
) -> None:
    course_yaml = VALID_COURSE["course.yaml"].replace("        id: demo\n", "")

    assert validate(make_course({"course.yaml": course_yaml}, name="!!!")) == [
        "course.yaml:1:1: error: cannot make an id from the name '!!!': "
        "add 'id: ...' to course.yaml",
        "1 error in the course",
    ]


def test_a_link_to_an_absolute_path_is_told_as_such(make_course: Callable[..., Path]) -> None:
    one = ONE.replace(SEE_NEXT, "See [a file](/etc/hosts).")

    assert validate(make_course({"intro/one.md": one})) == [
        "intro/one.md:8:14: error: '/etc/hosts' is an absolute path: make it relative to the page",
        "1 error in the course",
    ]


def test_the_same_missing_file_twice_is_told_at_each_line(
    make_course: Callable[..., Path],
) -> None:
    one = ONE.replace(SEE_NEXT, "See [gone](gone.png).\n\n        Again [gone](gone.png).")

    assert validate(make_course({"intro/one.md": one})) == [
        "intro/one.md:8:12: error: 'gone.png' does not exist (looked for intro/gone.png)",
        "intro/one.md:10:14: error: 'gone.png' does not exist (looked for intro/gone.png)",
        "2 errors in the course",
    ]


def test_a_url_not_written_verbatim_is_told_at_its_own_line_and_column(
    make_course: Callable[..., Path],
) -> None:
    # <...> lets a URL hold a space; markdown-it gives it back percent-encoded, yet the
    # message finds it where it is written (second line of the paragraph, after "text ").
    one = ONE.replace(SEE_NEXT, "Some\n        text [gone](<gone file.png>).")

    assert validate(make_course({"intro/one.md": one})) == [
        "intro/one.md:9:14: error: 'gone file.png' does not exist (looked for intro/gone file.png)",
        "1 error in the course",
    ]
