"""The authored files of a course, as pydantic models: the single source of truth.

Each model is one kind of file an author writes (``course.yaml``, ``module.yaml``, a quiz
file, a page's front matter). Validation, the JSON Schema that editors use and the
renderer's view of a course all come from these classes; unknown keys are errors so that
a typo never passes silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    model_validator,
)
from pydantic.fields import FieldInfo

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
"""Safe at once as an XML ID suffix, a file name and a URL part."""

LANGUAGE_PATTERN = r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"
"""A BCP 47 language tag: primary language subtag, then optional subtags."""

RESPONSE_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"
"""SCORM 1.2 encodes choice, sequencing and matching responses as single characters [0-9a-z]:
the n-th choice, item or pair is answered as RESPONSE_KEYS[n]."""

MAX_SCORM_CHOICES = len(RESPONSE_KEYS)

FILL_IN_MAX_LENGTH = 60
"""The longest accepted answer of a fill-in question, and the most a learner can type."""

NO_CONTROL_LINE = r"^[^\x00-\x1f\x7f]*$"
NO_CONTROL_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
MARKDOWN = {"contentMediaType": "text/markdown"}
"""Marks a text field as Markdown, in the JSON Schema and for the checks of its links."""

Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_CONTROL_LINE),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, pattern=NO_CONTROL_TEXT)
]
Markdown = Annotated[Text, Field(json_schema_extra=MARKDOWN)]
FileName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Score = Annotated[int, Field(ge=0, le=100)]


def optional_id(what: str, default: str) -> Any:
    """Return the field of an optional stable identifier, with its rule and its default."""
    return Field(
        None,
        description=(
            f"Stable {what} identifier: lower-case letters, digits and '-', at most 64 "
            f"characters; defaults to {default}."
        ),
    )


class Strict(BaseModel):
    """A model of authored data: unknown keys are refused, values are not silently coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
FONT_STACK_PATTERN = r"^[A-Za-z][A-Za-z0-9 -]*(, *[A-Za-z][A-Za-z0-9 -]*)*$"
"""Font family names separated by commas, unquoted: nothing that could leave the CSS value."""


def colour(what: str) -> Any:
    return Field(
        None,
        description=(
            f"Colour of {what}, as #rrggbb; validate refuses a colour below the WCAG AA "
            "contrast of every pair it takes part in."
        ),
    )


class Logo(Strict):
    """The course's logo, shown in the header of every page."""

    file: FileName = Field(
        description="An image of the course folder (PNG, JPEG, WebP or SVG), e.g. assets/logo.svg."
    )
    alt: Title = Field(description="Its text alternative, e.g. the school's name.")


class Theme(Strict):
    """`theme:` in course.yaml: the course's colours, logo and fonts, over the default theme."""

    text: Colour | None = colour("the text")
    background: Colour | None = colour("the page background")
    accent: Colour | None = colour("links, buttons, the focus ring and the progress bar")
    font: Annotated[str, StringConstraints(pattern=FONT_STACK_PATTERN)] | None = Field(
        None,
        description=(
            "Font families installed on the learner's device, by preference, separated by "
            "commas and unquoted, ending with a generic family: e.g. 'Georgia, serif'. "
            "Nothing is downloaded."
        ),
    )
    logo: Logo | None = Field(None, description="An image shown in the header of every page.")


class CourseFile(Strict):
    """`course.yaml`, at the root of the course folder."""

    id: Identifier | None = optional_id("course", "the folder name, slugified")
    title: Title = Field(description="The course title, as learners and the LMS show it.")
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = Field(
        description="BCP 47 language tag of the course, e.g. 'fr' or 'en-GB'."
    )
    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")] = (
        Field(description="Version of the course, e.g. '1.0.0'. Quote it in YAML.")
    )
    description: Text | None = Field(None, description="A short summary for the LMS catalogue.")
    authors: list[Title] = Field(default_factory=list, description="Names of the authors.")
    mastery_score: Score = Field(
        80, description="Default pass mark (0-100) of quizzes that decide pass or fail."
    )
    sequential: bool = Field(
        False,
        description="When true, each module can only be launched once the previous one is done.",
    )
    single_sco: bool = Field(
        False,
        description=(
            "When true, the package is one SCO holding every module behind a module menu, for "
            "LMSs that launch only the first item of a package."
        ),
    )
    templates: str | None = Field(
        None,
        description="Folder (relative to the course) whose templates override the default theme.",
    )
    theme: Theme | None = Field(
        None, description="The course's brand: colours, logo and fonts, over the default theme."
    )
    modules: list[FileName] = Field(
        min_length=1, description="The module folders, in the order learners follow them."
    )


class ModuleFile(Strict):
    """`<module folder>/module.yaml`: one module, packaged as one SCO."""

    id: Identifier | None = optional_id("module", "the folder name, slugified")
    title: Title = Field(description="The module title, shown in the LMS table of contents.")
    objectives: list[Text] = Field(
        default_factory=list, description="What the learner can do after the module."
    )
    pages: list[FileName] = Field(
        min_length=1, description="Markdown page files of this module, in reading order."
    )
    quiz: FileName | None = Field(None, description="Quiz file of this module (YAML), if any.")
    completion: Literal["pages", "quiz"] | None = Field(
        None,
        description=(
            "'pages': done once every page is seen; 'quiz': passed or failed by the quiz "
            "score (gives the LMS a grade). Defaults to 'quiz' when the module has a quiz."
        ),
    )


class PageFrontMatter(Strict):
    """The YAML front matter between `---` lines at the top of a Markdown page."""

    id: Identifier | None = optional_id("page", "the file name, slugified")
    title: Title = Field(description="The page title, shown as its heading.")


class Choice(Strict):
    """One answer offered by a choice question."""

    text: Markdown
    correct: bool = False
    feedback: Markdown | None = Field(None, description="Shown when the learner picks this choice.")


class QuestionBase(Strict):
    """What every question has, whatever its type."""

    id: Identifier | None = optional_id("question", "q1, q2... by position in the file")
    prompt: Markdown = Field(description="The question, in Markdown.")
    explanation: Markdown | None = Field(
        None, description="Shown after the learner answers: why the right answer is right."
    )
    weight: Annotated[int, Field(ge=1, le=100)] = Field(1, description="Weight in the quiz score.")


Choices = Annotated[list[Choice], Field(min_length=2, max_length=MAX_SCORM_CHOICES)]


class SingleChoice(QuestionBase):
    """Exactly one correct choice (SCORM interaction type `choice`)."""

    type: Literal["single-choice"]
    choices: Choices

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        correct = sum(choice.correct for choice in self.choices)
        if correct != 1:
            raise ValueError(
                f"a single-choice question needs exactly one choice with 'correct: true', "
                f"it has {correct}"
            )
        return self


class MultipleChoice(QuestionBase):
    """One or more correct choices, all to be picked (SCORM interaction type `choice`)."""

    type: Literal["multiple-choice"]
    choices: Choices

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleChoice:
        if not any(choice.correct for choice in self.choices):
            raise ValueError(
                "a multiple-choice question needs at least one choice with 'correct: true'"
            )
        return self


class TrueFalse(QuestionBase):
    """A statement to judge (SCORM interaction type `true-false`)."""

    type: Literal["true-false"]
    answer: bool = Field(description="Whether the statement in the prompt is true.")


class FillIn(QuestionBase):
    """A short typed answer (SCORM interaction type `fill-in`)."""

    type: Literal["fill-in"]
    accepted: Annotated[
        list[Annotated[Text, StringConstraints(max_length=FILL_IN_MAX_LENGTH)]],
        Field(min_length=1),
    ] = Field(description="Every answer that counts as right.")
    case_sensitive: bool = False

    @model_validator(mode="after")
    def _typeable(self) -> FillIn:
        # The browser counts an input's maxlength in UTF-16 units: an emoji takes two.
        for answer in self.accepted:
            if len(answer.encode("utf-16-le")) // 2 > FILL_IN_MAX_LENGTH:
                raise ValueError(
                    f"the accepted answer {answer!r} is longer than the {FILL_IN_MAX_LENGTH} "
                    "characters a learner can type"
                )
        return self


class Ordering(QuestionBase):
    """Items to put in order (SCORM interaction type `sequencing`)."""

    type: Literal["ordering"]
    items: Annotated[list[Markdown], Field(min_length=2, max_length=MAX_SCORM_CHOICES)] = Field(
        description="The items in their right order; learners see them shuffled."
    )

    @model_validator(mode="after")
    def _distinct_items(self) -> Ordering:
        refuse_repeats(self.items, "item")
        return self


class Pair(Strict):
    """One left item and the right item that goes with it."""

    left: Markdown
    right: Markdown


class Matching(QuestionBase):
    """Left items to match with right items (SCORM interaction type `matching`)."""

    type: Literal["matching"]
    pairs: Annotated[list[Pair], Field(min_length=2, max_length=MAX_SCORM_CHOICES)]

    @model_validator(mode="after")
    def _distinct_sides(self) -> Matching:
        # Learners pick a right-hand text from a list: two equal texts cannot be told apart.
        refuse_repeats([pair.left for pair in self.pairs], "left item")
        refuse_repeats([pair.right for pair in self.pairs], "right item")
        return self


def refuse_repeats(texts: list[str], what: str) -> None:
    """Raise when two texts are the same: learners could not tell the two apart."""
    seen: set[str] = set()
    for text in texts:
        if text in seen:
            raise ValueError(f"the {what} {text!r} appears twice: each must be different")
        seen.add(text)


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | FillIn | Ordering | Matching,
    Field(discriminator="type"),
]

INTERACTION_TYPES: dict[type[QuestionBase], str] = {
    SingleChoice: "choice",
    MultipleChoice: "choice",
    TrueFalse: "true-false",
    FillIn: "fill-in",
    Ordering: "sequencing",
    Matching: "matching",
}
"""The SCORM 1.2 `cmi.interactions.n.type` each question type is reported as."""


class PageQuestion(RootModel[Question]):
    """A knowledge check in a page: one question, written as in a quiz file, never graded."""


class QuizFile(Strict):
    """A module's quiz file (YAML)."""

    title: Title | None = Field(None, description="Heading of the quiz page; defaults to 'Quiz'.")
    pass_mark: Score | None = Field(
        None, description="Score (0-100) needed to pass; defaults to the course's mastery_score."
    )
    attempts: Annotated[int, Field(ge=1, le=99)] | None = Field(
        None, description="How many times a learner may submit the quiz; unlimited when absent."
    )
    shuffle: bool = Field(False, description="Show choices and questions in a random order.")
    review: Literal["answers", "marks", "score"] = Field(
        "answers",
        description=(
            "What a learner sees of each question after submitting (and after checking one, in "
            "a practice quiz): 'answers': right or wrong, the feedback, the explanation and the "
            "right answer, which a graded quiz shows only once its result is final (passed, "
            "out of attempts or recorded); 'marks': the same without the right answer; "
            "'score': only the score."
        ),
    )
    questions: Annotated[list[Question], Field(min_length=1, max_length=100)]


class GlossaryTerm(Strict):
    """One term of the glossary and its definition."""

    term: Title = Field(
        description="The term as pages write it; its first use on a page gets the definition."
    )
    forms: list[Title] = Field(
        default_factory=list,
        description="Other ways pages write it (a plural, an inflection), matched as written.",
    )
    definition: Markdown = Field(
        description="What the term means, in Markdown: no images, links only to the web."
    )


class GlossaryFile(Strict):
    """`glossary.yaml`, optional, at the root of the course folder."""

    terms: Annotated[list[GlossaryTerm], Field(min_length=1)]


def control_character(value: object) -> str | None:
    """Return the first control character of a text as U+XXXX, if it has one."""
    found = (
        re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value) if isinstance(value, str) else None
    )
    return f"U+{ord(found.group()):04X}" if found else None


def slugify(name: str) -> str:
    """Return `name` as an identifier: ASCII lower case, digits and single dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64]


def markdown_texts(model: BaseModel) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield every Markdown text of `model` (as its fields mark them) with its location."""
    for name, field in type(model).model_fields.items():
        marked = field.json_schema_extra == MARKDOWN or _marks_markdown(field.annotation)
        yield from _texts_in(getattr(model, name), marked, (name,))


def _texts_in(
    value: object, marked: bool, loc: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, BaseModel):
        yield from (((*loc, *inner), text) for inner, text in markdown_texts(value))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts_in(item, marked, (*loc, index))
    elif isinstance(value, str) and marked:
        yield loc, value


def _marks_markdown(annotation: object) -> bool:
    """Whether a Markdown text stands somewhere in a type (a list of them, an optional one)."""
    if get_origin(annotation) is Annotated:
        extras = [m.json_schema_extra for m in get_args(annotation)[1:] if isinstance(m, FieldInfo)]
        return MARKDOWN in extras or _marks_markdown(get_args(annotation)[0])
    return any(_marks_markdown(arg) for arg in get_args(annotation))
