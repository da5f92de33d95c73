"""Knowledge checks in pages: a `question` fence drawn as the quiz draws a question, its
errors told at the page's lines in the quiz's words, and its state within the 4096 bound."""

from __future__ import annotations

import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scorm_builder import markdown
from scorm_builder.loading import load_course
from scorm_builder.rendering import sco_data
from tests.course_fixtures import run_cli

PAGE = "---\ntitle: Page one\n---\nA pipeline builds, then tests.\n\n"
TRUE_FALSE = """\
```question
type: true-false
prompt: A pipeline *tests* before it builds.
answer: false
explanation: It builds first.
```
"""


def test_a_question_block_becomes_a_marker_no_author_can_write() -> None:
    html = markdown.to_html(markdown.parse("Text.\n\n" + TRUE_FALSE + "\n" + TRUE_FALSE))
    assert html == ("<p>Text.</p>\n<!-- knowledge check 0 -->\n<!-- knowledge check 1 -->\n")
    # A comment written in a page vanishes; other fences stay code.
    assert markdown.to_html(markdown.parse("<!-- knowledge check 0 -->\n")) == ""
    assert "<pre" in markdown.to_html(markdown.parse("```yaml\ntype: true-false\n```\n"))


def test_a_knowledge_check_is_drawn_in_its_page_as_a_quiz_question(
    make_course: Callable[..., Path],
) -> None:
    root = make_course({"intro/one.md": PAGE + TRUE_FALSE})

    package = root.parent / "out.zip"
    result = run_cli("build", str(root), "-o", str(package))
    assert result.exit_code == 0, result.output

    html = zipfile.ZipFile(package).read("intro.html").decode()
    page = html[html.index('id="page-one"') : html.index('id="page-two"')]
    assert (
        '<p>A pipeline builds, then tests.</p>\n<fieldset class="question" id="q-one_q1" '
        'data-type="true-false" aria-describedby="q-one_q1-prompt q-one_q1-verdict">\n'
        "<legend>Check your understanding</legend>\n"
        '<div class="prompt" id="q-one_q1-prompt"><p>A pipeline <em>tests</em> before it '
        "builds.</p>\n</div>\n"
        '<div class="choices">\n'
        '<div class="choice"><input type="radio" name="q-one_q1" id="q-one_q1-t" value="t">'
        '<label for="q-one_q1-t">True <span class="tag" hidden>Your answer</span></label></div>\n'
        '<div class="choice"><input type="radio" name="q-one_q1" id="q-one_q1-f" value="f">'
        '<label for="q-one_q1-f">False <span class="tag" hidden>Your answer</span> '
        '<span class="tag right" hidden>Right answer</span></label></div>\n'
        "</div>\n"
        '<button type="button" class="check js-only">Check</button>\n'
        '<div class="feedback" id="q-one_q1-feedback" tabindex="-1" hidden><div id="q-one_q1-verdict"></div></div>\n'
        "</fieldset>"
    ) in page


def test_the_runtime_reads_each_check_with_its_page_and_no_weight(
    make_course: Callable[..., Path],
) -> None:
    root = make_course({"intro/one.md": PAGE + TRUE_FALSE.replace("type:", "id: order\ntype:")})
    course = load_course(root).course
    module = course.modules[0]

    [check] = sco_data(course, module, None, {})["checks"]

    assert {k: check[k] for k in ("id", "page", "type", "weight", "answer", "interaction")} == {
        "id": "one_order",
        "page": "one",
        "type": "true-false",
        "weight": 0,
        "answer": False,
        "interaction": "true-false",
    }
    assert check["explanation"] == "<p>It builds first.</p>\n"


BROKEN: dict[str, tuple[str, str]] = {
    "misspelt key": (
        "```question\ntype: true-false\npromt: Yes?\nanswer: true\n```\n",
        "intro/one.md:8:1: error: unknown key 'promt': did you mean 'prompt'? (it is required)",
    ),
    "unknown type": (
        "```question\ntype: essay\nprompt: Why?\n```\n",
        "intro/one.md:7:7: error: unknown type 'essay'; use one of: single-choice, "
        "multiple-choice, true-false, fill-in, ordering, matching",
    ),
    "no type": (
        "```question\nprompt: Why?\n```\n",
        "intro/one.md:7:1: error: missing required key 'type' in this question",
    ),
    "not a boolean, in a list item": (
        "- Item\n\n  ```question\n  type: true-false\n  prompt: Yes?\n  answer: vrai\n  ```\n",
        "intro/one.md:11:11: error: 'answer' must be true or false (found 'vrai'): write true "
        "or false",
    ),
    "two correct choices": (
        "```question\ntype: single-choice\nprompt: Which?\nchoices:\n  - text: a\n"
        "    correct: true\n  - text: b\n    correct: true\n```\n",
        "intro/one.md:7:1: error: a single-choice question needs exactly one choice with "
        "'correct: true', it has 2",
    ),
    "YAML syntax": (
        "```question\ntype: true-false\nprompt: [Yes?\n```\n",
        "intro/one.md:9:1: error: YAML syntax: expected ',' or ']', but got '<stream end>'",
    ),
    "not a mapping": (
        "```question\n- type: true-false\n```\n",
        "intro/one.md:7:1: error: expected a mapping of keys (id, prompt, explanation, weight, "
        "type, choices, answer, accepted, case_sensitive, items, pairs), found a list",
    ),
    "image in a question": (
        "```question\ntype: true-false\nprompt: '![A picture](../assets/pic.svg)'\nanswer: true"
        "\n```\n",
        "intro/one.md:6:1: error: image '../assets/pic.svg' in a question: put images on a page",
    ),
    "two ids alike": (
        "```question\nid: q2\ntype: true-false\nprompt: One\nanswer: true\n```\n\n"
        "```question\ntype: true-false\nprompt: Two\nanswer: true\n```\n",
        "intro/one.md:13:1: error: duplicate question id 'q2' (also at intro/one.md:6)",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_knowledge_check_is_told_at_the_line_of_the_page(
    case: str, make_course: Callable[..., Path]
) -> None:
    body, expected = BROKEN[case]
    root = make_course({"intro/one.md": PAGE + body})

    result = run_cli("validate", str(root))

    assert result.output.splitlines() == [expected, "1 error in the course"]
    assert result.exit_code == 1


def test_a_question_is_told_in_the_same_words_in_a_page_and_in_a_quiz(
    make_course: Callable[..., Path],
) -> None:
    question = "type: multiple-choice\nprompt: Which?\nchoices:\n  - text: a\n  - text: b\n"
    quiz = "questions:\n" + textwrap.indent(question, "    ").replace("    type", "  - type", 1)
    root = make_course(
        {"intro/one.md": PAGE + f"```question\n{question}```\n", "assessment/quiz.yaml": quiz}
    )

    result = run_cli("validate", str(root))

    # The quiz names the question by its number, a page's block is the question itself.
    assert result.output.splitlines() == [
        "assessment/quiz.yaml:2:5: error: question 1: a multiple-choice question needs at least "
        "one choice with 'correct: true'",
        "intro/one.md:7:1: error: a multiple-choice question needs at least one choice with "
        "'correct: true'",
        "2 errors in the course",
    ]


def test_knowledge_checks_count_in_the_state_bound_and_past_4096_are_refused(
    make_course: Callable[..., Path],
) -> None:
    # Each fill-in answered at its longest takes 65 characters: 62 of them fit, 63 do not.
    fill_in = "```question\ntype: fill-in\nprompt: Which?\naccepted: [x]\n```\n\n"
    under = make_course({"intro/one.md": PAGE + fill_in * 62}, name="under")
    over = make_course({"intro/one.md": PAGE + fill_in * 63}, name="over")

    assert run_cli("validate", str(under)).exit_code == 0
    result = run_cli("validate", str(over))

    assert result.output.splitlines() == [
        "intro/module.yaml:1:1: error: a learner's state in this module could take 4127 "
        "characters, more than the 4096 SCORM 1.2 allows: split the module or its quiz",
        "1 error in the course",
    ]
