/* Pure logic of the SCO runtime: no DOM, no LMS. It loads in the browser (window.ScoLogic)
   and in Node (module.exports), so that every rule here is unit-tested without a browser.
   scorm_builder/structure/suspend.py mirrors the suspend_data layout to bound its length. */
(function (root, factory) {
  "use strict";
  const logic = factory();
  if (typeof module !== "undefined" && module.exports) module.exports = logic;
  else root.ScoLogic = logic;
})(this, function () {
  "use strict";

  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const FORMAT = "1";
  const KEY_LENGTH = 4;
  const FILL_IN_MAX_LENGTH = 60;
  const STORED_ATTEMPTS_CAP = 4095;
  const UNMATCHED = "-";
  const MAX_TIMESPAN_CS = ((9999 * 60 + 59) * 60 + 59) * 100 + 99;

  const pad = (n, width) => String(n).padStart(width, "0");

  /** CMITimespan (HHHH:MM:SS.SS) of a duration in milliseconds, clamped at 9999:59:59.99. */
  function timespan(ms) {
    const cs = Math.min(MAX_TIMESPAN_CS, Math.max(0, Math.round(ms / 10) || 0));
    const seconds = Math.floor(cs / 100);
    return `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:` +
      `${pad(seconds % 60, 2)}.${pad(cs % 100, 2)}`;
  }

  /** CMITime (HH:MM:SS) of a date, in the learner's local time. */
  function clockTime(date) {
    return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`;
  }

  function encodeNumber(n) {
    let text = "";
    do {
      text = DIGITS[n % 64] + text;
      n = Math.floor(n / 64);
    } while (n > 0);
    return text;
  }

  /** The number written by encodeNumber, or NaN when `text` is not one. */
  function decodeNumber(text) {
    if (!text) return NaN;
    let n = 0;
    for (const c of text) {
      const digit = DIGITS.indexOf(c);
      if (digit < 0) return NaN;
      n = n * 64 + digit;
    }
    return n;
  }

  function encodeBits(flags) {
    let text = "";
    for (let i = 0; i < flags.length; i += 6) {
      let digit = 0;
      for (let bit = 0; bit < 6 && i + bit < flags.length; bit++) if (flags[i + bit]) digit |= 1 << bit;
      text += DIGITS[digit];
    }
    return text;
  }

  /** `count` booleans from encodeBits' text, or null when the text has another length. */
  function decodeBits(text, count) {
    if (text.length !== Math.ceil(count / 6)) return null;
    const flags = [];
    for (let i = 0; i < count; i++) {
      const digit = DIGITS.indexOf(text[Math.floor(i / 6)]);
      if (digit < 0) return null;
      flags.push(Boolean(digit & (1 << (i % 6))));
    }
    return flags;
  }

  /** A 24-bit FNV-1a fingerprint of `text` as KEY_LENGTH digits. */
  function fingerprint(text) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return encodeNumber(hash & 0xffffff).padStart(KEY_LENGTH, DIGITS[0]);
  }

  /** The screens of a module in reading order: its pages, then the quiz if it has one. */
  function screensOf(sco) {
    return sco.quiz ? sco.pages.concat(["quiz"]) : sco.pages.slice();
  }

  function optionCount(question) {
    return (question.choices || question.items || question.pairs || []).length;
  }

  /** The key of a question in suspend_data: its id and the shape its answers depend on. */
  function questionKey(question) {
    return fingerprint([question.id, question.type, optionCount(question)].join("\u0000"));
  }

  function keysOf(question) {
    if (question.choices) return question.choices.map((c) => c.key);
    if (question.items) return question.items.map((i) => i.key);
    if (question.pairs) return question.pairs.map((p) => p.rightKey);
    return [];
  }

  /** Text cut to FILL_IN_MAX_LENGTH UTF-16 units without splitting a surrogate pair. */
  function clipFillIn(text) {
    const cut = text.slice(0, FILL_IN_MAX_LENGTH);
    const last = cut.charCodeAt(cut.length - 1);
    return last >= 0xd800 && last <= 0xdbff && text.length > FILL_IN_MAX_LENGTH ? cut.slice(0, -1) : cut;
  }

  function encodeAnswer(question, answer) {
    switch (question.type) {
      case "single-choice": return answer;
      case "multiple-choice": return encodeBits(question.choices.map((c) => answer.includes(c.key)));
      case "true-false": return answer ? "t" : "f";
      case "fill-in": return clipFillIn(answer);
      case "ordering": return answer.join("");
      default: return answer.map((key) => key || UNMATCHED).join("");
    }
  }

  const isPermutation = (keys, all) =>
    keys.length === all.length && new Set(keys).size === all.length && keys.every((k) => all.includes(k));

  /** The answer written by encodeAnswer, or undefined when `text` does not fit the question. */
  function decodeAnswer(question, text) {
    const keys = keysOf(question);
    switch (question.type) {
      case "single-choice": return keys.includes(text) ? text : undefined;
      case "multiple-choice": {
        const flags = decodeBits(text, keys.length);
        return flags ? keys.filter((_, i) => flags[i]) : undefined;
      }
      case "true-false": return text === "t" ? true : text === "f" ? false : undefined;
      case "fill-in": return text;
      case "ordering": return isPermutation([...text], keys) ? [...text] : undefined;
      default: {
        const picked = [...text].map((c) => (c === UNMATCHED ? "" : c));
        return picked.length === keys.length && picked.every((k) => !k || keys.includes(k)) ? picked : undefined;
      }
    }
  }

  function isAnswered(question, answer) {
    if (answer === undefined || answer === null) return false;
    if (question.type === "fill-in") return answer.trim() !== "";
    if (question.type === "multiple-choice") return answer.length > 0;
    if (question.type === "matching") return answer.every(Boolean);
    return true;
  }

  /** A fresh learner state for a module. */
  function initialState(sco) {
    return {
      current: 0,
      seen: screensOf(sco).map(() => false),
      quiz: sco.quiz ? { attempts: 0, best: null, submitted: false, answers: {} } : null,
    };
  }

  function encodeQuiz(quiz, state) {
    const attempts = encodeNumber(Math.min(state.attempts, quiz.attempts || STORED_ATTEMPTS_CAP));
    const best = state.best === null ? "" : encodeNumber(Math.round(state.best * 100));
    const records = quiz.questions
      .filter((q) => isAnswered(q, state.answers[q.id]))
      .map((q) => {
        const answer = encodeAnswer(q, state.answers[q.id]);
        return questionKey(q) + DIGITS[answer.length] + answer;
      });
    return `${attempts}.${best}.${DIGITS[state.submitted ? 1 : 0]}${records.join("")}`;
  }

  /**
   * suspend_data: "1.<pages key>.<current>.<seen>.<quiz>", where
   * quiz = "<attempts>.<best score in hundredths>.<flags><records>" and each record is
   * "<question key><length><answer>". Keys are fingerprints of stable ids, so that state
   * saved for another version of the module is dropped, never misread.
   */
  function encodeState(sco, state) {
    const pagesKey = fingerprint(screensOf(sco).join("\u0000"));
    const quiz = sco.quiz ? encodeQuiz(sco.quiz, state.quiz) : "";
    return `${FORMAT}.${pagesKey}.${encodeNumber(state.current)}.${encodeBits(state.seen)}.${quiz}`;
  }

  function splitAt(text, count) {
    const parts = [];
    let rest = text;
    for (let i = 0; i < count; i++) {
      const dot = rest.indexOf(".");
      if (dot < 0) return null;
      parts.push(rest.slice(0, dot));
      rest = rest.slice(dot + 1);
    }
    parts.push(rest);
    return parts;
  }

  /** Answers by question id from the records, skipping unknown or ambiguous keys. */
  function decodeRecords(quiz, text) {
    const byKey = new Map();
    for (const q of quiz.questions) {
      const key = questionKey(q);
      byKey.set(key, byKey.has(key) ? null : q);
    }
    const answers = {};
    for (let at = 0; at + KEY_LENGTH < text.length;) {
      const question = byKey.get(text.slice(at, at + KEY_LENGTH));
      const length = DIGITS.indexOf(text[at + KEY_LENGTH]);
      if (length < 0) break;
      const answer = text.substr(at + KEY_LENGTH + 1, length);
      if (answer.length !== length) break;
      at += KEY_LENGTH + 1 + length;
      const decoded = question ? decodeAnswer(question, answer) : undefined;
      if (decoded !== undefined) answers[question.id] = decoded;
    }
    return answers;
  }

  function decodeQuiz(quiz, text) {
    const parts = splitAt(text, 2);
    if (!parts || !parts[2]) return null;
    const attempts = decodeNumber(parts[0]);
    const best = parts[1] === "" ? null : decodeNumber(parts[1]) / 100;
    if (Number.isNaN(attempts) || Number.isNaN(best) || best > 100) return null;
    return {
      attempts,
      best,
      submitted: parts[2][0] === DIGITS[1],
      answers: decodeRecords(quiz, parts[2].slice(1)),
    };
  }

  /** The state saved by encodeState; what does not match this module is left fresh. */
  function decodeState(sco, text) {
    const state = initialState(sco);
    const parts = splitAt(text || "", 4);
    if (!parts || parts[0] !== FORMAT) return state;
    if (parts[1] === fingerprint(screensOf(sco).join("\u0000"))) {
      const current = decodeNumber(parts[2]);
      const seen = decodeBits(parts[3], state.seen.length);
      if (current < state.seen.length) state.current = current;
      if (seen) state.seen = seen;
    }
    if (sco.quiz) state.quiz = decodeQuiz(sco.quiz, parts[4]) || state.quiz;
    return state;
  }

  const normalize = (text, caseSensitive) => {
    const spaced = text.normalize("NFC").trim().replace(/\s+/g, " ");
    return caseSensitive ? spaced : spaced.toLowerCase();
  };

  const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  function correctKeys(question) {
    if (question.choices) return question.choices.filter((c) => c.correct).map((c) => c.key);
    if (question.items) return question.items.map((i) => i.key);
    return question.pairs.map((p) => p.rightKey);
  }

  function isCorrect(question, answer) {
    if (!isAnswered(question, answer)) return false;
    switch (question.type) {
      case "single-choice": return correctKeys(question).includes(answer);
      case "multiple-choice": return sameList([...answer].sort(), correctKeys(question));
      case "true-false": return answer === question.answer;
      case "fill-in": {
        const typed = normalize(answer, question.caseSensitive);
        return question.accepted.some((a) => normalize(a, question.caseSensitive) === typed);
      }
      default: return sameList(answer, correctKeys(question));
    }
  }

  /** The quiz score on a 0-100 scale, rounded to hundredths, weighted per question. */
  function scoreOf(quiz, answers) {
    let earned = 0;
    let total = 0;
    for (const q of quiz.questions) {
      total += q.weight;
      if (isCorrect(q, answers[q.id])) earned += q.weight;
    }
    return total ? Math.round((10000 * earned) / total) / 100 : 0;
  }

  /** A response in the SCORM 1.2 format of the question's interaction type. */
  function responseText(question, answer) {
    switch (question.type) {
      case "single-choice": return answer;
      case "multiple-choice": return [...answer].sort().join(",");
      case "true-false": return answer ? "t" : "f";
      case "fill-in": return answer.trim().slice(0, 255);
      case "ordering": return answer.join(",");
      default:
        return question.pairs.map((p, i) => (answer[i] ? `${p.leftKey}.${answer[i]}` : "")).filter(Boolean).join(",");
    }
  }

  function correctAnswer(question) {
    switch (question.type) {
      case "single-choice": return correctKeys(question)[0];
      case "multiple-choice": case "ordering": case "matching": return correctKeys(question);
      case "true-false": return question.answer;
      default: return question.accepted[0];
    }
  }

  /** The cmi.interactions.n.* values of one answered question (time and latency aside). */
  function interaction(question, answer) {
    return {
      id: question.id,
      type: question.interaction,
      student_response: responseText(question, answer),
      "correct_responses.0.pattern": responseText(question, correctAnswer(question)),
      result: isCorrect(question, answer) ? "correct" : "wrong",
      weighting: String(question.weight),
    };
  }

  /** The mastery score in force: the LMS's when it gives one, else the course's. */
  function masteryScore(lmsValue, courseValue) {
    const fromLms = lmsValue === null || lmsValue === undefined || String(lmsValue).trim() === ""
      ? NaN : Number(lmsValue);
    return Number.isFinite(fromLms) ? fromLms : courseValue;
  }

  /** The status the module's own rule gives. */
  function targetStatus(sco, state, mastery) {
    if (sco.completion === "quiz") {
      if (!state.quiz || state.quiz.best === null) return "incomplete";
      return state.quiz.best >= mastery ? "passed" : "failed";
    }
    return state.seen.slice(0, sco.pages.length).every(Boolean) ? "completed" : "incomplete";
  }

  /** The status to record: `proposed`, unless it would downgrade a passed, completed or failed one. */
  function nextStatus(current, proposed) {
    if (current === "passed") return current;
    if (current === "completed") return proposed === "passed" ? proposed : current;
    return current === "failed" && proposed === "incomplete" ? current : proposed;
  }

  /** The status to record on entry: only "not attempted" (or nothing) becomes "incomplete". */
  function entryStatus(current) {
    return !current || current === "not attempted" ? "incomplete" : current;
  }

  function attemptsLeft(quiz, state) {
    return quiz.attempts ? Math.max(0, quiz.attempts - state.attempts) : Infinity;
  }

  /** Whether the module has its final status, so the learner needs no resume. */
  function isFinished(sco, status, state) {
    if (status === "passed" || status === "completed") return true;
    return status === "failed" && attemptsLeft(sco.quiz, state.quiz) === 0;
  }

  /** `template` with each {name} replaced by values[name]. */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function shuffled(list, random) {
    const copy = list.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /** A shuffled copy that differs from `list` whenever it can, for items to put in order. */
  function disordered(list, random) {
    const result = shuffled(list, random);
    return list.length > 1 && sameList(result, list) ? list.slice(1).concat(list[0]) : result;
  }

  return {
    FILL_IN_MAX_LENGTH, timespan, clockTime, encodeNumber, decodeNumber, encodeBits, decodeBits,
    fingerprint, screensOf, questionKey, initialState, encodeState, decodeState, isAnswered,
    isCorrect, scoreOf, interaction, masteryScore, targetStatus, nextStatus, entryStatus,
    attemptsLeft, isFinished, format, shuffled, disordered,
  };
});
