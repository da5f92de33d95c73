/* The SCO runtime: wires the rules of sco-logic.js to the page and to the LMS (SCORM 1.2). */
(function () {
"use strict";
const L = window.ScoLogic;
const $ = (id) => document.getElementById(id);
const sco = JSON.parse($("sco-data").textContent);
const S = sco.strings;
const screens = L.screensOf(sco);
const quiz = sco.quiz;
const started = performance.now();
const PERMANENT = ["201", "401", "402", "403", "404", "405"]; // retrying cannot fix these
function attempt(action) {
  try {
    return action();
  } catch {
    return null;
  }
}

function findApi(win) {
  for (let depth = 0; win && depth < 50; depth++, win = win.parent !== win && win.parent) {
    const api = attempt(() => win.API); // a frame of another origin throws: climb on
    if (api) return api;
  }
  return null;
}

// Without an LMS, an API of the same contract keeps progress in this browser.
function localApi(key) {
  const stored = attempt(() => JSON.parse(localStorage.getItem(key)));
  const values = { ...stored, "cmi.core.entry": stored ? "resume" : "ab-initio" };
  const yes = () => "true";
  return {
    LMSInitialize: yes,
    LMSFinish: yes,
    LMSGetValue: (name) => values[name] || "",
    LMSSetValue: (name, value) => yes((values[name] = value)),
    LMSCommit: () => yes(attempt(() => localStorage.setItem(key, JSON.stringify(values)))),
    LMSGetLastError: () => "0",
  };
}

class Lms {
  constructor(api) {
    this.api = api;
    this.open = false;
    this.unsaved = new Map(); // values not yet committed, in the order first set
  }

  call(name, ...args) {
    try {
      return String(this.api[name](...args));
    } catch (error) {
      console.error(`[SCORM] ${name}(${args}) threw: error 101 (${error})`);
      return null;
    }
  }

  code() {
    return attempt(() => String(this.api.LMSGetLastError())) || "101";
  }

  // Calls whose failure matters: a "false" is logged with its SCORM error code.
  check(name, ...args) {
    const result = this.call(name, ...args);
    const code = result === null || result === "true" ? "0" : this.code();
    if (code !== "0") console.error(`[SCORM] ${name}(${args}) failed: error ${code} (${this.call("LMSGetErrorString", code)})`);
    return { result, code };
  }

  initialize() {
    return (this.open = this.check("LMSInitialize", "").result === "true");
  }

  get(name) {
    const value = this.call("LMSGetValue", name);
    const code = value === null ? "-" : this.code();
    if (code !== "0") console.warn(`[SCORM] LMSGetValue(${name}): error ${code}`);
    return code === "0" ? value : "";
  }

  set(name, value) {
    this.unsaved.delete(name);
    this.unsaved.set(name, String(value));
  }

  // What fails stays queued and is sent again at the next commit.
  commit() {
    if (!this.open) return;
    const sent = [];
    for (const [name, value] of this.unsaved) {
      const { result, code } = this.check("LMSSetValue", name, value);
      if (result === null) return;
      if (result === "true") sent.push([name, value]);
      else if (PERMANENT.includes(code)) this.unsaved.delete(name);
    }
    if (this.check("LMSCommit", "").result !== "true") return;
    for (const [name, value] of sent) if (this.unsaved.get(name) === value) this.unsaved.delete(name);
  }

  finish() {
    this.commit();
    this.open = false;
    this.check("LMSFinish", "");
  }
}

const api = findApi(window) || (window.opener && findApi(window.opener));
let lms = api && new Lms(api);
const connected = Boolean(lms && lms.initialize());
if (!connected) {
  lms = new Lms(localApi(`scorm-builder:${sco.course}:${sco.module}`));
  lms.initialize();
}
const recording = (lms.get("cmi.core.lesson_mode") || "normal") === "normal";
const resuming = lms.get("cmi.core.entry") !== "ab-initio";
const state = L.decodeState(sco, resuming ? lms.get("cmi.suspend_data") : "");
const location = resuming ? lms.get("cmi.core.lesson_location") : "";
if (screens.includes(location)) state.current = screens.indexOf(location);
const mastery = L.masteryScore(lms.get("cmi.student_data.mastery_score"), sco.masteryScore ?? (quiz && quiz.passMark));
const fields = lms.get("cmi.interactions._children").split(",");
let interactions = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
let status = lms.get("cmi.core.lesson_status");
let exit = null;
// Never lower the LMS's score: with a mastery score, Moodle would turn it into "failed".
const lmsScore = parseFloat(lms.get("cmi.core.score.raw"));
if (quiz && lmsScore > (state.quiz.best ?? -1)) state.quiz.best = lmsScore;

const notice = (text) => Object.assign($("sco-notice"), { textContent: text, hidden: false });

function save() {
  if (!recording) return;
  lms.set("cmi.core.lesson_location", screens[state.current]);
  lms.set("cmi.suspend_data", L.encodeState(sco, state));
  const next = L.nextStatus(L.entryStatus(status), L.targetStatus(sco, state, mastery));
  if (next !== status) lms.set("cmi.core.lesson_status", (status = next));
  const nextExit = L.isFinished(sco, status, state) ? "" : "suspend";
  if (nextExit !== exit) lms.set("cmi.core.exit", (exit = nextExit));
}

const sessionTime = () => lms.set("cmi.core.session_time", L.timespan(performance.now() - started));

// Commits wait for the next paint, so a slow LMS never delays what the learner sees,
// and all the changes of one action go in one commit.
let pending = false;
function commit() {
  pending = false;
  sessionTime();
  lms.commit();
}

function commitSoon() {
  if (!pending) requestAnimationFrame(() => setTimeout(() => pending && commit()));
  pending = true;
}

function finish() {
  if (!lms.open) return;
  save();
  sessionTime();
  lms.finish();
  $("sco-quit").disabled = true;
  notice(S.finished);
}

/* ---- pages ---- */

const sections = screens.map((id) => $(`page-${id}`));
const links = [...document.querySelectorAll(".toc a")];

// A table or code wider than the page scrolls by itself; a tab stop lets keyboards scroll it.
const tabToScrollers = () =>
  document.querySelectorAll("main pre, main table").forEach((el) => (el.tabIndex = el.scrollWidth > el.clientWidth ? 0 : -1));

function show(index, focus) {
  state.current = index;
  state.seen[index] = true;
  sections.forEach((section, i) => (section.hidden = i !== index));
  links.forEach((link, i) => {
    link.ariaCurrent = i === index ? "page" : null;
    link.nextElementSibling.hidden = !state.seen[i];
  });
  tabToScrollers();
  $("sco-prev").disabled = index === 0;
  $("sco-next").disabled = index === screens.length - 1;
  $("sco-counter").textContent = L.format(S.page_counter, { current: index + 1, total: screens.length });
  if (screens[index] === "quiz") presented ??= performance.now();
  save();
  if (focus) sections[index].querySelector("h2").focus();
}

function go(index) {
  show(index, true);
  commitSoon();
}

$("sco-prev").onclick = () => go(state.current - 1);
$("sco-next").onclick = () => go(state.current + 1);
$("sco-quit").onclick = finish;
links.forEach((link, i) => (link.onclick = (event) => {
  event.preventDefault();
  link.closest("details").open = false;
  go(i);
}));
// A page's link to another page of the module ([text](other.md)) pages like the contents.
$("main").addEventListener("click", (event) => {
  const index = sections.findIndex((s) => `#${s.id}` === event.target.closest("a")?.getAttribute("href"));
  if (index < 0) return;
  event.preventDefault();
  go(index);
});

/* ---- quiz ---- */

const box = (q) => $(`q-${q.id}`);
const answers = () => state.quiz.answers;
const order = quiz && (quiz.shuffle ? L.shuffled(quiz.questions, Math.random) : quiz.questions);
let presented = null;
let answeredAt = {};

function read(q) {
  const el = box(q);
  const checked = [...el.querySelectorAll("input:checked")].map((input) => input.value);
  if (q.type === "multiple-choice") return checked;
  if (q.type === "single-choice") return checked[0];
  if (q.type === "true-false") return checked.length ? checked[0] === "t" : undefined;
  if (q.type === "fill-in") return el.querySelector("input").value;
  return [...el.querySelectorAll(q.items ? "li" : "select")].map((e) => (q.items ? e.dataset.key : e.value));
}

function write(q, answer) {
  const el = box(q);
  if (q.type === "fill-in") el.querySelector("input").value = answer;
  else if (q.items) answer.forEach((key) => el.querySelector("ol").append(el.querySelector(`[data-key="${key}"]`)));
  else if (q.pairs) el.querySelectorAll("select").forEach((select, i) => (select.value = answer[i]));
  else {
    const picked = q.type === "true-false" ? [answer ? "t" : "f"] : [].concat(answer);
    el.querySelectorAll("input").forEach((input) => (input.checked = picked.includes(input.value)));
  }
}

function noteAnswer(q) {
  answers()[q.id] = read(q);
  answeredAt[q.id] = performance.now();
  save();
}

function move(q, button) {
  const li = button.closest("li");
  const up = button.dataset.step < 0;
  const other = up ? li.previousElementSibling : li.nextElementSibling;
  if (other) other.insertAdjacentElement(up ? "beforebegin" : "afterend", li);
  button.focus();
  const items = [...li.parentNode.children];
  const item = li.querySelector(".item-text").textContent;
  $("quiz-status").textContent = L.format(S.moved, { item, position: items.indexOf(li) + 1, total: items.length });
  noteAnswer(q);
}

function arrange() {
  order.forEach((q, i) => {
    const el = box(q);
    $("quiz-form").insertBefore(el, $("quiz-error"));
    el.querySelector("legend").textContent = L.format(S.question_number, { number: i + 1, total: order.length });
    if (quiz.shuffle && q.choices) L.shuffled([...el.querySelectorAll(".choice")], Math.random).forEach((c) => c.parentNode.append(c));
    if (q.type === "fill-in") el.querySelector("input").maxLength = L.FILL_IN_MAX_LENGTH;
    if (q.items) write(q, L.disordered(q.items.map((item) => item.key), Math.random));
    // The order shown is an answer too, until the learner moves the items.
    if (answers()[q.id] !== undefined) write(q, answers()[q.id]);
    else if (q.items) answers()[q.id] = read(q);
    el.onchange = el.oninput = () => noteAnswer(q);
    el.querySelectorAll(".move").forEach((button) => (button.onclick = () => move(q, button)));
  });
}

function record() {
  if (!fields.includes("id")) return;
  const time = L.clockTime(new Date());
  const now = performance.now();
  for (const q of quiz.questions) {
    const values = { ...L.interaction(q, answers()[q.id]), time, latency: L.timespan((answeredAt[q.id] || now) - presented) };
    const n = interactions++;
    for (const field in values) {
      if (fields.includes(field.split(".")[0])) lms.set(`cmi.interactions.${n}.${field}`, values[field]);
    }
  }
}

function feedback(q, right) {
  const picked = (q.choices || []).filter((c) => c.feedback && [].concat(answers()[q.id]).includes(c.key));
  return `<p class="verdict"><span aria-hidden="true">${right ? "✓" : "✗"} </span>${right ? S.correct : S.incorrect}</p>` +
    picked.map((c) => c.feedback).join("") + (q.explanation || "");
}

// Once submitted, a question is read-only and describes itself by its verdict.
function lock(locked) {
  for (const q of quiz.questions) {
    const right = L.isCorrect(q, answers()[q.id]);
    const note = $(`q-${q.id}-feedback`);
    box(q).disabled = locked;
    box(q).classList.toggle("correct", locked && right);
    box(q).classList.toggle("wrong", locked && !right);
    note.hidden = !locked;
    note.innerHTML = locked ? feedback(q, right) : "";
  }
  $("quiz-submit").hidden = locked;
  $("quiz-result").hidden = !locked;
}

function showResult(focus) {
  lock(true);
  const score = L.scoreOf(quiz, answers());
  const { best } = state.quiz;
  const left = L.attemptsLeft(quiz, state.quiz);
  const passed = best >= mastery;
  $("quiz-summary").textContent = [
    L.format(S.score, { score }),
    best > score && L.format(S.best_score, { score: best }),
    L.format(S.pass_mark, { mark: mastery }),
    passed ? S.passed : S.failed,
    !passed && left !== Infinity && (left ? L.format(S.attempts_left, { count: left }) : S.no_attempts_left),
  ].filter(Boolean).join(" ");
  $("quiz-retry").hidden = passed || !left;
  if (focus) $("quiz-result").focus();
}

function submit(event) {
  event.preventDefault();
  const missing = order.filter((q) => !L.isAnswered(q, answers()[q.id]));
  $("quiz-error").hidden = !missing.length;
  // The focus stays on the button; the message links to the questions.
  if (missing.length) {
    const links = missing.map((q) => `<a href="#q-${q.id}">${order.indexOf(q) + 1}</a>`);
    $("quiz-error").innerHTML = L.format(S.unanswered, { numbers: links.join(", ") });
    return;
  }
  const best = Math.max(L.scoreOf(quiz, answers()), state.quiz.best ?? 0);
  Object.assign(state.quiz, { attempts: state.quiz.attempts + 1, submitted: true, best });
  if (recording) {
    record();
    lms.set("cmi.core.score.min", 0);
    lms.set("cmi.core.score.max", 100);
    lms.set("cmi.core.score.raw", best);
  }
  save();
  showResult(true);
  commitSoon();
}

function retry() {
  state.quiz.submitted = false;
  presented = performance.now();
  answeredAt = {};
  lock(false);
  save();
  commitSoon();
  $("quiz-form").querySelector("input, select, button").focus();
}

if (quiz) {
  arrange();
  $("quiz-form").onsubmit = submit;
  $("quiz-retry").onclick = retry;
  if (state.quiz.submitted) showResult(false);
}

/* ---- session ---- */

if (!connected) notice(S.no_lms);
else if (!recording) notice(S.review_mode);
show(state.current, false);
commitSoon();
addEventListener("resize", tabToScrollers);
document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && commit());
// No unload/beforeunload: browsers block or skip them. A page kept in the back-forward
// cache may come back, so a persisted pagehide only commits.
addEventListener("pagehide", (event) => (event.persisted ? commit() : finish()));
})();
