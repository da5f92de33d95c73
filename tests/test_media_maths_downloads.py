"""Audio and video, maths and downloads: from Markdown to HTML, their files checked and
packaged (the manifest lists them), and every mistake told at path:line:column with its fix."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from scorm_builder import markdown, themes
from scorm_builder.components import downloads
from scorm_builder.loading import load_course
from tests.course_fixtures import VALID_COURSE, run_cli

FRENCH = themes.interface_strings(themes.theme_search_path(None), "fr")
ENGLISH = themes.interface_strings(themes.theme_search_path(None), "en")
PAGE = "---\ntitle: Page two\n---\n"
WEBVTT = "WEBVTT\n\n00:00.000 --> 00:01.000\nA <b>bar</b> grows.\n"
VIDEO = b"\x1aE\xdf\xa3 webm"
"""The first bytes of a WebM file: enough for the tool, which never decodes media."""
MANIFEST = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}


def page_course(make_course: Callable[..., Path], body: str, **files: str | bytes) -> Path:
    """The valid course whose second page is `body`, with more files under intro/."""
    extra: dict[str, str | bytes | None] = {f"intro/{name}": data for name, data in files.items()}
    return make_course({"intro/two.md": PAGE + body, **extra})


def second_page_html(course: Path) -> str:
    return load_course(course).course.modules[0].pages[1].html


def problems(course: Path) -> list[str]:
    result = run_cli("validate", str(course))
    assert result.exit_code == 1, result.output
    return result.output.splitlines()[:-1]


# -- video and audio ------------------------------------------------------------------------


def test_a_video_plays_with_its_captions_and_poster_found_beside_it(
    make_course: Callable[..., Path],
) -> None:
    course = page_course(
        make_course,
        "![A bar grows](clip.webm)\n",
        **{"clip.webm": VIDEO, "clip.vtt": WEBVTT, "clip.png": b"\x89PNG\r\n\x1a\n"},
    )
    assert second_page_html(course) == (
        '<p><video src="media/intro/clip.webm" class="media" controls preload="metadata" '
        'poster="media/intro/clip.png" aria-label="A bar grows">'
        '<track src="media/intro/clip.vtt" kind="captions" srclang="en" label="Captions" '
        "default></video></p>\n"
    )


@pytest.mark.parametrize("language", ["en", "en-GB"])  # en-GB's captions are found as en's
def test_captions_in_the_course_language_come_first_and_say_their_language(
    make_course: Callable[..., Path], language: str
) -> None:
    course = page_course(
        make_course,
        "![A bar grows](clip.webm)\n",
        **{"clip.webm": VIDEO, "clip.en.vtt": WEBVTT, "clip.vtt": "not even WebVTT"},
    )
    (course / "course.yaml").write_text(
        (course / "course.yaml").read_text("utf-8").replace("language: en", f"language: {language}")
    )
    html = second_page_html(course)
    assert '<track src="media/intro/clip-en.vtt" kind="captions" srclang="en"' in html
    assert "poster" not in html


def test_captions_and_poster_named_in_the_title_go_with_the_video(
    make_course: Callable[..., Path],
) -> None:
    course = page_course(
        make_course,
        '![A talk](talk.mp4 "subs/talk.fr.vtt ../assets/cover.jpg")\n',
        **{"talk.mp4": b"\0\0\0\x18ftypmp42", "subs/talk.fr.vtt": WEBVTT},
    )
    (course / "assets" / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    assert second_page_html(course) == (
        '<p><video src="media/intro/talk.mp4" class="media" controls preload="metadata" '
        'poster="media/assets/cover.jpg" aria-label="A talk">'
        '<track src="media/intro/subs/talk-fr.vtt" kind="captions" srclang="fr" '
        'label="Captions" default></video></p>\n'
    )
    module = load_course(course).course.modules[0]
    assert {asset.package_path for asset in module.assets} >= {
        "media/intro/talk.mp4",
        "media/intro/subs/talk-fr.vtt",
        "media/assets/cover.jpg",
    }


def test_captions_in_several_languages_are_told_apart_and_the_first_shows(
    make_course: Callable[..., Path],
) -> None:
    course = page_course(
        make_course,
        '![A talk](talk.webm "talk.en.vtt talk.fr.vtt")\n',
        **{"talk.webm": VIDEO, "talk.en.vtt": WEBVTT, "talk.fr.vtt": WEBVTT},
    )
    assert second_page_html(course) == (
        '<p><video src="media/intro/talk.webm" class="media" controls preload="metadata" '
        'aria-label="A talk">'
        '<track src="media/intro/talk-en.vtt" kind="captions" srclang="en" '
        'label="Captions (en)" default>'
        '<track src="media/intro/talk-fr.vtt" kind="captions" srclang="fr" '
        'label="Captions (fr)"></video></p>\n'
    )


@pytest.mark.parametrize("name", ["talk.mp3", "talk.ogg", "talk.oga", "talk.m4a"])
def test_audio_plays_with_native_controls_and_needs_no_captions(
    make_course: Callable[..., Path], name: str
) -> None:
    course = page_course(make_course, f"![The talk]({name})\n", **{name: b"ID3audio"})
    assert second_page_html(course) == (
        f'<p><audio src="media/intro/{name}" class="media" controls preload="metadata" '
        'aria-label="The talk"></audio></p>\n'
    )


def test_video_and_audio_never_play_on_their_own() -> None:
    html = markdown.html("![a](x.mp4) ![b](y.mp3)")
    assert "autoplay" not in html and html.count("controls") == 2


@pytest.mark.parametrize(
    ("body", "files", "expected"),
    [
        (
            "Look:\n\n![A bar grows](clip.webm)\n",
            {"clip.webm": VIDEO},
            "intro/two.md:6:16: error: video 'clip.webm' has no captions, which WCAG 1.2.2 "
            "requires: put them beside it as a WebVTT file, 'clip.vtt' or 'clip.en.vtt', or "
            'name one after the video: ![...](clip.webm "captions.vtt")',
        ),
        (
            '![A bar grows](clip.webm "clip.vtt ../assets/cover.png")\n',
            {"clip.webm": VIDEO, "clip.vtt": WEBVTT},
            "intro/two.md:4:16: error: '../assets/cover.png' does not exist (looked for "
            "assets/cover.png)",
        ),
        (
            '![A bar grows](clip.webm "subs.vtt")\n',
            {"clip.webm": VIDEO},
            "intro/two.md:4:16: error: 'subs.vtt' does not exist (looked for intro/subs.vtt)",
        ),
        (
            "![A bar grows](clip.webm)\n",
            {"clip.webm": VIDEO, "clip.vtt": "1\n00:00:00,000 --> 00:00:01,000\nHi\n"},
            "intro/two.md:4:16: error: 'clip.vtt' is not a WebVTT file: its first line must "
            "be WEBVTT (found '1'): export the captions as WebVTT (.vtt)",
        ),
        (
            "![A bar grows](clip.webm)\n",
            {"clip.webm": VIDEO, "clip.vtt": WEBVTT + "\n2\n00:01.000 --> 00:02.000\n<script>"},
            "intro/two.md:4:16: error: 'clip.vtt' holds <script> at line 8, which is not "
            "WebVTT cue markup: remove it, or write &lt; for a '<' of the text (captions may "
            "use <b>, <c>, <i>, <lang>, <ruby>, <rt>, <u>, <v>, without attributes)",
        ),
        (
            "![A bar grows](clip.webm)\n",
            {
                "clip.webm": VIDEO,
                "clip.vtt": WEBVTT + "\n00:01.000 --> 00:02.000\n<b onmouseover=alert(1)>hi</b>",
            },
            "intro/two.md:4:16: error: 'clip.vtt' holds <b onmouseover=alert(1)> at line 7, "
            "which is not WebVTT cue markup: remove it, or write &lt; for a '<' of the text "
            "(captions may use <b>, <c>, <i>, <lang>, <ruby>, <rt>, <u>, <v>, without "
            "attributes)",
        ),
        (
            "![A bar grows](clip.webm)\n",
            {
                "clip.webm": VIDEO,
                "clip.vtt": WEBVTT + "\n00:01.000 --> 00:02.000\n"
                "<v Ann>Yes</v> <i/onclick=alert(1)>x",
            },
            "intro/two.md:4:16: error: 'clip.vtt' holds <i/onclick=alert(1)> at line 7, "
            "which is not WebVTT cue markup: remove it, or write &lt; for a '<' of the text "
            "(captions may use <b>, <c>, <i>, <lang>, <ruby>, <rt>, <u>, <v>, without "
            "attributes)",
        ),
        (
            "![A bar grows](clip.webm)\n",
            {
                "clip.webm": VIDEO,
                "clip.vtt": WEBVTT + "\n00:01.000 --> 00:02.000\n<p>a\n\nNOTE end\n",
            },
            "intro/two.md:4:16: error: 'clip.vtt' holds <p> at line 7, which is not WebVTT cue "
            "markup: remove it, or write &lt; for a '<' of the text (captions may use <b>, <c>, "
            "<i>, <lang>, <ruby>, <rt>, <u>, <v>, without attributes)",
        ),
        (
            "![A bar grows](clip.webm)\n",
            {"clip.webm": VIDEO, "clip.vtt": WEBVTT + '\n00:01.000 --> 00:02.000\n<v a="b">x'},
            "intro/two.md:4:16: error: 'clip.vtt' holds <v a=\"b\"> at line 7, which is not "
            "WebVTT cue markup: remove it, or write &lt; for a '<' of the text (captions may "
            "use <b>, <c>, <i>, <lang>, <ruby>, <rt>, <u>, <v>, without attributes)",
        ),
        (
            '![A bar grows](clip.webm "clip.vtt notes.pdf")\n',
            {"clip.webm": VIDEO, "clip.vtt": WEBVTT, "notes.pdf": b"%PDF-1.4\n"},
            "intro/two.md:4:16: error: 'notes.pdf' cannot go with a video: name its captions "
            "(a WebVTT file, .vtt) or its poster (an image) after it, as in "
            '![what it shows](demo.mp4 "demo.vtt demo.png")',
        ),
        (
            "![A bar grows](clip.avi)\n",
            {"clip.avi": VIDEO},
            "intro/two.md:4:16: error: 'clip.avi' is not an image a browser shows (.avif, "
            ".bmp, .gif, .ico, .jpeg, .jpg, .png, .webp, .svg), nor audio or video it plays "
            "(.aac, .flac, .m4a, .m4v, .mov, .mp3, .mp4, .oga, .ogg, .ogv, .opus, .wav, "
            ".weba, .webm): convert it, or link to it with [text](clip.avi)",
        ),
    ],
    ids=[
        "no captions",
        "missing poster named",
        "missing captions named",
        "SubRip named .vtt",
        "script in captions",
        "attribute in captions",
        "attribute after a slash in captions",
        "markup above other lines",
        "quoted voice in captions",
        "neither captions nor poster",
        "unknown media type",
    ],
)
def test_a_media_mistake_is_told_at_the_media(
    make_course: Callable[..., Path], body: str, files: dict[str, str | bytes], expected: str
) -> None:
    assert problems(page_course(make_course, body, **files)) == [expected]


def test_captions_may_use_every_cue_markup_of_webvtt(make_course: Callable[..., Path]) -> None:
    cues = (
        "00:01.000 --> 00:03.000\n<v.loud Ann Lee>Yes</v> <c.yellow.big>so</c> <b>b</b> <i>i</i>"
        " <u>u</u>\n<ruby>漢<rt>kan</rt></ruby> <lang en-GB>colour</lang> <00:02.000>now"
        " <01:00:02.500>then</v>\n"
    )
    course = page_course(
        make_course,
        "![A bar grows](clip.webm)\n",
        **{"clip.webm": VIDEO, "clip.vtt": WEBVTT + "\n" + cues},
    )
    assert run_cli("validate", str(course)).exit_code == 0


def test_a_video_whose_caption_names_are_too_long_for_the_system_has_none(
    make_course: Callable[..., Path],
) -> None:
    name = "v" * 250 + ".webm"
    course = page_course(make_course, f"![A bar grows]({name})\n", **{name: VIDEO})
    assert problems(course) == [
        f"intro/two.md:4:16: error: video '{name}' has no captions, which WCAG 1.2.2 requires: "
        f"put them beside it as a WebVTT file, '{'v' * 250}.vtt' or '{'v' * 250}.en.vtt', or "
        f'name one after the video: ![...]({name} "captions.vtt")'
    ]


def test_the_manifest_lists_every_media_captions_poster_and_download(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    course = page_course(
        make_course,
        "![A bar grows](clip.webm)\n\n![The talk](talk.mp3)\n\n[Outline](outline.pdf)\n",
        **{
            "clip.webm": VIDEO,
            "clip.fr.vtt": WEBVTT,
            "clip.webp": b"RIFF\0\0\0\0WEBP",
            "talk.mp3": b"ID3audio",
            "outline.pdf": b"%PDF-1.4\n",
        },
    )
    (course / "course.yaml").write_text(
        (course / "course.yaml").read_text("utf-8").replace("language: en", "language: fr")
    )
    result = run_cli("build", str(course), "-o", str(tmp_path / "out.zip"))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        names = set(archive.namelist())
    (intro,) = manifest.xpath("//cp:resource[@identifier='RES-intro']", namespaces=MANIFEST)
    listed = {file.get("href") for file in intro.xpath("cp:file", namespaces=MANIFEST)}
    packaged = {
        "media/intro/clip.webm",
        "media/intro/clip-fr.vtt",
        "media/intro/clip.webp",
        "media/intro/talk.mp3",
        "media/intro/outline.pdf",
    }
    assert packaged <= listed and packaged <= names


# -- maths ------------------------------------------------------------------------------------


def test_inline_maths_becomes_mathml_with_its_latex_as_alttext() -> None:
    assert markdown.html("So $x^2$ grows.") == (
        '<p>So <math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" '
        'alttext="x^2"><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow></math> grows.</p>\n'
    )


def test_display_maths_is_a_block_named_by_its_latex() -> None:
    assert markdown.html("$$\n\\frac{a}{b} < 1\n$$\n") == (
        '<div class="math"><math xmlns="http://www.w3.org/1998/Math/MathML" display="block" '
        'alttext="\\frac{a}{b} &lt; 1"><mrow><mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi>'
        "</mrow></mfrac><mo>&lt;</mo><mn>1</mn></mrow></math></div>\n"
    )


def test_aligned_columns_convert() -> None:
    html = markdown.html("$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$\n")
    assert '<mtd columnalign="left"><mi/><mo>=</mo><mi>b</mi></mtd>' in html
    assert 'alttext="\\begin{aligned} a &amp;= b \\\\ c &amp;= d \\end{aligned}"' in html


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 a month, or $50 a year.",
        "From 5$ to 10$ a month.",
        "Set $HOME and $PATH first.",
        "$5-$10 a month.",
        "Write \\$x\\$ to show dollars.",
        "In the shell, `echo $HOME $USER` prints them.",
        "A lone $ sign.",
    ],
)
def test_dollar_signs_in_ordinary_text_stay_text(text: str) -> None:
    html = markdown.html(text)
    assert "<math" not in html
    assert html.count("$") == text.count("$")  # every dollar sign shown, none taken


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The ratio is $\\frac{1}{$ here.\n",
            "intro/two.md:4:14: error: the formula '\\frac{1}{' does not convert to MathML: it "
            "ends before a group or a command is complete: fix its LaTeX, or write \\$ for a "
            "dollar sign that is not maths",
        ),
        (
            "Some text.\n\n$$\nx^\n$$\n",
            "intro/two.md:6:1: error: the formula 'x^' does not convert to MathML: a '^' or "
            "'_' has nothing after it: fix its LaTeX, or write \\$ for a dollar sign that is "
            "not maths",
        ),
        (
            "Two lines,\nthen $\\foo{x}$.\n",
            "intro/two.md:5:6: error: the formula '\\foo{x}' does not convert to MathML: \\foo "
            "is not a command it knows: fix its LaTeX, or write \\$ for a dollar sign that is "
            "not maths",
        ),
        (
            "A $\\text{<script>alert(1)</script>}$.\n",
            "intro/two.md:4:3: error: the formula '\\text{<script>alert(1)</script>}' does not "
            "convert to MathML: it makes <script>, which is not MathML a page may hold: fix "
            "its LaTeX, or write \\$ for a dollar sign that is not maths",
        ),
        (
            "A $\\href{javascript:alert(1)}{x}$.\n",
            "intro/two.md:4:3: error: the formula '\\href{javascript:alert(1)}{x}' does not "
            "convert to MathML: it makes the attribute href, which a page may not hold: fix "
            "its LaTeX, or write \\$ for a dollar sign that is not maths",
        ),
        (
            "$$\\begin{gathered} a & b \\end{gathered}$$\n",
            "intro/two.md:4:1: error: the formula '\\begin{gathered} a & b \\end{gathered}' "
            "does not convert to MathML: its columns do not convert: align them with align*, "
            "cases or a matrix: fix its LaTeX, or write \\$ for a dollar sign that is not maths",
        ),
        (
            "A $\\text{&foo;}$.\n",
            "intro/two.md:4:3: error: the formula '\\text{&foo;}' "
            "does not convert to MathML: a text in it (\\text, \\mbox...) holds '&' or '<', "
            "which the converter leaves as markup: write them outside the text, as in "
            "\\text{AT}\\&\\text{T} or \\text{x} < \\text{y}: fix its LaTeX, or write \\$ "
            "for a dollar sign that is not maths",
        ),
        (
            "A $\\hbox{<b>}$.\n",
            "intro/two.md:4:3: error: the formula '\\hbox{<b>}' "
            "does not convert to MathML: a text in it (\\text, \\mbox...) holds '&' or '<', "
            "which the converter leaves as markup: write them outside the text, as in "
            "\\text{AT}\\&\\text{T} or \\text{x} < \\text{y}: fix its LaTeX, or write \\$ "
            "for a dollar sign that is not maths",
        ),
        (
            "A $x_1_2$ here.\n",
            "intro/two.md:4:3: error: the formula 'x_1_2' does not convert to MathML: double "
            "subscripts: fix its LaTeX, or write \\$ for a dollar sign that is not maths",
        ),
    ],
    ids=[
        "unclosed group",
        "display, nothing after ^",
        "unknown command",
        "markup",
        "link",
        "columns",
        "entity in a text",
        "tag in a text",
        "an error told by its name",
    ],
)
def test_a_formula_that_does_not_convert_is_told_at_its_dollar(
    make_course: Callable[..., Path], body: str, expected: str
) -> None:
    assert problems(page_course(make_course, body)) == [expected]


# -- downloads --------------------------------------------------------------------------------


def test_a_link_to_a_course_file_downloads_it_with_its_type_and_size(
    make_course: Callable[..., Path],
) -> None:
    course = page_course(
        make_course, "[The outline](outline.pdf)\n", **{"outline.pdf": b"%" * 240_000}
    )
    assert second_page_html(course) == (
        '<p><a href="media/intro/outline.pdf" target="_blank" rel="noopener noreferrer" '
        'download="outline.pdf">The outline <span class="download">(PDF, 240 KB)</span></a>'
        "</p>\n"
    )
    (course / "course.yaml").write_text(
        (course / "course.yaml").read_text("utf-8").replace("language: en", "language: fr")
    )
    assert "(PDF, 240 Ko)" in second_page_html(course)


@pytest.mark.parametrize(
    ("size", "english", "french"),
    [
        (0, "0 bytes", "0 octets"),
        (999, "999 bytes", "999 octets"),
        (1_000, "1.0 KB", "1,0 Ko"),
        (1_540, "1.5 KB", "1,5 Ko"),
        (240_000, "240 KB", "240 Ko"),
        (999_600, "1.0 MB", "1,0 Mo"),
        (1_234_567, "1.2 MB", "1,2 Mo"),
        (45_600_000, "46 MB", "46 Mo"),
        (3_100_000_000, "3.1 GB", "3,1 Go"),
    ],
)
def test_sizes_read_as_people_write_them(size: int, english: str, french: str) -> None:
    assert downloads.size_text(size, ENGLISH) == english
    assert downloads.size_text(size, FRENCH) == french


def test_links_to_pages_and_the_web_are_not_downloads(make_course: Callable[..., Path]) -> None:
    course = page_course(make_course, "[Back](one.md) and [the web](https://example.org)\n")
    html = second_page_html(course)
    assert "download" not in html


# -- glossary ---------------------------------------------------------------------------------

GLOSSARY = """\
    terms:
      - term: SCO
        forms: [SCOs]
        definition: A *Sharable Content Object*.
      - term: LMS
        definition: See [Moodle](https://moodle.org).
    """


def test_a_term_is_defined_after_the_paragraph_of_its_first_use_on_each_page(
    make_course: Callable[..., Path],
) -> None:
    body = (
        "## SCO and LMS\n\n"
        "Each module is a SCO; [a SCO](https://example.org) and `SCO` are not uses.\n\n"
        "- two SCOs, one LMS\n"
        "- another SCO\n\n"
        "| SCO |\n| --- |\n| LMS |\n"
    )
    course = make_course({"intro/two.md": PAGE + body, "glossary.yaml": GLOSSARY})
    assert second_page_html(course) == (
        "<h3>SCO and LMS</h3>\n"
        '<p>Each module is a <span class="term">SCO</span>; <a href="https://example.org" '
        'target="_blank" rel="noopener noreferrer">a SCO</a> and <code>SCO</code> are not '
        "uses.</p>\n"
        '<details class="reveal glossary">\n<summary>Definition: SCO</summary>\n'
        "<p>A <em>Sharable Content Object</em>.</p>\n</details>\n"
        "<ul>\n"
        '<li>two SCOs, one <span class="term">LMS</span>'
        '<details class="reveal glossary">\n<summary>Definition: LMS</summary>\n'
        '<p>See <a href="https://moodle.org" target="_blank" rel="noopener noreferrer">'
        "Moodle</a>.</p>\n</details>\n</li>\n"
        "<li>another SCO</li>\n"
        "</ul>\n"
        '<table>\n<thead>\n<tr>\n<th scope="col">SCO</th>\n</tr>\n</thead>\n'
        "<tbody>\n<tr>\n<td>LMS</td>\n</tr>\n</tbody>\n</table>\n"
    )
    (first_page,) = [p for p in load_course(course).course.modules[0].pages if p.id == "one"]
    assert "term" not in first_page.html


SCO_DEFINITION = (
    '<details class="reveal glossary">\n<summary>Definition: SCO</summary>\n'
    "<p>A <em>Sharable Content Object</em>.</p>\n</details>\n"
)


@pytest.mark.parametrize(
    ("body", "html"),
    [
        (
            "Intro.\n\n## About SCO\n\nA SCO, at last.\n",
            '<p>Intro.</p>\n<h3>About SCO</h3>\n<p>A <span class="term">SCO</span>, at last.</p>\n'
            + SCO_DEFINITION,
        ),
        (
            "[An LMS](https://example.org) launches each SCO; the LMS tracks it.\n",
            '<p><a href="https://example.org" target="_blank" rel="noopener noreferrer">An LMS'
            '</a> launches each <span class="term">SCO</span>; the <span class="term">LMS</span> '
            "tracks it.</p>\n"
            + SCO_DEFINITION
            + '<details class="reveal glossary">\n<summary>Definition: LMS</summary>\n'
            '<p>See <a href="https://moodle.org" target="_blank" rel="noopener noreferrer">'
            "Moodle</a>.</p>\n</details>\n",
        ),
    ],
    ids=["heading after a paragraph", "first written in a link, two in one text"],
)
def test_a_term_is_used_only_in_a_paragraphs_own_text(
    make_course: Callable[..., Path], body: str, html: str
) -> None:
    course = make_course({"intro/two.md": PAGE + body, "glossary.yaml": GLOSSARY})
    assert second_page_html(course) == html


def test_a_glossary_definition_is_labelled_in_the_course_language(
    make_course: Callable[..., Path],
) -> None:
    course = make_course(
        {"intro/two.md": PAGE + "Un SCO.\n", "glossary.yaml": GLOSSARY}
        | {"course.yaml": "id: demo\ntitle: D\nlanguage: fr\nversion: '1'\nmodules: [intro]\n"}
    )
    assert "<summary>Définition : SCO</summary>" in second_page_html(course)


def test_glossary_mistakes_are_told_at_their_line(make_course: Callable[..., Path]) -> None:
    glossary = GLOSSARY.replace("forms: [SCOs]", "forms: [SCOs, LMS]").replace(
        "See [Moodle](https://moodle.org).", "See ![a logo](logo.png) and [notes](notes.pdf)."
    )
    assert problems(make_course({"glossary.yaml": glossary})) == [
        "glossary.yaml:5:11: error: duplicate glossary term 'LMS' (also at glossary.yaml:3)",
        "glossary.yaml:6:17: error: image 'logo.png' in the glossary: put images on a page",
        "glossary.yaml:6:17: error: link 'notes.pdf' in the glossary: only links to the web "
        "(https://...) fit there",
    ]


def test_formulas_that_do_not_convert_are_told_in_quiz_and_glossary_texts(
    make_course: Callable[..., Path],
) -> None:
    quiz = (
        VALID_COURSE["assessment/quiz.yaml"]
        .replace("prompt: Pick one", "prompt: 'Pick $\\frac{1}{$ one'")
        .replace("- text: Wrong", "- text: $x^$")
    )
    glossary = GLOSSARY.replace("A *Sharable Content Object*.", "A unit, $\\foo$.")
    told = problems(make_course({"assessment/quiz.yaml": quiz, "glossary.yaml": glossary}))
    fix = ": fix its LaTeX, or write \\$ for a dollar sign that is not maths"
    assert told == [
        "assessment/quiz.yaml:5:13: error: the formula '\\frac{1}{' does not convert to "
        f"MathML: it ends before a group or a command is complete{fix}",
        "assessment/quiz.yaml:9:15: error: the formula 'x^' does not convert to MathML: a '^' "
        f"or '_' has nothing after it{fix}",
        "glossary.yaml:4:17: error: the formula '\\foo' does not convert to MathML: \\foo is "
        f"not a command it knows{fix}",
    ]


def test_a_glossary_without_terms_is_told(make_course: Callable[..., Path]) -> None:
    assert problems(make_course({"glossary.yaml": "terms: []\n"})) == [
        "glossary.yaml:1:8: error: 'terms' must have at least 1 item"
    ]
