/* The link to the LMS's SCORM 1.2 API, shared by a module's runtime (runtime.js) and the
   course menu of a single-SCO package (course-runtime.js): finding the API, checked calls,
   reads that are retried, writes queued until a commit succeeds. */
(function () {
"use strict";
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

// Without an LMS, a stand-in API of the same contract keeps progress in this browser.
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
  open = false;
  unsaved = new Map(); // not yet committed, in the order last set
  unread = new Set(); // not read, so never written: that would erase what the LMS holds
  lost = false; // something set was not saved

  constructor(api) {
    this.api = api;
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

  // A failed read is not an empty value: tried twice, then null.
  get(name) {
    for (let tries = 0; tries < 2; tries++) {
      const value = this.call("LMSGetValue", name);
      const code = value === null ? "101" : this.code();
      if (code === "0") return value;
      console.warn(`[SCORM] LMSGetValue(${name}): error ${code}`);
    }
    this.unread.add(name);
    return null;
  }

  set(name, value) {
    if (this.unread.has(name)) return void (this.lost = true);
    this.unsaved.delete(name);
    this.unsaved.set(name, String(value));
  }

  // What fails stays queued for the next commit. True when all that was set is saved.
  commit() {
    if (!this.open) return false;
    const sent = [];
    for (const [name, value] of this.unsaved) {
      const { result, code } = this.check("LMSSetValue", name, value);
      if (result === null) return false;
      if (result === "true") sent.push([name, value]);
      else if (PERMANENT.includes(code)) {
        this.unsaved.delete(name);
        this.lost = true;
      }
    }
    if (this.check("LMSCommit", "").result !== "true") return false;
    for (const [name, value] of sent) if (this.unsaved.get(name) === value) this.unsaved.delete(name);
    return !this.lost && !this.unsaved.size;
  }
}

window.ScoLms = { attempt, findApi, localApi, Lms };
})();
