/* Pure rules of a single-SCO package's menu (course-runtime.js), without DOM or LMS: loaded by
   the menu (window.CourseLogic) and by Node's unit tests. scorm_builder/structure/suspend.py
   bounds what encodeCourse writes. A course here is the menu's data: { course, modules: [{ id,
   graded, longest }] }, longest being the most a module's own runtime can write. */
"use strict";
(function (exports, L) {
const FINAL = ["passed", "completed", "failed"];
const CODES = Object.assign(L.table(), { incomplete: "i", completed: "c", passed: "p", failed: "f" });
const STATUSES = Object.assign(L.table(), { n: "", i: "incomplete", c: "completed", p: "passed", f: "failed" });
const NO_SCORE = "---";
const RECORD = 4 + 1 + 3 + 2; // module key, status, score, state length

const keysOf = (course) => course.modules.map((m) => L.moduleKey({ course: course.course, module: m.id }));
const emptyRecord = () => ({ status: "", score: null, state: "" });
const begun = (r) => r.status !== "" || r.score !== null || r.state !== "";
const isFinished = (r) => FINAL.includes(r.status);
const digits = (n, width) => L.encodeNumber(n).padStart(width, "A");

/* "C1.<current module>.<record>...", record = "<module key><status><score in hundredths, 3
   digits, or ---><state length, 2 digits><the state the module's runtime wrote>". Records are
   keyed by module, so they survive modules added, removed or moved; a state longer than its
   module can write now (a module that shrank in a new version) is dropped, its status and
   score kept, so that what is written again stays within the bound. */
function encodeCourse(course, { records, current }) {
  const keys = keysOf(course);
  const encoded = records.map((r, i) => begun(r)
    ? keys[i] + (CODES[r.status] || "n") + (r.score === null ? NO_SCORE : digits(Math.round(r.score * 100), 3)) +
      digits(r.state.length, 2) + r.state
    : "");
  return `C1.${L.encodeNumber(current)}.${encoded.join("")}`;
}

function decodeCourse(course, text) {
  const keys = keysOf(course);
  const records = course.modules.map(emptyRecord);
  const [, at, body] = /^C1\.([^.]*)\.(.*)$/s.exec(text || "") || [];
  for (let i = 0; body !== undefined && i + RECORD <= body.length;) {
    const code = body[i + 4];
    const score = body.slice(i + 5, i + 8);
    const length = L.decodeNumber(body.slice(i + 8, i + RECORD));
    const state = body.substr(i + RECORD, length);
    if (!(code in STATUSES) || Number.isNaN(length) || state.length !== length) break;
    const index = keys.indexOf(body.slice(i, i + 4));
    i += RECORD + length;
    const points = score === NO_SCORE ? null : L.decodeNumber(score) / 100;
    if (index < 0 || Number.isNaN(points) || points > 100) continue;
    const fits = state.length <= course.modules[index].longest;
    records[index] = { status: STATUSES[code], score: points, state: fits ? state : "" };
  }
  const current = L.decodeNumber(at || "");
  return { records, current: current < course.modules.length ? current : 0 };
}

// Completed once every module is done; passed if every graded module passed, else failed.
// The score is the graded modules' mean, once each has its final result.
function courseResult(course, records) {
  const graded = records.filter((r, i) => course.modules[i].graded);
  const target = !records.every(isFinished) ? "incomplete"
    : !graded.length ? "completed" : graded.every((r) => r.status === "passed") ? "passed" : "failed";
  const scores = graded.map((r) => r.score);
  // In hundredths, as scores are kept: floating point would round 66.665 down.
  const mean = graded.length && scores.every((s) => s !== null)
    ? Math.round(scores.reduce((sum, s) => sum + Math.round(s * 100), 0) / scores.length) / 100 : null;
  return { target, mean };
}

Object.assign(exports, { FINAL, begun, isFinished, encodeCourse, decodeCourse, courseResult });
})(...(typeof module === "object" ? [module.exports, require("./sco-logic.js")] : [(window.CourseLogic = {}), window.ScoLogic]));
