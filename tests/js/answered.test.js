"use strict";
// What counts as answered: the runtime lists the questions that are not before it submits.
const test = require("node:test");
const assert = require("node:assert/strict");
const L = require("../../templates/static/sco-logic.js");

const MATCH = {
  id: "match", type: "matching", interaction: "matching", weight: 1,
  pairs: ["a", "b", "c"].map((k) => ({ leftKey: k, rightKey: k, left: `L${k}`, right: `R${k}` })),
};
const SCO = { course: "c", module: "m", pages: ["p"], completion: "quiz", masteryScore: 80,
  quiz: { passMark: 80, attempts: null, shuffle: false, graded: true, questions: [MATCH] } };

test("a matching question is answered only once every pair is chosen", () => {
  assert.equal(L.isAnswered(MATCH, ["b", "", "a"]), false);
  assert.equal(L.isAnswered(MATCH, ["", "", ""]), false);
  assert.equal(L.isAnswered(MATCH, ["b", "c", "a"]), true);
  assert.equal(L.isCorrect(MATCH, ["a", "", "c"]), false);
});

test("a half-matched question is not saved as answered, a fully matched one is", () => {
  const state = L.initialState(SCO);
  state.quiz.answers = Object.assign(L.table(), { match: ["b", "", "a"] });
  assert.deepEqual(L.decodeState(SCO, L.encodeState(SCO, state)).quiz.answers, L.table());
  state.quiz.answers.match = ["b", "c", "a"];
  assert.deepEqual(L.decodeState(SCO, L.encodeState(SCO, state)).quiz.answers.match, ["b", "c", "a"]);
});
