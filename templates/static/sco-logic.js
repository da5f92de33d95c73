/* Pure rules of the SCO runtime, without DOM or LMS: loaded by the page (window.ScoLogic)
   and by Node's unit tests. scorm_builder/structure/suspend.py bounds what encodeState writes. */
"use strict";
(function (exports) {
const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const FILL_IN_MAX_LENGTH = 60;
const ATTEMPTS_CAP = 4095; // unlimited attempts: the count stops at two digits
const KEY = 4;
const pad = (n) => String(n).padStart(2, "0");

function timespan(ms) {
  const cs = Math.min(3599999999, Math.max(0, Math.round(ms / 10) || 0)); // 9999:59:59.99
  const s = Math.floor(cs / 100);
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(cs % 100)}`;
}

const clockTime = (date) => date.toTimeString().slice(0, 8); // local HH:MM:SS

const encodeNumber = (n) => (n >= 64 ? encodeNumber(Math.floor(n / 64)) : "") + DIGITS[n % 64];

const decodeNumber = (text) =>
  /^[\w-]+$/.test(text) ? [...text].reduce((n, c) => n * 64 + DIGITS.indexOf(c), 0) : NaN;

function encodeBits(flags) {
  let text = "";
  for (let i = 0; i < flags.length; i += 6) text += DIGITS[flags.slice(i, i + 6).reduce((d, f, bit) => d | (f << bit), 0)];
  return text;
}

function decodeBits(text, count) {
  if (text.length !== Math.ceil(count / 6) || !/^[\w-]*$/.test(text)) return null;
  return Array.from({ length: count }, (_, i) => Boolean(DIGITS.indexOf(text[Math.floor(i / 6)]) & (1 << i % 6)));
}

// 24-bit FNV-1a: keys state to the ids it belongs to, in KEY characters.
function fingerprint(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return encodeNumber(hash & 0xffffff).padStart(KEY, DIGITS[0]);
}

const screensOf = (sco) => sco.pages.concat(sco.quiz ? ["quiz"] : []);
// State read from the LMS belongs to this module only if its module key matches.
const moduleKey = (sco) => fingerprint(`${sco.course}\n${sco.module}`);
const pagesKey = (sco) => fingerprint(screensOf(sco).join("\n"));
const optionsOf = (q) => q.choices || q.items || q.pairs || [];
const keysOf = (q) => optionsOf(q).map((o) => o.key || o.rightKey);
// The choices' texts are in the key: a republished question drops its old answer.
// The key's length stays KEY, as suspend.py counts.
const questionKey = (q) => fingerprint([q.id, q.type, ...optionsOf(q).map((o) => o.html ?? `${o.left}\t${o.right}`)].join("\n"));

// Never half a surrogate pair.
const clip = (text) => text.slice(0, FILL_IN_MAX_LENGTH).replace(/[\ud800-\udbff]$/, "");

// Per question type: the right answer, the SCORM 1.2 response text, and the suspend_data text.
// A true-false answer is "t" or "f", as in its SCORM response and its input's value.
const TYPES = {
  "single-choice": {
    correct: (q) => q.choices.find((c) => c.correct).key,
    response: (q, a) => a,
    encode: (q, a) => a,
    decode: (q, text) => (keysOf(q).includes(text) ? text : undefined),
  },
  "multiple-choice": {
    correct: (q) => q.choices.filter((c) => c.correct).map((c) => c.key),
    response: (q, a) => [...a].sort().join(","),
    encode: (q, a) => encodeBits(keysOf(q).map((k) => a.includes(k))),
    decode: (q, text) => {
      const flags = decodeBits(text, keysOf(q).length);
      return flags ? keysOf(q).filter((_, i) => flags[i]) : undefined;
    },
  },
  "true-false": {
    correct: (q) => (q.answer ? "t" : "f"),
    response: (q, a) => a,
    encode: (q, a) => a,
    decode: (q, text) => (["t", "f"].includes(text) ? text : undefined),
  },
  "fill-in": {
    correct: (q) => q.accepted[0],
    response: (q, a) => a.trim().slice(0, 255),
    encode: (q, a) => clip(a),
    decode: (q, text) => text,
  },
  ordering: {
    correct: keysOf,
    response: (q, a) => a.join(","),
    encode: (q, a) => a.join(""),
    decode: (q, text) => ([...text].sort().join() === keysOf(q).sort().join() ? [...text] : undefined),
  },
  matching: {
    correct: keysOf,
    response: (q, a) => q.pairs.map((p, i) => a[i] && `${p.leftKey}.${a[i]}`).filter(Boolean).join(","),
    encode: (q, a) => a.map((k) => k || "-").join(""),
    decode: (q, text) => {
      const a = [...text].map((c) => (c === "-" ? "" : c));
      return a.length === keysOf(q).length && a.every((k) => !k || keysOf(q).includes(k)) ? a : undefined;
    },
  },
};

// Something picked or typed (a list of choices reads as "a,c"), and every pair matched.
const isAnswered = (q, a) => a != null && String(a).trim() !== "" && (!q.pairs || a.every(Boolean));

// Keyed by question ids, which may be any name ("constructor"): no prototype to look up.
const table = () => Object.create(null);

// The quiz's questions, then the pages' knowledge checks, in the quiz's state.
const questionsOf = (sco) => (sco.quiz?.questions || []).concat(sco.checks || []);

const initialState = (sco) => ({
  current: 0,
  seen: screensOf(sco).map(() => false),
  quiz: questionsOf(sco).length ? { attempts: 0, best: null, submitted: false, recorded: false, answers: table(), checked: table() } : null,
});

function encodeQuiz(sco, state) {
  const answered = questionsOf(sco).filter((q) => isAnswered(q, state.answers[q.id]));
  const records = answered.map((q) => {
    const text = TYPES[q.type].encode(q, state.answers[q.id]);
    return questionKey(q) + DIGITS[text.length] + text;
  });
  const checked = answered.map((q) => !!state.checked[q.id]);
  const some = checked.includes(true);
  const attempts = encodeNumber(Math.min(state.attempts, sco.quiz?.attempts || ATTEMPTS_CAP));
  const best = state.best === null ? "" : encodeNumber(Math.round(state.best * 100));
  return `${attempts}.${best}.${encodeBits([state.submitted, state.recorded, some])}${some ? encodeBits(checked) + "." : ""}${records.join("")}`;
}

/* "2.<module key>.<pages key>.<current>.<seen>.<quiz>",
   quiz = "<attempts>.<best in hundredths>.<flags: submitted, recorded, checked>[<checked>.]<records>",
   record = "<question key><length><answer>" (the knowledge checks' after the quiz's),
   checked = a bit per record (if the flag is set).
   Nothing is read from another module's state; pages whose key no longer matches are dropped. */
function encodeState(sco, state) {
  const quiz = state.quiz ? encodeQuiz(sco, state.quiz) : "";
  return `2.${moduleKey(sco)}.${pagesKey(sco)}.${encodeNumber(state.current)}.${encodeBits(state.seen)}.${quiz}`;
}

const STATE = /^2\.([^.]*)\.([^.]*)\.([^.]*)\.([^.]*)\.(.*)$/s;

// Whether suspend_data was written by this module (whatever the LMS says of the entry).
const isOwnState = (sco, text) => STATE.exec(text || "")?.[1] === moduleKey(sco);

function decodeAnswers(sco, text, checks) {
  const byKey = new Map();
  for (const q of questionsOf(sco)) byKey.set(questionKey(q), byKey.has(questionKey(q)) ? null : q);
  const answers = table();
  const checked = table();
  const flags = decodeBits(checks, checks.length * 6) || [];
  for (let at = 0, n = 0; at + KEY < text.length; n++) {
    const q = byKey.get(text.slice(at, at + KEY));
    const length = DIGITS.indexOf(text[at + KEY]);
    const answer = text.substr(at + KEY + 1, length);
    if (length < 0 || answer.length !== length) break;
    at += KEY + 1 + length;
    const decoded = q ? TYPES[q.type].decode(q, answer) : undefined;
    if (decoded !== undefined) answers[q.id] = decoded;
    if (decoded !== undefined && flags[n] && (q.page || sco.quiz?.check)) checked[q.id] = true;
  }
  return { answers, checked };
}

function decodeQuiz(sco, text) {
  const [, attempts, best, flags, records] = /^([^.]*)\.([^.]*)\.(.)(.*)$/s.exec(text) || [];
  const [submitted, recorded, some] = (flags && decodeBits(flags, 3)) || [];
  const [, checks, rest] = some ? /^([\w-]*)\.(.*)$/s.exec(records) || [] : [, "", records];
  if (submitted === undefined || rest === undefined) return null;
  const state = { attempts: decodeNumber(attempts), best: best ? decodeNumber(best) / 100 : null };
  if (Number.isNaN(state.attempts) || Number.isNaN(state.best) || state.best > 100) return null;
  return Object.assign(state, { submitted, recorded }, decodeAnswers(sco, rest, checks));
}

function decodeState(sco, text) {
  const state = initialState(sco);
  const [, module, key, current, seen, quiz] = STATE.exec(text) || [];
  if (module !== moduleKey(sco)) return state;
  if (key === pagesKey(sco)) {
    if (decodeNumber(current) < state.seen.length) state.current = decodeNumber(current);
    state.seen = decodeBits(seen, state.seen.length) || state.seen;
  }
  if (state.quiz) state.quiz = decodeQuiz(sco, quiz) || state.quiz;
  return state;
}

const normal = (text, caseSensitive) => {
  const spaced = text.normalize("NFC").trim().replace(/\s+/g, " ");
  return caseSensitive ? spaced : spaced.toLowerCase();
};

const rightResponse = (q) => TYPES[q.type].response(q, TYPES[q.type].correct(q));

function isCorrect(q, a) {
  if (!isAnswered(q, a)) return false;
  if (q.type === "fill-in") return q.accepted.some((x) => normal(x, q.caseSensitive) === normal(a, q.caseSensitive));
  return TYPES[q.type].response(q, a) === rightResponse(q);
}

function scoreOf(quiz, answers) {
  const total = quiz.questions.reduce((sum, q) => sum + q.weight, 0);
  const earned = quiz.questions.reduce((sum, q) => sum + (isCorrect(q, answers[q.id]) ? q.weight : 0), 0);
  return total ? Math.round((10000 * earned) / total) / 100 : 0;
}

// Each accepted answer of a fill-in is one correct response.
const interaction = (q, a) => ({
  id: q.id,
  type: q.interaction,
  student_response: TYPES[q.type].response(q, a),
  ...Object.fromEntries((q.accepted || [TYPES[q.type].correct(q)]).map((x, n) => [`correct_responses.${n}.pattern`, TYPES[q.type].response(q, x)])),
  result: isCorrect(q, a) ? "correct" : "wrong",
  weighting: String(q.weight),
});

const masteryScore = (lmsValue, courseValue) =>
  lmsValue?.trim() && Number.isFinite(Number(lmsValue)) ? Number(lmsValue) : courseValue;

function targetStatus(sco, state, mastery) {
  if (sco.completion !== "quiz") return state.seen.slice(0, sco.pages.length).every(Boolean) ? "completed" : "incomplete";
  if (!state.quiz || state.quiz.best === null) return "incomplete";
  if (state.quiz.best >= mastery) return "passed";
  // Not "failed" while the learner may try again: Moodle opens a failed SCO in review mode.
  return attemptsLeft(sco.quiz, state.quiz) ? "incomplete" : "failed";
}

// A result once reached is kept: a status only gives way to a higher one. Below them all:
// "", "not attempted" and "browsed", which become "incomplete" on entry.
const RANK = Object.assign(table(), { incomplete: 0, failed: 1, completed: 2, passed: 3 });
const nextStatus = (current, proposed) => (RANK[proposed] > (RANK[current] ?? -1) ? proposed : current);
// A learner who chose to record a failed result has no attempt left.
const attemptsLeft = (quiz, state) =>
  state?.recorded ? 0 : quiz.attempts ? Math.max(0, quiz.attempts - state.attempts) : Infinity;
// Without a quiz (now), "failed" is not final.
const isFinished = (sco, status, state) =>
  status === "passed" || status === "completed" || (status === "failed" && attemptsLeft(sco.quiz || {}, state?.quiz) === 0);
// A graded quiz shows right answers once its result is final.
const reveals = (quiz, state, mastery) => ({
  marks: quiz.review !== "score",
  answers: quiz.review === "answers" && (!quiz.graded || state.best >= mastery || !attemptsLeft(quiz, state)),
});
const format = (template, values) =>
  template.replace(/\{(\w+)\}/g, (all, name) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all));

function shuffled(list, random) {
  const copy = list.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// Items to put in order must not start in the right order.
function disordered(list, random) {
  const result = shuffled(list, random);
  return result.join() === list.join() ? list.slice(1).concat(list.slice(0, 1)) : result;
}

Object.assign(exports, {
  FILL_IN_MAX_LENGTH, timespan, clockTime, encodeNumber, decodeNumber, encodeBits, decodeBits,
  fingerprint, screensOf, questionsOf, table, moduleKey, initialState, encodeState, decodeState, isOwnState, isAnswered, isCorrect, scoreOf,
  interaction, masteryScore, targetStatus, nextStatus, attemptsLeft, isFinished,
  reveals, format, shuffled, disordered,
});
})(typeof module === "object" ? module.exports : (window.ScoLogic = {}));
