/* The SCO runtime: wires the rules of sco-logic.js to the page and to the LMS (SCORM 1.2). */
(function () {
"use strict";
const L = window.ScoLogic;
const { Lms, findApi, localApi } = window.ScoLms;
const $ = (id) => document.getElementById(id);
const sco = JSON.parse($("sco-data").textContent);
const S = sco.strings;
// "33,33 %" in French, "33.33%" in English.
const percent = (n) => new Intl.NumberFormat(sco.language, { style: "percent", maximumFractionDigits: 2 }).format(n / 100);
const screens = L.screensOf(sco);
const quiz = sco.quiz;
const api = findApi(window) || findApi(window.opener);
let lms = api && new Lms(api);
// A failed LMSInitialize may be a hiccup: try once more before working without the LMS.
const connected = Boolean(lms && (lms.initialize() || lms.initialize()));
if (!connected) {
  lms = new Lms(localApi(`scorm-builder:${sco.course}:${sco.module}`));
  lms.initialize();
}
const recording = (lms.get("cmi.core.lesson_mode") || "normal") === "normal";
// Some LMSs say "ab-initio" every time yet hand back this module's own state: resume then too.
// A conformant LMS starts a new attempt with empty suspend_data, where nothing changes.
const stored = lms.get("cmi.suspend_data") || "";
const resuming = lms.get("cmi.core.entry") !== "ab-initio" || L.isOwnState(sco, stored);
const state = L.decodeState(sco, resuming ? stored : "");
const location = screens.indexOf(resuming ? lms.get("cmi.core.lesson_location") : "");
if (location >= 0) state.current = location;
const mastery = L.masteryScore(lms.get("cmi.student_data.mastery_score"), sco.masteryScore ?? quiz?.passMark);
// Interactions go at index _count: unknown, they could overwrite others.
const count = lms.get("cmi.interactions._count");
const fields = count === null ? [] : (lms.get("cmi.interactions._children") || "").split(",");
let interactions = parseInt(count, 10) || 0;
let status = lms.get("cmi.core.lesson_status");
// Moodle turns a score into a status: no score over an unknown status.
if (status === null) lms.unread.add("cmi.core.score.raw");
let exit = null;
let score = null;
// Never lower the LMS's score (Moodle would turn it into "failed"); the LMS may hold any number.
const lmsScore = Math.min(100, Math.max(0, parseFloat(lms.get("cmi.core.score.raw"))));
const graded = sco.completion === "quiz";
if (graded && lmsScore > (state.quiz.best ?? -1)) state.quiz.best = lmsScore;
// A practice score (left by an older package) counts in the grade: blank it (SCORM 1.2 allows it).
if (!graded && lmsScore >= 0 && recording) lms.set("cmi.core.score.raw", "");

const notice = (text) => Object.assign($("sco-notice"), { textContent: text, hidden: false });

function save() {
  if (!recording) return ending();
  lms.set("cmi.core.lesson_location", screens[state.current]);
  lms.set("cmi.suspend_data", L.encodeState(sco, state));
  const target = L.targetStatus(sco, state, mastery);
  const next = L.nextStatus(status, target);
  // Only a graded quiz sends a score (Moodle grades from every score it holds), and only with
  // a final status: Moodle makes any score passed/failed, and opens a failed SCO in review
  // mode (no retake) or under a pass downgrades.
  const final = graded && next === target && target !== "incomplete";
  const best = final ? state.quiz.best : null;
  if (best !== null && best !== score) {
    lms.set("cmi.core.score.min", 0);
    lms.set("cmi.core.score.max", 100);
    lms.set("cmi.core.score.raw", (score = best));
  }
  if (next !== status) lms.set("cmi.core.lesson_status", (status = next));
  const nextExit = L.isFinished(sco, status, state) ? "" : "suspend";
  if (nextExit !== exit) lms.set("cmi.core.exit", (exit = nextExit));
  ending();
}

// Commits wait for the next paint, so a slow LMS never delays the page,
// and the changes of one action go in one commit.
let pending = false;
function commit() {
  pending = false;
  lms.set("cmi.core.session_time", L.timespan(performance.now())); // the session began with the page's load
  return lms.commit();
}

function commitSoon() {
  if (!pending) requestAnimationFrame(() => setTimeout(() => pending && commit()));
  pending = true;
}

// After LMSFinish, the page takes no more work and says whether the LMS saved it all;
// the focus goes to that notice, off the disabled Quit button.
function finish() {
  if (!lms.open) return;
  save();
  const committed = commit();
  lms.open = false;
  const saved = lms.check("LMSFinish", "").result === "true" && committed;
  document.querySelectorAll("main, nav").forEach((el) => (el.inert = true));
  document.querySelectorAll("button").forEach((b) => (b.disabled = true));
  notice(saved ? S.finished : S.not_saved).classList.toggle("error", !saved);
  $("sco-notice").focus();
}

/* ---- pages ---- */

const sections = screens.map((id) => $(`page-${id}`));
const links = [...document.querySelectorAll(".toc a")];

// Code or a table wider than the page scrolls: a tab stop lets keyboards scroll it.
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
  $("sco-counter").textContent = sections[index].dataset.counter;
  const seen = state.seen.filter(Boolean).length;
  document.body.style.setProperty("--seen", seen / screens.length);
  $("sco-progress").textContent = L.format(S.progress, { seen, total: screens.length });
  // Back on the opening, one who has read further may resume at the first page not seen.
  resumeAt = state.seen.some((s, i) => s && i) ? state.seen.indexOf(false) : -1;
  $("sco-start").textContent = resumeAt > 0 ? L.format(S.resume, { title: links[resumeAt].textContent }) : S.start;
  if (screens[index] === "quiz") presented ??= performance.now();
  shownAt = performance.now();
  save();
  commitSoon();
  if (focus) sections[index].querySelector("h2").focus();
}

let shownAt = 0;
$("sco-prev").onclick = () => show(state.current - 1, true);
$("sco-next").onclick = () => show(state.current + 1, true);
$("sco-quit").onclick = finish;
let resumeAt = -1;
// Start reads on, below the opening.
$("sco-start").onclick = () => {
  if (resumeAt > 0) return show(resumeAt, true);
  const next = $("sco-opening").nextElementSibling || $("main");
  next.tabIndex = -1;
  next.focus();
};
// The end, under the last page once the module is done: what was done, what comes next.
function ending() {
  const best = quiz ? state.quiz.best : 0;
  $("sco-end").hidden = !L.isFinished(sco, status, state) || best === null || state.current < screens.length - 1;
  if (quiz) $("end-result").textContent = L.format(best >= mastery ? S.end_passed : S.end_failed, { score: percent(best) });
}
if ($("end-menu")) $("end-menu").onclick = finish;
// Links to a page, in the contents or in a page ([text](other.md)), page to it.
document.addEventListener("click", (event) => {
  const index = sections.findIndex((section) => event.target.closest("a")?.getAttribute("href") === `#${section.id}`);
  if (index < 0) return;
  event.preventDefault();
  document.querySelector(".toc details").open = false;
  show(index, true);
});

/* ---- quiz ---- */

const box = (q) => $(`q-${q.id}`);
// The quiz's and the knowledge checks' (sco-logic.js).
const answers = state.quiz?.answers;
const order = quiz && (quiz.shuffle ? L.shuffled(quiz.questions, Math.random) : quiz.questions);
let presented = null;
let answeredAt = L.table();

function read(q) {
  if (q.items) return [...box(q).querySelectorAll("[data-key]")].map((li) => li.dataset.key);
  const values = [...box(q).querySelectorAll("input:checked, [type=text], select")].map((control) => control.value);
  return q.type === "multiple-choice" || q.pairs ? values : values[0];
}

function write(q, answer) {
  const el = box(q);
  if (q.type === "fill-in") el.querySelector("input").value = answer;
  else if (q.items) el.querySelector("ol").append(...answer.map((key) => el.querySelector(`[data-key="${key}"]`)));
  else if (q.pairs) el.querySelectorAll("select").forEach((select, i) => (select.value = answer[i]));
  else el.querySelectorAll("input").forEach((input) => (input.checked = [].concat(answer).includes(input.value)));
}

function noteAnswer(q) {
  answers[q.id] = read(q);
  answeredAt[q.id] = performance.now();
  save();
}

// The first item cannot move up, nor the last one down.
const bound = (q) =>
  box(q).querySelectorAll("[data-key]").forEach((li, i, all) =>
    li.querySelectorAll(".move").forEach((b) => (b.disabled = b.dataset.step < 0 ? !i : i === all.length - 1)));

function move(q, button) {
  const li = button.closest("li");
  const up = button.dataset.step < 0;
  const other = up ? li.previousElementSibling : li.nextElementSibling;
  // The other item moves, so the focus stays on the button (or its twin, once it is disabled).
  if (other) li.insertAdjacentElement(up ? "afterend" : "beforebegin", other);
  bound(q);
  if (button.disabled) li.querySelector(".move:enabled")?.focus();
  noteAnswer(q);
  const item = li.querySelector(".item-text").textContent;
  $("sco-status").textContent = L.format(S.moved, { item, position: answers[q.id].indexOf(li.dataset.key) + 1, total: q.items.length });
}

function arrange() {
  order.forEach((q, i) => {
    const el = box(q);
    $("quiz-error").before(el);
    el.querySelector("legend").textContent = L.format(S.question_number, { number: i + 1, total: order.length });
    if (quiz.shuffle && q.choices) el.querySelector(".choices").append(...L.shuffled([...el.querySelectorAll(".choice")], Math.random));
    setUp(q);
  });
}

// A question of the quiz, or a knowledge check of a page.
function setUp(q) {
  const el = box(q);
  if (q.type === "fill-in") el.querySelector("input").maxLength = L.FILL_IN_MAX_LENGTH;
  // The order shown is an answer too, until the learner moves the items.
  if (q.items) answers[q.id] ??= L.disordered(q.items.map((item) => item.key), Math.random);
  if (answers[q.id] !== undefined) write(q, answers[q.id]);
  if (q.items) bound(q);
  el.onchange = el.oninput = () => noteAnswer(q);
  el.querySelectorAll(".move").forEach((button) => (button.onclick = () => move(q, button)));
  el.querySelectorAll(".check").forEach((button) => (button.onclick = () => check(q)));
}

function record(questions, since) {
  if (!fields.includes("id")) return;
  const time = L.clockTime(new Date());
  const now = performance.now();
  for (const q of questions) {
    const values = { ...L.interaction(q, answers[q.id]), time, latency: L.timespan((answeredAt[q.id] || now) - since) };
    for (const field in values) {
      if (fields.includes(field.split(".")[0])) lms.set(`cmi.interactions.${interactions}.${field}`, values[field]);
    }
    interactions++;
  }
}

function feedback(q, right) {
  const picked = (q.choices || []).filter((c) => c.feedback && [].concat(answers[q.id]).includes(c.key));
  return `<p class="verdict"><span aria-hidden="true">${right ? "✓" : "✗"} </span>${right ? S.correct : S.incorrect}</p>` +
    picked.map((c) => c.feedback).join("") + (q.explanation || "");
}

// Locked (checked or submitted): answers marked in words, as L.reveals allows.
function lock(q, view) {
  const el = box(q);
  const right = L.isCorrect(q, answers[q.id]);
  const note = $(`q-${q.id}-feedback`);
  el.disabled = !!view;
  el.classList.toggle("correct", !!view?.marks && right);
  el.classList.toggle("wrong", !!view?.marks && !right);
  el.querySelectorAll(".choice").forEach((row) => {
    const [input, mine, answer] = row.querySelectorAll("input, .tag");
    mine.hidden = !view || !input.checked;
    row.classList.toggle("chosen", !mine.hidden);
    if (answer) answer.hidden = !view?.answers;
  });
  note.hidden = !view?.marks;
  note.firstChild.innerHTML = view?.marks ? feedback(q, right) : "";
  note.querySelector(".solution")?.toggleAttribute("hidden", !view?.answers || right);
  el.querySelector(".check")?.toggleAttribute("hidden", !!view);
}

// A knowledge check, never graded, shows all at once.
const reveals = (q) => (q?.page ? { marks: true, answers: true } : L.reveals(quiz, state.quiz, mastery));

function lockAll(view) {
  for (const q of quiz.questions) lock(q, view);
  $("quiz-submit").hidden = !!view;
  $("quiz-result").hidden = !view;
}

function showResult(focus) {
  lockAll(reveals());
  const score = L.scoreOf(quiz, answers);
  const { best, recorded } = state.quiz;
  const left = L.attemptsLeft(quiz, state.quiz);
  const passed = best >= mastery;
  const rows = [
    [S.result_score, percent(score)],
    best > score && [S.result_best, percent(best)],
    [S.result_pass_mark, percent(mastery)],
    [S.result_verdict, passed ? S.passed : recorded ? S.recorded : left ? S.failed : S.failed_final],
    !passed && !recorded && left !== Infinity && [S.result_attempts, left || S.no_attempts_left],
  ];
  $("quiz-summary").innerHTML = rows.filter(Boolean).map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join("");
  $("quiz-retry").hidden = passed || !left;
  // A graded quiz can be closed on a failed result, so that the LMS records it.
  $("quiz-record").hidden = passed || !left || !graded || !recording;
  if (focus) $("quiz-result").focus();
}

function submit(event) {
  event.preventDefault();
  const missing = order.map((q, i) => !L.isAnswered(q, answers[q.id]) && `<a href="#q-${q.id}">${i + 1}</a>`).filter(Boolean);
  $("quiz-error").hidden = !missing.length;
  // The focus stays on the button, in view with the message above it.
  if (missing.length) {
    $("quiz-error").innerHTML = L.format(S.unanswered, { numbers: missing.join(", ") });
    $("quiz-submit").scrollIntoView({ block: "nearest" });
    return;
  }
  const best = Math.max(L.scoreOf(quiz, answers), state.quiz.best ?? 0);
  Object.assign(state.quiz, { attempts: state.quiz.attempts + 1, submitted: true, best });
  if (recording) record(quiz.questions, presented);
  save();
  showResult(true);
  commitSoon();
}

function recordResult() {
  state.quiz.recorded = true;
  save();
  showResult(true);
  commitSoon();
}

// A practice question or a knowledge check (recorded then), checked alone, locks and tells at once.
function check(q) {
  const note = $(`q-${q.id}-feedback`);
  if (!L.isAnswered(q, answers[q.id])) {
    $("sco-status").textContent = note.firstChild.textContent = S.answer_first;
    note.hidden = false;
    return;
  }
  state.quiz.checked[q.id] = true;
  lock(q, reveals(q));
  if (q.page && recording) record([q], shownAt);
  save();
  commitSoon();
  note.focus();
}

function retry() {
  state.quiz.submitted = false;
  for (const q of quiz.questions) delete state.quiz.checked[q.id];
  presented = performance.now();
  answeredAt = L.table();
  lockAll(null);
  save();
  commitSoon();
  $("quiz-form").querySelector("input, select, button").focus();
}

sco.checks.forEach(setUp);
if (quiz) {
  arrange();
  $("quiz-form").onsubmit = submit;
  $("quiz-retry").onclick = retry;
  $("quiz-record").onclick = recordResult;
  if (state.quiz.submitted) showResult(false);
}
for (const q of L.questionsOf(sco)) if (state.quiz.checked[q.id]) lock(q, reveals(q));

/* ---- session ---- */

if (!connected) notice(S.no_lms);
else if (!recording) notice(S.review_mode);
show(state.current, false);
addEventListener("resize", tabToScrollers);
document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && commit());
// No unload/beforeunload: browsers block or skip them. A page kept in the back-forward
// cache may come back, so a persisted pagehide only commits.
addEventListener("pagehide", (event) => (event.persisted ? commit() : finish()));
})();
