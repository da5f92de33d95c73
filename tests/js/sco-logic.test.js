"use strict";
// Unit tests of the runtime's pure logic: node --test tests/js/
const test = require("node:test");
const assert = require("node:assert/strict");
const L = require("../../templates/static/sco-logic.js");

const choice = (id, type, correct, count = 3) => ({
  id, type, interaction: "choice", weight: 1,
  choices: Array.from({ length: count }, (_, i) => ({ key: "abcdefghijklmnopqrstuvwxyz0123456789"[i], correct: correct.includes(i), feedback: null })),
});
const QUIZ = {
  passMark: 75, attempts: 3, shuffle: false, graded: true,
  questions: [
    choice("one", "single-choice", [1]),
    { ...choice("many", "multiple-choice", [0, 2], 8), weight: 2 },
    { id: "tf", type: "true-false", interaction: "true-false", weight: 1, answer: false },
    { id: "word", type: "fill-in", interaction: "fill-in", weight: 1, accepted: ["Chat", "minou"], caseSensitive: false },
    { id: "order", type: "ordering", interaction: "sequencing", weight: 1, items: [{ key: "a" }, { key: "b" }, { key: "c" }] },
    { id: "match", type: "matching", interaction: "matching", weight: 1,
      pairs: [{ leftKey: "a", rightKey: "a" }, { leftKey: "b", rightKey: "b" }] },
  ],
};
const SCO = { course: "course", module: "module", pages: ["p1", "p2"], quiz: QUIZ, completion: "quiz", masteryScore: 75 };
// Answers are kept in objects without a prototype, so that any question id is a safe key.
const answersOf = (entries) => Object.assign(L.table(), entries);
const RIGHT = { one: "b", many: ["a", "c"], tf: "f", word: "  chat ", order: ["a", "b", "c"], match: ["a", "b"] };

test("timespan pads hours, minutes, seconds and centiseconds", () => {
  assert.equal(L.timespan(0), "00:00:00.00");
  assert.equal(L.timespan(3723456), "01:02:03.46");
  assert.equal(L.timespan(5), "00:00:00.01");
  assert.equal(L.timespan(-20), "00:00:00.00");
});

test("timespan clamps at 9999:59:59.99", () => {
  assert.equal(L.timespan(10000 * 3600 * 1000), "9999:59:59.99");
  assert.equal(L.timespan(123 * 3600 * 1000), "123:00:00.00");
});

test("clockTime is HH:MM:SS", () => {
  assert.equal(L.clockTime(new Date(2024, 0, 1, 7, 5, 9)), "07:05:09");
});

test("numbers and bit sets round-trip through base 64", () => {
  for (const n of [0, 1, 63, 64, 4095, 4096, 10000]) assert.equal(L.decodeNumber(L.encodeNumber(n)), n);
  assert.equal(L.encodeNumber(4095).length, 2);
  assert.equal(L.encodeNumber(4096).length, 3);
  assert.ok(Number.isNaN(L.decodeNumber("a.b")));
  const flags = [true, false, false, true, true, false, true];
  assert.equal(L.encodeBits(flags).length, 2);
  assert.deepEqual(L.decodeBits(L.encodeBits(flags), 7), flags);
  assert.equal(L.decodeBits("A", 7), null);
});

test("fingerprints are 4 characters and depend on every character", () => {
  assert.equal(L.fingerprint("").length, 4);
  assert.notEqual(L.fingerprint("intro"), L.fingerprint("intra"));
});

test("suspend_data round-trips pages, current page, answers and attempts", () => {
  const state = L.initialState(SCO);
  state.current = 2;
  state.seen = [true, false, true];
  Object.assign(state.quiz, { attempts: 2, best: 66.67, submitted: true, answers: answersOf({ ...RIGHT, word: "a.b~c é" }) });
  const text = L.encodeState(SCO, state);
  assert.match(text, /^2\./);
  assert.deepEqual(L.decodeState(SCO, text), state);
});

test("suspend_data keeps answers of questions that stayed when the module was republished", () => {
  const state = L.initialState(SCO);
  state.seen = [true, true, false];
  state.quiz.answers = { one: "b", word: "chat" };
  const text = L.encodeState(SCO, state);
  const republished = { ...SCO, pages: ["p1", "new", "p2"], quiz: { ...QUIZ, questions: [
    { ...choice("one", "single-choice", [0], 4) }, QUIZ.questions[3], choice("added", "single-choice", [0]),
  ] } };
  const restored = L.decodeState(republished, text);
  assert.deepEqual(restored.seen, [false, false, false, false]);
  assert.deepEqual(restored.quiz.answers, answersOf({ word: "chat" }));
});

test("an answer is dropped when the texts of its question's choices, items or pairs changed", () => {
  const text = (q, texts) => ({ ...q, [q.choices ? "choices" : "items"]: (q.choices || q.items).map((o, i) => ({ ...o, html: texts[i] })) });
  const before = { ...SCO, quiz: { ...QUIZ, questions: [text(QUIZ.questions[0], ["Lyon", "Paris", "Nice"]), text(QUIZ.questions[4], ["x", "y", "z"])] } };
  const state = L.initialState(before);
  state.quiz.answers = { one: "b", order: ["c", "a", "b"] };
  const saved = L.encodeState(before, state);
  assert.deepEqual(L.decodeState(before, saved).quiz.answers, answersOf(state.quiz.answers));
  // Paris moved to the first place: the old "b" would now mean Lyon.
  const after = { ...before, quiz: { ...before.quiz, questions: [text(QUIZ.questions[0], ["Paris", "Lyon", "Nice"]), before.quiz.questions[1]] } };
  assert.deepEqual(L.decodeState(after, saved).quiz.answers, answersOf({ order: ["c", "a", "b"] }));
  const pairs = (rights) => ({ ...QUIZ.questions[5], pairs: [{ leftKey: "a", rightKey: "a", left: "It", right: rights[0] }, { leftKey: "b", rightKey: "b", left: "Es", right: rights[1] }] });
  const matched = { ...SCO, quiz: { ...QUIZ, questions: [pairs(["Rome", "Madrid"])] } };
  const answered = L.initialState(matched);
  answered.quiz.answers = { match: ["a", "b"] };
  const swapped = { ...SCO, quiz: { ...QUIZ, questions: [pairs(["Madrid", "Rome"])] } };
  assert.deepEqual(L.decodeState(swapped, L.encodeState(matched, answered)).quiz.answers, L.table());
});

test("suspend_data of another format, or garbage, gives a fresh state", () => {
  for (const text of ["", "2.abcd.A.B.", "garbage", "1.xxxx.A", "1.xxxx.A.B.zz.yy.QQQQ", "3.x.y.A.B.C.B"]) {
    assert.deepEqual(L.decodeState(SCO, text), L.initialState(SCO));
  }
});

test("state saved before the module had a quiz gives a fresh quiz", () => {
  const before = L.encodeState({ ...SCO, quiz: null }, { current: 1, seen: [true, true] });
  assert.deepEqual(L.decodeState(SCO, before).quiz, L.initialState(SCO).quiz);
});

test("state written by another module, or by the old unkeyed format, is never read", () => {
  const state = L.initialState(SCO);
  Object.assign(state.quiz, { attempts: 1, best: 100, submitted: true, answers: answersOf(RIGHT) });
  state.seen = [true, true, true];
  const other = { ...SCO, module: "other" };
  const written = L.encodeState(other, state);
  assert.ok(L.isOwnState(other, written));
  assert.ok(!L.isOwnState(SCO, written));
  assert.deepEqual(L.decodeState(SCO, written), L.initialState(SCO));
  assert.deepEqual(L.decodeState({ ...SCO, course: "another-course" }, L.encodeState(SCO, state)), L.initialState(SCO));
  // The security review's example: another module's quiz state, passed with 100, in the old format.
  assert.deepEqual(L.decodeState(SCO, "1.ZZZZ.A.A.0.CcQ.B"), L.initialState(SCO));
  assert.ok(!L.isOwnState(SCO, "1.ZZZZ.A.A.0.CcQ.B"));
  assert.ok(!L.isOwnState(SCO, ""));
  assert.ok(L.isOwnState(SCO, L.encodeState(SCO, L.initialState(SCO))));
});

test("question ids that name properties of JavaScript objects are plain keys", () => {
  const ids = ["constructor", "__proto__", "tostring", "hasownproperty", "valueof"];
  const quiz = { ...QUIZ, questions: ids.map((id) => choice(id, "single-choice", [0])) };
  const sco = { ...SCO, quiz };
  const fresh = L.initialState(sco);
  assert.ok(ids.every((id) => fresh.quiz.answers[id] === undefined));
  assert.ok(quiz.questions.every((q) => !L.isAnswered(q, fresh.quiz.answers[q.id])));
  assert.equal(L.scoreOf(quiz, fresh.quiz.answers), 0);
  for (const id of ids) fresh.quiz.answers[id] = "a";
  const restored = L.decodeState(sco, L.encodeState(sco, fresh));
  assert.deepEqual(Object.keys(restored.quiz.answers).sort(), [...ids].sort());
  assert.equal(L.scoreOf(quiz, restored.quiz.answers), 100);
  assert.equal(L.format("{constructor} {tostring}", {}), "{constructor} {tostring}");
  assert.equal(L.nextStatus("constructor", "incomplete"), "incomplete");
});

test("a failed result the learner chose to record is final and survives the round trip", () => {
  const unlimited = { ...SCO, quiz: { ...QUIZ, attempts: null } };
  const state = L.initialState(unlimited);
  Object.assign(state.quiz, { attempts: 5, best: 40, submitted: true });
  assert.equal(L.targetStatus(unlimited, state, 75), "incomplete");
  assert.ok(!L.isFinished(unlimited, "failed", state));
  state.quiz.recorded = true;
  assert.equal(L.attemptsLeft(unlimited.quiz, state.quiz), 0);
  assert.equal(L.targetStatus(unlimited, state, 75), "failed");
  assert.ok(L.isFinished(unlimited, "failed", state));
  const restored = L.decodeState(unlimited, L.encodeState(unlimited, state));
  assert.deepEqual(restored, state);
  // Passing later is impossible once recorded, but a pass recorded before stays a pass.
  assert.equal(L.nextStatus("passed", L.targetStatus(unlimited, state, 75)), "passed");
});

test("fill-in answers are cut at the maximum typed length, never inside a surrogate pair", () => {
  const state = L.initialState(SCO);
  state.quiz.answers = { word: "x".repeat(L.FILL_IN_MAX_LENGTH - 1) + "😀" + "tail" };
  const restored = L.decodeState(SCO, L.encodeState(SCO, state));
  assert.equal(restored.quiz.answers.word, "x".repeat(L.FILL_IN_MAX_LENGTH - 1));
});

test("score is weighted, on 0-100, rounded to hundredths", () => {
  assert.equal(L.scoreOf(QUIZ, RIGHT), 100);
  assert.equal(L.scoreOf(QUIZ, { ...RIGHT, many: ["a"] }), 71.43);
  assert.equal(L.scoreOf(QUIZ, { ...RIGHT, one: "a", order: ["b", "a", "c"] }), 71.43);
  assert.equal(L.scoreOf(QUIZ, {}), 0);
});

test("fill-in compares trimmed, NFC, spaces collapsed, case as the question says", () => {
  const q = QUIZ.questions[3];
  assert.ok(L.isCorrect(q, " CHAT "));
  assert.ok(L.isCorrect({ ...q, accepted: ["é t"] }, "e\u0301   t"));
  assert.ok(!L.isCorrect({ ...q, caseSensitive: true }, "chat"));
});

test("fill-in takes French non-breaking spaces (U+00A0, U+202F) for ordinary ones, both ways", () => {
  const q = { ...QUIZ.questions[3], accepted: ["0,5\u00a0mA", "Bonjour\u202f!"] };
  assert.ok(L.isCorrect(q, "0,5 mA"));
  assert.ok(L.isCorrect(q, "bonjour !"));
  assert.ok(L.isCorrect({ ...q, accepted: ["0,5 mA"] }, "0,5\u202fmA"));
  assert.ok(!L.isCorrect(q, "0,5mA"));
});

test("interactions are written in the SCORM 1.2 format of each type", () => {
  const formats = QUIZ.questions.map((q) => L.interaction(q, RIGHT[q.id]));
  assert.deepEqual(formats.map((i) => [i.type, i.student_response, i["correct_responses.0.pattern"]]), [
    ["choice", "b", "b"],
    ["choice", "a,c", "a,c"],
    ["true-false", "f", "f"],
    ["fill-in", "chat", "Chat"],
    ["sequencing", "a,b,c", "a,b,c"],
    ["matching", "a.a,b.b", "a.a,b.b"],
  ]);
  assert.ok(formats.every((i) => i.result === "correct"));
  assert.equal(formats[1].weighting, "2");
  // Every accepted answer of a fill-in is a correct response, each in its own pattern.
  assert.equal(formats[3]["correct_responses.1.pattern"], "minou");
  assert.equal(formats[0]["correct_responses.1.pattern"], undefined);
  const wrong = L.interaction(QUIZ.questions[5], ["b", "a"]);
  assert.deepEqual([wrong.student_response, wrong.result], ["a.b,b.a", "wrong"]);
});

test("the LMS mastery score wins when it gives one", () => {
  assert.equal(L.masteryScore("60", 75), 60);
  assert.equal(L.masteryScore("", 75), 75);
  assert.equal(L.masteryScore(null, 75), 75);
});

test("status follows the module's rule", () => {
  const state = L.initialState(SCO);
  assert.equal(L.targetStatus(SCO, state, 75), "incomplete");
  state.quiz.best = 74.99;
  state.quiz.attempts = 3;
  assert.equal(L.targetStatus(SCO, state, 75), "failed");
  state.quiz.best = 75;
  assert.equal(L.targetStatus(SCO, state, 75), "passed");
  const reading = { pages: ["a", "b"], quiz: null, completion: "pages" };
  assert.equal(L.targetStatus(reading, { seen: [true, false] }), "incomplete");
  assert.equal(L.targetStatus(reading, { seen: [true, true] }), "completed");
});

test("a failed quiz stays incomplete while attempts are left (Moodle would lock a failed SCO)", () => {
  const state = L.initialState(SCO);
  Object.assign(state.quiz, { best: 50, attempts: 2 });
  assert.equal(L.targetStatus(SCO, state, 75), "incomplete");
  const unlimited = { ...SCO, quiz: { ...QUIZ, attempts: null } };
  assert.equal(L.targetStatus(unlimited, state, 75), "incomplete");
  state.quiz.attempts = 3;
  assert.equal(L.targetStatus(SCO, state, 75), "failed");
});

test("status is never downgraded and only an empty one becomes incomplete on entry", () => {
  assert.equal(L.nextStatus("passed", "failed"), "passed");
  assert.equal(L.nextStatus("completed", "incomplete"), "completed");
  assert.equal(L.nextStatus("completed", "passed"), "passed");
  assert.equal(L.nextStatus("failed", "incomplete"), "failed");
  assert.equal(L.nextStatus("failed", "passed"), "passed");
  for (const entry of ["", "not attempted", "browsed"]) assert.equal(L.nextStatus(entry, "incomplete"), "incomplete");
});

test("a module is finished once passed, completed, or failed with no attempt left", () => {
  const state = L.initialState(SCO);
  state.quiz.attempts = 2;
  assert.ok(!L.isFinished(SCO, "failed", state));
  state.quiz.attempts = 3;
  assert.ok(L.isFinished(SCO, "failed", state));
  assert.ok(L.isFinished(SCO, "passed", state));
  assert.ok(!L.isFinished(SCO, "incomplete", state));
  assert.equal(L.attemptsLeft({ attempts: null }, state.quiz), Infinity);
});

test("a module without a quiz whose LMS status is failed is not finished, and does not throw", () => {
  const reading = { pages: ["a", "b"], quiz: null, completion: "pages" };
  const state = L.initialState(reading);
  assert.equal(L.isFinished(reading, "failed", state), false);
  assert.equal(L.isFinished(reading, "completed", state), true);
  assert.equal(L.isFinished(reading, "failed", null), false);
});

test("format fills placeholders and leaves unknown ones", () => {
  assert.equal(L.format("Page {current} of {total} {x}", { current: 2, total: 5 }), "Page 2 of 5 {x}");
});

test("items to order are never shown in their right order", () => {
  const keys = ["a", "b", "c"];
  const identity = () => 0.999;
  assert.notDeepEqual(L.disordered(keys, identity), keys);
  assert.deepEqual([...L.disordered(keys, Math.random)].sort(), keys);
});

test("questions checked in a practice quiz survive the round trip, each with its answer", () => {
  const practice = { ...SCO, completion: "pages", quiz: { ...QUIZ, graded: false, check: true } };
  const state = L.initialState(practice);
  state.quiz.answers = answersOf({ one: "a", tf: "t", word: "x.y", order: ["b", "a", "c"] });
  state.quiz.checked = answersOf({ tf: true, word: true });
  const text = L.encodeState(practice, state);
  assert.deepEqual(L.decodeState(practice, text), state);
  // Republished without its first question: the marks follow their answers, not positions.
  const republished = { ...practice, quiz: { ...practice.quiz, questions: QUIZ.questions.slice(1) } };
  assert.deepEqual(L.decodeState(republished, text).quiz.checked, answersOf({ tf: true, word: true }));
  // Nothing checked (as after "Try again"): the state is as short as a graded quiz's.
  state.quiz.checked = L.table();
  assert.equal(L.encodeState(practice, state).length, text.length - 2);
});

test("a practice quiz made graded keeps the answers of its checked questions, not the checks", () => {
  const practice = { ...SCO, completion: "pages", quiz: { ...QUIZ, graded: false, check: true } };
  const state = L.initialState(practice);
  state.quiz.answers = answersOf({ tf: "t", word: "x.y" });
  state.quiz.checked = answersOf({ tf: true });
  const text = L.encodeState(practice, state);
  // Updated to `completion: quiz`: no question may stay locked before the graded submit,
  // and the state written back stays within the graded quiz's bound (no checked part).
  const graded = { ...practice, completion: "quiz", quiz: { ...QUIZ, graded: true, check: false } };
  const read = L.decodeState(graded, text);
  assert.deepEqual(read.quiz.answers, answersOf({ tf: "t", word: "x.y" }));
  assert.deepEqual(read.quiz.checked, L.table());
  assert.equal(L.encodeState(graded, read).length, text.length - 2);
});

test("state written before questions could be checked reads the same, and is written the same", () => {
  // Written by the previous runtime: submitted and recorded, three answers.
  const before = "2.l8ii.MTsd.A.D.C.BOI.DN_EiBbDOFRBfWB6UDa.b";
  const state = L.decodeState(SCO, before);
  assert.deepEqual(state.quiz, {
    attempts: 2, best: 50, submitted: true, recorded: true,
    answers: answersOf({ one: "b", tf: "f", word: "a.b" }), checked: L.table(),
  });
  assert.equal(L.encodeState(SCO, state), before);
});

test("each review value shows what it promises; a graded quiz's right answers wait for its result", () => {
  const quiz = (review, graded = true) => ({ ...QUIZ, review, graded });
  const tried = { attempts: 1, best: 50, recorded: false };
  const final = [{ ...tried, attempts: 3 }, { ...tried, best: 75 }, { ...tried, recorded: true }];
  // Attempts left, not passed: marks only, whatever the review.
  assert.deepEqual(L.reveals(quiz("answers"), tried, 75), { marks: true, answers: false });
  for (const state of final) assert.deepEqual(L.reveals(quiz("answers"), state, 75), { marks: true, answers: true });
  for (const state of [tried, ...final]) {
    assert.deepEqual(L.reveals(quiz("marks"), state, 75), { marks: true, answers: false });
    assert.deepEqual(L.reveals(quiz("score"), state, 75), { marks: false, answers: false });
  }
  // A practice quiz shows right answers at once (when its review allows them).
  assert.deepEqual(L.reveals(quiz("answers", false), tried, 75), { marks: true, answers: true });
  assert.deepEqual(L.reveals(quiz("marks", false), tried, 75), { marks: true, answers: false });
});
