// Uploads that survive: each file is cut and hashed in the browser (chunker.js), the server is
// asked which chunks it lacks, and only those are sent; then the file is committed and its digest
// compared with the one computed here. Closing the panel leaves a small indicator; a reload or a
// lost connection leaves the file listed as unfinished, and picking it again sends only what the
// server does not have yet. No file is ever read whole into memory.
(function () {
  "use strict";

  const $ = (selector) => document.querySelector(selector);
  const csrf = ($('meta[name="coffer-csrf"]') || {}).content;
  const encodePath = (path) => path.split("/").map(encodeURIComponent).join("/");
  const join = (folder, name) => (folder ? folder + "/" + name : name);
  const STORE = "coffer.unfinished-uploads";
  const GROUP = 8; // chunks asked about at once (up to 32 MiB in memory)
  const PARALLEL_FILES = 2;
  const PARALLEL_CHUNKS = 2;

  function human(bytes) {
    if (bytes < 1000) return bytes + " B";
    const units = ["kB", "MB", "GB", "TB"];
    let v = bytes;
    let u = -1;
    while (v >= 999.95 && u < units.length - 1) { v /= 1000; u++; }
    return v.toFixed(1) + " " + units[u];
  }

  async function problem(r) {
    try {
      const body = await r.json();
      if (body && body.detail) return body.detail;
    } catch (ignored) { /* not JSON */ }
    return "the server answered " + r.status;
  }

  async function call(method, url, body, type) {
    const headers = { "X-Coffer-CSRF": csrf };
    if (type) headers["Content-Type"] = type;
    const r = await fetch(url, { method, headers, body, credentials: "same-origin" });
    if (!r.ok) {
      const e = new Error(await problem(r));
      e.status = r.status;
      throw e;
    }
    return r.status === 204 ? null : r.json();
  }
  const postJson = (url, value) => call("POST", url, JSON.stringify(value), "application/json");

  // ---- what did not finish, kept across reloads ------------------------------------------------

  const unfinished = {
    all() {
      try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (ignored) { return {}; }
    },
    key: (api, path) => api + "\n" + path,
    put(job) {
      const all = this.all();
      all[this.key(job.api, job.path)] = {
        api: job.api, path: job.path, size: job.file.size, done: job.done, page: location.pathname,
      };
      localStorage.setItem(STORE, JSON.stringify(all));
    },
    drop(job) {
      const all = this.all();
      delete all[this.key(job.api, job.path)];
      localStorage.setItem(STORE, JSON.stringify(all));
    },
  };

  /** On a files page, names the uploads into this tree that a reload or a lost connection cut off. */
  function showUnfinished(api) {
    const box = $("#resume");
    if (!box) return;
    const mine = Object.values(unfinished.all()).filter((u) => u.api === api);
    box.hidden = mine.length === 0;
    const list = $("#resume-list");
    list.textContent = "";
    for (const u of mine) {
      const li = document.createElement("li");
      li.dataset.path = u.path;
      li.textContent = "/" + u.path + " (" + human(u.done) + " of " + human(u.size) + " checked)";
      list.append(li);
    }
  }

  // ---- the panel and its indicator -------------------------------------------------------------

  const panel = $("#uploads");
  if (!panel) {
    window.CofferUploads = { add() {}, showUnfinished() {}, track() {} };
    return;
  }
  const list = $("#upload-list");
  const indicator = $("#upload-indicator");
  const queue = [];
  let running = 0;
  let total = 0;
  let finished = 0;
  let failed = 0;
  let onIdle = () => {};

  function show() { panel.hidden = false; indicator.hidden = true; }
  function status() {
    const busy = finished + failed < total;
    const text = busy
      ? "Uploading " + (finished + failed) + " of " + total
      : "Uploaded " + finished + " of " + total + (failed ? " (" + failed + " failed)" : "");
    $("#uploads-title").textContent = text;
    indicator.textContent = text;
    indicator.dataset.busy = String(busy);
    panel.dataset.busy = String(busy);
  }
  $("#uploads-close").addEventListener("click", () => {
    panel.hidden = true;
    if (total > 0) indicator.hidden = false;
  });
  indicator.addEventListener("click", show);

  /**
   * Queues files ({file, path} with path relative to {@code target.folder}) for upload into the
   * tree of {@code target.api}, whose team's chunks live at {@code target.chunks}.
   */
  function add(items, target) {
    if (items.length === 0) return;
    onIdle = target.onIdle || onIdle;
    for (const item of items) {
      const li = document.createElement("li");
      const path = join(target.folder, item.path);
      li.dataset.path = path;
      const name = document.createElement("span");
      name.textContent = item.path;
      const bar = document.createElement("progress");
      bar.max = item.file.size || 1;
      bar.value = 0;
      const state = document.createElement("span");
      state.className = "state";
      state.textContent = "waiting";
      li.append(name, bar, state);
      list.append(li);
      queue.push({ file: item.file, path, api: target.api, chunksApi: target.chunks, li, bar, state, done: 0, sent: 0 });
      total++;
    }
    if (panel.hidden && indicator.hidden) show();
    status();
    pump();
  }

  function pump() {
    while (running < PARALLEL_FILES && queue.length > 0) {
      const job = queue.shift();
      running++;
      run(job).finally(() => {
        running--;
        status();
        pump();
        if (running === 0 && queue.length === 0) {
          showUnfinished(job.api);
          onIdle();
        }
      });
    }
  }

  async function run(job) {
    job.state.textContent = "checking";
    try {
      const entry = window.CofferChunker.available && job.file.size > 0 ? await chunked(job) : await streamed(job);
      if (entry.size !== job.file.size) throw new Error("the server holds " + entry.size + " bytes, not " + job.file.size);
      job.bar.value = job.bar.max;
      job.li.dataset.state = "done";
      job.li.dataset.sent = String(job.sent);
      job.state.textContent = "done · " + human(job.sent) + " sent"
        + (job.file.size - job.sent > 0 && job.file.size > 0 ? ", " + human(Math.max(0, job.file.size - job.sent)) + " already there" : "");
      unfinished.drop(job);
      finished++;
    } catch (e) {
      job.li.dataset.state = "failed";
      job.state.textContent = e.message || "failed";
      unfinished.put(job);
      failed++;
    }
  }

  /** The chunk protocol: ask, send what is missing, commit, compare digests. */
  async function chunked(job) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await chunkedOnce(job);
      } catch (e) {
        // 409: a chunk went away between the question and the commit (collected): ask again once.
        if (e.status !== 409 || attempt >= 2) throw e;
      }
    }
  }

  async function chunkedOnce(job) {
    const C = window.CofferChunker;
    const refs = [];
    let group = [];
    job.done = 0;
    unfinished.put(job);
    const flush = async () => {
      const answer = await postJson(job.chunksApi + "/missing", { chunks: group.map((g) => g.id) });
      const missing = new Set(answer.missing);
      const sends = group.filter((g) => missing.has(g.id));
      job.state.textContent = "uploading";
      let next = 0;
      const worker = async () => {
        while (next < sends.length) {
          const g = sends[next++];
          await call("PUT", job.chunksApi + "/" + g.id, g.bytes, "application/octet-stream");
          job.sent += g.bytes.length;
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_CHUNKS }, worker));
      for (const g of group) job.done += g.bytes.length;
      job.bar.value = job.done;
      unfinished.put(job);
      group = [];
    };
    for await (const bytes of C.chunks(job.file)) {
      const id = await C.sha256hex(bytes);
      refs.push({ id, size: bytes.length });
      group.push({ id, bytes });
      if (group.length >= GROUP) await flush();
    }
    if (group.length > 0) await flush();
    job.state.textContent = "committing";
    const entry = await postJson(job.api + "/manifest/" + encodePath(job.path), {
      chunks: refs,
      mtime: job.file.lastModified,
    });
    const digest = await C.digestOf(refs.map((r) => r.id));
    if (entry.digest !== digest) throw new Error("the file on the server differs from this one (digest " + entry.digest + ")");
    return entry;
  }

  /** Without WebCrypto (a plain-http page on another host) or for an empty file: one streamed body. */
  function streamed(job) {
    return new Promise((resolve, reject) => {
      unfinished.put(job);
      const xhr = new XMLHttpRequest();
      xhr.open("PUT", job.api + "/files/" + encodePath(job.path) + "?mtime=" + job.file.lastModified);
      xhr.setRequestHeader("X-Coffer-CSRF", csrf);
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      job.state.textContent = "uploading";
      xhr.upload.onprogress = (e) => { job.bar.value = e.loaded; };
      xhr.onload = () => {
        let answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (ignored) { /* not JSON */ }
        if (xhr.status === 201 && answer) {
          job.sent = job.file.size;
          resolve(answer);
        } else {
          reject(new Error((answer && answer.detail) || "the server answered " + xhr.status));
        }
      };
      xhr.onerror = () => reject(new Error("the connection was lost"));
      xhr.send(job.file);
    });
  }

  /**
   * Follows a URL import (a job of the server: it downloads the file itself) in the same panel,
   * asking for its state every second until it ends.
   */
  function track(job, jobsApi, path) {
    const li = document.createElement("li");
    li.dataset.path = path;
    li.dataset.job = String(job.id);
    const name = document.createElement("span");
    name.textContent = path + " ← " + job.url;
    const bar = document.createElement("progress");
    const state = document.createElement("span");
    state.className = "state";
    state.textContent = "queued";
    li.append(name, bar, state);
    list.append(li);
    total++;
    if (panel.hidden && indicator.hidden) show();
    status();
    running++;
    const poll = async () => {
      let now;
      try {
        now = await call("GET", jobsApi + "/" + job.id);
      } catch (e) {
        state.textContent = e.message;
        setTimeout(poll, 3000);
        return;
      }
      if (now.bytesTotal) { bar.max = now.bytesTotal; bar.value = now.bytesDone; } else bar.removeAttribute("value");
      li.dataset.bytesDone = String(now.bytesDone);
      if (now.state === "done" || now.state === "failed" || now.state === "cancelled") {
        li.dataset.state = now.state === "done" ? "done" : "failed";
        state.textContent = now.state === "done" ? "done · " + human(now.bytesDone) + " imported" : now.error || now.state;
        if (now.state === "done") finished++; else failed++;
        running--;
        status();
        if (running === 0 && queue.length === 0) onIdle();
        return;
      }
      state.textContent = now.state + " · " + human(now.bytesDone) + (now.bytesTotal ? " of " + human(now.bytesTotal) : "")
        + (now.bytesPerSecond ? " · " + human(now.bytesPerSecond) + "/s" : "");
      setTimeout(poll, 1000);
    };
    poll();
  }

  window.CofferUploads = {
    add,
    showUnfinished,
    track(job, jobsApi, path, idle) { if (idle) onIdle = idle; track(job, jobsApi, path); },
  };
})();
