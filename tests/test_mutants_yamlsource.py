"""What an author reads about a YAML file, each case found by a mutant of yamlsource.py that no
other test caught (tools/mutation/survivors.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.course_fixtures import VALID_COURSE
from tests.test_mutants_loading import validate

COURSE = VALID_COURSE["course.yaml"]
MODULE = VALID_COURSE["intro/module.yaml"]
QUIZ = VALID_COURSE["assessment/quiz.yaml"]


def test_a_control_character_is_a_yaml_error_not_a_crash(
    make_course: Callable[..., Path],
) -> None:
    course = make_course({"intro/module.yaml": MODULE.replace("title: Intro", "title: In\atro")})

    lines = validate(course)

    assert lines[0].startswith(
        "intro/module.yaml:1:1: error: YAML syntax: unacceptable character #x0007"
    )
    assert lines[-1] == "1 error in the course"


def test_a_quoted_value_followed_by_a_colon_is_not_quoted_again_in_the_fix(
    make_course: Callable[..., Path],
) -> None:
    # The value already starts with a quote: quoting it whole would not be valid YAML either.
    module = MODULE.replace("title: Intro", "title: 'Intro' or: not")

    assert validate(make_course({"intro/module.yaml": module})) == [
        "intro/module.yaml:1:18: error: YAML syntax: a ':' followed by a space inside a value: "
        "put the value in quotes",
        "1 error in the course",
    ]


def test_too_deep_a_nesting_is_told_at_the_list_that_goes_too_deep(
    make_course: Callable[..., Path],
) -> None:
    # 1 (the file) + 48 aliased lists + [s, [x]]: 51 levels, the last one [x], after a value.
    deep = "        l0: &l0 [s, [x]]\n" + "".join(
        f"        l{i}: &l{i} [s, *l{i - 1}]\n" for i in range(1, 49)
    )

    assert validate(make_course({"course.yaml": COURSE.rstrip(" ") + deep})) == [
        "course.yaml:8:13: error: nested deeper than 50 levels: flatten this part of the file",
        "1 error in the course",
    ]


def test_too_short_a_list_says_how_many_items_it_needs(
    make_course: Callable[..., Path],
) -> None:
    quiz = QUIZ.replace('              - left: two\n                right: "2"\n', "")

    assert validate(make_course({"assessment/quiz.yaml": quiz})) == [
        "assessment/quiz.yaml:35:7: error: 'pairs' of question 6 must have at least 2 items",
        "1 error in the course",
    ]


def test_an_unknown_key_in_a_choice_lists_the_keys_of_a_choice(
    make_course: Callable[..., Path],
) -> None:
    quiz = QUIZ.replace(
        "              - text: Wrong\n",
        "              - text: Wrong\n                colour: red\n",
        1,
    )

    assert validate(make_course({"assessment/quiz.yaml": quiz})) == [
        "assessment/quiz.yaml:10:9: error: unknown key 'colour'; allowed here: text, correct, feedback",
        "1 error in the course",
    ]


def test_a_question_s_type_is_left_out_of_where_a_problem_is(
    make_course: Callable[..., Path],
) -> None:
    quiz = QUIZ.replace("              - text: Wrong\n", "              - text: 3\n", 1)

    assert validate(make_course({"assessment/quiz.yaml": quiz})) == [
        "assessment/quiz.yaml:9:15: error: 'text' of choice 2 of question 1 must be text, "
        "found 3: put it in quotes",
        "1 error in the course",
    ]
