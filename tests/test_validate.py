"""`scorm-builder validate`: every broken course is told at the right path:line:column."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from scorm_builder.themes import default_theme_dir, load_strings
from tests.course_fixtures import VALID_COURSE, run_cli

ENGLISH_STRINGS = load_strings(default_theme_dir() / "i18n" / "en.json")
"""Every interface string a theme's table must have."""

COURSE = VALID_COURSE["course.yaml"]
INTRO = VALID_COURSE["intro/module.yaml"]
QUIZ = VALID_COURSE["assessment/quiz.yaml"]
ONE = VALID_COURSE["intro/one.md"]


def with_line(text: str, line: str) -> str:
    """Return a YAML text of the valid course with one more top-level line."""
    return text.rstrip(" ") + " " * 8 + line + "\n"


BROKEN: dict[str, tuple[dict[str, str | bytes | None], list[str]]] = {
    "yaml syntax error": (
        {"course.yaml": COURSE.replace("modules:\n", "modules: [\n")},
        ["course.yaml:6:3: error: YAML syntax: expected the node content, but found '-'"],
    ),
    "line indented less than its neighbours": (
        {"course.yaml": COURSE.replace("          - assessment", "         - assessment")},
        [
            "course.yaml:7:2: error: YAML syntax: this line is not aligned with the lines above "
            "it: indent it like its neighbours (spaces only)"
        ],
    ),
    "key indented more than its neighbours": (
        {"intro/module.yaml": INTRO.replace("        pages:", "          pages:")},
        [
            "intro/module.yaml:4:3: error: YAML syntax: this line is not aligned with the lines "
            "above it: indent it like its neighbours (spaces only)"
        ],
    ),
    "tab in the indentation": (
        {"course.yaml": COURSE.replace("          - assessment", "\t- assessment")},
        [
            "course.yaml:7:1: error: YAML syntax: a tab character: YAML needs spaces for "
            "indentation, replace the tab with spaces"
        ],
    ),
    "quote never closed": (
        {"intro/module.yaml": INTRO.replace("title: Intro", 'title: "Intro')},
        [
            'intro/module.yaml:1:8: error: YAML syntax: this quote (") is never closed: '
            "end the text with the same quote"
        ],
    ),
    "text after a closing quote": (
        {"intro/module.yaml": INTRO.replace("title: Intro", "title: 'Intro' part")},
        [
            "intro/module.yaml:1:16: error: YAML syntax: text after a closing quote: a quoted "
            "value must end with its quote (check also that the quotes above are closed)"
        ],
    ),
    "colon inside an unquoted value": (
        {"intro/module.yaml": INTRO.replace("title: Intro", "title: Part 1: intro")},
        [
            "intro/module.yaml:1:14: error: YAML syntax: a ':' followed by a space inside a "
            'value: put the value in quotes, as in title: "Part 1: intro"'
        ],
    ),
    "list item without its dash": (
        {"intro/module.yaml": INTRO.replace("- two.md", "two.md")},
        [
            "intro/module.yaml:6:3: error: YAML syntax: this line is neither 'key: value' nor "
            "'- item': add the missing ':' or '- ', or join it to the line above"
        ],
    ),
    "character that cannot start a value": (
        {"intro/module.yaml": INTRO.replace("title: Intro", "title: @home")},
        [
            "intro/module.yaml:1:8: error: YAML syntax: '@' cannot start a value: "
            "put the whole value in quotes"
        ],
    ),
    "French word for a boolean": (
        {"assessment/quiz.yaml": QUIZ.replace("answer: false", "answer: faux")},
        [
            "assessment/quiz.yaml:22:13: error: 'answer' of question 3 must be true or false "
            "(found 'faux'): write true or false"
        ],
    ),
    "yes for a boolean, which YAML 1.2 reads as text": (
        {
            "assessment/quiz.yaml": QUIZ.replace(
                "A\n                correct: true", "A\n                correct: yes"
            )
        },
        [
            "assessment/quiz.yaml:15:18: error: 'correct' of choice 1 of question 2 must be true "
            "or false (found 'yes'): write true or false"
        ],
    ),
    "module named by a number": (
        {"course.yaml": COURSE.replace("- assessment", "- 2")},
        ["course.yaml:7:5: error: module 2 must be text, found 2: put it in quotes"],
    ),
    "typo in a key": (
        {"course.yaml": COURSE.replace("title:", "titel:")},
        ["course.yaml:2:1: error: unknown key 'titel': did you mean 'title'? (it is required)"],
    ),
    "French spelling of a required key": (
        {"course.yaml": COURSE.replace("language: en", "langage: en")},
        [
            "course.yaml:3:1: error: unknown key 'langage': did you mean 'language'? "
            "(it is required)"
        ],
    ),
    "typo in a required key of a question": (
        {"assessment/quiz.yaml": QUIZ.replace("prompt: Pick many", "promt: Pick many")},
        [
            "assessment/quiz.yaml:12:5: error: unknown key 'promt': did you mean 'prompt'? "
            "(it is required)"
        ],
    ),
    "unknown key beside a missing required key it does not resemble": (
        {"intro/module.yaml": INTRO.replace("title: Intro", "heading: Intro")},
        [
            "intro/module.yaml:1:1: error: missing required key 'title' in this file",
            "intro/module.yaml:1:1: error: unknown key 'heading'; allowed here: "
            "id, title, objectives, pages, quiz, completion",
        ],
    ),
    "missing title": (
        {"intro/module.yaml": INTRO.replace("        title: Intro\n", "")},
        ["intro/module.yaml:1:1: error: missing required key 'title' in this file"],
    ),
    "missing page": (
        {"intro/two.md": None},
        [
            "intro/module.yaml:6:5: error: 'two.md' does not exist (looked for intro/two.md)",
            "intro/one.md:8:21: error: 'two.md' does not exist (looked for intro/two.md)",
        ],
    ),
    "missing quiz": (
        {"assessment/quiz.yaml": None},
        [
            "assessment/module.yaml:4:7: error: 'quiz.yaml' does not exist "
            "(looked for assessment/quiz.yaml)"
        ],
    ),
    "missing image": (
        {"assets/pic.svg": None},
        [
            "intro/one.md:6:14: error: '../assets/pic.svg' does not exist "
            "(looked for assets/pic.svg)"
        ],
    ),
    "single choice with two correct answers": (
        {
            "assessment/quiz.yaml": QUIZ.replace(
                "- text: Wrong", "- text: Wrong\n" + " " * 16 + "correct: true"
            )
        },
        [
            "assessment/quiz.yaml:3:5: error: question 1: a single-choice question needs "
            "exactly one choice with 'correct: true', it has 2"
        ],
    ),
    "question without a correct answer": (
        {
            "assessment/quiz.yaml": QUIZ.replace("A\n                correct: true", "A").replace(
                "B\n                correct: true", "B"
            )
        },
        [
            "assessment/quiz.yaml:10:5: error: question 2: a multiple-choice question needs "
            "at least one choice with 'correct: true'"
        ],
    ),
    "duplicate module id": (
        {"assessment/module.yaml": with_line(VALID_COURSE["assessment/module.yaml"], "id: intro")},
        ["course.yaml:7:5: error: duplicate module id 'intro' (also at course.yaml:6)"],
    ),
    "duplicate question id": (
        {"assessment/quiz.yaml": QUIZ.replace("id: pick-many", "id: pick-one")},
        [
            "assessment/quiz.yaml:10:5: error: duplicate question id 'pick-one' "
            "(also at assessment/quiz.yaml:3)"
        ],
    ),
    "empty title": (
        {"intro/two.md": VALID_COURSE["intro/two.md"].replace("title: Page two", "title: '  '")},
        ["intro/two.md:2:8: error: 'title' must not be empty"],
    ),
    "unsupported language": (
        {"course.yaml": COURSE.replace("language: en", "language: de")},
        [
            "course.yaml:3:11: error: unsupported language 'de': the interface is available in "
            "en, fr; add i18n/<language>.json to the course's templates"
        ],
    ),
    "path leaving the course folder": (
        {"intro/module.yaml": INTRO.replace("- two.md", "- ../../outside.md")},
        [
            "intro/module.yaml:6:5: error: '../../outside.md' is outside the course folder; "
            "copy it inside",
            "intro/one.md:8:21: error: 'two.md' is not a page of this module: a module is one "
            "SCO, so link only to pages of the same module",
        ],
    ),
    "file not in UTF-8": (
        {"intro/two.md": "---\ntitle: Page two\n---\nCaf\xe9\n".encode("latin-1")},
        ["intro/two.md:4:4: error: not UTF-8 (byte 0xe9): save the file as UTF-8"],
    ),
    "version written as a number": (
        {"course.yaml": COURSE.replace('version: "1.0"', "version: 1.0")},
        ["course.yaml:4:10: error: 'version' must be text, found 1.0: put it in quotes"],
    ),
    "number for a list": (
        {"intro/module.yaml": "title: Intro\npages: 5\n"},
        [
            "intro/module.yaml:2:8: error: 'pages' must be a list, found 5: write it in [...], "
            'as in ["5"]'
        ],
    ),
    "binary data for a text": (
        {"intro/module.yaml": INTRO.replace("title: Intro", "title: !!binary aGVsbG8=")},
        [
            "intro/module.yaml:1:8: error: 'title' must be text, found binary data (!!binary): "
            "write the text itself"
        ],
    ),
    "number for a mapping": (
        {"course.yaml": COURSE.replace("modules:", "theme: 5\n        modules:")},
        [
            "course.yaml:5:8: error: 'theme' must be a mapping of key: value lines, found 5: "
            "write its keys on the lines under it, indented"
        ],
    ),
    "number for a glossary term": (
        {"glossary.yaml": "terms:\n  - 5\n"},
        [
            "glossary.yaml:2:5: error: item of 'terms' 1 must be a mapping of key: value lines, "
            "found 5: write its keys on the lines under it, indented"
        ],
    ),
    "module named by a slash": (
        {"course.yaml": COURSE.replace("- assessment", "- /")},
        [
            "course.yaml:7:5: error: '/' names no module folder: write the name of a folder of "
            "the course that holds a module.yaml, as in intro"
        ],
    ),
    "captions shown as an image": (
        {"intro/two.md": "---\ntitle: Two\n---\n![c](x.vtt)\n", "intro/x.vtt": "WEBVTT\n"},
        [
            "intro/two.md:4:6: error: 'x.vtt' is captions, which a page does not show: a video "
            "finds them beside it (demo.vtt for demo.mp4), or named after it, as in "
            '![what it shows](demo.mp4 "captions.vtt")'
        ],
    ),
    "page without front matter": (
        {"intro/two.md": "Just text\n"},
        [
            "intro/two.md:1:1: error: a page starts with front matter: a '---' line, 'title: ...', '---'"
        ],
    ),
    "raw HTML": (
        {"intro/two.md": "---\ntitle: Two\n---\nText\n\n<script>alert(1)</script>\n"},
        [
            "intro/two.md:6:1: error: raw HTML is not allowed (<script>alert(1)</script>): write it in Markdown"
        ],
    ),
    # -- the slips of a designer who is not a programmer (issue 15) --
    "line break written <br>": (
        {"intro/two.md": "---\ntitle: Two\n---\nFirst line<br>\nsecond line\n"},
        [
            "intro/two.md:4:1: error: raw HTML is not allowed (<br>): to break a line, end it "
            "with a backslash (\\); for a new paragraph, leave a blank line"
        ],
    ),
    "decimal comma in a [...] list": (
        {"assessment/quiz.yaml": QUIZ.replace("[yes please, ", "[0,5 mA, ")},
        [
            "assessment/quiz.yaml:26:16: error: accepted answer 1 of question 4 is split in two "
            "at the comma of '0,5 mA', since commas separate the items of [...]: put it in "
            'quotes, as in "0,5 mA"'
        ],
    ),
    "one answer with a decimal comma, not in a list": (
        {"assessment/quiz.yaml": QUIZ.replace('[yes please, "yes"]', "0,5 mA")},
        [
            "assessment/quiz.yaml:26:15: error: 'accepted' of question 4 must be a list, "
            """found '0,5 mA': write it in [...], as in ["0,5 mA"]"""
        ],
    ),
    "decimal comma in a whole number": (
        {"assessment/quiz.yaml": QUIZ.replace("pass_mark: 60", "pass_mark: 0,5")},
        [
            "assessment/quiz.yaml:1:12: error: 'pass_mark' must be a whole number "
            "(found '0,5', with a decimal comma): write it with digits only"
        ],
    ),
    "misspelt page": (
        {"intro/module.yaml": INTRO.replace("- two.md", "- tow.md")},
        [
            "intro/module.yaml:6:5: error: 'tow.md' does not exist (looked for intro/tow.md): "
            "did you mean 'two.md'?",
            "intro/one.md:8:21: error: 'two.md' is not a page of this module: a module is one "
            "SCO, so link only to pages of the same module",
        ],
    ),
    "misspelt quiz": (
        {
            "assessment/module.yaml": VALID_COURSE["assessment/module.yaml"].replace(
                "quiz: quiz.yaml", "quiz: quizz.yaml"
            )
        },
        [
            "assessment/module.yaml:4:7: error: 'quizz.yaml' does not exist "
            "(looked for assessment/quizz.yaml): did you mean 'quiz.yaml'?"
        ],
    ),
    "image named without its capital and accent": (
        {
            "intro/one.md": ONE.replace("pic.svg", "schema ete.svg"),
            "assets/pic.svg": None,
            "assets/Schéma été.svg": VALID_COURSE["assets/pic.svg"],
        },
        [
            "intro/one.md:6:1: error: this image is shown as text, because its file name has "
            "spaces: put the name in <...>, as in "
            "![A picture](<../assets/schema ete.svg>)",
        ],
    ),
    "image in <...> with a misspelt folder, shown as written": (
        {
            "intro/one.md": ONE.replace("../assets/pic.svg", "<../asset/Schéma été.svg>"),
            "assets/pic.svg": None,
            "assets/Schéma été.svg": VALID_COURSE["assets/pic.svg"],
        },
        [
            "intro/one.md:6:15: error: '../asset/Schéma été.svg' does not exist "
            "(looked for asset/Schéma été.svg): did you mean 'assets'?",
        ],
    ),
    "image in <...> with a misspelt name, shown as written": (
        {
            "intro/one.md": ONE.replace("../assets/pic.svg", "<../assets/schema ete.svg>"),
            "assets/pic.svg": None,
            "assets/Schéma été.svg": VALID_COURSE["assets/pic.svg"],
        },
        [
            "intro/one.md:6:15: error: '../assets/schema ete.svg' does not exist "
            "(looked for assets/schema ete.svg): did you mean 'Schéma été.svg'?",
        ],
    ),
    # Found at its column though markdown-it re-encodes it; named in plain letters.
    "image written with %20, shown readable": (
        {"intro/one.md": ONE.replace("../assets/pic.svg", "../assets/Schéma%20été.svg")},
        [
            "intro/one.md:6:14: error: '../assets/Schéma été.svg' does not exist "
            "(looked for assets/Schéma été.svg)",
        ],
    ),
    # The fix a message shows keeps a name with spaces in <...>, or it would be text.
    "image with spaces in its name and no text alternative": (
        {
            "intro/one.md": ONE.replace(
                "![A picture](../assets/pic.svg)", "![](<../assets/Schéma été.svg>)"
            ),
            "assets/pic.svg": None,
            "assets/Schéma été.svg": VALID_COURSE["assets/pic.svg"],
        },
        [
            "intro/one.md:6:6: error: image '../assets/Schéma été.svg' has no text alternative: "
            "write ![description](<../assets/Schéma été.svg>), or "
            '![""](<../assets/Schéma été.svg>) if it is only decorative',
        ],
    ),
    "document with spaces in its name shown as an image": (
        {
            "intro/one.md": ONE.replace("../assets/pic.svg", "<../assets/Notes finales.pdf>"),
            "assets/pic.svg": None,
            "assets/Notes finales.pdf": b"%PDF-1.4\n",
        },
        [
            "intro/one.md:6:15: error: '../assets/Notes finales.pdf' is not an image a browser "
            "shows (.avif, .bmp, .gif, .ico, .jpeg, .jpg, .png, .webp, .svg), nor audio or video it "
            "plays (.aac, .flac, .m4a, .m4v, .mov, .mp3, .mp4, .oga, .ogg, .ogv, .opus, .wav, .weba, "
            ".webm): convert it, or link to it with [text](<../assets/Notes finales.pdf>)",
        ],
    ),
    "link whose file name has spaces": (
        {"intro/one.md": ONE.replace("[the next page](two.md)", "[the notes](Notes finales.pdf)")},
        [
            "intro/one.md:8:5: error: this link is shown as text, because its file name has "
            "spaces: put the name in <...>, as in [the notes](<Notes finales.pdf>)",
        ],
    ),
    "image without text alternative": (
        {"intro/one.md": ONE.replace("![A picture]", "![]")},
        [
            "intro/one.md:6:5: error: image '../assets/pic.svg' has no text alternative: "
            'write ![description](../assets/pic.svg), or ![""](../assets/pic.svg) if it is only decorative'
        ],
    ),
    "image from the web": (
        {"intro/one.md": ONE.replace("../assets/pic.svg", "https://example.org/p.png")},
        [
            "intro/one.md:6:14: error: image 'https://example.org/p.png' is on the web: copy it into the course"
        ],
    ),
    "unknown question type": (
        {"assessment/quiz.yaml": QUIZ.replace("type: true-false", "type: yes-no")},
        [
            "assessment/quiz.yaml:20:11: error: unknown type 'yes-no'; use one of: single-choice, "
            "multiple-choice, true-false, fill-in, ordering, matching"
        ],
    ),
    "unknown review value": (
        {"assessment/quiz.yaml": with_line(QUIZ, "review: answer")},
        [
            "assessment/quiz.yaml:39:9: error: 'review': input should be 'answers', 'marks' or "
            "'score'"
        ],
    ),
    "completion by quiz without a quiz": (
        {"intro/module.yaml": with_line(INTRO, "completion: quiz")},
        ["intro/module.yaml:7:13: error: 'completion: quiz' needs a quiz: add 'quiz: quiz.yaml'"],
    ),
    "link to a page of another module": (
        {
            "intro/two.md": "---\ntitle: Two\n---\nText\n\n\nSee [the start](../assessment/start.md).\n"
        },
        [
            "intro/two.md:7:17: error: '../assessment/start.md' is not a page of this module: "
            "a module is one SCO, so link only to pages of the same module"
        ],
    ),
    "typo in front matter": (
        {"intro/two.md": "---\ntitle: Two\ntitel: x\n---\nText\n"},
        [
            "intro/two.md:3:1: error: unknown key 'titel' (did you mean 'title'?); allowed here: id, title"
        ],
    ),
    "YAML error in front matter": (
        {"intro/two.md": "---\ntitle: [Two\n---\nText\n"},
        ["intro/two.md:3:1: error: YAML syntax: expected ',' or ']', but got '<stream end>'"],
    ),
    "identifier with spaces": (
        {"intro/module.yaml": with_line(INTRO, "id: Intro Module")},
        [
            "intro/module.yaml:7:5: error: 'id' has an invalid value 'Intro Module'. "
            "Stable module identifier: lower-case letters, digits and '-', at most 64 characters; "
            "defaults to the folder name, slugified."
        ],
    ),
    "pass mark above 100": (
        {"assessment/quiz.yaml": QUIZ.replace("pass_mark: 60", "pass_mark: 160")},
        [
            "assessment/quiz.yaml:1:12: error: 'pass_mark': input should be less than or equal to 100"
        ],
    ),
    "duplicate YAML key": (
        {"course.yaml": with_line(COURSE, "title: Again")},
        [
            'course.yaml:8:1: error: YAML syntax: found duplicate key "title" with value "Again" (original value: "Demo course")'
        ],
    ),
    "no module": (
        {
            "course.yaml": COURSE.replace(
                "modules:\n          - intro\n          - assessment", "modules: []"
            )
        },
        ["course.yaml:5:10: error: 'modules' must have at least 1 item"],
    ),
    "learner state that cannot fit in suspend_data": (
        {
            "assessment/quiz.yaml": "questions:\n"
            + "  - type: fill-in\n    prompt: p\n    accepted: [a]\n" * 70
        },
        [
            "assessment/module.yaml:4:7: error: a learner's state in this module could take 4574 characters, more than the 4096 SCORM 1.2 allows: split the module or its quiz"
        ],
    ),
    "module file with comments only": (
        {"intro/module.yaml": "# nothing yet\n"},
        [
            "intro/module.yaml:1:1: error: missing required key 'pages' in this file",
            "intro/module.yaml:1:1: error: missing required key 'title' in this file",
        ],
    ),
    "empty front matter": (
        {"intro/two.md": "---\n---\nText\n"},
        ["intro/two.md:2:1: error: missing required key 'title' in this file"],
    ),
    "broken link on the second line of a paragraph": (
        {"intro/one.md": "---\ntitle: One\n---\nA paragraph\nthat links [here](missing.png)\n"},
        ["intro/one.md:5:19: error: 'missing.png' does not exist (looked for intro/missing.png)"],
    ),
    "module folder whose name makes no id": (
        {
            "course.yaml": COURSE.replace("- intro", "- 課程"),
            "課程/module.yaml": INTRO,
            "課程/one.md": ONE,
            "課程/two.md": VALID_COURSE["intro/two.md"],
        },
        [
            "course.yaml:6:5: error: cannot make an id from the name '課程': add 'id: ...' to 課程/module.yaml"
        ],
    ),
    "control character in a title": (
        {"intro/module.yaml": INTRO.replace("title: Intro", 'title: "In\\x01tro"')},
        ["intro/module.yaml:1:8: error: 'title' contains the control character U+0001: remove it"],
    ),
    "question without a type": (
        {"assessment/quiz.yaml": QUIZ.replace("type: true-false", "kind: true-false")},
        ["assessment/quiz.yaml:19:5: error: missing required key 'type' in question 3"],
    ),
    "image, raw HTML and file link in quiz texts": (
        {
            "assessment/quiz.yaml": QUIZ.replace(
                "prompt: Pick one", "prompt: 'Pick ![a](pic.png) <b>one</b>'"
            )
            .replace("- text: Wrong", "- text: '[the guide](../assets/pic.svg)'")
            .replace("prompt: Pick many", "prompt: 'Pick [many](https://example.org)'")
        },
        [
            "assessment/quiz.yaml:5:13: error: image 'pic.png' in a quiz: put images on a page",
            "assessment/quiz.yaml:5:13: error: raw HTML is not allowed (</b>): write it in Markdown",
            "assessment/quiz.yaml:5:13: error: raw HTML is not allowed (<b>): write it in Markdown",
            "assessment/quiz.yaml:9:15: error: link '../assets/pic.svg' in a quiz: only links to the web (https://...) fit there",
        ],
    ),
    "link to a place in a page": (
        {"intro/two.md": "---\ntitle: Two\n---\nSee [above](#top).\n"},
        [
            "intro/two.md:4:13: error: link '#top' points into a page: link to the page file instead (for example other-page.md)"
        ],
    ),
    "interface strings of the course's theme lack keys": (
        {
            "course.yaml": with_line(
                COURSE.replace("language: en", "language: de"), "templates: theme"
            ),
            "theme/i18n/de.json": '{"quiz": "Quiz"}',
        },
        [
            "course.yaml:3:11: error: the interface text of 'de' is unusable: the theme's "
            f"i18n/de.json lacks the strings: {', '.join(sorted(set(ENGLISH_STRINGS) - {'quiz'}))}"
        ],
    ),
    "matching question whose right items repeat": (
        {"assessment/quiz.yaml": QUIZ.replace('right: "2"', 'right: "1"')},
        [
            "assessment/quiz.yaml:31:5: error: question 6: the right item '1' appears twice: each must be different"
        ],
    ),
    "fill-in answer too long to type": (
        {
            "assessment/quiz.yaml": QUIZ.replace(
                'accepted: [yes please, "yes"]', "accepted: [" + "😀" * 31 + "]"
            )
        },
        [
            f"assessment/quiz.yaml:23:5: error: question 4: the accepted answer '{'😀' * 31}' is longer than the 60 characters a learner can type"
        ],
    ),
    # Markdown in an optional field and in a list: the link checks find them too.
    "link out of a quiz in a choice's feedback": (
        {
            "assessment/quiz.yaml": QUIZ.replace(
                "- text: Wrong",
                "- text: Wrong\n                feedback: See [the notes](notes.md).",
            )
        },
        [
            "assessment/quiz.yaml:10:19: error: link 'notes.md' in a quiz: only links to the web "
            "(https://...) fit there"
        ],
    ),
    "link out of a quiz in an item to order": (
        {
            "assessment/quiz.yaml": QUIZ.replace(
                "items: [first, second, third]", 'items: [first, second, "[third](notes.md)"]'
            )
        },
        [
            "assessment/quiz.yaml:30:28: error: link 'notes.md' in a quiz: only links to the web "
            "(https://...) fit there"
        ],
    ),
    "module file that is a list": (
        {"intro/module.yaml": "- a\n- b\n"},
        [
            "intro/module.yaml:1:1: error: expected a mapping of keys "
            "(id, title, objectives, pages, quiz, completion), found a list"
        ],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_course_is_reported_where_it_is_wrong(
    case: str, make_course: Callable[..., Path]
) -> None:
    files, expected = BROKEN[case]
    root = make_course(files)
    (root.parent / "outside.md").write_text("---\ntitle: Outside\n---\n", "utf-8")

    result = run_cli("validate", str(root))

    errors = len(expected)
    assert result.output.splitlines() == [
        *expected,
        f"{errors} error{'s' if errors != 1 else ''} in the course",
    ]
    assert result.exit_code == 1


def test_valid_course_prints_one_summary_line(make_course: Callable[..., Path]) -> None:
    result = run_cli("validate", str(make_course()))

    assert result.output == "valid: demo 1.0: 2 modules, 3 pages, 6 questions, 1 assets\n"
    assert result.exit_code == 0


def test_unused_file_is_a_warning_not_an_error(make_course: Callable[..., Path]) -> None:
    root = make_course({"assets/unused.png": b"\x89PNG"})

    result = run_cli("validate", str(root))

    assert result.output.splitlines() == [
        "assets/unused.png:1:1: warning: not used by the course: reference it or remove it",
        "valid: demo 1.0: 2 modules, 3 pages, 6 questions, 1 assets",
    ]
    assert result.exit_code == 0


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links are not available")
def test_symlink_leaving_the_course_is_refused(make_course: Callable[..., Path]) -> None:
    root = make_course({"assets/pic.svg": None})
    secret = root.parent / "secret.svg"
    secret.write_text("<svg/>", "utf-8")
    (root / "assets").mkdir()
    (root / "assets" / "pic.svg").symlink_to(secret)

    result = run_cli("validate", str(root))

    assert result.output.splitlines()[0] == (
        "intro/one.md:6:14: error: '../assets/pic.svg' is outside the course folder; copy it inside"
    )
    assert result.exit_code == 1


def test_every_error_is_reported_in_one_run(make_course: Callable[..., Path]) -> None:
    root = make_course(
        {
            "course.yaml": COURSE.replace("language: en", "language: de"),
            "intro/two.md": None,
            "assessment/quiz.yaml": QUIZ.replace("pass_mark: 60", "pass_mark: 160"),
        }
    )

    result = run_cli("validate", str(root))

    assert result.output.splitlines()[-1] == "4 errors in the course"
    assert result.exit_code == 1


def test_missing_course_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path / "nowhere"))

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.endswith(
        "nowhere:1:1: error: no such course folder\n1 error in the course\n"
    )


# -- every independent problem in one run (issue 15) ----------------------------------------

TWO = textwrap.dedent(VALID_COURSE["intro/two.md"])
START = textwrap.dedent(VALID_COURSE["assessment/start.md"])
ASSESSMENT = VALID_COURSE["assessment/module.yaml"]
BR_FIX = "to break a line, end it with a backslash (\\); for a new paragraph, leave a blank line"


MAP = "intro/two.md:6:10: error: 'map.svg' does not exist (looked for intro/map.svg)"
EVERY_PROBLEM: dict[str, tuple[dict[str, str | bytes | None], list[str]]] = {
    # The module list cannot be read: every folder holding a module.yaml is checked, in name
    # order, each problem told once (notes/ has no module.yaml: not a module).
    "course.yaml syntax error: every module folder": (
        {
            "course.yaml": COURSE.replace("title: Demo course", 'title: "Demo course'),
            "intro/two.md": TWO + "\n![A map](map.svg)\n",
            "assessment/quiz.yaml": QUIZ.replace("answer: false", "answer: faux"),
            "notes/draft.md": "Not a module: no module.yaml here.\n",
        },
        [
            "assessment/quiz.yaml:22:13: error: 'answer' of question 3 must be true or false "
            "(found 'faux'): write true or false",
            "course.yaml:4:11: error: YAML syntax: text after a closing quote: a quoted value "
            "must end with its quote (check also that the quotes above are closed)",
            MAP,
        ],
    ),
    # The list is readable: the modules it names are checked, a missing one told where the
    # list names it.
    "course.yaml bad key: the modules it lists": (
        {
            "course.yaml": COURSE.replace("language: en", "langage: en").replace(
                "- assessment", "- assesment"
            ),
            "intro/two.md": TWO + "\n![A map](map.svg)\n",
        },
        [
            "course.yaml:3:1: error: unknown key 'langage': did you mean 'language'? "
            "(it is required)",
            "course.yaml:7:5: error: 'assesment/module.yaml' does not exist "
            "(looked for assesment/module.yaml): did you mean 'assessment'?",
            MAP,
        ],
    ),
    # Its pages cannot be known from the file: the Markdown files of its folder are checked,
    # and its quiz.yaml; links between them are pages of the module, not errors.
    "module.yaml syntax error: the pages and quiz of its folder": (
        {
            "assessment/module.yaml": ASSESSMENT.replace("title: Assessment", "title: 'Assess"),
            "assessment/start.md": START + "\n<br>\n\nSee [the notes](notes.md).\n",
            "assessment/notes.md": "---\ntitle: Notes\n---\n![A chart](chart.png)\n",
            "assessment/quiz.yaml": QUIZ.replace("pass_mark: 60", "pass_mark: 160"),
        },
        [
            "assessment/module.yaml:1:8: error: YAML syntax: this quote (') is never closed: "
            "end the text with the same quote",
            "assessment/notes.md:4:12: error: 'chart.png' does not exist "
            "(looked for assessment/chart.png)",
            "assessment/quiz.yaml:1:12: error: 'pass_mark': input should be less than or "
            "equal to 100",
            "assessment/start.md:6:1: error: raw HTML is not allowed (<br>): " + BR_FIX,
        ],
    ),
    # Its page list is readable: its pages are checked, and only they (a Markdown file it
    # does not list is not a page).
    "module.yaml bad key: the pages it lists": (
        {
            "intro/module.yaml": INTRO.replace("title: Intro", "titel: Intro"),
            "intro/two.md": TWO + "\n![A map](map.svg)\n",
            "intro/old.md": "no front matter\n",
        },
        [
            "intro/module.yaml:1:1: error: unknown key 'titel': did you mean 'title'? "
            "(it is required)",
            MAP,
        ],
    ),
}


@pytest.mark.parametrize("case", list(EVERY_PROBLEM), ids=list(EVERY_PROBLEM))
def test_a_broken_file_hides_only_what_it_decides(
    case: str, make_course: Callable[..., Path]
) -> None:
    files, expected = EVERY_PROBLEM[case]

    result = run_cli("validate", str(make_course(files)))

    assert result.output.splitlines() == [*expected, f"{len(expected)} errors in the course"]
    assert result.exit_code == 1


def test_a_key_written_with_a_french_non_breaking_space_is_read_and_told(
    make_course: Callable[..., Path],
) -> None:
    # French typography (and French keyboards' autocorrect) puts U+00A0 or U+202F before ':'.
    root = make_course(
        {
            "course.yaml": with_line(
                with_line(
                    COURSE.replace("title:", "title\u00a0:").replace(
                        "language:", "language\u202f:"
                    ),
                    "description: >-",
                ),
                "  Un texte\u00a0: pas une clé",  # inside a value: no warning
            ),
            "intro/two.md": TWO.replace("title:", "title\u00a0:"),
        }
    )

    result = run_cli("validate", str(root))

    assert result.output.splitlines() == [
        "course.yaml:2:6: warning: a non-breaking space between 'title' and ':' (French "
        "typography): read as 'title:', the space can go",
        "course.yaml:3:9: warning: a non-breaking space between 'language' and ':' (French "
        "typography): read as 'language:', the space can go",
        "intro/two.md:2:6: warning: a non-breaking space between 'title' and ':' (French "
        "typography): read as 'title:', the space can go",
        "valid: demo 1.0: 2 modules, 3 pages, 6 questions, 1 assets",
    ]
    assert result.exit_code == 0
