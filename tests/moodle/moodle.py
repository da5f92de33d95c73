"""Driving the real Moodle 4.5.6 of ../shared/moodle: importing a package as an activity,
changing the activity's settings as an admin would, reading what Moodle stored, and a learner
playing SCOs in Chromium through Moodle's own SCORM player."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scorm_builder.building import build
from tests.browser.lms_harness import answer_quiz, quiz_view, right_answers
from tests.course_fixtures import SHARED

MOODLE_DIR = SHARED / "moodle"
MOODLE_SH = MOODLE_DIR / "moodle.sh"
MOODLE_HOME = Path(os.environ.get("MOODLE_HOME", "/tmp/moodle-test"))
ACTIVITY_PHP = Path(__file__).resolve().with_name("activity.php")
STUDENT = ("student", "Student123!")
GRADE_METHODS = ("highest", "average", "sum", "objects")
# The activity settings README's "Deploying to Moodle" recommends (Moodle's field names):
# one Moodle attempt (the quiz counts its own attempts), graded by its highest attempt, never a
# forced new attempt (that would drop the learner's place), straight into the player, in the
# current window, done when every SCO is completed or passed.
RECOMMENDED = {
    "maxattempt": 1,
    "whatgrade": 0,  # highest attempt
    "forcenewattempt": 0,
    "skipview": 2,  # always skip the content structure page
    "popup": 0,  # current window
    "completion": 2,  # automatic
    "completionstatusrequired": 6,  # passed (2) or completed (4)
    "completionstatusallscos": 1,
}
GRADEBOOK: dict[str, dict[str, float | None]] = {}  # learner -> method -> grade, for the summary
TRACKS_WAIT = 20.0  # seconds: Moodle writes what a page sent as it was left asynchronously
_numbers = itertools.count()


def moodle_sh(*args: str | Path) -> str:
    """Run moodle.sh; its output, or an AssertionError that shows it."""
    result = subprocess.run(
        ["bash", str(MOODLE_SH), *map(str, args)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, (
        f"moodle.sh {args[0]} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def build_zip(course_dir: Path, folder: Path) -> Path:
    """The course's package, built with the project's own pipeline."""
    target = folder / f"{course_dir.name}-{next(_numbers)}.zip"
    build(course_dir, target)
    return target


@dataclass(frozen=True)
class Activity:
    """A SCORM activity of Moodle's test course, as the import (or an update) left it."""

    id: int
    cmid: int
    course: int
    organization: str
    scoes: dict[str, int]  # manifest item identifier -> Moodle's sco id

    def sco(self, module: str) -> int:
        return self.scoes[f"ITEM-{module}"]

    @property
    def modules(self) -> list[str]:
        return [name.removeprefix("ITEM-") for name in self.scoes]


def _activity(scorm: dict[str, Any], course: int, scoes: Iterable[dict[str, Any]]) -> Activity:
    launchable = [s for s in scoes if s["scormtype"] == "sco"]
    return Activity(
        id=int(scorm["id"]),
        cmid=int(scorm["cmid"]),
        course=course,
        organization=launchable[0]["organization"],
        scoes={s["identifier"]: int(s["id"]) for s in launchable},
    )


def import_zip(package: Path, folder: Path, grademethod: str = "highest") -> Activity:
    """Add the package to Moodle as a new activity, as the "Add an activity" form does."""
    out = folder / f"import-{next(_numbers)}.json"
    moodle_sh("import", package, f"--json={out}", f"--grademethod={grademethod}")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["accepted"], data
    assert not data["php_warnings"], data["php_warnings"]
    return _activity(data["scorm"], data["course_id"], data["scoes"])


def _activity_php(*args: str) -> dict[str, Any]:
    result = subprocess.run(
        ["php", str(ACTIVITY_PHP), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MOODLE_DIR": str(MOODLE_HOME / "moodle")},
    )
    assert result.returncode == 0, f"activity.php {args}: {result.stdout}\n{result.stderr}"
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def change_activity(
    activity: Activity, settings: dict[str, int] | None = None, package: Path | None = None
) -> Activity:
    """What an admin does in the activity's settings form (through the form's own code):
    change settings, or upload a new version of the package ("update package")."""
    args = [f"--cmid={activity.cmid}", f"--settings={json.dumps(settings or {})}"]
    if package is not None:
        args.append(f"--package={package}")
    data = _activity_php(*args)
    assert data["accepted"], data
    return _activity({**data["scorm"], "cmid": activity.cmid}, activity.course, data["scoes"])


def completed(activity: Activity) -> bool:
    """Whether the student's activity completion is "done", as the course page shows it."""
    return bool(_activity_php(f"--cmid={activity.cmid}", "--completion")["complete"])


@dataclass(frozen=True)
class Tracks:
    """What Moodle stored for the student: cmi values per attempt and SCO, and the gradebook."""

    values: dict[tuple[int, str], dict[str, str]]
    grade: float | None  # the gradebook's final grade, None when it has none

    def of(self, module: str, attempt: int = 1) -> dict[str, str]:
        return self.values.get((attempt, f"ITEM-{module}"), {})

    @property
    def attempts(self) -> set[int]:
        return {attempt for attempt, _ in self.values}


def tracks(activity: Activity, folder: Path) -> Tracks:
    out = folder / f"tracks-{next(_numbers)}.json"
    moodle_sh("tracks", str(activity.id), f"--json={out}")
    data = json.loads(out.read_text(encoding="utf-8"))
    values: dict[tuple[int, str], dict[str, str]] = {}
    for row in data["tracks"]:
        values.setdefault((int(row["attempt"]), row["identifier"]), {})[row["element"]] = row[
            "value"
        ]
    return Tracks(values, data["gradebook"]["finalgrade"])


def wait_for_tracks(
    activity: Activity, folder: Path, ready: Callable[[Tracks], bool], seconds: float = TRACKS_WAIT
) -> Tracks:
    """Poll Moodle until `ready` holds or the time is up; the last tracks either way (the
    caller's assertions then say what is missing)."""
    deadline = time.monotonic() + seconds
    while True:
        stored = tracks(activity, folder)
        if ready(stored) or time.monotonic() > deadline:
            return stored
        time.sleep(0.3)


def settled(*modules: str, element: str = "cmi.core.total_time") -> Callable[[Tracks], bool]:
    """Ready once every module has `element` (total_time arrives with LMSFinish)."""
    return lambda stored: all(element in stored.of(module) for module in modules)


def seconds_of(timespan: str) -> float:
    """A CMITimespan (HHHH:MM:SS.SS) in seconds."""
    hours, minutes, seconds = timespan.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def interactions(values: dict[str, str]) -> list[dict[str, str]]:
    """A SCO's interactions as Moodle stored them (cmi.interactions_N.field), in index order."""
    found: dict[int, dict[str, str]] = {}
    for element, value in values.items():
        if element.startswith("cmi.interactions_"):
            index, name = element.removeprefix("cmi.interactions_").split(".", 1)
            found.setdefault(int(index), {})[name] = value
    return [found[index] for index in sorted(found)]


def wrong_answers(quiz: dict[str, Any]) -> dict[str, Any]:
    """A wrong answer to each question of a quiz view, in answer_quiz's terms."""
    right = right_answers(quiz)
    answers: dict[str, Any] = {}
    for q in quiz["questions"]:
        good = right[q["id"]]
        if q["type"] == "single-choice":
            answers[q["id"]] = next(c["key"] for c in q["choices"] if not c["correct"])
        elif q["type"] == "multiple-choice":
            answers[q["id"]] = [c["key"] for c in q["choices"] if not c["correct"]] or good[1:]
        elif q["type"] == "true-false":
            answers[q["id"]] = not good
        elif q["type"] == "fill-in":
            answers[q["id"]] = "certainly not this"
        else:  # ordering and matching: every item one place off
            answers[q["id"]] = good[1:] + good[:1]
    return answers


@dataclass
class Sco:
    """A SCO running in the frame of Moodle's player."""

    frame: Any

    @property
    def quiz(self) -> dict[str, Any]:
        return quiz_view(self.frame)

    def screen(self) -> str:
        """The id of the page on screen (`quiz` for the quiz)."""
        shown: str = self.frame.evaluate(
            "() => document.querySelector('main > .page:not([hidden])').id.replace('page-', '')"
        )
        return shown

    def read_to_end(self) -> None:
        """Page through every page, up to the last screen (the quiz when there is one)."""
        button = self.frame.locator("#sco-next")
        while button.is_enabled():
            button.click()

    def go_to(self, screen: str) -> None:
        while self.screen() != screen:
            self.frame.locator("#sco-next").click()

    def answer(self, answers: dict[str, Any]) -> None:
        """Answer as answer_quiz does, first unticking what an earlier attempt left ticked."""
        for question in answers:
            ticked = self.frame.locator(f"#q-{question} input[type=checkbox]:checked")
            while ticked.count():
                ticked.first.uncheck()
        answer_quiz(self.frame, answers)

    def submit(self) -> None:
        """Submit the quiz and wait for its result."""
        self.frame.locator("#quiz-submit").click()
        self.frame.locator("#quiz-result").wait_for()

    def retry(self) -> None:
        self.frame.locator("#quiz-retry").click()
        self.frame.locator("#quiz-submit").wait_for()

    def record(self) -> None:
        """Press "finish and record my result" (after a failed submission)."""
        self.frame.locator("#quiz-record").click()

    def take(self, answers: dict[str, Any]) -> None:
        self.answer(answers)
        self.submit()


Plan = dict[str, Callable[[Sco], None]]  # module -> what the learner does in it


@dataclass
class Learner:
    """The student in one browser page, logged in to Moodle."""

    page: Any
    base: str
    console: list[str] = field(default_factory=list)

    def log_in(self) -> None:
        self.page.goto(f"{self.base}/login/index.php")
        # Moodle's login form can race with its own scripts.
        self.page.wait_for_load_state("networkidle")
        self.page.fill("#username", STUDENT[0])
        self.page.fill("#password", STUDENT[1])
        self.page.click("#loginbtn")
        self.page.wait_for_url(lambda url: "/login/" not in url)

    def player_url(self, activity: Activity, module: str) -> str:
        return (
            f"{self.base}/mod/scorm/player.php?a={activity.id}&scoid={activity.sco(module)}"
            f"&currentorg={activity.organization}&mode=normal&display="
        )

    def open(self, activity: Activity, module: str) -> Sco:
        """Open one SCO of the activity in Moodle's player, as its table of contents does."""
        self.page.goto(self.player_url(activity, module))
        return self.sco(module)

    def view(self, activity: Activity) -> None:
        """The activity's page, as a learner reaches it from the course."""
        self.page.goto(f"{self.base}/mod/scorm/view.php?id={activity.cmid}")

    def sco(self, module: str, page: Any = None) -> Sco:
        """The SCO of the player on `page` (this learner's page by default), once loaded:
        Moodle first loads loadSCO.php in the frame, which then goes to the SCO."""
        frame = (page or self.page).locator("#scorm_object").element_handle().content_frame()
        frame.wait_for_url(f"**/{module}.html")
        frame.wait_for_load_state("load")
        return Sco(frame)

    def api(self, element: str) -> str:
        """A value as Moodle's SCORM API in the player page answers it to the SCO."""
        value: str = self.page.evaluate("e => window.API.LMSGetValue(e)", element)
        return value

    def leave(self, activity: Activity) -> None:
        """Leave the player for another Moodle page: the SCO's last commit and LMSFinish go."""
        self.page.goto(f"{self.base}/course/view.php?id={activity.course}")

    def play(self, activity: Activity, plan: Plan, through_view: bool = False) -> None:
        """Open each module in turn (opening the next one leaves the previous one), do what the
        plan says there, then leave the player. `through_view`: the first module is reached
        from the activity's page, which must go straight to the player (skipview "always")."""
        for number, (module, act) in enumerate(plan.items()):
            if number == 0 and through_view:
                self.view(activity)
                self.page.wait_for_url("**/mod/scorm/player.php?**")
                act(self.sco(module))
            else:
                act(self.open(activity, module))
        self.leave(activity)


def read(sco: Sco) -> None:
    sco.read_to_end()


def all_right(sco: Sco) -> None:
    """Every page, then the quiz (if any) right at the first try."""
    sco.read_to_end()
    if sco.screen() == "quiz":
        sco.take(right_answers(sco.quiz))


def all_wrong_until_no_attempt_left(sco: Sco) -> None:
    sco.read_to_end()
    answers = wrong_answers(sco.quiz)
    sco.take(answers)
    while sco.frame.locator("#quiz-retry").is_visible():
        sco.retry()
        sco.take(answers)
