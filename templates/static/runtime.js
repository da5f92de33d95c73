/* The SCO runtime: pages, quiz and the SCORM 1.2 conversation with the LMS.
   Rules live in sco-logic.js; this file only wires them to the page and to the LMS. */
(function () {
  "use strict";
  const L = window.ScoLogic;
  const $ = (id) => document.getElementById(id);
  const sco = JSON.parse($("sco-data").textContent);
  const S = sco.strings;
  const screens = L.screensOf(sco);
  const quiz = sco.quiz;
  const started = performance.now();
  // Errors that retrying cannot fix: the value is dropped instead of sent again and again.
  const PERMANENT_ERRORS = ["201", "401", "402", "403", "404", "405"];

  /** The SCORM 1.2 API of the nearest window from `start` up to the top, or null. */
  function findApi(start) {
    let win = start;
    for (let depth = 0; win && depth < 50; depth++) {
      try {
        if (win.API) return win.API;
      } catch (error) {
        // A frame of another origin hides its API: keep climbing.
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  /** An API with the LMS's contract that keeps progress in this browser (no LMS found). */
  function localApi(key) {
    let stored = null;
    try {
      stored = JSON.parse(localStorage.getItem(key));
    } catch (error) {
      // Storage blocked or unreadable: start afresh.
    }
    const values = Object.assign({}, stored);
    const fixed = { "cmi.core.entry": stored ? "resume" : "ab-initio", "cmi.core.lesson_mode": "normal" };
    const kept = ["cmi.core.lesson_location", "cmi.suspend_data", "cmi.core.lesson_status", "cmi.core.score.raw"];
    const yes = () => "true";
    return {
      LMSInitialize: yes,
      LMSFinish: yes,
      LMSGetValue: (element) => fixed[element] || values[element] || "",
      LMSSetValue: (element, value) => {
        if (kept.includes(element)) values[element] = value;
        return "true";
      },
      LMSCommit: () => {
        try {
          localStorage.setItem(key, JSON.stringify(values));
        } catch (error) {
          // Private browsing may refuse storage: progress then lasts as long as the page.
        }
        return "true";
      },
      LMSGetLastError: () => "0",
      LMSGetErrorString: () => "",
      LMSGetDiagnostic: () => "",
    };
  }

  /** One LMS session: checked calls, and values kept until a commit has saved them. */
  class Lms {
    constructor(api) {
      this.api = api;
      this.open = false;
      this.unsaved = new Map();
    }

    /** The call's result as a string, or null when the API threw or is gone. */
    call(name, ...args) {
      try {
        return String(this.api[name](...args));
      } catch (error) {
        console.error(`[SCORM] ${name}(${args.join(", ")}) threw: error 101 (${error && error.message})`);
        return null;
      }
    }

    /** The LMS's last error code: "0" for none, "101" when the LMS cannot even say. */
    lastError() {
      try {
        return String(this.api.LMSGetLastError());
      } catch (error) {
        return "101";
      }
    }

    /** Log a failed call with its SCORM error code, and return the code. */
    report(name, args) {
      const code = this.lastError();
      let text = "";
      try {
        text = this.api.LMSGetErrorString(code);
      } catch (error) {
        text = "no error string";
      }
      console.error(`[SCORM] ${name}(${args.join(", ")}) failed: error ${code} (${text})`);
      return code;
    }

    initialize() {
      const result = this.call("LMSInitialize", "");
      if (result === "true") this.open = true;
      else if (result !== null) this.report("LMSInitialize", [""]);
      return this.open;
    }

    /** The element's value, or "" when the LMS has none or refuses to give it. */
    get(element) {
      if (!this.open) return "";
      const value = this.call("LMSGetValue", element);
      if (value === null) return "";
      const code = this.lastError();
      if (code !== "0") console.warn(`[SCORM] LMSGetValue(${element}): error ${code}`);
      return code === "0" ? value : "";
    }

    /** Queue a value; the order of first queuing is kept, a newer value replaces an older one. */
    set(element, value) {
      this.unsaved.delete(element);
      this.unsaved.set(element, String(value));
    }

    /** Send what is unsaved and commit; what fails stays queued for the next commit. */
    commit() {
      if (!this.open) return false;
      const sent = [];
      for (const [element, value] of this.unsaved) {
        const result = this.call("LMSSetValue", element, value);
        if (result === null) return false;
        if (result === "true") sent.push([element, value]);
        else if (PERMANENT_ERRORS.includes(this.report("LMSSetValue", [element, value]))) {
          this.unsaved.delete(element);
        }
      }
      const result = this.call("LMSCommit", "");
      if (result !== "true") {
        if (result !== null) this.report("LMSCommit", [""]);
        return false;
      }
      for (const [element, value] of sent) if (this.unsaved.get(element) === value) this.unsaved.delete(element);
      return true;
    }

    /** Commit the last values, then end the session: LMSFinish is called once at most. */
    finish() {
      if (!this.open) return;
      this.commit();
      this.open = false;
      const result = this.call("LMSFinish", "");
      if (result !== null && result !== "true") this.report("LMSFinish", [""]);
    }
  }

  function connect() {
    const api = findApi(window) || (window.opener ? findApi(window.opener) : null);
    const lms = api && new Lms(api);
    if (lms && lms.initialize()) return { lms, connected: true };
    const local = new Lms(localApi(`scorm-builder:${sco.course}:${sco.module}`));
    local.initialize();
    return { lms: local, connected: false };
  }

  const { lms, connected } = connect();
  const recording = (lms.get("cmi.core.lesson_mode") || "normal") === "normal";
  const entry = lms.get("cmi.core.entry");
  const state = L.decodeState(sco, entry === "ab-initio" ? "" : lms.get("cmi.suspend_data"));
  const location = entry === "ab-initio" ? "" : lms.get("cmi.core.lesson_location");
  if (screens.includes(location)) state.current = screens.indexOf(location);
  const mastery = L.masteryScore(
    lms.get("cmi.student_data.mastery_score"),
    sco.masteryScore === null ? quiz && quiz.passMark : sco.masteryScore,
  );
  const interactionFields = lms.get("cmi.interactions._children").split(",");
  let interactionIndex = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
  let status = lms.get("cmi.core.lesson_status");
  let exit = null;
  if (quiz) {
    const lmsScore = parseFloat(lms.get("cmi.core.score.raw"));
    if (lmsScore > (state.quiz.best === null ? -1 : state.quiz.best)) state.quiz.best = lmsScore;
  }

  function showNotice(text) {
    $("sco-notice").textContent = text;
    $("sco-notice").hidden = false;
  }

  function saveState() {
    if (!recording) return;
    lms.set("cmi.core.lesson_location", screens[state.current]);
    lms.set("cmi.suspend_data", L.encodeState(sco, state));
  }

  /** Queue the status the module's rule gives (never a downgrade) and the matching exit. */
  function updateStatus() {
    if (!recording) return;
    const next = L.nextStatus(L.entryStatus(status), L.targetStatus(sco, state, mastery));
    if (next !== status) lms.set("cmi.core.lesson_status", next);
    status = next;
    const nextExit = L.isFinished(sco, status, state) ? "" : "suspend";
    if (nextExit !== exit) lms.set("cmi.core.exit", nextExit);
    exit = nextExit;
  }

  // Commits wait for the next paint, so a slow LMS never delays what the learner sees,
  // and the changes of one interaction are sent together in one commit.
  let commitPending = false;

  function commitNow() {
    commitPending = false;
    if (!lms.open) return;
    lms.set("cmi.core.session_time", L.timespan(performance.now() - started));
    lms.commit();
  }

  function scheduleCommit() {
    if (commitPending) return;
    commitPending = true;
    requestAnimationFrame(() => setTimeout(() => commitPending && commitNow(), 0));
  }

  function finish() {
    if (!lms.open) return;
    saveState();
    updateStatus();
    lms.set("cmi.core.session_time", L.timespan(performance.now() - started));
    lms.finish();
    $("sco-quit").disabled = true;
    showNotice(S.finished);
  }

  /* ---- pages ---- */

  const sections = screens.map((id) => $(`page-${id}`));
  const tocLinks = [...document.querySelectorAll(".toc a")];

  function show(index, moveFocus) {
    state.current = index;
    state.seen[index] = true;
    sections.forEach((section, i) => {
      section.hidden = i !== index;
    });
    tocLinks.forEach((link, i) => {
      if (i === index) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
      link.nextElementSibling.hidden = !state.seen[i];
    });
    $("sco-prev").disabled = index === 0;
    $("sco-next").disabled = index === screens.length - 1;
    $("sco-counter").textContent = L.format(S.page_counter, { current: index + 1, total: screens.length });
    if (screens[index] === "quiz") presentQuiz();
    saveState();
    updateStatus();
    if (moveFocus) sections[index].querySelector("h2").focus();
  }

  function go(index) {
    show(index, true);
    scheduleCommit();
  }

  $("sco-prev").addEventListener("click", () => go(state.current - 1));
  $("sco-next").addEventListener("click", () => go(state.current + 1));
  $("sco-quit").addEventListener("click", finish);
  tocLinks.forEach((link, i) =>
    link.addEventListener("click", (event) => {
      event.preventDefault();
      link.closest("details").open = false;
      go(i);
    }),
  );

  /* ---- quiz ---- */

  const questionEl = (q) => $(`q-${q.id}`);
  let presentedAt = null;
  let answeredAt = {};

  function presentQuiz() {
    if (presentedAt === null) presentedAt = performance.now();
  }

  function readAnswer(q) {
    const el = questionEl(q);
    const checked = [...el.querySelectorAll("input:checked")].map((input) => input.value);
    switch (q.type) {
      case "single-choice": return checked[0];
      case "multiple-choice": return checked;
      case "true-false": return checked.length ? checked[0] === "t" : undefined;
      case "fill-in": return el.querySelector("input").value;
      case "ordering": return [...el.querySelectorAll("li")].map((li) => li.dataset.key);
      default: return q.pairs.map((p) => el.querySelector(`[data-left="${p.leftKey}"]`).value);
    }
  }

  function writeAnswer(q, answer) {
    const el = questionEl(q);
    if (q.type === "fill-in") el.querySelector("input").value = answer;
    else if (q.type === "ordering") answer.forEach((key) => el.querySelector("ol").append(el.querySelector(`li[data-key="${key}"]`)));
    else if (q.type === "matching") q.pairs.forEach((p, i) => { el.querySelector(`[data-left="${p.leftKey}"]`).value = answer[i]; });
    else {
      const picked = q.type === "true-false" ? [answer ? "t" : "f"] : [].concat(answer);
      el.querySelectorAll("input").forEach((input) => { input.checked = picked.includes(input.value); });
    }
  }

  function noteAnswer(q) {
    state.quiz.answers[q.id] = readAnswer(q);
    answeredAt[q.id] = performance.now();
    saveState();
  }

  function moveItem(q, button) {
    const li = button.closest("li");
    const sibling = Number(button.dataset.step) < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (sibling) li.parentNode.insertBefore(li, Number(button.dataset.step) < 0 ? sibling : sibling.nextSibling);
    button.focus();
    const items = [...li.parentNode.children];
    $("quiz-status").textContent = L.format(S.moved, {
      item: li.querySelector(".item-text").textContent,
      position: items.indexOf(li) + 1,
      total: items.length,
    });
    noteAnswer(q);
  }

  function arrange() {
    const random = Math.random;
    const form = $("quiz-form");
    const order = quiz.shuffle ? L.shuffled(quiz.questions, random) : quiz.questions;
    order.forEach((q, i) => {
      const el = questionEl(q);
      form.insertBefore(el, $("quiz-error"));
      el.querySelector("legend").textContent = L.format(S.question_number, { number: i + 1, total: order.length });
      if (quiz.shuffle && q.choices) L.shuffled([...el.querySelectorAll(".choice")], random).forEach((c) => c.parentNode.append(c));
      if (q.items) writeAnswer(q, L.disordered(q.items.map((item) => item.key), random));
      if (q.type === "fill-in") el.querySelector("input").maxLength = L.FILL_IN_MAX_LENGTH;
      const saved = state.quiz.answers[q.id];
      if (saved !== undefined) writeAnswer(q, saved);
      // Items always stand in some order: the one shown is the learner's answer until moved.
      else if (q.items) state.quiz.answers[q.id] = readAnswer(q);
      el.addEventListener("change", () => noteAnswer(q));
      el.addEventListener("input", () => noteAnswer(q));
      el.addEventListener("click", (event) => {
        const button = event.target.closest("button.move");
        if (button) moveItem(q, button);
      });
    });
  }

  function recordInteractions(answers) {
    if (!interactionFields.includes("id")) return;
    const time = L.clockTime(new Date());
    const now = performance.now();
    for (const q of quiz.questions) {
      const values = Object.assign(L.interaction(q, answers[q.id]), {
        time,
        latency: L.timespan((answeredAt[q.id] || now) - presentedAt),
      });
      const n = interactionIndex++;
      for (const [field, value] of Object.entries(values)) {
        if (interactionFields.includes(field.split(".")[0])) lms.set(`cmi.interactions.${n}.${field}`, value);
      }
    }
  }

  function feedbackHtml(q, answer) {
    const right = L.isCorrect(q, answer);
    const verdict = `<p class="verdict"><span aria-hidden="true">${right ? "✓" : "✗"} </span>${right ? S.correct : S.incorrect}</p>`;
    const picked = (q.choices || []).filter((c) => [].concat(answer).includes(c.key) && c.feedback);
    return verdict + picked.map((c) => c.feedback).join("") + (q.explanation || "");
  }

  function setLocked(locked) {
    quiz.questions.forEach((q) => {
      questionEl(q).disabled = locked;
      questionEl(q).classList.remove("correct", "wrong");
      $(`q-${q.id}-feedback`).hidden = !locked;
    });
    $("quiz-submit").hidden = locked;
    $("quiz-result").hidden = !locked;
  }

  function canRetry() {
    return state.quiz.best < mastery && L.attemptsLeft(quiz, state.quiz) > 0;
  }

  function showResult(moveFocus) {
    const answers = state.quiz.answers;
    setLocked(true);
    quiz.questions.forEach((q) => {
      questionEl(q).classList.add(L.isCorrect(q, answers[q.id]) ? "correct" : "wrong");
      $(`q-${q.id}-feedback`).innerHTML = feedbackHtml(q, answers[q.id]);
    });
    const score = L.scoreOf(quiz, answers);
    const left = L.attemptsLeft(quiz, state.quiz);
    const lines = [
      L.format(S.score, { score }),
      state.quiz.best > score ? L.format(S.best_score, { score: state.quiz.best }) : "",
      L.format(S.pass_mark, { mark: mastery }),
      state.quiz.best >= mastery ? S.passed : S.failed,
      left === Infinity || state.quiz.best >= mastery ? "" : left ? L.format(S.attempts_left, { count: left }) : S.no_attempts_left,
    ];
    $("quiz-summary").textContent = lines.filter(Boolean).join(" ");
    $("quiz-retry").hidden = !canRetry();
    if (moveFocus) $("quiz-result").focus();
  }

  function submitQuiz(event) {
    event.preventDefault();
    const answers = state.quiz.answers;
    const missing = quiz.questions.filter((q) => !L.isAnswered(q, answers[q.id]));
    $("quiz-error").hidden = missing.length === 0;
    if (missing.length) {
      $("quiz-error").textContent = L.format(S.unanswered, { count: missing.length });
      questionEl(missing[0]).querySelector("input, select, button").focus();
      return;
    }
    const score = L.scoreOf(quiz, answers);
    state.quiz.attempts += 1;
    state.quiz.submitted = true;
    if (state.quiz.best === null || score > state.quiz.best) state.quiz.best = score;
    if (recording) {
      recordInteractions(answers);
      lms.set("cmi.core.score.min", "0");
      lms.set("cmi.core.score.max", "100");
      lms.set("cmi.core.score.raw", String(state.quiz.best));
    }
    saveState();
    updateStatus();
    showResult(true);
    scheduleCommit();
  }

  function retry() {
    state.quiz.submitted = false;
    presentedAt = performance.now();
    answeredAt = {};
    setLocked(false);
    saveState();
    scheduleCommit();
    $("quiz-form").querySelector("input, select, button").focus();
  }

  if (quiz) {
    arrange();
    $("quiz-form").addEventListener("submit", submitQuiz);
    $("quiz-retry").addEventListener("click", retry);
    if (state.quiz.submitted) showResult(false);
  }

  /* ---- session ---- */

  if (!connected) showNotice(S.no_lms);
  else if (!recording) showNotice(S.review_mode);
  show(state.current, false);
  scheduleCommit();
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") commitNow();
  });
  // Never unload/beforeunload: browsers block or skip them. A page kept in the
  // back-forward cache may come back, so it only commits.
  window.addEventListener("pagehide", (event) => (event.persisted ? commitNow() : finish()));
})();
