"use strict";
// The menu's stored course state at its edges, each case found by a mutant of course-logic.js
// that no other test caught (tools/mutation/survivors.md). node --test tests/js/
const test = require("node:test");
const assert = require("node:assert/strict");
const L = require("../../templates/static/sco-logic.js");
const C = require("../../templates/static/course-logic.js");

const COURSE = { course: "devops", modules: [{ id: "intro", graded: false, longest: 40 }, { id: "final", graded: true, longest: 40 }] };
const KEY = L.moduleKey({ course: "devops", module: "intro" });
const record = (status, score, state) => ({ status, score, state });
const FRESH = C.decodeCourse(COURSE, "");
const withIntro = (r) => ({ records: [r, record("", null, "")], current: 0 });

test("a course nobody began is stored as no record at all", () => {
  assert.equal(C.encodeCourse(COURSE, FRESH), "C1.A.");
});

test("a module with only a status, or only a state, is kept over a relaunch", () => {
  for (const begun of [record("incomplete", null, ""), record("", null, "2.x.")]) {
    const saved = withIntro(begun);
    assert.deepEqual(C.decodeCourse(COURSE, C.encodeCourse(COURSE, saved)), saved);
  }
});

test("a full score of 100 survives a relaunch; a score above 100 is no score", () => {
  const full = withIntro(record("passed", 100, ""));
  assert.deepEqual(C.decodeCourse(COURSE, C.encodeCourse(COURSE, full)), full);
  // 100.01 % in hundredths: a record no runtime writes, so it is not trusted.
  assert.deepEqual(C.decodeCourse(COURSE, `C1.A.${KEY}p${L.encodeNumber(10001)}AA`), FRESH);
});

test("a record saved with no score, as every earlier session wrote it, is read back", () => {
  // What the LMS holds from before: "---" for no score, whatever this version writes.
  assert.deepEqual(C.decodeCourse(COURSE, `C1.A.${KEY}c---AA`), withIntro(record("completed", null, "")));
});

test("a record cut short, an unknown status or a score that is no number ends the reading", () => {
  for (const text of [`C1.A.${KEY}p---A`, `C1.A.${KEY}z---AA`, `C1.A.${KEY}p!!!AA`]) {
    assert.deepEqual(C.decodeCourse(COURSE, text), FRESH, text);
  }
});

test("a current module past the last one starts at the first", () => {
  assert.equal(C.decodeCourse(COURSE, `C1.${L.encodeNumber(2)}.`).current, 0);
  assert.equal(C.decodeCourse(COURSE, `C1.${L.encodeNumber(1)}.`).current, 1);
});
