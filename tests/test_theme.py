"""The `theme:` block of course.yaml: WCAG contrast of every colour pair it takes part in,
told at the colour's line with the ratio and the minimum; the logo checked, packaged and
listed like any course file; the colours and fonts applied as custom properties."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scorm_builder.contrast import contrast, shortfalls, shown_ratio
from scorm_builder.rendering import RUNTIME_IDS
from scorm_builder.themes import StringsError, default_theme_dir, load_strings
from tests.course_fixtures import VALID_COURSE, run_cli

COURSE = VALID_COURSE["course.yaml"]
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1"/></svg>\n'
)


def themed(theme: str) -> str:
    """course.yaml with a theme block (indented by 2 under `theme:`) before its modules."""
    block = "".join(f"          {line}\n" for line in theme.splitlines())
    return COURSE.replace("        modules:", f"        theme:\n{block}        modules:")


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#777777", "#ffffff", "4.48"),
        ("#767676", "#ffffff", "4.54"),
        ("#000000", "#ffffff", "21.00"),
        ("#0b57d0", "#f3f4f6", "5.80"),
        ("#0a0a0a", "#ffffff", "19.80"),  # a channel of 10 or less: WCAG's linear part
        ("#ffffff", "#ffffff", "1.00"),
    ],
)
def test_contrast_of_known_pairs(first: str, second: str, ratio: str) -> None:
    assert f"{contrast(first, second):.2f}" == ratio
    assert contrast(first, second) == contrast(second, first)


def test_a_ratio_just_below_its_minimum_is_never_shown_as_reaching_it() -> None:
    assert shown_ratio(4.4999, 4.5) == "4.49"
    assert shown_ratio(4.478, 4.5) == "4.48"


def test_only_pairs_the_theme_changes_are_checked() -> None:
    defaults = {"text": "#1b1b1b", "bg": "#ffffff", "muted": "#999999", "accent": "#0b57d0"}
    assert shortfalls(defaults, {}) == []
    assert shortfalls(defaults, {"accent": "#0b57d0"}) == []
    (found,) = shortfalls(defaults, {"background": "#fdfdfd"})
    assert found.key == "background"
    assert "muted text #999999 on background #fdfdfd" in found.message


BELOW_AA = {
    "grey text": (
        "text: '#777777'",
        [
            "course.yaml:6:9: error: contrast 4.02:1 of text #777777 on highlight #fff3c4 is "
            "below the 4.5:1 WCAG AA asks for normal text; choose a darker text colour",
            "course.yaml:6:9: error: contrast 4.07:1 of text #777777 on panel #f3f4f6 is "
            "below the 4.5:1 WCAG AA asks for normal text; choose a darker text colour",
            "course.yaml:6:9: error: contrast 4.48:1 of text #777777 on background #ffffff is "
            "below the 4.5:1 WCAG AA asks for normal text; choose a darker text colour",
        ],
    ),
    "light accent: links, and the labels of primary buttons": (
        "accent: '#5a9bf6'",
        [
            "course.yaml:6:11: error: contrast 2.56:1 of accent #5a9bf6 on panel #f3f4f6 is "
            "below the 4.5:1 WCAG AA asks for normal text; choose a darker accent colour",
            "course.yaml:6:11: error: contrast 2.82:1 of accent #5a9bf6 on background #ffffff "
            "is below the 4.5:1 WCAG AA asks for normal text; choose a darker accent colour",
            "course.yaml:6:11: error: contrast 2.82:1 of background #ffffff on accent #5a9bf6 "
            "is below the 4.5:1 WCAG AA asks for normal text; choose a darker accent colour",
        ],
    ),
    "field borders on a grey background": (
        "background: '#e0e0e0'\ntext: '#000000'\naccent: '#003080'",
        [
            "course.yaml:6:15: error: contrast 2.46:1 of field border #8a8f98 on background "
            "#e0e0e0 is below the 3:1 WCAG AA asks for user interface components; choose a "
            "lighter background colour",
            "1 error in the course",
        ],
    ),
}


@pytest.mark.parametrize("case", list(BELOW_AA), ids=list(BELOW_AA))
def test_validate_refuses_a_colour_pair_below_wcag_aa(
    case: str, make_course: Callable[..., Path]
) -> None:
    theme, expected = BELOW_AA[case]
    root = make_course({"course.yaml": themed(theme)})
    result = run_cli("validate", str(root))
    assert result.exit_code == 1
    assert result.output.splitlines()[: len(expected)] == expected


def test_a_dark_background_is_refused_for_every_fixed_colour_it_would_hide(
    make_course: Callable[..., Path],
) -> None:
    """The panels, callouts and verdicts keep the default theme's colours, made for a light
    page: each pair a dark background breaks is told, asking for a lighter one."""
    root = make_course({"course.yaml": themed("text: '#f0f0f0'\nbackground: '#202020'")})
    lines = run_cli("validate", str(root)).output.splitlines()
    at_background = [line for line in lines if line.startswith("course.yaml:7:15: ")]
    assert len(at_background) == 7
    assert all(line.endswith("choose a lighter background colour") for line in at_background)
    assert lines[-1] == "9 errors in the course"


@pytest.mark.parametrize(
    ("theme", "expected"),
    [
        (
            "accent: red",
            "course.yaml:6:11: error: 'theme.accent' has an invalid value 'red'. Colour of links, "
            "buttons, the focus ring and the progress bar, as #rrggbb; validate refuses a colour "
            "below the WCAG AA contrast of every pair it takes part in.",
        ),
        (
            "font: 'Inter; background: url(x)'",
            "course.yaml:6:9: error: 'theme.font' has an invalid value 'Inter; background: "
            "url(x)'. Font families installed on the learner's device, by preference, separated "
            "by commas and unquoted, ending with a generic family: e.g. 'Georgia, serif'. "
            "Nothing is downloaded.",
        ),
        (
            "colour: '#000000'",
            "course.yaml:6:3: error: unknown key 'colour'; allowed here: text, background, "
            "accent, font, logo",
        ),
        (
            "logo:\n  file: assets/pic.svg",
            "course.yaml:7:5: error: missing required key 'alt' in 'theme.logo'",
        ),
        (
            "logo:\n  file: assets/missing.png\n  alt: School",
            "course.yaml:7:11: error: 'assets/missing.png' does not exist (looked for "
            "assets/missing.png)",
        ),
        (
            "logo:\n  file: intro/one.md\n  alt: School",
            "course.yaml:7:11: error: the logo 'intro/one.md' is not an image (.avif, .bmp, "
            ".gif, .ico, .jpeg, .jpg, .png, .webp, .svg): save it as one of those and name that "
            "file here",
        ),
        (
            "logo:\n  file: assets/clip.webm\n  alt: School",
            "course.yaml:7:11: error: the logo 'assets/clip.webm' is not an image (.avif, .bmp, "
            ".gif, .ico, .jpeg, .jpg, .png, .webp, .svg): save it as one of those and name that "
            "file here",
        ),
    ],
    ids=[
        "not a colour",
        "font stack escaping",
        "unknown key",
        "logo without alt",
        "no file",
        "not an image",
        "a video",
    ],
)
def test_theme_mistakes_are_told_at_their_key(
    theme: str, expected: str, make_course: Callable[..., Path]
) -> None:
    # A real WebM's first bytes: the logo is refused for its kind, not for its content.
    root = make_course({"course.yaml": themed(theme), "assets/clip.webm": "\x1aE\xdf\xa3"})
    result = run_cli("validate", str(root))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == expected


def test_a_logo_svg_that_runs_script_is_refused(make_course: Callable[..., Path]) -> None:
    root = make_course(
        {
            "course.yaml": themed("logo:\n  file: assets/logo.svg\n  alt: School"),
            "assets/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
            "</script></svg>\n",
        }
    )
    result = run_cli("validate", str(root))
    assert result.exit_code == 1
    assert result.output.startswith("course.yaml:7:11: error: 'assets/logo.svg' ")
    assert "script" in result.output.splitlines()[0]


def test_theme_is_applied_and_its_logo_packaged_and_listed(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    theme = (
        "text: '#1f2933'\nbackground: '#fffdf7'\naccent: '#6b2c91'\nfont: Georgia, serif\n"
        "logo:\n  file: assets/logo.svg\n  alt: École Exemple"
    )
    root = make_course({"course.yaml": themed(theme), "assets/logo.svg": LOGO})
    target = tmp_path / "out.zip"
    result = run_cli("build", str(root), "-o", str(target))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as package:
        names = package.namelist()
        intro = package.read("intro.html").decode()
        manifest = package.read("imsmanifest.xml").decode()
    assert "media/assets/logo.svg" in names
    assert '<file href="media/assets/logo.svg"/>' in manifest
    assert (
        "<style>:root{--text:#1f2933;--bg:#fffdf7;--accent:#6b2c91;--font:Georgia, serif}</style>"
        in intro
    )
    assert '<img class="logo" src="media/assets/logo.svg" alt="École Exemple">' in intro


def test_without_a_theme_the_page_has_no_style_element(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_course()
    target = tmp_path / "out.zip"
    assert run_cli("build", str(root), "-o", str(target)).exit_code == 0
    with zipfile.ZipFile(target) as package:
        intro = package.read("intro.html").decode()
    assert "<style>" not in intro
    assert 'class="logo"' not in intro


THEME_FOLDER = COURSE.rstrip(" ") + "        templates: theme\n"


def themed_with_folder(theme: str) -> str:
    return themed(theme).rstrip(" ") + "        templates: theme\n"


def test_a_theme_style_sheet_that_is_not_utf8_is_told_at_its_byte(
    make_course: Callable[..., Path],
) -> None:
    root = make_course(
        {
            "course.yaml": themed_with_folder("text: '#222222'"),
            "theme/static/sco.css": b"\xff\xfe:root{}",
        }
    )
    result = run_cli("validate", str(root))
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "theme/static/sco.css:1:1: error: not UTF-8 (byte 0xff): save the file as UTF-8",
            "1 error in the course",
        ],
    )


def test_a_theme_style_sheet_outside_the_theme_is_never_read(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "sco.css").write_bytes(b"\xff\xfe:root{--background:#777777}")
    root = make_course({"course.yaml": themed_with_folder("text: '#222222'")})
    (root / "theme").mkdir()
    (root / "theme" / "static").symlink_to(outside, target_is_directory=True)
    result = run_cli("validate", str(root))
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "theme/static:1:1: error: a symbolic link to a file outside the theme folder: copy "
            "the file into the theme instead",
            "1 error in the course",
        ],
    )


def test_the_ids_the_runtime_needs_are_those_runtime_js_looks_up() -> None:
    runtime = (default_theme_dir() / "static" / "runtime.js").read_text("utf-8")
    looked_up = re.findall(r"""\$\(["`]([^"`]*)["`]\)""", runtime)
    assert len(looked_up) == runtime.count("$("), "an id looked up other than as a literal"
    # `page-${id}` and `q-${q.id}` name a screen and a question.
    shown = {re.sub(r"\$\{(\w+\.)?id\}", "{}", name) for name in looked_up}
    assert shown == {
        name.replace("{screen}", "{}").replace("{question}", "{}") for name in RUNTIME_IDS
    }
    assert re.findall(r'if \(\$\("([^"]+)"\)\)', runtime) == [
        name for name, when in RUNTIME_IDS.items() if when == "optional"
    ]


@pytest.mark.parametrize(
    ("name", "edits", "lacking"),
    [
        (
            "sco.html",
            {' id="sco-start"': "", ' id="sco-opening"': ""},
            "ids sco-start, sco-opening",
        ),
        ("sco.html", {'<dl id="quiz-summary">': "<dl>"}, "ids quiz-summary"),
        (
            "questions.html",
            {'<div id="q-{{ q.id }}-verdict"></div>': " "},
            "a first child element in q-pick-one-feedback, q-pick-many-feedback, "
            "q-judge-feedback, q-type-it-feedback, q-order-feedback, q-match-feedback",
        ),
    ],
    ids=["opening", "quiz", "feedback"],
)
def test_a_theme_template_without_what_the_runtime_looks_up_is_refused(
    make_course: Callable[..., Path], name: str, edits: dict[str, str], lacking: str
) -> None:
    template = (default_theme_dir() / name).read_text("utf-8")
    for old, new in edits.items():
        assert old in template
        template = template.replace(old, new)
    root = make_course({"course.yaml": THEME_FOLDER, f"theme/{name}": template})
    for command in ("validate", "build"):
        result = run_cli(command, str(root))
        assert (result.exit_code, result.output.splitlines()) == (
            1,
            [
                f"theme/{name}:1:1: error: the document it renders lacks elements "
                f"static/runtime.js looks up ({lacking}): copy them from the built-in "
                "templates/sco.html and questions.html",
                "1 error in the course",
            ],
        )
    assert not (root / "dist").exists()


def test_strings_gone_before_they_are_read_are_told_at_their_first_line(tmp_path: Path) -> None:
    # Found by the loader, then deleted or renamed by the author before it read them.
    with pytest.raises(StringsError) as raised:
        load_strings(tmp_path / "i18n" / "fr.json")
    assert (raised.value.line, raised.value.column, raised.value.message) == (
        1,
        1,
        "cannot be read: No such file or directory",
    )
