"""The longest `cmi.suspend_data` the SCO runtime can write for a module.

SCORM 1.2 allows 4096 characters; LMSs truncate or reject more. The runtime
(`templates/static/sco-logic.js`, `encodeState`) writes

    2.<module key>.<pages key>.<current screen>.<screens seen>.<quiz>
    quiz   = <attempts>.<best score in hundredths>.<flags><record>...
    record = <question key><answer length><answer>

with numbers in base 64 (one character per 6 bits), the screens seen and the quiz's flags
(submitted, result recorded, some question checked) as bit sets, keys as 4-character
fingerprints and one record per answered question. When a question of a practice quiz was
checked, `<checked>.` follows the flags: a bit set over the records, in their order. The
knowledge checks of the pages take the quiz's part too (the same part, with nothing
attempted and no best score, in a module without a quiz): one record per check answered,
after the quiz's, and a bit per record once one is checked. This module mirrors that
layout, so the loader can refuse a module whose state could not fit before it ships.
"""

from __future__ import annotations

from scorm_builder.structure.course import Course, Module
from scorm_builder.structure.files import (
    FILL_IN_MAX_LENGTH,
    FillIn,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)

SUSPEND_DATA_LIMIT = 4096
"""The most characters of `cmi.suspend_data` SCORM 1.2 guarantees to keep."""

KEY_LENGTH = 4
"""Characters of a fingerprint (24 bits) keying the pages and each question."""

STORED_ATTEMPTS_CAP = 4095
"""Attempts stored for a quiz with unlimited attempts: counting stops there (2 digits)."""

BEST_SCORE_MAX = 100 * 100
"""The best score is stored in hundredths of a point: 100 % is 10000."""

BITS_PER_DIGIT = 6

STATE_VERSION = 2
"""The first field of the state: a runtime that reads another version starts afresh."""

QUIZ_FLAGS = 3
"""The quiz's flags: submitted, result recorded by the learner, and some question checked."""


def base64_digits(number: int) -> int:
    """Return how many base-64 digits the runtime writes for a non-negative number."""
    digits = 1
    while number >= 64**digits:
        digits += 1
    return digits


def bit_set_digits(count: int) -> int:
    """Return how many digits a set of `count` booleans takes."""
    return -(-count // BITS_PER_DIGIT)


def longest_answer(question: Question) -> int:
    """Return the most characters the encoded answer to `question` can take."""
    if isinstance(question, (SingleChoice, TrueFalse)):
        return 1
    if isinstance(question, MultipleChoice):
        return bit_set_digits(len(question.choices))
    if isinstance(question, FillIn):
        return FILL_IN_MAX_LENGTH
    if isinstance(question, Ordering):
        return len(question.items)
    assert isinstance(question, Matching)
    return len(question.pairs)


def worst_case_quiz_length(module: Module) -> int:
    """Return the most characters the quiz part takes: header, every question of the quiz and
    every knowledge check answered and, where learners check questions one by one, every one
    of them checked. Without a quiz, no attempt and no best score are ever stored."""
    quiz = module.quiz
    questions = [*(quiz.questions if quiz else ()), *(check.question for check in module.checks)]
    if not questions:
        return 0
    attempts = (quiz.file.attempts or STORED_ATTEMPTS_CAP) if quiz else 0
    header = (
        base64_digits(attempts)
        + len(".")
        + (base64_digits(BEST_SCORE_MAX) if quiz else 0)
        + len(".")
        + bit_set_digits(QUIZ_FLAGS)
    )
    records = sum(KEY_LENGTH + 1 + longest_answer(question) for question in questions)
    checked = bit_set_digits(len(questions)) + len(".")
    checks = bool(module.checks) or (quiz is not None and quiz.checks_each_question(module.graded))
    return header + records + (checked if checks else 0)


def worst_case_suspend_data_length(module: Module) -> int:
    """Return the exact maximum length of the suspend_data the runtime writes for `module`."""
    screens = len(module.pages) + (module.quiz is not None)
    pages_part = (
        len(f"{STATE_VERSION}.")
        + KEY_LENGTH  # the module's key
        + len(".")
        + KEY_LENGTH  # the pages' key
        + len(".")
        + base64_digits(screens - 1)
        + len(".")
        + bit_set_digits(screens)
        + len(".")
    )
    return pages_part + worst_case_quiz_length(module)


COURSE_STATE_VERSION = "C1"
"""The first field of a single-SCO package's state (`templates/static/course-logic.js`)."""

MODULE_RECORD_HEADER = KEY_LENGTH + 1 + 3 + 2
"""Before each module's own state: its key, its status (1 character), its score in hundredths
or `---` (3 digits) and the length of its state (2 digits)."""


def worst_case_course_state_length(course: Course) -> int:
    """Return the longest suspend_data of the whole course packaged as one SCO.

    The menu writes `C1.<current module>.<record>...`, one record per module begun: its
    header, then the state that module's own runtime wrote (at most its own worst case: a
    longer one, left by an earlier version of the course, is dropped when read).
    """
    header = len(f"{COURSE_STATE_VERSION}.") + base64_digits(len(course.modules) - 1) + len(".")
    records = sum(
        MODULE_RECORD_HEADER + worst_case_suspend_data_length(module) for module in course.modules
    )
    return header + records
