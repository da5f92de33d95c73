"""Hostile input: each case a small course or command line, and its exact outcome.

Every case asserts the exit status and the whole output (`path:line:column` problems
verbatim), and, when refused, that nothing under the test's folder was written or touched.
`{root}` stands for the course folder and `{tmp}` for the test's folder; `{any}` matches
what varies (sizes, seconds). The exit status of an internal error (3, where click's usage
errors give 2) is asserted in test_schema_and_new.py, which makes the tool fail on purpose.
"""

from __future__ import annotations

import os
import re
import stat
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.course_fixtures import VALID_COURSE, run_cli

Files = dict[str, str | bytes | None]
Setup = Callable[[Path, Path], None]
"""Prepares what files cannot say (symbolic links, FIFOs), given the course and test folders."""

GONE_PID = 2**22 + 1
"""Above Linux's highest possible pid (PID_MAX_LIMIT): never a live process."""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
COURSE = VALID_COURSE["course.yaml"]
QUIZ = VALID_COURSE["assessment/quiz.yaml"]
THEME = {"course.yaml": COURSE.rstrip(" ") + "        templates: theme\n"}
BOMB = "".join(
    f"        {name}: &{name} [{', '.join([f'*{alias}'] * 9 if alias else ['lol'] * 9)}]\n"
    for name, alias in zip("abcdef", ["", *"abcde"], strict=True)
)
"""Six lines whose last list expands to 9**6 values."""
UNDERLINED = "Try 'cli build --help' for help."


def page(body: str) -> str:
    """Return a page whose body starts at line 4."""
    return f"---\ntitle: Two\n---\n{body}"


def no_setup(root: Path, tmp: Path) -> None:
    """Nothing to prepare beyond the files."""


def symlink(link: str, target: str, directory: bool = False) -> Setup:
    """Return a setup that makes `link` (in the course) point to `target` (in {tmp})."""

    def make(root: Path, tmp: Path) -> None:
        destination = tmp / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if directory:
            destination.mkdir(exist_ok=True)
            (destination / "secret.js").write_text("secret", "utf-8")
        elif not destination.exists():
            destination.write_text("secret", "utf-8")
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(destination, target_is_directory=directory)

    return make


def outside_files(files: dict[str, bytes]) -> Setup:
    """Return a setup that writes files in the test's folder, beside the course."""

    def make(root: Path, tmp: Path) -> None:
        for name, content in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(content)

    return make


def make_null_device(path: Path) -> None:
    """Make a device like /dev/null at `path`: never the real one, which a regression of
    the tool would replace for the whole machine."""
    if os.geteuid() != 0:
        pytest.skip("only root can make a device node (the FIFO case covers the rule)")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))


def both(*setups: Setup) -> Setup:
    def make(root: Path, tmp: Path) -> None:
        for setup in setups:
            setup(root, tmp)

    return make


@dataclass(frozen=True)
class Case:
    expected: list[str]
    files: Files = field(default_factory=dict)
    args: tuple[str, ...] = ("validate", "{root}")
    exit_code: int = 1
    setup: Setup = no_setup
    then: Callable[[Path, Path], bool] | None = None
    """For an accepted case: what must hold afterwards."""


def refused_at(where: str, message: str) -> Case:
    """Return the expectation of one problem, with the case's files added by the caller."""
    return Case([f"{where}: error: {message}", "1 error in the course"])


def page_case(body: str, where: str, message: str, **files: str | bytes) -> Case:
    case = refused_at(f"intro/two.md:{where}", message)
    return Case(case.expected, {"intro/two.md": page(body), **files})


def svg_case(svg: str, line: int, what: str) -> Case:
    return page_case(
        "![A drawing](../assets/evil.svg)\n",
        "4:14",
        f"'../assets/evil.svg' could run script when opened by its URL: {what} at line "
        f"{line}; remove it, or export the drawing as PNG",
        **{"assets/evil.svg": svg},
    )


def refused_link(suffix: str) -> Case:
    kind = f"'{suffix}' files" if suffix else "files without an extension"
    return page_case(
        f"[the file](../assets/file{suffix})\n",
        "4:12",
        f"'../assets/file{suffix}' cannot go in a package: it holds only files that cannot run "
        "script when opened (images, audio, video, PDF, office documents, plain text, CSV and "
        f"archives), not {kind}: export it as one of those, e.g. PDF",
        **{f"assets/file{suffix}": "<script>localStorage.x = 1</script>"},
    )


def bad_scheme_in_page(url: str) -> Case:
    scheme = url.split(":")[0]
    return page_case(
        f"[click]({url})\n",
        "4:9",
        f"link '{url}' uses the scheme '{scheme}:', which a package cannot hold: link to the "
        "web (https://...) or to a file of the course",
    )


def bad_scheme_in_quiz(url: str) -> Case:
    case = refused_at(
        "assessment/quiz.yaml:5:13",
        f"link '{url}' in a quiz: only links to the web (https://...) fit there",
    )
    quiz = QUIZ.replace("prompt: Pick one", f"prompt: 'Pick [one]({url})'")
    return Case(case.expected, {"assessment/quiz.yaml": quiz})


def theme_link(link: str, directory: bool = False) -> Case:
    case = refused_at(
        f"{link}:1:1",
        "a symbolic link to a file outside the theme folder: copy the file into the theme instead",
    )
    return Case(case.expected, THEME, setup=symlink(link, "outside/secret", directory))


def output_refused(output: str, why: str, setup: Setup = no_setup) -> Case:
    return Case(
        [f"Error: cannot write {output}: {why}"],
        args=("build", "{root}", "-o", output),
        setup=setup,
    )


def yaml_case(course: str, where: str, message: str) -> Case:
    return Case(refused_at(where, message).expected, {"course.yaml": course})


def template_case(template: str, where: str, message: str) -> Case:
    return Case(refused_at(where, message).expected, {**THEME, "theme/sco.html": template})


def deep_yaml(text: str, where: str) -> Case:
    message = "nested deeper than 50 levels: flatten this part of the file"
    return yaml_case(COURSE.rstrip(" ") + text, where, message)


def built(output: str) -> list[str]:
    return [f"built {output} ({{any}}) in {{any}} s"]


def build_keeps(output: str, leftover: str) -> Case:
    """Return a build to `output` that must leave another build's file `leftover` (in {tmp})."""
    return Case(
        built(f"{{tmp}}/{output}"),
        args=("build", "{root}", "-o", f"{{tmp}}/{output}"),
        exit_code=0,
        setup=outside_files({leftover: b"half"}),
        then=lambda root, tmp: (tmp / leftover).exists(),
    )


def is_package(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "imsmanifest.xml" in archive.namelist()


EXISTING_ZIP = outside_files({"old.zip": b"PK\x05\x06" + bytes(18)})
NOT_A_ZIP = b"my notes, not a zip"

CASES: dict[str, Case] = {
    # 1. Nothing in a package runs script on the LMS's origin.
    **{
        f"link to a {suffix or 'nameless'} file": refused_link(suffix)
        for suffix in [".html", ".htm", ".xhtml", ".shtml", ".xml", ".xsl", ".js", ".mjs", ""]
    },
    "link to a file of an unknown type": refused_link(".exe"),
    "HTML named .png, linked": page_case(
        "[a picture](../assets/picture.png)\n",
        "4:13",
        "'../assets/picture.png' is named '.png' but holds markup (it starts with '<'), which "
        "a browser may open as a page: save it in the format its name says",
        **{"assets/picture.png": "\ufeff\n  <html><script>alert(1)</script>"},
    ),
    "SVG named .png, shown": page_case(
        "![A picture](../assets/picture.png)\n",
        "4:14",
        "'../assets/picture.png' is named '.png' but holds markup (it starts with '<'), which "
        "a browser may open as a page: save it in the format its name says",
        **{"assets/picture.png": f"{SVG}<script>alert(1)</script></svg>"},
    ),
    "HTML named .csv": page_case(
        "[the data](../assets/data.csv)\n",
        "4:12",
        "'../assets/data.csv' is named '.csv' but holds markup (it starts with '<'), which a "
        "browser may open as a page: save it in the format its name says",
        **{"assets/data.csv": "<!DOCTYPE html><script>alert(1)</script>"},
    ),
    "SVG linked instead of shown": page_case(
        "[the drawing](../assets/pic.svg)\n",
        "4:15",
        "'../assets/pic.svg' is an SVG linked as a file, which opens in the LMS's origin where "
        "it could run script: show it as an image, ![description](../assets/pic.svg)",
    ),
    "SVG with a script": svg_case(
        f"{SVG}\n<script>alert(1)</script></svg>", 2, "the element <script>"
    ),
    "SVG with onload": svg_case(
        SVG.replace("<svg", '<svg onload="alert(1)"') + "</svg>", 1, "the event attribute onload"
    ),
    "SVG with a foreignObject": svg_case(
        f'{SVG}\n\n<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p>'
        "</foreignObject></svg>",
        3,
        "the element <foreignObject>",
    ),
    "SVG with an HTML iframe": svg_case(
        f'{SVG}<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" srcdoc="x"/></svg>',
        1,
        "the element <iframe>",
    ),
    "SVG with an HTML element": svg_case(
        f'{SVG}<h:div xmlns:h="http://www.w3.org/1999/xhtml"/></svg>', 1, "the HTML element <div>"
    ),
    "SVG with a javascript: href": svg_case(
        f"{SVG}\n<a href=' JavaScript:alert(1)'><text>go</text></a></svg>",
        2,
        "the attribute href='JavaScript:alert(1)'",
    ),
    "SVG with a data: xlink:href": svg_case(
        SVG.replace("<svg", '<svg xmlns:xlink="http://www.w3.org/1999/xlink"')
        + '<image xlink:href="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"/></svg>',
        1,
        "the attribute href='data:image/svg+xml,<svg onload=alert(1)>'",
    ),
    "SVG with a tab inside javascript:": svg_case(
        f'{SVG}<a href="java&#9;script:alert(1)"><text>go</text></a></svg>',
        1,
        "the attribute href='javascript:alert(1)'",
    ),
    "SVG using another file": svg_case(
        f'{SVG}<use href="other.svg#shape"/></svg>',
        1,
        "a reference outside the file, href='other.svg#shape'",
    ),
    "SVG animating a link into script": svg_case(
        f'{SVG}<a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
        1,
        "<set> changing a link",
    ),
    "SVG with an entity": svg_case(
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY x "&#60;script&#62;">\n]>\n{SVG}&x;</svg>',
        2,
        "an internal DTD (<!DOCTYPE svg [...]>)",
    ),
    "SVG with an XSLT stylesheet": svg_case(
        f'<?xml-stylesheet type="text/xsl" href="evil.xsl"?>\n{SVG}</svg>',
        1,
        "the processing instruction <?xml-stylesheet?>",
    ),
    "HTML named .svg, shown": page_case(
        "![A drawing](../assets/evil.svg)\n",
        "4:14",
        "'../assets/evil.svg' is not an SVG image: its root element is not <svg> in the SVG "
        'namespace (xmlns="http://www.w3.org/2000/svg")',
        **{"assets/evil.svg": "<html><body><script>alert(1)</script></body></html>"},
    ),
    "PDF shown as an image": page_case(
        "![The guide](../assets/guide.pdf)\n",
        "4:14",
        "'../assets/guide.pdf' is not an image a browser shows (.avif, .bmp, .gif, .ico, "
        ".jpeg, .jpg, .png, .webp, .svg), nor audio or video it plays (.aac, .flac, .m4a, "
        ".m4v, .mov, .mp3, .mp4, .oga, .ogg, .ogv, .opus, .wav, .weba, .webm): convert it, "
        "or link to it with [text](../assets/guide.pdf)",
        **{"assets/guide.pdf": b"%PDF-1.4\n"},
    ),
    "safe SVG shown, PDF and CSV linked": Case(
        ["valid: demo 1.0: 2 modules, 3 pages, 6 questions, 3 assets"],
        {
            "intro/two.md": page("[guide](../assets/guide.pdf), [data](../assets/d.csv)\n"),
            "assets/guide.pdf": b"%PDF-1.4\n",
            "assets/d.csv": "a,b\n1,2\n",
        },
        exit_code=0,
    ),
    # 4. Every file read stays inside its root.
    "theme static file linked outside": theme_link("theme/static/x.js"),
    "theme static folder linked outside": theme_link("theme/static/lib", directory=True),
    "theme strings linked outside": theme_link("theme/i18n/en.json"),
    "theme template linked outside": theme_link("theme/sco.html"),
    "--templates folder with a file linked outside": Case(
        [
            "{tmp}/theme/static/x.js:1:1: error: a symbolic link to a file outside the theme "
            "folder: copy the file into the theme instead",
            "1 error in the course",
        ],
        args=("build", "{root}", "--templates", "{tmp}/theme", "-o", "{tmp}/out.zip"),
        setup=lambda root, tmp: symlink("../theme/static/x.js", "outside/secret")(root, tmp),
    ),
    "template reading Python's internals": template_case(
        "{{ ''.__class__.__mro__ }}",
        "theme/sco.html:1:1",
        "the template failed: SecurityError: access to attribute '__class__' of 'str' object "
        "is unsafe.",
    ),
    # 5. -o writes only a new file or an existing zip outside the sources.
    "-o onto course.yaml": output_refused(
        "{root}/course.yaml", "it exists and is not a zip: name a new file, or a zip to replace"
    ),
    "-o onto a file that is not a zip": output_refused(
        "{tmp}/notes.txt",
        "it exists and is not a zip: name a new file, or a zip to replace",
        outside_files({"notes.txt": NOT_A_ZIP}),
    ),
    "-o onto a symbolic link to a zip": output_refused(
        "{tmp}/link.zip",
        "it is a symbolic link: name a new file, or a zip to replace",
        both(EXISTING_ZIP, lambda root, tmp: (tmp / "link.zip").symlink_to(tmp / "old.zip")),
    ),
    "-o onto a FIFO": output_refused(
        "{tmp}/pipe.zip",
        "it is not a regular file: name a new file, or a zip to replace",
        lambda root, tmp: os.mkfifo(tmp / "pipe.zip"),
    ),
    "-o onto a device": output_refused(
        "{tmp}/null.zip",
        "it is not a regular file: name a new file, or a zip to replace",
        lambda root, tmp: make_null_device(tmp / "null.zip"),
    ),
    "-o onto a folder": Case(
        [
            "Usage: cli build [OPTIONS] [COURSE_DIR]",
            UNDERLINED,
            "",
            "Error: Invalid value for '-o' / '--output': File '{tmp}' is a directory.",
        ],
        args=("build", "{root}", "-o", "{tmp}"),
        exit_code=2,
    ),
    "-o new file inside the course": output_refused(
        "{root}/intro/out.zip",
        "it is inside {root}, which the package is built from: write it elsewhere",
    ),
    "-o onto a zip inside the course": output_refused(
        "{root}/assets/old.zip",
        "it is inside {root}, which the package is built from: write it elsewhere",
        outside_files({"course/assets/old.zip": b"PK\x05\x06" + bytes(18)}),
    ),
    "-o inside the --templates folder": Case(
        [
            "Error: cannot write {tmp}/theme/out.zip: it is inside {tmp}/theme, which the "
            "package is built from: write it elsewhere"
        ],
        args=("build", "{root}", "--templates", "{tmp}/theme", "-o", "{tmp}/theme/out.zip"),
        setup=outside_files({"theme/static/extra.css": b"p {}"}),
    ),
    "-o onto an existing zip": Case(
        built("{tmp}/old.zip"),
        args=("build", "{root}", "-o", "{tmp}/old.zip"),
        exit_code=0,
        setup=EXISTING_ZIP,
        then=lambda root, tmp: is_package(tmp / "old.zip"),
    ),
    "-o into the course's dist folder": Case(
        built("{root}/dist/out.zip"),
        args=("build", "{root}", "-o", "{root}/dist/out.zip"),
        exit_code=0,
        then=lambda root, tmp: is_package(root / "dist" / "out.zip"),
    ),
    # 6. YAML limits.
    "alias bomb": yaml_case(
        COURSE.rstrip(" ") + BOMB + "        description: *f\n",
        "course.yaml:13:4",
        "holds more than 100000 values once its aliases (*name) are expanded: write the "
        "values out, or alias fewer times",
    ),
    "alias loop": yaml_case(
        "&a [*a]\n",
        "course.yaml:1:1",
        "an alias (*name) names a value that contains it: remove the loop",
    ),
    "deep nesting, flow style": deep_yaml(
        "        description: " + "[" * 1000 + "]" * 1000 + "\n", "course.yaml:8:63"
    ),
    "deep nesting, block style": yaml_case(
        textwrap.dedent(COURSE) + "authors:\n" + "".join("  " * i + "-\n" for i in range(1, 999)),
        "course.yaml:58:101",
        "nested deeper than 50 levels: flatten this part of the file",
    ),
    "deep nesting through aliases": deep_yaml(
        "        l0: &l0 [x]\n"
        + "".join(f"        l{i}: &l{i} [*l{i - 1}]\n" for i in range(1, 60)),
        "course.yaml:18:6",
    ),
    "huge value quoted in an error": yaml_case(
        COURSE.replace("id: demo", "id: " + "A" * 100_000),
        "course.yaml:1:5",
        "'id' has an invalid value 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…. "
        "Stable course identifier: lower-case letters, digits and '-', at most 64 characters; "
        "defaults to the folder name, slugified.",
    ),
    # 8. Two builds to the same output.
    "a running build's temporary file is kept": build_keeps(
        "out.zip", f".out.zip.{os.getpid()}.abc.part"
    ),
    "-o named like a glob leaves other courses' files": build_keeps(
        "dist/*.zip", f"dist/.other.zip.{GONE_PID}.abc.part"
    ),
    "-o named with brackets leaves other courses' files": build_keeps(
        "dist/[o]ther.zip", f"dist/.other.zip.{GONE_PID}.abc.part"
    ),
    # 9. Author mistakes, not tool bugs.
    "NUL in a page name": Case(
        [
            "intro/module.yaml:6:5: error: the name contains the control character U+0000: "
            "remove it",
            "intro/one.md:8:21: error: 'two.md' is not a page of this module: a module is one "
            "SCO, so link only to pages of the same module",
            "2 errors in the course",
        ],
        {
            "intro/module.yaml": VALID_COURSE["intro/module.yaml"].replace(
                "- two.md", '- "t\\0wo.md"'
            )
        },
    ),
    "NUL in a link": page_case(
        "[x](a%00b.png)\n", "4:5", "the name contains the control character U+0000: remove it"
    ),
    "course.yaml linked outside the course": Case(
        [
            "course.yaml:1:1: error: 'course.yaml' is outside the course folder; copy it inside",
            "1 error in the course",
        ],
        {"course.yaml": None},
        setup=lambda root, tmp: symlink("course.yaml", "outside/course.yaml")(root, tmp),
    ),
    "template dividing by zero": template_case(
        "<p>\n{{ 1 / 0 }}</p>\n",
        "theme/sco.html:2:1",
        "the template failed: ZeroDivisionError: division by zero",
    ),
    "template including a missing file": template_case(
        "{% include 'missing.html' %}\n",
        "theme/sco.html:1:1",
        "the template failed: no template 'missing.html' in the theme",
    ),
    # 12. Error quality.
    **{
        f"{url.split(':')[0]}: link in a page": bad_scheme_in_page(url)
        for url in [
            "javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,x",
            "file:///etc/passwd",
        ]
    },
    **{
        f"{url.split(':')[0]}: link in a quiz": bad_scheme_in_quiz(url)
        for url in [
            "javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,x",
            "file:///etc/passwd",
        ]
    },
    "data: image in a page": page_case(
        "![dot](data:image/png;base64,AAAA)\n",
        "4:8",
        "image 'data:image/png;base64,AAAA' uses the scheme 'data:', which a package cannot "
        "hold: link to the web (https://...) or to a file of the course",
    ),
    "two files that become one name in the package": page_case(
        "![A](../assets/Été.png) ![B](../assets/ete.png)\n",
        "4:30",
        "'assets/ete.png' and 'assets/Été.png' both become 'media/assets/ete.png' in the "
        "package: rename one",
        **{"assets/Été.png": b"\x89PNG", "assets/ete.png": b"\x89PNG"},
    ),
    "broken theme strings": Case(
        ["theme/i18n/en.json:2:11: error: not JSON: Expecting value", "1 error in the course"],
        {**THEME, "theme/i18n/en.json": '{\n  "quiz": ,\n}'},
    ),
    "theme strings not in UTF-8": Case(
        [
            "theme/i18n/en.json:1:11: error: not UTF-8 (byte 0xe9): save the file as UTF-8",
            "1 error in the course",
        ],
        {**THEME, "theme/i18n/en.json": b'{"quiz": "\xe9"}'},
    ),
    "usage error": Case(
        [
            "Usage: cli build [OPTIONS] [COURSE_DIR]",
            UNDERLINED,
            "",
            "Error: No such option '--bogus'.",
        ],
        args=("build", "{root}", "--bogus"),
        exit_code=2,
    ),
}


def snapshot(folder: Path) -> dict[str, tuple[str, bytes | str | int]]:
    """Return every entry under `folder`: files with their bytes, links with their target."""
    state: dict[str, tuple[str, bytes | str | int]] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            state[str(path)] = ("link", str(path.readlink()))
        elif stat.S_ISREG(mode):
            state[str(path)] = ("file", path.read_bytes())
        else:
            state[str(path)] = ("other", stat.S_IFMT(mode))
    return state


def filled(text: str, root: Path, tmp: Path) -> str:
    return text.replace("{root}", str(root)).replace("{tmp}", str(tmp))


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_hostile_input_has_its_exact_outcome(
    case: Case, make_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_course(case.files)
    case.setup(root, tmp_path)
    before = snapshot(tmp_path)

    result = run_cli(*(filled(arg, root, tmp_path) for arg in case.args))

    lines = result.output.splitlines()
    patterns = [
        re.escape(filled(line, root, tmp_path)).replace(re.escape("{any}"), ".*")
        for line in case.expected
    ]
    assert len(lines) == len(patterns), result.output
    for line, pattern in zip(lines, patterns, strict=True):
        assert re.fullmatch(pattern, line), (line, pattern)
    assert result.exit_code == case.exit_code
    if case.then is not None:
        assert case.then(root, tmp_path)
    else:
        assert snapshot(tmp_path) == before  # refused: nothing written, nothing touched
