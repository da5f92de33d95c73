"""The largest module the loader accepts: its real suspend_data reaches the Python bound and
never more, and stays within SCORM 1.2's 4096 characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorm_builder.loading import load_course
from scorm_builder.structure.suspend import (
    FILL_IN_MAX_LENGTH,
    SUSPEND_DATA_LIMIT,
    worst_case_suspend_data_length,
)
from tests.browser.lms_harness import Session, answer_quiz, publish

FILL_INS = 61
SINGLE_CHOICES = 18


def longest_answer(number: int) -> str:
    return f"réponse {number:02d} ".ljust(FILL_IN_MAX_LENGTH, "x")


def write_largest_course(root: Path) -> None:
    module = root / "largest"
    module.mkdir(parents=True)
    (root / "course.yaml").write_text(
        'id: largest\ntitle: Largest\nlanguage: fr\nversion: "1.0.0"\nmodules: [largest]\n',
        encoding="utf-8",
    )
    (module / "module.yaml").write_text(
        "title: Largest module\npages: [only.md]\nquiz: quiz.yaml\n", encoding="utf-8"
    )
    (module / "only.md").write_text("---\ntitle: Only page\n---\n\nText.\n", encoding="utf-8")
    questions = [
        f"  - id: f{n}\n    type: fill-in\n    prompt: Type it.\n"
        f'    accepted: ["{longest_answer(n)}"]\n'
        for n in range(FILL_INS)
    ] + [
        f"  - id: s{n}\n    type: single-choice\n    prompt: Pick.\n"
        "    choices:\n      - text: 'yes'\n        correct: true\n      - text: 'no'\n"
        for n in range(SINGLE_CHOICES)
    ]
    (module / "quiz.yaml").write_text(
        "attempts: 1\nquestions:\n" + "".join(questions), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def largest(tmp_path_factory: pytest.TempPathFactory, site: Path) -> int:
    """Publish the largest module; return the bound the Python side computes for it."""
    source = tmp_path_factory.mktemp("largest-course")
    write_largest_course(source)
    bound = worst_case_suspend_data_length(load_course(source).course.modules[0])
    publish(source, site, "largest")
    return bound


def test_largest_module_fills_but_never_passes_the_limit(session: Session, largest: int) -> None:
    assert largest == SUSPEND_DATA_LIMIT
    session.open_in_lms("/largest/largest.html")
    sco = session.sco
    sco.locator("#sco-next").click()
    overlong = sco.locator("#q-f0-text")
    overlong.press_sequentially("y" * (FILL_IN_MAX_LENGTH + 10))
    assert len(overlong.input_value()) == FILL_IN_MAX_LENGTH
    answer_quiz(sco, {f"f{n}": longest_answer(n) for n in range(FILL_INS)})
    answer_quiz(sco, {f"s{n}": "a" for n in range(SINGLE_CHOICES)})
    sco.locator("#quiz-submit").click()
    session.leave()
    committed = session.committed()
    assert committed["cmi.core.score.raw"] == "100"
    suspend_data = committed["cmi.suspend_data"]
    assert len(suspend_data) == largest
    assert len(suspend_data) <= SUSPEND_DATA_LIMIT
    assert session.errors() == []
