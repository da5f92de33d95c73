"use strict";
// The runtime's pure logic at its edges, each case found by a mutant of sco-logic.js that no
// other test caught (tools/mutation/survivors.md). node --test tests/js/
const test = require("node:test");
const assert = require("node:assert/strict");
const L = require("../../templates/static/sco-logic.js");

const QUIZ = {
  passMark: 75, attempts: 3, shuffle: false, graded: true,
  questions: [{ id: "tf", type: "true-false", interaction: "true-false", weight: 1, answer: false }],
};
const SCO = { course: "course", module: "module", pages: ["p1", "p2"], quiz: QUIZ, completion: "quiz", masteryScore: 75 };

test("a module's key is the same in every version, short hashes padded alike", () => {
  // An LMS keeps suspend_data across upgrades of the package: a changed key would lose it.
  assert.equal(L.moduleKey({ course: "devops", module: "m620" }), "A6cP");
});

test("a new learner has every attempt and a quiz not yet submitted", () => {
  const fresh = L.decodeState(SCO, "");
  assert.equal(fresh.quiz.submitted, false);
  assert.equal(L.attemptsLeft(QUIZ, fresh.quiz), 3);
  assert.equal(L.targetStatus(SCO, fresh, 75), "incomplete");
});

test("a saved screen past the last one reopens the first", () => {
  const past = { ...L.initialState(SCO), current: 3 };
  assert.equal(L.decodeState(SCO, L.encodeState(SCO, past)).current, 0);
  const last = { ...L.initialState(SCO), current: 2 };
  assert.equal(L.decodeState(SCO, L.encodeState(SCO, last)).current, 2);
});

test("a shuffle keeps every item once, whatever the random draws", () => {
  for (const draw of [0, 0.5, 0.999999]) {
    const result = L.shuffled(["a", "b", "c", "d", "e"], () => draw);
    assert.deepEqual([...result].sort(), ["a", "b", "c", "d", "e"], String(draw));
  }
});
