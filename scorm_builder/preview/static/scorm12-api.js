/* A strict SCORM 1.2 LMS-side API, written for the preview: the whole Run-Time Environment
   data model (cmi.*) with its types, vocabularies, lengths, read-only and write-only rules,
   keywords and error codes. It refuses what the specification refuses, so that a SCO that
   passes here does not depend on a lenient LMS.

   Where the specification leaves the LMS a choice, it does what Moodle does
   (mod/scorm/datamodels/scorm_12.js); those places are marked "Moodle". Every element of the
   model is implemented, so 401 (not implemented) has its string but is never the answer;
   a name outside the model is an invalid argument, 201. */
(function (root) {
  "use strict";

  const ERROR_STRINGS = {
    0: "No error",
    101: "General exception",
    201: "Invalid argument error",
    202: "Element cannot have children",
    203: "Element not an array - cannot have count",
    301: "Not initialized",
    401: "Not implemented error",
    402: "Invalid set value, element is a keyword",
    403: "Element is read only",
    404: "Element is write only",
    405: "Incorrect data type",
  };

  // -- Data types: each check returns null for a valid value, else why it is not ------------

  const matches = (regex, what) => (value) => (regex.test(value) ? null : `is not ${what}`);
  const atMost = (limit, what) => (value) =>
    value.length <= limit ? null : `has ${value.length} characters, more than the ${limit} of ${what}`;
  const oneOf = (words) => (value) =>
    words.includes(value) ? null : `is not one of ${words.map((w) => JSON.stringify(w)).join(", ")}`;
  const either = (...checks) => (value) => {
    const reasons = checks.map((check) => check(value));
    return reasons.includes(null) ? null : reasons.join(" and ");
  };
  const inRange = (check, low, high) => (value) =>
    check(value) || (Number(value) >= low && Number(value) <= high ? null : `is outside ${low} to ${high}`);

  const DECIMAL = /^-?\d+(\.\d+)?$/;
  const CHOICE_KEY = "[0-9a-z]";
  const keyList = (item) => new RegExp(`^(${item}(,${item})*|\\{${item}(,${item})*\\})$`);

  const T = {
    string255: atMost(255, "CMIString255"),
    string4096: atMost(4096, "CMIString4096"),
    // "An alphanumeric group of characters with no white space or unprintable characters".
    identifier: matches(/^[\x21-\x7e]{1,255}$/, "a CMIIdentifier (1 to 255 printable characters, no space)"),
    decimal: matches(DECIMAL, "a CMIDecimal"),
    blank: matches(/^$/, "blank"),
    timespan: matches(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, "a CMITimespan (HHHH:MM:SS.SS, 2 to 4 digits of hours)"),
    time: matches(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/, "a CMITime (HH:MM:SS.SS on a 24-hour clock)"),
    integer: matches(/^-?\d+$/, "a CMISInteger"),
  };
  // Scores are CMIDecimal or CMIBlank; Moodle and the SCORM 1.2 conformance rules keep them in 0-100.
  const SCORE = either(T.blank, inRange(T.decimal, 0, 100));

  const STATUS_SET = ["passed", "completed", "failed", "incomplete", "browsed"];
  const STATUS_ANY = [...STATUS_SET, "not attempted"];
  const INTERACTION_TYPES = ["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"];

  // CMIFeedback: the format of a response depends on the interaction's type (SCORM 1.2 RTE).
  const FEEDBACK = {
    "true-false": matches(/^[01tf]$/, "a true-false response (0, 1, t or f)"),
    choice: matches(keyList(CHOICE_KEY), "a choice response (characters 0-9a-z separated by commas)"),
    "fill-in": T.string255,
    matching: matches(keyList(`${CHOICE_KEY}\\.${CHOICE_KEY}`), "a matching response (pairs like 1.a separated by commas)"),
    performance: T.string255,
    sequencing: matches(keyList(CHOICE_KEY), "a sequencing response (characters 0-9a-z separated by commas)"),
    likert: matches(/^[0-9a-z]?$/, "a likert response (one character 0-9a-z)"),
    numeric: T.decimal,
  };

  // -- The data model: access ("r", "w", "rw") and type of every element ------------------

  const MODEL = {
    "cmi.core.student_id": { access: "r" },
    "cmi.core.student_name": { access: "r" },
    "cmi.core.lesson_location": { access: "rw", check: T.string255 },
    "cmi.core.credit": { access: "r" },
    "cmi.core.lesson_status": { access: "rw", check: oneOf(STATUS_SET) },
    "cmi.core.entry": { access: "r" },
    "cmi.core.score.raw": { access: "rw", check: SCORE },
    "cmi.core.score.min": { access: "rw", check: SCORE },
    "cmi.core.score.max": { access: "rw", check: SCORE },
    "cmi.core.total_time": { access: "r" },
    "cmi.core.lesson_mode": { access: "r" },
    "cmi.core.exit": { access: "w", check: oneOf(["time-out", "suspend", "logout", ""]) },
    "cmi.core.session_time": { access: "w", check: T.timespan },
    "cmi.suspend_data": { access: "rw", check: T.string4096 },
    "cmi.launch_data": { access: "r" },
    "cmi.comments": { access: "rw", check: T.string4096 },
    "cmi.comments_from_lms": { access: "r" },
    "cmi.objectives.n.id": { access: "rw", check: T.identifier },
    "cmi.objectives.n.score.raw": { access: "rw", check: SCORE },
    "cmi.objectives.n.score.min": { access: "rw", check: SCORE },
    "cmi.objectives.n.score.max": { access: "rw", check: SCORE },
    "cmi.objectives.n.status": { access: "rw", check: oneOf(STATUS_ANY) },
    "cmi.student_data.mastery_score": { access: "r" },
    "cmi.student_data.max_time_allowed": { access: "r" },
    "cmi.student_data.time_limit_action": { access: "r" },
    "cmi.student_preference.audio": { access: "rw", check: inRange(T.integer, -1, 100) },
    "cmi.student_preference.language": { access: "rw", check: T.string255 },
    "cmi.student_preference.speed": { access: "rw", check: inRange(T.integer, -100, 100) },
    "cmi.student_preference.text": { access: "rw", check: inRange(T.integer, -1, 1) },
    "cmi.interactions.n.id": { access: "w", check: T.identifier },
    "cmi.interactions.n.objectives.n.id": { access: "w", check: T.identifier },
    "cmi.interactions.n.time": { access: "w", check: T.time },
    "cmi.interactions.n.type": { access: "w", check: oneOf(INTERACTION_TYPES) },
    "cmi.interactions.n.correct_responses.n.pattern": { access: "w", feedback: true },
    // Moodle: weighting is kept in -100 to 100.
    "cmi.interactions.n.weighting": { access: "w", check: inRange(T.decimal, -100, 100) },
    "cmi.interactions.n.student_response": { access: "w", feedback: true },
    "cmi.interactions.n.result": {
      access: "w",
      check: either(oneOf(["correct", "wrong", "unanticipated", "neutral"]), T.decimal),
    },
    "cmi.interactions.n.latency": { access: "w", check: T.timespan },
  };

  const CHILDREN = {
    cmi: "core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions",
    "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score": "raw,min,max",
    "cmi.objectives": "id,score,status",
    "cmi.objectives.n.score": "raw,min,max",
    "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference": "audio,language,speed,text",
    "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
  };
  const ARRAYS = ["cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives", "cmi.interactions.n.correct_responses"];
  const VERSION = "3.4";
  const KEYWORDS = ["_children", "_count", "_version"];

  // Given by the LMS at each launch, never kept between sessions.
  const LAUNCH_ELEMENTS = [
    "cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.entry", "cmi.core.lesson_mode",
    "cmi.launch_data", "cmi.comments_from_lms", "cmi.student_data.mastery_score",
    "cmi.student_data.max_time_allowed", "cmi.student_data.time_limit_action", "cmi.core.session_time",
  ];
  const NEW_LEARNER = { "cmi.core.lesson_status": "not attempted", "cmi.core.total_time": "0000:00:00.00" };

  class LmsError extends Error {
    constructor(code, diagnostic) {
      super(diagnostic);
      this.code = code;
    }
  }

  /** The element's pattern ("n" for each index) and its array indices, or null if malformed. */
  function parse(element) {
    const parts = element.split(".");
    const pattern = [];
    const indices = [];
    parts.forEach((part, i) => {
      const array = pattern.join(".");
      if (ARRAYS.includes(array) && /^(0|[1-9]\d*)$/.test(part)) {
        indices.push({ array: parts.slice(0, i).join("."), index: Number(part) });
        pattern.push("n");
      } else {
        pattern.push(part);
      }
    });
    return { pattern: pattern.join("."), indices };
  }

  /** What a previous session leaves to the next one: `entry` (Moodle: "resume" only after
      an exit of "suspend", "" after any other exit, "ab-initio" the first time). */
  function entryFor(stored) {
    if (!stored) return "ab-initio";
    return stored.values["cmi.core.exit"] === "suspend" ? "resume" : "";
  }

  const centiseconds = (span) => {
    const [hours, minutes, seconds] = span.split(":").map(Number);
    return Math.round(((hours * 60 + minutes) * 60 + seconds) * 100);
  };
  const pad = (number, width) => String(number).padStart(width, "0");
  /** The CMITimespan of a duration, clamped to the largest the format can hold. */
  function timespan(total) {
    const cs = Math.min(total, centiseconds("9999:59:59.99"));
    const seconds = Math.floor(cs / 100);
    return `${pad(Math.floor(seconds / 3600), 4)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}.${pad(cs % 100, 2)}`;
  }

  /**
   * One launch of one SCO. `launch` holds what the LMS gives (student, mode, mastery score...),
   * `stored` what earlier sessions saved (null the first time). `save(snapshot)` keeps the
   * learner's data and returns whether it could; `onCall(record)` sees every call.
   */
  class StrictScorm12API {
    constructor({ launch = {}, stored = null, save = () => true, onCall = () => {} } = {}) {
      this.save = save;
      this.onCall = onCall;
      this.state = "not initialized";
      this.error = { code: 0, diagnostic: "" };
      this.values = {
        "cmi.core.student_id": "learner",
        "cmi.core.student_name": "Learner, Preview",
        "cmi.core.credit": "credit",
        "cmi.core.lesson_mode": "normal",
        "cmi.launch_data": "",
        "cmi.comments_from_lms": "",
        "cmi.student_data.mastery_score": "",
        "cmi.student_data.max_time_allowed": "",
        "cmi.student_data.time_limit_action": "",
        ...NEW_LEARNER,
        ...(stored ? stored.values : {}),
        ...launch,
        "cmi.core.entry": entryFor(stored),
        "cmi.core.exit": "",
      };
      this.counts = { ...(stored ? stored.counts : {}) };
      for (const name of Object.getOwnPropertyNames(StrictScorm12API.prototype)) {
        if (name.startsWith("LMS")) this[name] = this.recorded(name, this[name]);
      }
    }

    /** The method, wrapped so that every call is reported with its result and error. */
    recorded(name, method) {
      return (...args) => {
        const result = method.apply(this, args);
        this.onCall({ name, args, result, error: String(this.error.code), diagnostic: this.error.diagnostic });
        return result;
      };
    }

    /** Run `body`; its LmsError becomes the last error and the call returns `failed`. */
    attempt(body, failed) {
      try {
        const result = body();
        this.error = { code: 0, diagnostic: "" };
        return result;
      } catch (error) {
        if (!(error instanceof LmsError)) throw error;
        this.error = { code: error.code, diagnostic: error.message };
        return failed;
      }
    }

    requireRunning(what) {
      if (this.state !== "running") {
        throw new LmsError(301, `${what} before LMSInitialize or after LMSFinish`);
      }
    }

    LMSInitialize(parameter) {
      return this.attempt(() => {
        // Moodle compares the argument with "": LMSInitialize() without one fails there.
        if (parameter !== "") throw new LmsError(201, 'LMSInitialize takes "" as its argument');
        if (this.state !== "not initialized") throw new LmsError(101, `LMSInitialize called again (the session is ${this.state})`);
        this.state = "running";
        return "true";
      }, "false");
    }

    LMSFinish(parameter) {
      return this.attempt(() => {
        this.requireRunning("LMSFinish");
        if (parameter !== "") throw new LmsError(201, 'LMSFinish takes "" as its argument');
        this.state = "finished";
        this.applyFinishRules();
        this.store();
        return "true";
      }, "false");
    }

    LMSCommit(parameter) {
      return this.attempt(() => {
        this.requireRunning("LMSCommit");
        if (parameter !== "") throw new LmsError(201, 'LMSCommit takes "" as its argument');
        this.store();
        return "true";
      }, "false");
    }

    LMSGetValue(element) {
      return this.attempt(() => {
        this.requireRunning("LMSGetValue");
        return this.read(String(element));
      }, "");
    }

    LMSSetValue(element, value) {
      return this.attempt(() => {
        this.requireRunning("LMSSetValue");
        this.write(String(element), String(value));
        return "true";
      }, "false");
    }

    LMSGetLastError() {
      return String(this.error.code);
    }

    LMSGetErrorString(code) {
      return ERROR_STRINGS[code] ?? "";
    }

    LMSGetDiagnostic(code) {
      if (code === "" || String(code) === String(this.error.code)) return this.error.diagnostic;
      return ERROR_STRINGS[code] ?? "";
    }

    // -- Reading and writing ---------------------------------------------------------------

    read(element) {
      const keyword = element.slice(element.lastIndexOf(".") + 1);
      if (KEYWORDS.includes(keyword)) return this.readKeyword(element, keyword);
      const { pattern, indices } = parse(element);
      const definition = MODEL[pattern];
      if (!definition) throw new LmsError(201, `${element || '""'} is not an element of the SCORM 1.2 data model`);
      if (definition.access === "w") throw new LmsError(404, `${element} is write-only`);
      this.checkIndices(indices, element, "read");
      return this.values[element] ?? "";
    }

    readKeyword(element, keyword) {
      const parent = element.slice(0, -keyword.length - 1);
      const { pattern, indices } = parse(parent);
      const known = pattern in CHILDREN || ARRAYS.includes(pattern) || pattern in MODEL;
      if (!known) throw new LmsError(201, `${parent} is not an element of the SCORM 1.2 data model`);
      this.checkIndices(indices, element, "read");
      if (keyword === "_version") {
        if (parent !== "cmi") throw new LmsError(201, `only cmi has a _version, not ${parent}`);
        return VERSION;
      }
      if (keyword === "_children") {
        if (!(pattern in CHILDREN)) throw new LmsError(202, `${parent} has no children`);
        return CHILDREN[pattern];
      }
      if (!ARRAYS.includes(pattern)) throw new LmsError(203, `${parent} is not an array`);
      return String(this.counts[parent] ?? 0);
    }

    write(element, value) {
      const keyword = element.slice(element.lastIndexOf(".") + 1);
      if (KEYWORDS.includes(keyword)) throw new LmsError(402, `${element} is a keyword: it can be read, never set`);
      const { pattern, indices } = parse(element);
      const definition = MODEL[pattern];
      if (!definition) throw new LmsError(201, `${element || '""'} is not an element of the SCORM 1.2 data model`);
      if (definition.access === "r") throw new LmsError(403, `${element} is read-only`);
      this.checkIndices(indices, element, "write");
      const problem = this.checkOf(definition, element)(value);
      if (problem) throw new LmsError(405, `${element}: ${JSON.stringify(shorten(value))} ${problem}`);
      for (const { array, index } of indices) {
        this.counts[array] = Math.max(this.counts[array] ?? 0, index + 1);
      }
      this.values[element] = value;
    }

    /** The check of an element's value; a response's depends on its interaction's type. */
    checkOf(definition, element) {
      if (!definition.feedback) return definition.check;
      const interaction = element.split(".").slice(0, 3).join(".");
      return FEEDBACK[this.values[`${interaction}.type`]] ?? T.string255;
    }

    /** Arrays are filled in order: a read needs an existing index, a write may add the next. */
    checkIndices(indices, element, mode) {
      for (const { array, index } of indices) {
        const count = this.counts[array] ?? 0;
        if (index > count || (mode === "read" && index === count)) {
          throw new LmsError(201, `${element}: ${array} has ${count} entries; ${mode === "read" ? "read one of them" : `write index ${count} to add one`}`);
        }
      }
    }

    // -- The LMS's side of a session -------------------------------------------------------

    applyFinishRules() {
      const v = this.values;
      // Moodle ("mastery score overrides status", its default): in normal mode with credit,
      // a raw score and a mastery score decide passed or failed, whatever the SCO set.
      const graded = v["cmi.student_data.mastery_score"] !== "" && (v["cmi.core.score.raw"] ?? "") !== "";
      if (graded && v["cmi.core.lesson_mode"] === "normal" && v["cmi.core.credit"] === "credit") {
        const passed = Number(v["cmi.core.score.raw"]) >= Number(v["cmi.student_data.mastery_score"]);
        v["cmi.core.lesson_status"] = passed ? "passed" : "failed";
      }
      // Moodle: a SCO that never set a status is recorded completed.
      if (v["cmi.core.lesson_status"] === "not attempted") v["cmi.core.lesson_status"] = "completed";
      // SCORM 1.2: the LMS adds each session_time to total_time.
      if (v["cmi.core.session_time"]) {
        v["cmi.core.total_time"] = timespan(centiseconds(v["cmi.core.total_time"]) + centiseconds(v["cmi.core.session_time"]));
      }
    }

    /** Save what the next session needs; a save that fails is the LMS's general exception. */
    store() {
      if (!this.save(this.snapshot())) throw new LmsError(101, "the preview server could not save the learner's data");
    }

    /** The learner's data as kept between sessions. */
    snapshot() {
      const values = Object.fromEntries(Object.entries(this.values).filter(([name]) => !LAUNCH_ELEMENTS.includes(name)));
      return { values, counts: { ...this.counts } };
    }
  }

  const shorten = (text) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

  root.StrictScorm12API = StrictScorm12API;
  StrictScorm12API.ERROR_STRINGS = ERROR_STRINGS;
  StrictScorm12API.entryFor = entryFor;
  StrictScorm12API.timespan = timespan;
})(typeof window === "undefined" ? globalThis : window);
