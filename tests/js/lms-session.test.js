"use strict";
// Unit tests of the link to the LMS (lms-session.js) against a scripted SCORM 1.2 API: node --test tests/js/
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "../../templates/static/lms-session.js"), "utf8");

// A browser's storage, or one that refuses every use (private browsing, a blocked origin).
function memoryStorage(refuses = false) {
  const items = new Map();
  const check = () => {
    if (refuses) throw new Error("SecurityError");
  };
  return {
    items,
    getItem: (key) => (check(), items.has(key) ? items.get(key) : null),
    setItem: (key, value) => (check(), items.set(key, String(value))),
  };
}

// The file as a page loads it: its exports on window.ScoLms, what it logs collected.
function load(storage = memoryStorage()) {
  const logged = [];
  const log = (level) => (message) => logged.push([level, message]);
  const window = {};
  vm.runInNewContext(SOURCE, { window, localStorage: storage, console: { error: log("error"), warn: log("warn") } });
  return { ...window.ScoLms, logged };
}

// An LMS's API: every call succeeds unless scripted. script["Name element"] or script.Name is a
// list used up one call at a time: [result, error code] answers, an Error is thrown.
function fakeApi(script = {}) {
  const calls = [];
  const stored = {};
  let committed = {};
  let error = "0";
  const method = (name) => (...args) => {
    calls.push([name, ...args]);
    const step = (script[`${name} ${args[0]}`] || script[name] || []).shift();
    if (step instanceof Error) throw step;
    if (step) {
      error = step[1];
      return step[0];
    }
    error = "0";
    if (name === "LMSGetValue") return stored[args[0]] ?? "";
    if (name === "LMSSetValue") stored[args[0]] = args[1];
    if (name === "LMSCommit") committed = { ...stored };
    return "true";
  };
  const api = { calls, stored, committed: () => committed };
  for (const name of ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"]) api[name] = method(name);
  api.LMSGetLastError = () => error;
  api.LMSGetErrorString = (code) => `text of ${code}`;
  return api;
}

const opened = (api, scoLms = load()) => {
  const lms = new scoLms.Lms(api);
  assert.equal(lms.initialize(), true);
  return lms;
};
const sets = (api) => api.calls.filter(([name]) => name === "LMSSetValue").map(([, element, value]) => [element, value]);

test("attempt returns what an action returns, or null when it throws", () => {
  const { attempt } = load();
  assert.equal(attempt(() => 7), 7);
  assert.equal(attempt(() => JSON.parse("{")), null);
});

// Windows from a frame up to the top: chain(3, { 2: api }) puts an API on the third.
function chain(length, apis = {}) {
  const windows = Array.from({ length }, (_, i) => (i in apis ? { API: apis[i] } : {}));
  windows.forEach((win, i) => (win.parent = windows[i + 1] || win));
  return windows[0];
}

test("findApi finds the API of the window or of the nearest parent, past frames that throw", () => {
  const { findApi } = load();
  const own = { own: true };
  const near = { near: true };
  assert.equal(findApi(chain(3, { 0: own, 2: near })), own);
  assert.equal(findApi(chain(4, { 2: near, 3: {} })), near);
  const frames = chain(3, { 2: near });
  // A parent of another origin throws on any read of its properties.
  Object.defineProperty(frames.parent, "API", { get: () => { throw new Error("cross-origin"); } });
  assert.equal(findApi(frames), near);
  assert.equal(findApi(chain(5)), null);
  assert.equal(findApi(null), null);
});

test("findApi climbs 50 windows, the page's own and 49 parents, no more", () => {
  const { findApi } = load();
  const api = {};
  assert.equal(findApi(chain(50, { 49: api })), api);
  assert.equal(findApi(chain(51, { 50: api })), null);
});

test("without an LMS, progress is kept in the browser's storage under the module's key", () => {
  const storage = memoryStorage();
  const { localApi } = load(storage);
  const api = localApi("sco.devops");
  assert.equal(api.LMSInitialize(""), "true");
  assert.equal(api.LMSGetValue("cmi.core.entry"), "ab-initio");
  assert.equal(api.LMSGetValue("cmi.suspend_data"), "");
  assert.equal(api.LMSSetValue("cmi.suspend_data", "2.abc"), "true");
  assert.equal(api.LMSGetValue("cmi.suspend_data"), "2.abc");
  assert.equal(storage.items.size, 0, "nothing is stored before a commit");
  assert.equal(api.LMSCommit(""), "true");
  assert.equal(api.LMSGetLastError(), "0");
  assert.equal(api.LMSFinish(""), "true");
  assert.equal(JSON.parse(storage.items.get("sco.devops"))["cmi.suspend_data"], "2.abc");

  const again = localApi("sco.devops");
  assert.equal(again.LMSGetValue("cmi.core.entry"), "resume");
  assert.equal(again.LMSGetValue("cmi.suspend_data"), "2.abc");
  assert.equal(localApi("sco.other").LMSGetValue("cmi.core.entry"), "ab-initio");
});

test("without storage, the stand-in API still answers: nothing is kept", () => {
  const { localApi } = load(memoryStorage(true));
  const api = localApi("sco.devops");
  assert.equal(api.LMSGetValue("cmi.core.entry"), "ab-initio");
  assert.equal(api.LMSSetValue("cmi.core.lesson_status", "completed"), "true");
  assert.equal(api.LMSCommit(""), "true");
});

test("a session opens when LMSInitialize says true; a refusal is logged with its code", () => {
  const scoLms = load();
  const lms = opened(fakeApi(), scoLms);
  assert.equal(lms.open, true);
  assert.deepEqual(scoLms.logged, [], "a call that succeeds logs nothing");
  const refused = new scoLms.Lms(fakeApi({ LMSInitialize: [["false", "101"]] }));
  assert.equal(refused.initialize(), false);
  assert.equal(refused.open, false);
  assert.deepEqual(scoLms.logged, [["error", "[SCORM] LMSInitialize() failed: error 101 (text of 101)"]]);
});

test("an API that throws is logged once as error 101, and its call counts as not made", () => {
  const scoLms = load();
  // The last error still says 301 from an earlier call: a throw is not reported twice
  // (and an object made in the script's own realm is copied before it is compared).
  const api = fakeApi({ "LMSGetValue cmi.x": [["", "301"]], LMSSetValue: [new Error("boom")] });
  const lms = opened(api, scoLms);
  lms.call("LMSGetValue", "cmi.x");
  assert.deepEqual({ ...lms.check("LMSSetValue", "cmi.x", "1") }, { result: null, code: "0" });
  assert.deepEqual(scoLms.logged, [["error", "[SCORM] LMSSetValue(cmi.x,1) threw: error 101 (Error: boom)"]]);
});

test("the error code is the API's, or 101 when it gives none or throws", () => {
  const { Lms } = load();
  const api = fakeApi();
  const lms = new Lms(api);
  assert.equal(lms.code(), "0");
  api.LMSGetLastError = () => "";
  assert.equal(lms.code(), "101");
  api.LMSGetLastError = () => {
    throw new Error("gone");
  };
  assert.equal(lms.code(), "101");
});

test("a read that fails is tried again once, and logged", () => {
  const scoLms = load();
  const api = fakeApi({ "LMSGetValue cmi.core.lesson_status": [["", "301"]] });
  api.stored["cmi.core.lesson_status"] = "incomplete";
  const lms = opened(api, scoLms);
  assert.equal(lms.get("cmi.core.lesson_status"), "incomplete");
  assert.deepEqual(scoLms.logged, [["warn", "[SCORM] LMSGetValue(cmi.core.lesson_status): error 301"]]);
  assert.equal(lms.unread.size, 0);
});

test("a read that fails twice is null, and its element is never written: the LMS keeps its value", () => {
  const scoLms = load();
  const api = fakeApi({ "LMSGetValue cmi.suspend_data": [["", "301"], ["", "301"]] });
  const lms = opened(api, scoLms);
  assert.equal(lms.get("cmi.suspend_data"), null);
  assert.equal(scoLms.logged.length, 2);
  assert.equal(api.calls.filter(([name]) => name === "LMSGetValue").length, 2);
  lms.set("cmi.suspend_data", "2.abc");
  lms.set("cmi.core.lesson_location", "p2");
  assert.equal(lms.commit(), false, "what was set is not all saved");
  assert.deepEqual(sets(api), [["cmi.core.lesson_location", "p2"]]);
});

test("values are sent at the commit, each once, in the order last set, as strings", () => {
  const api = fakeApi();
  const lms = opened(api);
  lms.set("cmi.core.score.raw", 50);
  lms.set("cmi.core.lesson_status", "failed");
  lms.set("cmi.core.score.raw", 75);
  assert.deepEqual(sets(api), [], "nothing is sent before the commit");
  assert.equal(lms.commit(), true);
  assert.deepEqual(sets(api), [["cmi.core.lesson_status", "failed"], ["cmi.core.score.raw", "75"]]);
  assert.deepEqual(api.committed(), { "cmi.core.lesson_status": "failed", "cmi.core.score.raw": "75" });
  assert.equal(lms.commit(), true);
  assert.equal(sets(api).length, 2, "what is saved is not sent again");
});

test("before LMSInitialize succeeds, a commit sends nothing", () => {
  const { Lms } = load();
  const api = fakeApi();
  const lms = new Lms(api);
  lms.set("cmi.core.lesson_status", "completed");
  assert.equal(lms.commit(), false);
  assert.deepEqual(api.calls, []);
});

test("a write that throws stops the commit; it is sent again at the next", () => {
  const api = fakeApi({ LMSSetValue: [new Error("boom")] });
  const lms = opened(api);
  lms.set("cmi.core.lesson_location", "p2");
  lms.set("cmi.core.lesson_status", "completed");
  assert.equal(lms.commit(), false);
  assert.equal(api.calls.filter(([name]) => name === "LMSCommit").length, 0);
  assert.equal(lms.commit(), true);
  assert.deepEqual(api.committed(), { "cmi.core.lesson_location": "p2", "cmi.core.lesson_status": "completed" });
});

test("a write refused for a while stays queued; one refused for good is dropped and reported", () => {
  const api = fakeApi({ "LMSSetValue cmi.core.lesson_location": [["false", "101"]], "LMSSetValue cmi.core.exit": [["false", "405"]] });
  const lms = opened(api);
  lms.set("cmi.core.lesson_location", "p2");
  lms.set("cmi.core.exit", "suspend");
  assert.equal(lms.commit(), false);
  assert.equal(lms.commit(), false, "the value refused for good is lost");
  assert.deepEqual(api.committed(), { "cmi.core.lesson_location": "p2" });
  assert.deepEqual(sets(api).map(([element]) => element), ["cmi.core.lesson_location", "cmi.core.exit", "cmi.core.lesson_location"]);
});

test("a failed LMSCommit keeps every value queued, and the next commit sends them again", () => {
  const api = fakeApi({ LMSCommit: [["false", "101"]] });
  const lms = opened(api);
  lms.set("cmi.core.lesson_status", "completed");
  assert.equal(lms.commit(), false);
  assert.deepEqual(api.committed(), {});
  assert.equal(lms.commit(), true);
  assert.deepEqual(api.committed(), { "cmi.core.lesson_status": "completed" });
  assert.equal(sets(api).length, 2);
});
