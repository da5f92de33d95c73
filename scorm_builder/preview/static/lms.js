/* The preview's LMS page: a table of contents of the SCOs, the selected one in a frame with
   the strict SCORM 1.2 API on this window (as Moodle embeds a SCO), and a panel of every call
   and of the learner's data. The server keeps the learner's data and tells of each rebuild. */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const frame = $("sco");
  const SUSPEND_DATA_LIMIT = 4096;
  // These three report on the previous call: their own "error" is not theirs.
  const ERROR_CALLS = ["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"];

  // Exposed for the tests and the curious: the course, the learner, the current session.
  const preview = { course: null, learner: {}, current: null, api: null, version: null, rejected: 0, language: "en" };
  window.preview = preview;

  // -- The interface's language ---------------------------------------------------------------

  // Every text of the page, by language (lms-strings.json); the course's language when the
  // preview has it, else the browser's, else English.
  let allStrings = { en: {} };
  const loadingStrings = fetch("/static/lms-strings.json").then((r) => r.json()).then((all) => { allStrings = all; });

  /** Return the text `key` in the interface's language, `{name}`s replaced by `values`. */
  function t(key, values = {}) {
    const text = (allStrings[preview.language] || allStrings.en)[key] ?? allStrings.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  /** Return the text `key` for `count` things: `key_one` or `key_other`, by the language's rule. */
  const counted = (key, count, values = {}) =>
    t(`${key}_${new Intl.PluralRules(preview.language).select(count) === "one" ? "one" : "other"}`, { ...values, count });

  function useLanguage(tag) {
    const primary = (tag || "").toLowerCase().split("-")[0];
    preview.language = primary in allStrings ? primary : "en";
    document.documentElement.lang = preview.language;
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = t(node.dataset.text);
    for (const node of document.querySelectorAll("[data-title]")) node.title = t(node.dataset.title);
    for (const node of document.querySelectorAll("[data-label]")) node.setAttribute("aria-label", t(node.dataset.label));
  }

  let queue = Promise.resolve();
  /** Run the actions that relaunch the frame one after the other, never interleaved. */
  function serially(action) {
    queue = queue.then(action).catch((error) => console.error(error));
    return queue;
  }

  async function getJson(url, options) {
    const response = await fetch(url, options);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  // Saves still travelling, and how many this page has made (the server keeps the latest).
  const travelling = new Set();
  let saves = 0;

  /** Save one SCO's data before the call returns, as an LMS does at LMSCommit/LMSFinish. */
  function saveLearner(identifier, snapshot) {
    const url = `/api/learner/${encodeURIComponent(identifier)}`;
    const body = JSON.stringify({ ...snapshot, written: [performance.timeOrigin, (saves += 1)] });
    let saved;
    try {
      const request = new XMLHttpRequest();
      request.open("POST", url, false);
      request.send(body);
      saved = request.status === 200;
    } catch (error) {
      // Browsers refuse synchronous requests while a page is being left (the SCO's frame at a
      // relaunch, this page at a reload): a keepalive request outlives the page.
      saved = true;
      const sent = fetch(url, { method: "POST", body, keepalive: true })
        .then((response) => { if (!response.ok) throw new Error(`HTTP ${response.status}`); })
        .catch((failure) => appendToLog(element("li", { className: "rejected" }, t("not_saved", { identifier, why: failure.message }))))
        .finally(() => travelling.delete(sent));
      travelling.add(sent);
    }
    if (saved) preview.learner[identifier] = snapshot;
    return saved;
  }

  /** Wait for the saves still travelling, so that what is read or reset next includes them. */
  const arrived = () => Promise.all(travelling);

  // -- Launching ---------------------------------------------------------------------------

  /** Empty the frame; the SCO sees a pagehide there, and finishes its session. */
  function unloadSco() {
    if (frame.src === "about:blank") return Promise.resolve();
    return new Promise((resolve) => {
      frame.addEventListener("load", resolve, { once: true });
      frame.src = "about:blank";
    });
  }

  async function launch(identifier) {
    await unloadSco();
    await arrived();
    preview.learner = await getJson("/api/learner");
    const scos = preview.course.scos;
    // A module not open yet (sequential) is not launched: the LMS would open the first.
    const wanted = scos.find((s) => s.identifier === identifier);
    const sco = wanted && !lockedBy(wanted) ? wanted : scos[0];
    if (!sco) return;
    preview.current = sco;
    sessionStorage.setItem("preview-sco", sco.identifier);
    preview.api = new StrictScorm12API({
      launch: sco.launch,
      stored: preview.learner[sco.identifier] || null,
      save: (snapshot) => saveLearner(sco.identifier, snapshot),
      onCall: (record) => {
        logCall(record);
        renderLearner();
      },
    });
    window.API = preview.api;
    logLaunch(sco);
    renderLearner();
    frame.src = `/package/${sco.href}`;
  }

  /** Take the course as built now: show its problems, or launch the selected SCO again. */
  async function refresh() {
    const course = await getJson("/api/course");
    preview.course = course;
    preview.version = course.version;
    await loadingStrings;
    useLanguage(course.language || navigator.language);
    document.title = t("page_title", { title: course.title });
    $("course-title").textContent = course.title;
    renderProblems(course);
    if (course.problems.length) {
      await unloadSco();
      return;
    }
    await launch(preview.current ? preview.current.identifier : sessionStorage.getItem("preview-sco"));
  }

  // -- Rendering ---------------------------------------------------------------------------

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, attributes);
    node.append(...children);
    return node;
  }

  function renderProblems(course) {
    const failed = course.problems.length > 0;
    $("problems").hidden = !failed;
    frame.hidden = failed;
    $("problem-list").replaceChildren(...course.problems.map((text) => element("li", {}, text)));
    $("warnings").hidden = course.warnings.length === 0;
    $("warning-list").replaceChildren(...course.warnings.map((text) => element("li", {}, text)));
    $("build-status").textContent = failed
      ? counted("build_problems", course.problems.length, { version: course.version })
      : t("build_ok", { version: course.version, time: new Date().toLocaleTimeString(preview.language) });
    $("build-status").className = failed ? "rejected" : "";
    $("learner-file").textContent = [course.learnerProblem, t("learner_file", { file: course.learnerFile })].filter(Boolean).join(" ");
    $("sequential").hidden = !course.scos.some((sco) => sco.prerequisites);
    renderToc();
  }

  const statusOf = (identifier) => {
    const stored = preview.learner[identifier];
    return (stored && stored.values["cmi.core.lesson_status"]) || "not attempted";
  };

  /** Return the SCO that must be done before `sco` can be launched, or null when it can be.
   * As Moodle reads adlcp:prerequisites (scorm_eval_prerequisites): an item identifier is met
   * once that SCO is completed or passed (failed is not); `&` joins several. */
  function lockedBy(sco) {
    const needed = (sco.prerequisites || "").split("&").map((id) => id.trim()).filter(Boolean);
    const missing = needed.find((id) => !["completed", "passed"].includes(statusOf(id)));
    return missing ? preview.course.scos.find((s) => s.identifier === missing) || { title: missing } : null;
  }

  function renderToc() {
    const scos = preview.course ? preview.course.scos : [];
    $("toc").replaceChildren(...scos.map((sco) => {
      const stored = preview.learner[sco.identifier];
      const values = stored ? stored.values : {};
      const status = statusOf(sco.identifier);
      const score = values["cmi.core.score.raw"] ? `, ${values["cmi.core.score.raw"]}` : "";
      const before = lockedBy(sco);
      const button = element("button", { type: "button", disabled: preview.course.problems.length > 0 || before !== null }, sco.title);
      button.addEventListener("click", () => serially(() => launch(sco.identifier)));
      const current = preview.current && preview.current.identifier === sco.identifier;
      if (current) button.setAttribute("aria-current", "true");
      const named = `status_${status}` in allStrings.en ? t(`status_${status}`) : status;
      const shown = before ? t("locked", { previous: before.title }) : `${named}${score}`;
      return element("li", { className: `status-${status.replace(" ", "-")}${before ? " locked" : ""}` }, button, element("span", { className: "status" }, shown));
    }));
  }

  function renderLearner() {
    const api = preview.api;
    if (!api) return;
    const v = api.values;
    const suspend = (v["cmi.suspend_data"] || "").length;
    const rows = [
      ["session", api.state],
      ["entry", v["cmi.core.entry"]],
      ["lesson_status", v["cmi.core.lesson_status"]],
      ["score", ["raw", "min", "max"].map((k) => `${k} ${v[`cmi.core.score.${k}`] ?? ""}`).join(" · ")],
      ["mastery_score", v["cmi.student_data.mastery_score"]],
      ["lesson_location", v["cmi.core.lesson_location"] ?? ""],
      ["suspend_data", `${suspend} / ${SUSPEND_DATA_LIMIT} characters`],
      ["exit", v["cmi.core.exit"]],
      ["session_time", v["cmi.core.session_time"] ?? ""],
      ["total_time", v["cmi.core.total_time"]],
    ];
    $("learner").replaceChildren(...rows.flatMap(([name, value]) => [element("dt", {}, name), element("dd", { id: `data-${name}` }, value)]));
    const meter = element("meter", { min: 0, max: SUSPEND_DATA_LIMIT, high: SUSPEND_DATA_LIMIT * 0.9, value: suspend });
    $("data-suspend_data").append(" ", meter);
    const count = api.counts["cmi.interactions"] || 0;
    const fields = ["id", "type", "student_response", "correct_responses.0.pattern", "result", "weighting", "latency", "time"];
    $("interactions").tBodies[0].replaceChildren(...Array.from({ length: count }, (_, n) =>
      element("tr", {}, element("td", {}, String(n)), ...fields.map((f) => element("td", {}, v[`cmi.interactions.${n}.${f}`] ?? "")))));
    renderToc();
  }

  const quoted = (args) => args.map((a) => JSON.stringify(a)).join(", ");

  function logCall(record) {
    const rejected = record.error !== "0" && !ERROR_CALLS.includes(record.name);
    const text = `${record.name}(${quoted(record.args)}) → ${JSON.stringify(record.result)}`;
    const item = element("li", { className: rejected ? "rejected" : "" }, element("code", {}, text));
    if (rejected) {
      const reason = `${record.error} ${StrictScorm12API.ERROR_STRINGS[record.error]}: ${record.diagnostic}`;
      item.append(element("span", { className: "why" }, reason));
      preview.rejected += 1;
      $("rejected-count").hidden = false;
      $("rejected-count").textContent = counted("rejected", preview.rejected);
    }
    appendToLog(item);
  }

  function logLaunch(sco) {
    const entry = preview.api.values["cmi.core.entry"] || '""';
    appendToLog(element("li", { className: "launch" }, t("launch", { title: sco.title, href: sco.href, entry })));
  }

  function appendToLog(item) {
    const log = $("calls");
    const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.append(item);
    if (atEnd) log.scrollTop = log.scrollHeight;
  }

  // -- Controls and the server's news --------------------------------------------------------

  $("relaunch").addEventListener("click", () => serially(() => preview.current && launch(preview.current.identifier)));
  $("reset").addEventListener("click", () => serially(async () => {
    await unloadSco();
    await arrived();
    await getJson("/api/learner", { method: "DELETE" });
    if (preview.current) await launch(preview.current.identifier);
  }));
  $("clear-calls").addEventListener("click", () => {
    $("calls").replaceChildren();
    preview.rejected = 0;
    $("rejected-count").hidden = true;
  });
  // The frame's size: the whole space, or the size a learner's screen or Moodle's frame gives.
  function useSize(wanted) {
    const size = [...$("size").options].some((option) => option.value === wanted) ? wanted : "desktop";
    $("stage").dataset.size = size;
    $("size").value = size;
    sessionStorage.setItem("preview-size", size);
  }
  useSize(sessionStorage.getItem("preview-size") || "desktop");
  $("size").addEventListener("change", (event) => useSize(event.target.value));
  $("rejected-only").addEventListener("change", (event) => $("calls").classList.toggle("rejected-only", event.target.checked));

  let connected = false;
  const events = new EventSource("/api/events");
  events.addEventListener("message", (event) => {
    // After a lost connection (a restarted server numbers its builds anew), always refresh.
    if (!connected || Number(event.data) !== preview.version) serially(refresh);
    connected = true;
  });
  events.addEventListener("error", () => {
    connected = false;
    $("build-status").textContent = t("server_gone");
    $("build-status").className = "rejected";
  });
})();
