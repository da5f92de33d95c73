"""`scorm-builder import`: a Markdown outline becomes a course folder that validates."""

from __future__ import annotations

import html
import re
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from ruamel.yaml import YAML

from scorm_builder.importing import detected_language
from scorm_builder.loading import split_front_matter
from tests.course_fixtures import SHARED, run_cli, skip_or_fail

SEED = SHARED / "seed" / "cours-devops-ece.md"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}
SEED_STRUCTURE = [
    ("Introduction", ["Qui on est", "Pourquoi ce cours et quoi en attendre"]),
    (
        "DevOps",
        [
            "Devs vs Ops",
            "Definition",
            "Faire tomber le mur",
            "L'agile et le scrum dans tout ça",
            "Keep CALMS: Pilier du DevOps",
            "Les différentes sous parties du Devops",
        ],
    ),
    ("Continuous Integration", ["Continuous Integration"]),
]


@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        skip_or_fail(f"no seed outline at {SEED}")
    return SEED


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in `tmp_path`, so that messages name the outline as the user wrote it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def outline(folder: Path, text: str, name: str = "outline.md") -> Path:
    """Write an outline into `folder` and return its path as given on the command line."""
    path = folder / name
    path.write_text(textwrap.dedent(text), "utf-8")
    return path.relative_to(Path.cwd())


def imported(source: Path, target: str = "course", *options: str) -> tuple[Path, list[str]]:
    """Import `source`, check that it succeeded, and return the course folder and warnings."""
    result = run_cli("import", str(source), target, *options)
    assert result.exit_code == 0, result.output
    return Path(target), result.stderr.splitlines()


def structure(course: Path) -> list[tuple[str, list[str]]]:
    """Return the module titles and their page titles, read from the written files."""
    load = YAML(typ="safe").load
    found = []
    for folder in load((course / "course.yaml").read_text("utf-8"))["modules"]:
        module = load((course / folder / "module.yaml").read_text("utf-8"))
        titles = [load(page_parts(course / folder / p)[0])["title"] for p in module["pages"]]
        found.append((module["title"], titles))
    return found


def page_parts(page: Path) -> tuple[str, str]:
    split = split_front_matter(page.read_text("utf-8"))
    assert split is not None, page
    return split[0], split[1]


def bodies(course: Path) -> dict[str, str]:
    """Return every page body by its path in the course folder."""
    return {p.relative_to(course).as_posix(): page_parts(p)[1] for p in course.glob("*/*.md")}


def files_of(course: Path) -> dict[str, bytes]:
    return {
        p.relative_to(course).as_posix(): p.read_bytes() for p in course.rglob("*") if p.is_file()
    }


def test_the_seed_draft_becomes_a_valid_course_with_its_structure(seed: Path, here: Path) -> None:
    course, warnings = imported(seed)

    assert structure(course) == SEED_STRUCTURE
    assert run_cli("validate", str(course)).exit_code == 0
    assert (course / "course.yaml").read_text("utf-8") == (
        "# Imported from cours-devops-ece.md by scorm-builder import.\n"
        "id: course\n"
        "title: Draft cours DevOps ECE\n"
        "language: fr\n"
        'version: "0.1.0"\n'
        "modules:\n"
        "  - introduction\n"
        "  - devops\n"
        "  - continuous-integration\n"
    )
    assert warnings == [
        f"{seed}:1:1: warning: language 'fr' detected (178 French and 1 English clues): --language sets it",
        f"{seed}:20:1: warning: no text under 'L'agile et le scrum dans tout ça': an empty page holds a note, write it",
        f"{seed}:34:1: warning: no text under 'Continuous Integration': an empty module: its one page holds a note, write it",
    ]


def test_every_sentence_of_the_seed_stands_verbatim_in_the_page_of_its_heading(
    seed: Path, here: Path
) -> None:
    course, _ = imported(seed)
    pages = {}
    for module in sorted(course.glob("*/module.yaml")):
        for name in YAML(typ="safe").load(module.read_text("utf-8"))["pages"]:
            front, body = page_parts(module.parent / name)
            pages[YAML(typ="safe").load(front)["title"]] = body.splitlines()

    heading = None
    checked = 0
    for line in seed.read_text("utf-8").splitlines():
        if line.startswith("### "):
            heading = line[4:].strip()
        elif line.strip() and not line.startswith("#"):
            assert heading is not None
            assert line in pages[heading], (heading, line)
            checked += 1
    assert checked == 18


def test_import_then_build_gives_the_outline_s_modules_and_pages(seed: Path, here: Path) -> None:
    course, _ = imported(seed)
    result = run_cli("build", str(course), "-o", "out.zip")
    assert result.exit_code == 0, result.output

    with zipfile.ZipFile("out.zip") as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        items = manifest.findall("cp:organizations/cp:organization/cp:item/cp:item", NS)
        resources = {
            r.get("identifier"): r.get("href")
            for r in manifest.findall("cp:resources/cp:resource", NS)
        }
        built = []
        for item in items:
            document = archive.read(str(resources[item.get("identifierref")])).decode("utf-8")
            titles = re.findall(r'<h2 id="title-[^"]*"[^>]*>(.*?)</h2>', document)
            built.append((item.findtext("cp:title", None, NS), [html.unescape(t) for t in titles]))
    assert built == SEED_STRUCTURE


def test_importing_twice_with_force_gives_the_same_bytes(seed: Path, here: Path) -> None:
    course, _ = imported(seed)
    first = files_of(course)
    (course / "introduction" / "qui-on-est.md").write_text("edited", "utf-8")
    (course / "stray.txt").write_text("left over", "utf-8")

    imported(seed, "course", "--force")

    assert files_of(course) == first
    assert len(first) == 13


def test_skipped_levels_are_taken_by_nesting_and_listed(here: Path) -> None:
    source = outline(
        here,
        """\
        # Course
        ### Straight to a page
        Text A.
        ## Module
        #### Deep page
        Text B.
        ###### Deeper section
        Text C.
        """,
    )
    course, warnings = imported(source)

    assert structure(course) == [
        ("Straight to a page", ["Straight to a page"]),
        ("Module", ["Deep page"]),
    ]
    assert bodies(course)["module/deep-page.md"] == "Text B.\n## Deeper section\nText C.\n"
    assert warnings[1:] == [
        "outline.md:2:1: warning: skipped level: '###' right under '#' taken as a module, check it",
        "outline.md:5:1: warning: skipped level: '####' right under '##' taken as a page, check it",
    ]


def test_empty_sections_and_modules_get_a_note_and_are_listed(here: Path) -> None:
    source = outline(
        here,
        """\
        # Course
        ## Full
        ### Written
        Text.
        ### Empty page

        ## Empty module
        """,
    )
    course, warnings = imported(source)

    assert structure(course) == [
        ("Full", ["Written", "Empty page"]),
        ("Empty module", ["Empty module"]),
    ]
    note = "<!-- scorm-builder import: this page had no text in the outline; write it here. -->\n"
    assert bodies(course)["full/empty-page.md"] == note
    assert bodies(course)["empty-module/empty-module.md"] == note
    assert warnings[1:] == [
        "outline.md:5:1: warning: no text under 'Empty page': an empty page holds a note, write it",
        "outline.md:7:1: warning: no text under 'Empty module': an empty module: its one page holds a note, write it",
    ]
    assert run_cli("validate", str(course)).exit_code == 0


def test_duplicate_and_reserved_titles_get_unique_ids(here: Path) -> None:
    source = outline(
        here,
        """\
        # Course
        ## Part
        ### Step
        One.
        ### Step
        Two.
        ### Step
        Three.
        ### Quiz
        Four.
        ## Part
        ## Dist
        """,
    )
    course, warnings = imported(source)

    load = YAML(typ="safe").load
    assert load((course / "course.yaml").read_text("utf-8"))["modules"] == [
        "part",
        "part-2",
        "dist-2",
    ]
    assert load((course / "part" / "module.yaml").read_text("utf-8"))["pages"] == [
        "step.md",
        "step-2.md",
        "step-3.md",
        "quiz-2.md",
    ]
    assert [w for w in warnings if "taken" in w] == [
        "outline.md:5:1: warning: the id 'step' is taken: id 'step-2', check the titles",
        "outline.md:7:1: warning: the id 'step' is taken: id 'step-3', check the titles",
        "outline.md:9:1: warning: the id 'quiz' is taken: id 'quiz-2', check the titles",
        "outline.md:11:1: warning: the id 'part' is taken: id 'part-2', check the titles",
        "outline.md:12:1: warning: the id 'dist' is taken: id 'dist-2', check the titles",
    ]
    assert run_cli("validate", str(course)).exit_code == 0


def test_emphasis_links_and_code_in_headings_become_plain_titles(here: Path) -> None:
    source = outline(
        here,
        """\
        # The *DevOps* course
        ## Read [the **guide**](https://example.org) first
        ### Run `make` &amp; wait
        Text.
        """,
    )
    course, _ = imported(source)

    assert structure(course) == [("Read the guide first", ["Run make & wait"])]
    assert YAML(typ="safe").load((course / "course.yaml").read_text("utf-8"))["title"] == (
        "The DevOps course"
    )


def test_non_latin_titles_get_ids_by_position(here: Path) -> None:
    source = outline(
        here,
        """\
        # Курс
        ## Введение
        ### Первая
        Текст.
        ### 第二页
        文字。
        """,
    )
    course, warnings = imported(source)

    assert sorted(bodies(course)) == ["module-1/page-1.md", "module-1/page-2.md"]
    assert structure(course) == [("Введение", ["Первая", "第二页"])]
    assert warnings[1:] == [
        "outline.md:2:1: warning: no id can be made from 'Введение': id 'module-1'",
        "outline.md:3:1: warning: no id can be made from 'Первая': id 'page-1'",
        "outline.md:5:1: warning: no id can be made from '第二页': id 'page-2'",
    ]
    assert run_cli("validate", str(course)).exit_code == 0


def test_text_outside_pages_goes_to_the_next_page(here: Path) -> None:
    source = outline(
        here,
        """\
        Before the title.

        # Course

        Under the title.
        ## Module
        Under the module.
        ### Page
        The page.
        """,
    )
    course, warnings = imported(source)

    assert bodies(course)["module/page.md"] == (
        "Before the title.\n\nUnder the title.\n\nUnder the module.\n\nThe page.\n"
    )
    assert warnings[1:] == [
        "outline.md:1:1: warning: text outside any page: put at the top of the page 'Page', check it"
    ]


def test_refused_markdown_is_escaped_in_place_so_the_course_validates(here: Path) -> None:
    source = outline(
        here,
        """\
        # Course
        ## Module
        Some <b>bold</b>, [notes](notes.md), ![a picture](pic.png), [web](https://example.org).
        <div>
        block
        </div>
        - Todo: finish this
        """,
    )
    course, warnings = imported(source)

    assert bodies(course)["module/module.md"] == (
        "Some \\<b>bold\\</b>, \\[notes](notes.md), !\\[a picture](pic.png), [web](https://example.org).\n"
        "\\<div>\nblock\n\\</div>\n- Todo: finish this\n"
    )
    assert warnings[1:] == [
        "outline.md:3:6: warning: raw HTML (<b>): escaped, shown as text; check it",
        "outline.md:3:13: warning: raw HTML (</b>): escaped, shown as text; check it",
        "outline.md:3:19: warning: a link to 'notes.md', not a web address: shown as text, check it",
        "outline.md:3:39: warning: an image: shown as text, copy the file into the course and restore it",
        "outline.md:4:1: warning: raw HTML (<div>): escaped, shown as text; check it",
        "outline.md:6:1: warning: raw HTML (</div>): escaped, shown as text; check it",
        "outline.md:7:1: warning: a to-do note: kept as page text, do it or remove it",
    ]
    assert run_cli("validate", str(course)).exit_code == 0


def test_html_written_after_the_same_text_already_escaped_is_escaped_where_it_stands(
    here: Path,
) -> None:
    source = outline(here, "# Course\n## Module\nWritten \\<b> before <b>bold</b>.\n")
    course, warnings = imported(source)

    assert bodies(course)["module/module.md"] == "Written \\<b> before \\<b>bold\\</b>.\n"
    assert warnings[1:] == [
        "outline.md:3:21: warning: raw HTML (<b>): escaped, shown as text; check it",
        "outline.md:3:28: warning: raw HTML (</b>): escaped, shown as text; check it",
    ]


def test_a_heading_without_text_gets_a_title_and_is_told_at_its_line(here: Path) -> None:
    course, warnings = imported(outline(here, "# Course\n## Module\nText.\n##\nMore.\n"))

    assert structure(course) == [("Module", ["Module"]), ("Module 2", ["Module 2"])]
    assert warnings[1:] == [
        "outline.md:4:1: warning: a heading without text: titled 'Module 2', rename it"
    ]


def test_an_outline_with_several_top_headings_is_titled_by_its_file_name(here: Path) -> None:
    source = outline(here, "## One\nText.\n## Two\nMore.\n", name="my-draft.md")
    course, warnings = imported(source)

    assert YAML(typ="safe").load((course / "course.yaml").read_text("utf-8"))["title"] == (
        "my-draft"
    )
    assert structure(course) == [("One", ["One"]), ("Two", ["Two"])]
    assert warnings[1] == (
        "my-draft.md:1:1: warning: no single top heading: the course title is the outline's "
        "file name, and each heading of level 2 is a module; check course.yaml"
    )


def test_a_title_alone_makes_one_module_of_one_page(here: Path) -> None:
    course, warnings = imported(outline(here, "# Only a title\n\nAnd some text.\n"))

    assert structure(course) == [("Only a title", ["Only a title"])]
    assert bodies(course) == {"only-a-title/only-a-title.md": "And some text.\n"}
    assert warnings[1:] == [
        "outline.md:1:1: warning: no module heading: one module of one page, titled as the course"
    ]


@pytest.mark.parametrize(
    ("text", "language", "warning"),
    [
        (
            "# Cours\n## Les bases\n### Présentation\nLe texte de la page.\n",
            "fr",
            "5 French and 0 English clues",
        ),
        (
            "# Course\n## The basics\n### Welcome\nThe text of the page.\n",
            "en",
            "0 French and 4 English clues",
        ),
        ("# Курс\n## Модуль\nТекст.\n", "en", "0 French and 0 English clues"),
    ],
)
def test_the_language_is_detected_from_common_words(
    here: Path, text: str, language: str, warning: str
) -> None:
    course, warnings = imported(outline(here, text))

    assert f"language: {language}\n" in (course / "course.yaml").read_text("utf-8")
    assert warnings[0] == (
        f"outline.md:1:1: warning: language '{language}' detected ({warning}): --language sets it"
    )


def test_the_detection_tells_the_project_s_french_and_english_pages_apart() -> None:
    repo = Path(__file__).resolve().parents[1]
    french = sorted((repo / "course").glob("*/*.md"))
    french += sorted((repo / "scorm_builder" / "scaffold" / "fr").glob("*/*.md"))
    english = sorted((repo / "scorm_builder" / "scaffold" / "en").glob("*/*.md"))
    assert len(french) >= 13 and len(english) >= 3
    assert {detected_language(p.read_text("utf-8"))[0] for p in french} == {"fr"}
    assert {detected_language(p.read_text("utf-8"))[0] for p in english} == {"en"}


def test_a_given_language_is_used_and_an_unavailable_one_refused(here: Path) -> None:
    source = outline(here, "# Cours\n## Les bases\nLe texte.\n")
    course, warnings = imported(source, "course", "--language", "en-GB")
    assert "language: en-GB\n" in (course / "course.yaml").read_text("utf-8")
    assert not any("detected" in w for w in warnings)

    refused = run_cli("import", str(source), "other", "--language", "de")
    assert refused.exit_code == 2
    assert "Invalid value for '--language': 'de': the interface text exists in en, fr" in (
        refused.output
    )
    assert not Path("other").exists()


def test_an_existing_folder_is_never_replaced_without_force(here: Path) -> None:
    source = outline(here, "# Course\n## Module\nText.\n")
    Path("course").mkdir()
    (here / "course" / "keep.txt").write_text("mine", "utf-8")

    result = run_cli("import", str(source), "course")

    assert result.exit_code == 1
    assert result.output == (
        "Error: course exists and is not empty: choose a new folder, or add --force to replace it\n"
    )
    assert [p.name for p in (here / "course").iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in here.iterdir()) == ["course", "outline.md"]


def test_an_empty_folder_is_filled_and_force_replaces_a_full_one(here: Path) -> None:
    source = outline(here, "# Course\n## Module\nText.\n")
    Path("course").mkdir()
    imported(source)
    (here / "course" / "stray.txt").write_text("old", "utf-8")

    imported(source, "course", "--force")

    assert sorted(files_of(here / "course")) == [
        "course.yaml",
        "module/module.md",
        "module/module.yaml",
    ]
    assert sorted(p.name for p in here.iterdir()) == ["course", "outline.md"]


def test_force_refuses_to_delete_the_outline_itself(here: Path) -> None:
    Path("course").mkdir()
    source = outline(here / "course", "# Course\n## Module\nText.\n")

    result = run_cli("import", str(source), "course", "--force")

    assert result.exit_code == 1
    assert result.output == (
        "Error: course/outline.md is inside course: --force would delete it; choose another folder\n"
    )
    assert source.is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "outline.md:1:1: error: cannot be read: No such file or directory"),
        (
            b"# Cours\n\nd\xe9but\n",
            "outline.md:3:2: error: not UTF-8 (byte 0xe9): save the file as UTF-8",
        ),
        (
            b"Just text.\n\n- and a list\n",
            "outline.md:1:1: error: no heading: write the course title as '# Title', its modules "
            "as '## Module' and their pages as '### Page'",
        ),
    ],
)
def test_an_unusable_outline_is_one_line_at_its_position_and_writes_nothing(
    here: Path, content: bytes | None, message: str
) -> None:
    if content is not None:
        (here / "outline.md").write_bytes(content)

    result = run_cli("import", "outline.md", "course")

    assert result.exit_code == 1
    assert result.output == f"{message}\n"
    assert not Path("course").exists()


def test_a_failure_while_writing_leaves_nothing(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = outline(here, "# Course\n## Module\nText.\n")

    def broken_check(folder: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("scorm_builder.building.check", broken_check)
    result = run_cli("import", str(source), "course")

    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: cannot write course: No space left on device"
    assert sorted(p.name for p in here.iterdir()) == ["outline.md"]
