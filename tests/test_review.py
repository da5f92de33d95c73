"""`scorm-builder review`: the document of the whole course for reviewers. Every page and
question of `course/` with its source position, the right answers marked, nothing loaded
from outside; the refusals, each with its exact message. The PDF and axe-core are in
tests/browser/test_review_document.py."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from scorm_builder.loading import load_course
from scorm_builder.structure.course import Course, Module
from scorm_builder.structure.files import (
    FillIn,
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TrueFalse,
)
from tests.course_fixtures import VALID_COURSE, run_cli

ROOT = Path(__file__).resolve().parents[1]
EPOCH_2024_03_01 = "1709251200"

Document = Any  # an lxml HTML element


def text(element: Any) -> str:
    """The text of an element as a reader sees it, white space collapsed."""
    return " ".join(element.text_content().split())


def texts(document: Document, xpath: str) -> list[str]:
    return [text(e) for e in document.xpath(xpath)]


def cls(name: str) -> str:
    """An XPath test for an element having the class `name` among others."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@pytest.fixture(scope="module")
def devops() -> Course:
    return load_course(ROOT / "course").course


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The review of `course/`, dated by SOURCE_DATE_EPOCH, and what the command printed."""
    output = tmp_path_factory.mktemp("review") / "out" / "review.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH_2024_03_01)
        result = run_cli("review", str(ROOT / "course"), "-o", str(output))
    assert result.exit_code == 0, result.output
    yield output, result.output


@pytest.fixture(scope="module")
def document(reviewed: tuple[Path, str]) -> Document:
    return lxml_html.fromstring(reviewed[0].read_bytes())


def question_element(document: Document, module: str, question: str) -> Any:
    (found,) = document.xpath(f"//article[@id='question_{module}_{question}']")
    return found


def source_of(element: Any) -> str:
    """The source label of a page or question (its own, not one of a part inside it)."""
    return text(element.xpath(f"./p[{cls('source')}]/code")[0])


def test_the_command_says_what_it_wrote_and_leaves_no_temporary_file(
    reviewed: tuple[Path, str],
) -> None:
    output, printed = reviewed
    assert printed == (
        f"wrote {output}: devops-ece 1.0.0: 5 modules, 15 pages, 28 questions, 4 assets\n"
    )
    assert [p.name for p in output.parent.iterdir()] == ["review.html"]


def test_the_cover_names_the_course_its_version_date_and_authors(document: Document) -> None:
    assert document.get("lang") == "fr"
    (cover,) = document.xpath("//header[@class='cover']")
    assert texts(cover, "./h1") == ["Cours DevOps — ECE"]
    assert texts(cover, ".//dl/div") == [
        "Version 1.0.0",
        "Date 2024-03-01",
        "Auteurs Arthur, Laurent",
        "Identifiant du cours devops-ece",
    ]
    assert texts(cover, f"./p[{cls('description')}]")[0].startswith(
        "Introduction au DevOps pour les élèves ingénieurs de l’ECE"
    )


def test_every_page_is_there_in_order_with_its_source_file(
    document: Document, devops: Course
) -> None:
    shown = [
        (page.get("id"), text(page.xpath("./h3")[0]), source_of(page))
        for page in document.xpath(f"//article[{cls('page')}]")
    ]
    expected = [
        (
            f"page_{module.id}_{page.id}",
            " ".join(page.title.split()),
            f"{page.source.relative_to(devops.root).as_posix()}:1",
        )
        for module in devops.modules
        for page in module.pages
    ]
    assert shown == expected
    assert len(shown) == 15
    assert ("page_devops_definition", "Définition", "devops/definition.md:1") in shown
    (definition,) = document.xpath("//article[@id='page_devops_definition']")
    assert "Le DevOps est un mouvement visant à l’alignement" in text(definition)


def test_every_question_is_there_with_the_line_where_it_starts(
    document: Document, devops: Course
) -> None:
    shown = {q.get("id"): source_of(q) for q in document.xpath("//article[@class='question']")}
    # The knowledge checks of a module's pages come before its quiz's questions.
    expected_ids = [
        f"question_{module.id}_{qid}"
        for module in devops.modules
        for qid in [
            *(check.id for check in module.checks),
            *(module.quiz.question_ids if module.quiz else ()),
        ]
    ]
    assert list(shown) == expected_ids
    assert len(shown) == 30
    assert shown["question_devops_definition-devops"] == "devops/quiz.yaml:4"
    assert shown["question_devops_symptomes-du-mur"] == "devops/quiz.yaml:19"
    assert shown["question_evaluation-finale_calms-en-pratique"] == "evaluation-finale/quiz.yaml:38"
    # Each label names the line of its question's list item, where its id is written.
    for anchor, label in shown.items():
        path, line = label.rsplit(":", 1)
        written = (devops.root / path).read_text("utf-8").splitlines()[int(line) - 1]
        question_id = anchor.split("_", 2)[2]
        # A page's knowledge check (its id has the page's) starts at its block's fence.
        starts = "```question" if "_" in question_id else f"- id: {question_id}"
        assert written.strip() == starts, label


def quiz_questions(module: Module) -> list[tuple[str, Any]]:
    """The questions of a module's quiz (none without a quiz), each with its id."""
    if module.quiz is None:
        return []
    return list(zip(module.quiz.question_ids, module.quiz.questions, strict=True))


def test_right_choices_are_marked_in_words_and_no_other(document: Document, devops: Course) -> None:
    checked = 0
    for module in devops.modules:
        for qid, question in quiz_questions(module):
            if not isinstance(question, (SingleChoice, MultipleChoice)):
                continue
            choices = question_element(document, module.id, qid).xpath(".//li")
            marked = [i for i, li in enumerate(choices) if "right" in li.get("class").split()]
            assert marked == [i for i, c in enumerate(question.choices) if c.correct], qid
            said = [i for i, li in enumerate(choices) if "(bonne réponse)" in text(li)]
            assert said == marked, qid
            checked += 1
    assert checked == 14
    first = question_element(document, "devops", "definition-devops")
    assert texts(first, ".//li[1]/div/p[1]") == [
        "Un mouvement qui aligne les équipes du système d’information, à commencer par les "
        "Devs et les Ops, sur un objectif commun, de la conception au support de production. "
        "(bonne réponse)"
    ]


def test_the_other_types_show_their_right_answer(document: Document, devops: Course) -> None:
    final = devops.modules[-1]
    shown = {qid: question_element(document, final.id, qid) for qid, _ in quiz_questions(final)}
    assert texts(shown["devops-et-scrum"], f".//p[{cls('answer')}]") == ["✓ Bonne réponse : Faux"]
    assert texts(shown["acronyme-piliers"], ".//ul[@class='accepted']/li") == ["CALMS"]
    assert "Les majuscules ne comptent pas." in text(shown["acronyme-piliers"])
    assert texts(shown["reagir-au-build-casse"], ".//ol[@class='ordering']/li") == [
        "L’équipe est prévenue que le build est rouge",
        "Personne ne pousse plus de nouveau code sur la branche principale",
        "Le commit fautif est annulé (revert)",
        "Le build repasse au vert",
        "Le problème est corrigé puis réintégré avec ses tests",
    ]
    assert texts(shown["calms-en-pratique"], ".//ul[@class='pairs']/li")[:2] == [
        "Culture → Analyse d’incident sans reproche",
        "Automatisation → Pipeline qui construit, teste et déploie",
    ]
    kinds = {type(q) for module in devops.modules for _, q in quiz_questions(module)}
    assert kinds >= {TrueFalse, FillIn, Ordering, Matching}


def test_every_feedback_and_explanation_is_shown(document: Document, devops: Course) -> None:
    for module in devops.modules:
        for qid, question in quiz_questions(module):
            element = question_element(document, module.id, qid)
            choices = getattr(question, "choices", [])
            feedbacks = element.xpath(f".//div[{cls('feedback')}]")
            assert len(feedbacks) == sum(c.feedback is not None for c in choices), qid
            explanations = element.xpath(f"./div[{cls('explanation')}]")
            assert len(explanations) == (question.explanation is not None), qid
    first = question_element(document, "devops", "definition-devops")
    assert texts(first, f".//li[1]//div[{cls('feedback')}]") == [
        "Retour : Oui : c’est la définition du cours. Devs et Ops participent ensemble à "
        "l’intégralité du cycle de vie des services."
    ]
    assert texts(first, f"./div[{cls('explanation')}]/p[1]") == ["Explication :"]


def test_each_quiz_states_its_pass_mark_attempts_and_whether_it_is_graded(
    document: Document,
) -> None:
    assert texts(document, "//section[@id='quiz_evaluation-finale']/ul[@class='rules']/li") == [
        "Noté : le score décide de la réussite du module, et le LMS l’enregistre.",
        "Seuil de réussite : 70 %",
        "Tentatives autorisées : 3.",
        "Les questions et les choix sont présentés dans un ordre aléatoire.",
        "Après validation : juste ou faux, les retours, l’explication et les bonnes réponses "
        "(pour un quiz noté, une fois le résultat définitif).",
    ]
    assert texts(document, "//section[@id='quiz_devops']/ul[@class='rules']/li")[-2:] == [
        "Après validation : juste ou faux, les retours, l’explication et les bonnes réponses "
        "(pour un quiz noté, une fois le résultat définitif).",
        "L’apprenant peut vérifier chaque question dès qu’il y a répondu.",
    ]
    assert texts(document, "//section[@id='quiz_devops']/ul[@class='rules']/li")[:3] == [
        "Entraînement : le score est montré à l’apprenant, jamais enregistré comme note.",
        "Seuil de réussite : 70 %",
        "Tentatives autorisées : illimitées.",
    ]
    (final,) = document.xpath("//section[@id='quiz_evaluation-finale']")
    assert source_of(final) == "evaluation-finale/quiz.yaml:1"


def test_modules_come_in_order_with_their_objectives(document: Document, devops: Course) -> None:
    modules = document.xpath("//section[@class='module']")
    assert [m.get("id") for m in modules] == [f"module_{m.id}" for m in devops.modules]
    assert texts(modules[1], "./p[@class='kicker']") == ["Module 2 sur 5"]
    assert source_of(modules[1]) == "devops/module.yaml:1"
    assert texts(modules[1], ".//div[@class='objectives']//li") == list(
        devops.modules[1].file.objectives
    )


def test_the_contents_link_to_every_module_page_and_quiz(
    document: Document, devops: Course
) -> None:
    links = document.xpath("//nav[@class='contents']//a/@href")
    ids = set(document.xpath("//@id"))
    assert all(link.startswith("#") and link[1:] in ids for link in links)
    quizzes = sum(m.quiz is not None for m in devops.modules)
    assert len(links) == len(devops.modules) + 15 + quizzes


def test_the_document_stands_alone(reviewed: tuple[Path, str], document: Document) -> None:
    source = reviewed[0].read_text("utf-8")
    assert "http" not in source
    for loader in ("<script", "<link", "<iframe", "<object", "<embed", "url(", "@import"):
        assert loader not in source
    assert 'loading="lazy"' not in source
    sources = document.xpath("//@src")
    assert len(sources) == 4
    assert all(s.startswith("data:image/svg+xml;base64,") for s in sources)
    assert all(h.startswith("#") for h in document.xpath("//@href"))
    (calms,) = document.xpath("//article[@id='page_devops_keep-calms']//img/@src")
    embedded = base64.b64decode(calms.split(",", 1)[1])
    assert embedded == (ROOT / "course" / "assets" / "calms.svg").read_bytes()


@pytest.fixture
def english(make_course: Callable[..., Path]) -> Path:
    """The small English course, its first page linking to the web and to a document."""
    return make_course(
        {
            "intro/one.md": """\
                ---
                title: Page one
                ---
                ![A picture](../assets/pic.svg)

                See [the next page](two.md), [the web](https://example.org/a?b=1&c=2)
                and [the handout](../assets/hand%20out.pdf).

                ## A section
                """,
            "assets/hand out.pdf": b"%PDF-1.4 handout",
        }
    )


def review_of(course: Path, tmp_path: Path, *options: str) -> tuple[Any, Document]:
    output = tmp_path / "review.html"
    result = run_cli("review", str(course), "-o", str(output), *options)
    assert result.exit_code == 0, result.output
    return result, lxml_html.fromstring(output.read_bytes())


def test_links_keep_the_web_point_into_the_review_and_embed_course_files(
    english: Path, tmp_path: Path
) -> None:
    _, document = review_of(english, tmp_path)
    (page,) = document.xpath("//article[@id='page_intro_one']")
    links = {text(a): (a.get("href"), a.get("download")) for a in page.xpath(".//a")}
    assert links["the next page"] == ("#page_intro_two", None)
    assert document.xpath("//article[@id='page_intro_two']")
    assert links["the web"] == ("https://example.org/a?b=1&c=2", None)
    handout = base64.b64encode(b"%PDF-1.4 handout").decode()
    assert links["the handout (PDF, 16 bytes)"] == (
        f"data:application/pdf;base64,{handout}",
        "hand out.pdf",
    )
    # The module is the h2 and the page the h3: the page's own sections start at h4.
    assert texts(page, ".//h4") == ["A section"]


def test_an_english_course_gets_english_labels(english: Path, tmp_path: Path) -> None:
    _, document = review_of(english, tmp_path)
    assert document.get("lang") == "en"
    assert texts(document, "//p[@class='kicker']")[:2] == ["Review copy", "Module 1 of 2"]
    pick_one = question_element(document, "assessment", "pick-one")
    assert texts(pick_one, "./h4") == ["Question 1 of 6 (one answer)"]
    assert source_of(pick_one) == "assessment/quiz.yaml:3"
    assert texts(pick_one, ".//li") == ["✓ Right (right answer)", "✗ Wrong"]
    judge = question_element(document, "assessment", "judge")
    assert texts(judge, f".//p[{cls('answer')}]") == ["✓ Right answer: False"]
    assert texts(document, "//section[@id='quiz_assessment']/ul[@class='rules']/li") == [
        "Graded: the score decides whether the module is passed, and the LMS records it.",
        "Pass mark: 60%",
        "Attempts allowed: unlimited.",
        "After submitting: right or wrong, the feedback, the explanation and the right answers "
        "(on a graded quiz, once its result is final).",
    ]


@pytest.mark.parametrize(
    ("review", "told"),
    [
        (
            "marks",
            "After submitting: right or wrong, the feedback and the explanation, never the "
            "right answers.",
        ),
        ("score", "After submitting: the score only."),
    ],
)
def test_each_quiz_says_what_learners_see_after_submitting(
    english: Path, tmp_path: Path, review: str, told: str
) -> None:
    quiz = english / "assessment" / "quiz.yaml"
    quiz.write_text(f"review: {review}\n" + quiz.read_text(encoding="utf-8"), "utf-8")
    _, document = review_of(english, tmp_path)
    assert texts(document, "//section[@id='quiz_assessment']/ul[@class='rules']/li")[-1] == told


def test_the_date_is_today_without_source_date_epoch(
    english: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = date.today().isoformat()
    _, document = review_of(english, tmp_path)
    after = date.today().isoformat()
    assert document.xpath("//time/@datetime")[0] in {before, after}


def test_a_broken_course_is_told_as_validate_tells_it_and_nothing_is_written(
    make_course: Callable[..., Path], tmp_path: Path
) -> None:
    course = make_course({"intro/two.md": None})
    output = tmp_path / "out" / "review.html"
    reviewed = run_cli("review", str(course), "-o", str(output), "--pdf")
    validated = run_cli("validate", str(course))
    assert reviewed.exit_code == 1
    assert reviewed.output == validated.output
    assert reviewed.output.splitlines() == [
        "intro/module.yaml:6:5: error: 'two.md' does not exist (looked for intro/two.md)",
        "intro/one.md:8:21: error: 'two.md' does not exist (looked for intro/two.md)",
        "2 errors in the course",
    ]
    assert not output.parent.exists()


def test_pdf_without_chromium_says_so_in_one_line_and_writes_nothing(
    english: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    output = tmp_path / "review.html"
    result = run_cli("review", str(english), "-o", str(output), "--pdf")
    assert (result.exit_code, result.output) == (
        1,
        "Error: --pdf needs Chromium, and none is on PATH (looked for chromium, "
        "chromium-browser, google-chrome, google-chrome-stable): install it "
        "(apt-get install chromium), or leave out --pdf\n",
    )
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["course"]


def test_pdf_needs_an_html_name_to_write_beside(english: Path, tmp_path: Path) -> None:
    result = run_cli("review", str(english), "-o", str(tmp_path / "review.pdf"), "--pdf")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: with --pdf, name the HTML file (-o {tmp_path / 'review.html'}): "
        "the PDF is written beside it\n",
    )


def test_output_refusals(english: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("my notes")
    result = run_cli("review", str(english), "-o", str(other))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write {other}: it exists and is not an HTML file: name a new file, "
        "or an HTML file to replace\n",
    )
    assert other.read_text() == "my notes"
    inside = english / "review.html"
    result = run_cli("review", str(english), "-o", str(inside))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write {inside}: it is inside {english.resolve()}, which the package is "
        "built from: write it elsewhere\n",
    )
    assert not inside.exists()


def test_a_review_replaces_the_previous_one(english: Path, tmp_path: Path) -> None:
    output = tmp_path / "review.html"
    output.write_text("<!DOCTYPE html><p>an older review</p>")
    review_of(english, tmp_path)
    assert "Page one" in output.read_text("utf-8")


def test_an_unusable_source_date_epoch_is_refused(
    english: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run_cli("review", str(english), "-o", str(tmp_path / "review.html"))
    assert (result.exit_code, result.output) == (
        1,
        "Error: SOURCE_DATE_EPOCH must be a number of seconds, not 'yesterday'\n",
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<!doctype html>\n<p>{{ course.title }}: {{ modules|length }}</p>\n", None),
        ("<!doctype html>\n{{ 1 / 0 }}\n", "theme/review.html:2:1: error: the template failed: "),
    ],
    ids=["used", "failing"],
)
def test_the_course_theme_may_override_the_review_template(
    make_course: Callable[..., Path], tmp_path: Path, template: str, expected: str | None
) -> None:
    course_yaml = VALID_COURSE["course.yaml"].replace(
        "modules:", "templates: theme\n        modules:"
    )
    course = make_course({"course.yaml": course_yaml, "theme/review.html": template})
    output = tmp_path / "review.html"
    result = run_cli("review", str(course), "-o", str(output))
    if expected is None:
        assert result.exit_code == 0, result.output
        assert output.read_text("utf-8") == "<!doctype html>\n<p>Demo course: 2</p>\n"
    else:
        assert (result.exit_code, result.output) == (
            1,
            f"{expected}ZeroDivisionError: division by zero\n1 error in the course\n",
        )
        assert not output.exists()


def test_a_knowledge_check_is_shown_in_its_page_with_its_answers(document: Document) -> None:
    check = question_element(document, "continuous-integration", "pratiques-cles_q1")

    assert check.getparent().get("id") == "page_continuous-integration_pratiques-cles"
    assert texts(check, "./h4") == ["Vérifiez votre compréhension (une seule réponse)"]
    assert source_of(check) == "continuous-integration/pratiques-cles.md:34"
    assert [text(li) for li in check.xpath(f".//li[{cls('right')}]")] == [
        "✓ Elle s’arrête et le répare avant toute autre tâche. (bonne réponse)"
    ]
    assert "Le plus simple est souvent d’annuler (revert) le commit fautif" in text(check)
