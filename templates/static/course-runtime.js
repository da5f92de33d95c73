/* The menu of a single-SCO package: one LMS session for the whole course. Each module runs
   its own runtime (runtime.js) in a frame and finds here, as its LMS, a stand-in API that
   keeps every module's status, score and state; the course's status, score and state go to
   the real LMS. The rules (the course's state, status and score) are in course-logic.js. */
(function () {
"use strict";
const L = window.ScoLogic;
const C = window.CourseLogic;
const { Lms, attempt, findApi, localApi } = window.ScoLms;
const $ = (id) => document.getElementById(id);
const course = JSON.parse($("course-data").textContent);
const S = course.strings;
const modules = course.modules;
const links = [...document.querySelectorAll(".module")];
const frame = $("module-frame");
// What a module may set, as an LMS checks it (SCORM 1.2 vocabulary, scores 0-100).
const STATUSES = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"];
const ERRORS = Object.assign(L.table(), { 0: "No error", 101: "General exception", 301: "Not initialized", 405: "Incorrect data type" });

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
const saved = C.decodeCourse(course, lms.get("cmi.suspend_data") || "");
// As a module does: an LMS that says "ab-initio" yet hands back our own state is resumed.
const resuming = lms.get("cmi.core.entry") !== "ab-initio" || saved.records.some(C.begun);
const { records } = resuming ? saved : C.decodeCourse(course, "");
let current = resuming ? saved.current : 0;
let status = lms.get("cmi.core.lesson_status");
if (status === null) lms.unread.add("cmi.core.score.raw");
let score = null;
let exit = null;
const count = lms.get("cmi.interactions._count");
const children = count === null ? null : lms.get("cmi.interactions._children");
let interactions = parseInt(count, 10) || 0;
let changed = false; // a module set something since the course last committed

function commitCourse() {
  changed = false;
  if (!recording) return lms.commit();
  lms.set("cmi.suspend_data", C.encodeCourse(course, { records, current }));
  lms.set("cmi.core.lesson_location", modules[current].id);
  const { target, mean } = C.courseResult(course, records);
  if (mean !== null && mean !== score) {
    lms.set("cmi.core.score.min", 0);
    lms.set("cmi.core.score.max", 100);
    lms.set("cmi.core.score.raw", (score = mean));
  }
  const next = L.nextStatus(status, target);
  if (next !== status) lms.set("cmi.core.lesson_status", (status = next));
  const nextExit = C.FINAL.includes(status) ? "" : "suspend";
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
    "cmi.core.entry": C.begun(r) ? "resume" : "ab-initio",
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
// Checked as an LMS would (error 405), so that nothing the record cannot hold gets in.
function setModuleValue(name, value) {
  const r = records[active];
  const interaction = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(name);
  const points = value === "" ? null : Number(value);
  if (name === "cmi.core.lesson_status") {
    if (!STATUSES.includes(value)) return "405";
    r.status = value;
  } else if (name === "cmi.suspend_data") {
    if (value.length > modules[active].longest) return "405";
    r.state = value;
  } else if (name === "cmi.core.score.raw") {
    if (points !== null && !(points >= 0 && points <= 100)) return "405";
    r.score = points;
  } else if (interaction) {
    interactions = Math.max(interactions, Number(interaction[1]) + 1);
    lms.set(name, interaction[2] === "id" ? `${modules[active].id}.${value}`.slice(0, 255) : value);
  } else {
    return "0"; // its location, exit and session time: the course's own, set at each commit
  }
  changed = true;
  return "0";
}

// A call while no module is open (a module's late call after it was closed) is refused.
function answer(action) {
  if (active < 0) {
    lastError = "301";
    return "false";
  }
  const [value, code] = action();
  lastError = code;
  return value;
}

const got = (value) => (value === null ? ["", "101"] : [value, "0"]);
const result = (code) => [code === "0" ? "true" : "false", code];
// A module commits at each change and again as it finishes: only what changed goes on.
const committed = () => result(!changed || commitCourse() ? "0" : "101");

window.API = {
  LMSInitialize: () => answer(() => result("0")),
  LMSGetValue: (name) => answer(() => got(moduleValue(String(name)))),
  LMSSetValue: (name, value) => answer(() => result(setModuleValue(String(name), String(value)))),
  LMSCommit: () => answer(committed),
  // A module that quits (its Quit button) hands the learner back to the menu.
  LMSFinish: () => answer(() => {
    const module = active;
    setTimeout(() => active === module && showMenu(true));
    return committed();
  }),
  LMSGetLastError: () => lastError,
  LMSGetErrorString: (code) => ERRORS[code] || "",
  LMSGetDiagnostic: () => "",
};

/* ---- the menu ---- */

const mark = (element, name, value) => (value ? element.setAttribute(name, value) : element.removeAttribute(name));
const locked = (i) => course.sequential && i > 0 && !C.isFinished(records[i - 1]);

function describe() {
  links.forEach((link, i) => {
    const r = records[i];
    const text = locked(i) ? S.module_locked : !C.begun(r) ? S.module_not_started
      : C.isFinished(r) ? S[`module_${r.status}`] : S.module_in_progress;
    link.nextElementSibling.textContent = text;
    mark(link, "aria-disabled", locked(i) && "true");
    mark(link, "aria-current", i === current && "step");
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

const notice = (text) => Object.assign($("sco-notice"), { textContent: text, hidden: false });

// A locked module says why it does not open, where the learner's attention is.
links.forEach((link, i) => (link.onclick = (event) => {
  event.preventDefault();
  if (!locked(i)) openModule(i);
  else notice(S.module_locked);
}));
$("to-menu").onclick = () => showMenu(true);

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
