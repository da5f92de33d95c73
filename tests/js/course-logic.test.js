"use strict";
// Unit tests of the single-SCO menu's pure logic: node --test tests/js/
const test = require("node:test");
const assert = require("node:assert/strict");
const L = require("../../templates/static/sco-logic.js");
const C = require("../../templates/static/course-logic.js");

const COURSE = {
  course: "devops",
  modules: [
    { id: "intro", graded: false, longest: 40 },
    { id: "practice", graded: false, longest: 80 },
    { id: "final", graded: true, longest: 120 },
  ],
};
const stateOf = (module, length) => `2.${L.moduleKey({ course: COURSE.course, module })}.`.padEnd(length, "x");
const record = (status, score, state) => ({ status, score, state });
const FRESH = C.decodeCourse(COURSE, "");

test("the course's state round-trips every module's status, score and state", () => {
  const saved = {
    records: [record("completed", null, stateOf("intro", 12)), record("", null, ""), record("failed", 42.5, stateOf("final", 120))],
    current: 2,
  };
  const text = C.encodeCourse(COURSE, saved);
  assert.match(text, /^C1\.C\./);
  assert.deepEqual(C.decodeCourse(COURSE, text), saved);
});

test("garbage, truncated or foreign state gives a fresh course and never throws", () => {
  const good = C.encodeCourse(COURSE, { records: [record("passed", 100, stateOf("intro", 20)), ...FRESH.records.slice(1)], current: 0 });
  for (const text of ["", "garbage", "C1.", "C1.zz.", "C1.A.AAAA", good.slice(0, -3), "2.abcd.A.B.", null, "C1.A.____p---Az"]) {
    const decoded = C.decodeCourse(COURSE, text);
    assert.equal(decoded.records.length, 3);
    assert.ok(decoded.current >= 0 && decoded.current < 3);
    if (text !== good.slice(0, -3)) assert.deepEqual(decoded, FRESH, String(text));
  }
  // Another course's records carry other keys: none is taken.
  const other = { ...COURSE, course: "other" };
  assert.deepEqual(C.decodeCourse(COURSE, C.encodeCourse(other, { records: [record("passed", 100, "2.x.")], current: 0 })), FRESH);
});

test("a module's state longer than it can write now is dropped, its status and score kept", () => {
  const older = { ...COURSE, modules: COURSE.modules.map((m) => (m.id === "final" ? { ...m, longest: 400 } : m)) };
  const text = C.encodeCourse(older, { records: [FRESH.records[0], FRESH.records[1], record("passed", 90, stateOf("final", 400))], current: 2 });
  const decoded = C.decodeCourse(COURSE, text);
  assert.deepEqual(decoded.records[2], record("passed", 90, ""));
  assert.ok(C.encodeCourse(COURSE, decoded).length < text.length);
  // Dropped state still leaves the module begun: its record, key and status, is written again.
  assert.ok(C.begun(decoded.records[2]));
  assert.deepEqual(C.decodeCourse(COURSE, C.encodeCourse(COURSE, decoded)).records[2], record("passed", 90, ""));
});

test("records follow their module when modules are added, removed or moved", () => {
  const text = C.encodeCourse(COURSE, { records: [record("completed", null, stateOf("intro", 10)), FRESH.records[1], record("passed", 80, stateOf("final", 30))], current: 2 });
  const moved = { ...COURSE, modules: [COURSE.modules[2], { id: "new", graded: false, longest: 50 }, COURSE.modules[0]] };
  const decoded = C.decodeCourse(moved, text);
  assert.deepEqual(decoded.records.map((r) => r.status), ["passed", "", "completed"]);
  assert.equal(decoded.records[0].state, stateOf("final", 30));
});

test("the course is done once every module is; its result is its graded modules'", () => {
  const done = (status, score = null) => record(status, score, "2.x.");
  assert.deepEqual(C.courseResult(COURSE, [done("completed"), done("incomplete"), done("passed", 90)]), { target: "incomplete", mean: 90 });
  assert.deepEqual(C.courseResult(COURSE, [done("completed"), done("completed"), done("passed", 90)]), { target: "passed", mean: 90 });
  assert.deepEqual(C.courseResult(COURSE, [done("completed"), done("completed"), done("failed", 40)]), { target: "failed", mean: 40 });
  assert.deepEqual(C.courseResult(COURSE, [done("completed"), done("completed"), done("incomplete")]), { target: "incomplete", mean: null });
  const ungraded = { ...COURSE, modules: COURSE.modules.map((m) => ({ ...m, graded: false })) };
  assert.deepEqual(C.courseResult(ungraded, [done("completed"), done("completed"), done("failed")]), { target: "completed", mean: null });
  const twoGraded = { ...COURSE, modules: COURSE.modules.map((m) => ({ ...m, graded: m.id !== "intro" })) };
  assert.deepEqual(C.courseResult(twoGraded, [done("completed"), done("passed", 100), done("failed", 33.33)]), { target: "failed", mean: 66.67 });
});

test("a status that names a property of JavaScript objects is no status", () => {
  const text = C.encodeCourse(COURSE, { records: [record("constructor", null, stateOf("intro", 10)), ...FRESH.records.slice(1)], current: 0 });
  assert.equal(C.decodeCourse(COURSE, text).records[0].status, "");
  assert.equal(C.isFinished(record("constructor", null, "")), false);
});
