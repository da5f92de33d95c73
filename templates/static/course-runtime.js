/* The menu of a single-SCO package: one LMS session for the whole course. Each module runs
   its own runtime (runtime.js) in a frame and finds here, as its LMS, a stand-in API that
   keeps every module's status, score and state; the course's status, score and state go to
   the real LMS. scorm_builder/structure/suspend.py bounds what encodeCourse writes. */
(function () {
"use strict";
const L = window.ScoLogic;
const { Lms, attempt, findApi, localApi } = window.ScoLms;
const $ = (id) => document.getElementById(id);
const course = JSON.parse($("course-data").textContent);
const S = course.strings;
const modules = course.modules;
const keys = modules.map((m) => L.moduleKey({ course: course.course, module: m.id }));
const FINAL = ["passed", "completed", "failed"];
const CODES = { incomplete: "i", completed: "c", passed: "p", failed: "f" };
const STATUSES = { n: "", i: "incomplete", c: "completed", p: "passed", f: "failed" };
const NO_SCORE = "---";
const links = [...document.querySelectorAll(".module")];
const frame = $("module-frame");

/* "C1.<current module>.<record>...", record = "<status><score in hundredths, 3 digits, or
   ---><length, 2 digits><the module's own state>". A record belongs to the module whose key
   its state carries, so records survive modules added, removed or moved. */
function decodeCourse(text) {
  const records = modules.map(() => ({ status: "", score: null, state: "" }));
  const [, at, body] = /^C1\.([^.]*)\.(.*)$/s.exec(text) || [];
  for (let i = 0; body !== undefined && i + 6 <= body.length;) {
    const [code, score, length] = [body[i], body.slice(i + 1, i + 4), L.decodeNumber(body.slice(i + 4, i + 6))];
    const state = body.substr(i + 6, length);
    if (!(code in STATUSES) || Number.isNaN(length) || state.length !== length) break;
    i += 6 + length;
    const index = keys.indexOf(/^2\.([^.]*)\./.exec(state)?.[1]);
    const points = score === NO_SCORE ? null : L.decodeNumber(score) / 100;
    if (index >= 0 && !(points > 100)) records[index] = { status: STATUSES[code], score: Number.isNaN(points) ? null : points, state };
  }
  const current = Math.min(modules.length - 1, L.decodeNumber(at || "A") || 0);
  return { records, current };
}

const encodeCourse = () =>
  `C1.${L.encodeNumber(current)}.` +
  records.map((r) => r.state &&
    (CODES[r.status] || "n") + (r.score === null ? NO_SCORE : L.encodeNumber(Math.round(r.score * 100)).padStart(3, "A")) +
    L.encodeNumber(r.state.length).padStart(2, "A") + r.state).join("");

/* ---- the real LMS ---- */

const api = findApi(window) || findApi(window.opener);
let lms = api && new Lms(api);
const connected = Boolean(lms && (lms.initialize() || lms.initialize()));
if (!connected) {
  lms = new Lms(localApi(`scorm-builder:${course.course}`));
  lms.initialize();
}
const mode = lms.get("cmi.core.lesson_mode") || "normal";
const recording = mode === "normal";
const stored = lms.get("cmi.suspend_data") || "";
const saved = decodeCourse(stored);
// As a module does: an LMS that says "ab-initio" yet hands back our own state is resumed.
const resuming = lms.get("cmi.core.entry") !== "ab-initio" || saved.records.some((r) => r.state);
const { records } = resuming ? saved : decodeCourse("");
let current = resuming ? saved.current : 0;
let status = lms.get("cmi.core.lesson_status");
if (status === null) lms.unread.add("cmi.core.score.raw");
let score = null;
let exit = null;
const count = lms.get("cmi.interactions._count");
const children = count === null ? null : lms.get("cmi.interactions._children");
let interactions = parseInt(count, 10) || 0;

const finished = (r) => FINAL.includes(r.status);

// Completed once every module is done; passed or failed by the graded modules, whose mean
// is the course's score once each has its result.
function courseResult() {
  const graded = records.filter((r, i) => modules[i].graded);
  const scores = graded.map((r) => r.score);
  const all = records.every(finished);
  const target = !all ? "incomplete" : !graded.length ? "completed" : graded.every((r) => r.status === "passed") ? "passed" : "failed";
  const mean = graded.length && scores.every((s) => s !== null) ? Math.round((100 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 100 : null;
  return { target, mean };
}

function commitCourse() {
  if (!recording) return lms.commit();
  lms.set("cmi.suspend_data", encodeCourse());
  lms.set("cmi.core.lesson_location", modules[current].id);
  const { target, mean } = courseResult();
  if (mean !== null && mean !== score) {
    lms.set("cmi.core.score.min", 0);
    lms.set("cmi.core.score.max", 100);
    lms.set("cmi.core.score.raw", (score = mean));
  }
  const next = L.nextStatus(status, target);
  if (next !== status) lms.set("cmi.core.lesson_status", (status = next));
  const nextExit = FINAL.includes(status) ? "" : "suspend";
  if (nextExit !== exit) lms.set("cmi.core.exit", (exit = nextExit));
  lms.set("cmi.core.session_time", L.timespan(performance.now()));
  return lms.commit();
}

/* ---- the LMS a module sees ---- */

let active = -1; // the module open in the frame
let lastError = "0";

// What a module reads: its own record; the location is in its state, the pass mark its own.
function moduleValue(name) {
  const r = records[active];
  const values = {
    "cmi.core.entry": r.state ? "resume" : "ab-initio",
    "cmi.core.lesson_status": r.status,
    "cmi.core.lesson_mode": mode,
    "cmi.suspend_data": r.state,
    "cmi.core.lesson_location": "",
    "cmi.core.score.raw": "",
    "cmi.student_data.mastery_score": "",
    "cmi.interactions._count": count === null ? null : String(interactions),
    "cmi.interactions._children": children,
  };
  return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : lms.get(name);
}

// What a module writes: kept in its record, or, for its answers, passed on under its name.
function setModuleValue(name, value) {
  const r = records[active];
  const interaction = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(name);
  if (name === "cmi.core.lesson_status") r.status = value;
  else if (name === "cmi.suspend_data") r.state = value;
  else if (name === "cmi.core.score.raw") r.score = Number(value);
  else if (interaction) {
    interactions = Math.max(interactions, Number(interaction[1]) + 1);
    lms.set(name, interaction[2] === "id" ? `${modules[active].id}.${value}`.slice(0, 255) : value);
  }
  // Its location, exit and session time are the course's own, set at each commit.
}

// A call while no module is open (a module's late call after it was closed) is refused.
function answer(action) {
  if (active < 0) {
    lastError = "301";
    return "false";
  }
  const value = action();
  lastError = value === null ? "101" : "0";
  return value === null ? "" : value;
}

window.API = {
  LMSInitialize: () => answer(() => "true"),
  LMSGetValue: (name) => answer(() => moduleValue(String(name))),
  LMSSetValue: (name, value) => answer(() => (setModuleValue(String(name), String(value)), "true")),
  LMSCommit: () => answer(() => String(commitCourse())),
  // A module that quits (its Quit button) hands the learner back to the menu.
  LMSFinish: () => answer(() => {
    const module = active;
    const done = commitCourse();
    setTimeout(() => active === module && showMenu(true));
    return String(done);
  }),
  LMSGetLastError: () => lastError,
  LMSGetErrorString: (code) => ({ 0: "No error", 101: "General exception", 301: "Not initialized" })[code] || "",
  LMSGetDiagnostic: () => "",
};

/* ---- the menu ---- */

const locked = (i) => course.sequential && i > 0 && !finished(records[i - 1]);

function describe() {
  links.forEach((link, i) => {
    const r = records[i];
    const text = locked(i) ? S.module_locked : !r.state ? S.module_not_started : finished(r) ? S[`module_${r.status}`] : S.module_in_progress;
    link.nextElementSibling.textContent = text;
    link.ariaDisabled = locked(i) ? "true" : null;
    link.ariaCurrent = i === current ? "step" : null;
  });
}

// The open module finishes as when its page is left, so its last state reaches its record
// before the frame is emptied (its own pagehide then finds it already finished).
function closeModule() {
  if (active < 0) return;
  attempt(() => frame.contentWindow.dispatchEvent(new PageTransitionEvent("pagehide", { persisted: false })));
  active = -1;
  frame.src = "about:blank";
}

function showMenu(focus) {
  closeModule();
  $("player").hidden = true;
  $("menu").hidden = false;
  describe();
  if (focus) links[current].focus();
}

function openModule(index) {
  closeModule();
  active = current = index;
  $("menu").hidden = true;
  $("player").hidden = false;
  frame.title = modules[index].title;
  frame.src = modules[index].href;
  frame.focus();
}

links.forEach((link, i) => (link.onclick = (event) => {
  event.preventDefault();
  if (!locked(i)) openModule(i);
}));
$("to-menu").onclick = () => showMenu(true);

const notice = (text) => Object.assign($("sco-notice"), { textContent: text, hidden: false });
if (!connected) notice(S.no_lms);
else if (!recording) notice(S.review_mode);
showMenu(false);
commitCourse();
document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && commitCourse());
addEventListener("pagehide", (event) => {
  if (event.persisted) return void commitCourse();
  closeModule();
  if (!lms.open) return;
  commitCourse();
  lms.open = false;
  lms.check("LMSFinish", "");
});
})();
