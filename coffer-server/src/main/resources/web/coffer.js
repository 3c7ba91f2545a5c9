// Coffer's pages: every change goes to the JSON API with the session's CSRF token; the page then
// reloads the part that changed. No inline script anywhere (the content security policy forbids it).
(function () {
  "use strict";

  const csrfMeta = document.querySelector('meta[name="coffer-csrf"]');
  const csrf = csrfMeta ? csrfMeta.content : null;
  const $ = (selector, root) => (root || document).querySelector(selector);

  // Every htmx request carries the token too, so a change made through htmx passes the same check.
  document.addEventListener("htmx:configRequest", (e) => {
    if (csrf) e.detail.headers["X-Coffer-CSRF"] = csrf;
  });

  /** Turns a problem-details answer into the sentence it carries. */
  async function problem(response) {
    try {
      const body = await response.json();
      if (body && body.detail) return body.detail;
    } catch (ignored) { /* not JSON */ }
    return "the server answered " + response.status;
  }

  async function api(method, url, body) {
    const headers = { "X-Coffer-CSRF": csrf };
    let payload;
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const r = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    if (!r.ok) {
      const error = new Error(await problem(r));
      error.status = r.status;
      throw error;
    }
    return r.status === 204 ? null : r.json();
  }

  function flash(message, kind) {
    const box = $("#flash");
    if (!box) return;
    box.textContent = message;
    box.className = kind || "error";
    clearTimeout(flash.timer);
    flash.timer = setTimeout(() => { box.textContent = ""; box.className = ""; }, 8000);
  }

  /**
   * Asks for one line of text in the page's dialog; resolves to null when cancelled. Without
   * {@code initial} it only asks to confirm. {@code options}: optional (an empty answer is fine),
   * secret (typed unseen), shown (a value to copy, nothing to answer).
   */
  function ask(label, initial, text, options) {
    const o = options === true ? { optional: true } : options || {};
    const dialog = $("#ask");
    const input = $("#ask-input");
    $("#ask-label").textContent = label;
    $("#ask-text").textContent = text || "";
    input.hidden = initial === undefined;
    input.required = initial !== undefined && !o.optional && !o.shown;
    input.type = o.secret ? "password" : "text";
    input.readOnly = !!o.shown;
    input.value = initial || "";
    $("#ask-cancel").hidden = !!o.shown;
    return new Promise((resolve) => {
      const done = (value) => {
        $("#ask-form").onsubmit = null;
        $("#ask-cancel").onclick = null;
        dialog.oncancel = null;
        dialog.close();
        input.value = "";
        resolve(value);
      };
      $("#ask-form").onsubmit = (e) => { e.preventDefault(); done(input.hidden ? "" : input.value.trim()); };
      $("#ask-cancel").onclick = () => done(null);
      // Escape cancels. (Not "close": that event comes late, when a next question may be open.)
      dialog.oncancel = (e) => { e.preventDefault(); done(null); };
      dialog.showModal();
      (input.hidden ? $("#ask-ok") : input).focus();
      if (!input.hidden) input.select();
    });
  }

  // ---- sign-in, sign-out, team switcher -------------------------------------------------------

  const login = $("#login-form");
  if (login) {
    login.addEventListener("submit", async (e) => {
      e.preventDefault();
      const error = $("#login-error");
      error.hidden = true;
      const r = await fetch("/api/v1/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: login.name.value, password: login.password.value }),
        credentials: "same-origin",
      });
      if (r.ok) {
        location.assign(login.dataset.next || "/");
      } else {
        error.textContent = await problem(r);
        error.hidden = false;
        login.password.select();
      }
    });
  }

  const signOut = $("#sign-out");
  if (signOut) {
    signOut.addEventListener("click", async () => {
      try {
        await api("POST", "/api/v1/logout");
      } finally {
        location.assign("/login");
      }
    });
  }

  const switcher = $("#team-switch");
  if (switcher) switcher.addEventListener("change", () => { if (switcher.value) location.assign(switcher.value); });

  // ---- datasets -------------------------------------------------------------------------------

  const teamDatasets = $("#team-datasets");
  const newDataset = $("#new-dataset");
  if (teamDatasets && newDataset) {
    newDataset.addEventListener("click", async () => {
      const name = await ask("Name of the new dataset", "");
      if (!name) return;
      try {
        await api("POST", teamDatasets.dataset.api, { name });
        location.assign(location.pathname + "/" + encodeURIComponent(name));
      } catch (error) {
        flash(error.message);
      }
    });
  }

  const dataset = $("#dataset");
  if (dataset) {
    const base = dataset.dataset.api;
    const newDraft = $("#new-draft");
    if (newDraft) {
      newDraft.addEventListener("click", async () => {
        try {
          const draft = await api("POST", base + "/versions", {});
          flash("Started version " + draft.number + " as a draft: open it to upload files.", "ok");
          location.reload();
        } catch (error) {
          flash(error.message);
        }
      });
    }
    dataset.addEventListener("click", async (e) => {
      const button = e.target.closest("button[data-action]");
      if (!button) return;
      const number = button.closest("tr").dataset.version;
      try {
        if (button.dataset.action === "commit") {
          const message = await ask("Commit version " + number + ": a message (optional)", "", "", { optional: true });
          if (message === null) return;
          await api("POST", base + "/versions/" + number + "/commit", message ? { message } : {});
        } else if (button.dataset.action === "discard") {
          if ((await ask("Discard the draft " + number + " and its files?", undefined, "This cannot be undone.")) === null) return;
          await api("DELETE", base + "/versions/" + number);
        }
        location.reload();
      } catch (error) {
        flash(error.message);
      }
    });
  }

  // ---- a notebook's dataset mounts --------------------------------------------------------------

  // Listened for on the document: the section is swapped for a fresh one after each change.
  if ($("#mounts")) {
    document.addEventListener("click", async (e) => {
      const button = e.target.closest("#mounts button[data-action]");
      if (!button) return;
      const mounts = $("#mounts");
      const row = button.closest("tr");
      const name = row.dataset.dataset;
      const url = mounts.dataset.api + "/" + encodeURIComponent(name);
      try {
        if (button.dataset.action === "mount") {
          const version = $("select.version", row).value;
          await api("PUT", url, { dataset: name, version: version === "latest" ? null : version });
          flash("Mounted " + name + " at /datasets/" + name + (version === "latest" ? "" : ", version " + version) + ".", "ok");
        } else {
          await api("DELETE", url);
          flash("Unmounted /datasets/" + name + ".", "ok");
        }
        await htmx.ajax("GET", location.href, { target: "#mounts", select: "#mounts", swap: "outerHTML" });
      } catch (error) {
        flash(error.message);
      }
    });
  }

  // ---- a team's admin tab ------------------------------------------------------------------------

  // Listened for on the document: after each change the sections are swapped for fresh ones.
  if ($("#admin")) {
    const base = $("#admin").dataset.api;
    const act = async (work, done) => {
      try {
        await work();
        await htmx.ajax("GET", location.href, { target: "#admin", select: "#admin", swap: "outerHTML" });
        flash(done, "ok");
      } catch (error) {
        flash(error.message);
      }
    };
    const handlers = {};
    const on = (id, handler) => { handlers[id] = handler; };
    on("#add-member", async () => {
      const user = await ask("Add which user (their name)?", "");
      if (!user) return;
      const role = await ask("Their role: owner, admin, member or viewer", "member");
      if (!role) return;
      act(() => api("POST", base + "/members", { user, role }), "Added " + user + " as " + role + ".");
    });
    on("#change-plan", () => {
      const plan = $("#plan-select").value;
      act(() => api("PUT", base + "/plan", { plan }), "The team is on " + plan + " from now on.");
    });
    on("#set-secret", async () => {
      const name = await ask("Name of the secret", "");
      if (!name) return;
      const value = await ask("Value of " + name, "", "It is never shown again.", { secret: true });
      if (!value) return;
      act(() => api("PUT", base + "/secrets/" + encodeURIComponent(name), { value }), "Set the secret " + name + ".");
    });
    on("#create-token", async () => {
      const name = await ask("Name of the new token (e.g. laptop)", "");
      if (!name) return;
      try {
        const made = await api("POST", "/api/v1/tokens", { name });
        await ask("Your new token, shown this once: copy it now", made.token, "Use it with coffer login --token.", { shown: true });
        await htmx.ajax("GET", location.href, { target: "#admin", select: "#admin", swap: "outerHTML" });
      } catch (error) {
        flash(error.message);
      }
    });
    document.addEventListener("click", async (e) => {
      for (const id of Object.keys(handlers)) {
        if (e.target.closest(id)) return handlers[id](e);
      }
      const button = e.target.closest("#admin button[data-action]");
      if (!button) return;
      const row = button.closest("tr");
      switch (button.dataset.action) {
        case "set-role": {
          const role = $("select.role", row).value;
          act(() => api("PUT", base + "/members/" + encodeURIComponent(row.dataset.user), { role }),
            row.dataset.user + " is now " + role + ".");
          break;
        }
        case "remove-member":
          if ((await ask("Remove " + row.dataset.user + " from the team?", undefined, "Their tokens stop reaching it at once.")) === null) return;
          act(() => api("DELETE", base + "/members/" + encodeURIComponent(row.dataset.user)), "Removed " + row.dataset.user + ".");
          break;
        case "replace-secret": {
          const value = await ask("New value of " + row.dataset.secret, "", "It is never shown again.", { secret: true });
          if (!value) return;
          act(() => api("PUT", base + "/secrets/" + encodeURIComponent(row.dataset.secret), { value }),
            "Replaced the secret " + row.dataset.secret + ".");
          break;
        }
        case "delete-secret":
          if ((await ask("Delete the secret " + row.dataset.secret + "?", undefined, "Sources and mounts that name it stop working.")) === null) return;
          act(() => api("DELETE", base + "/secrets/" + encodeURIComponent(row.dataset.secret)), "Deleted the secret " + row.dataset.secret + ".");
          break;
        case "revoke-token":
          if ((await ask("Revoke the token " + row.dataset.name + "?", undefined, "Whatever uses it is refused at once.")) === null) return;
          act(() => api("DELETE", "/api/v1/tokens/" + row.dataset.token), "Revoked " + row.dataset.name + ".");
          break;
        default:
      }
    });
  }

  // ---- files ----------------------------------------------------------------------------------

  const files = $("#files");
  const encodePath = (path) => path.split("/").map(encodeURIComponent).join("/");
  const join = (folder, name) => (folder ? folder + "/" + name : name);

  function refresh() {
    return htmx.ajax("GET", location.href, { target: "#listing", select: "#listing", swap: "outerHTML" });
  }

  /** "report.csv" → "report (copy).csv", then "(copy 2)", … */
  function copyName(name, n) {
    const dot = name.lastIndexOf(".");
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : "";
    return stem + (n === 1 ? " (copy)" : " (copy " + n + ")") + ext;
  }

  async function act(row, action) {
    const api0 = files.dataset.api;
    const folder = files.dataset.folder;
    const path = row.dataset.path;
    const name = row.dataset.name;
    const isFolder = row.dataset.folder === "true";
    if (action === "rename") {
      const to = await ask("New name for " + name, name);
      if (!to || to === name) return;
      await api("POST", api0 + "/move", { from: path, to: join(folder, to) });
      flash("Renamed " + name + " to " + to + ".", "ok");
    } else if (action === "move") {
      const to = await ask("Move " + name + " into the folder (a path from the top, empty for the top)", folder);
      if (to === null) return;
      const target = to.replace(/^\/+|\/+$/g, "");
      await api("POST", api0 + "/move", { from: path, to: join(target, name) });
      flash("Moved " + name + " to /" + target + ".", "ok");
    } else if (action === "duplicate") {
      for (let n = 1; ; n++) {
        try {
          await api("POST", api0 + "/copy", { from: path, to: join(folder, copyName(name, n)) });
          flash("Duplicated " + name + " as " + copyName(name, n) + ".", "ok");
          break;
        } catch (e) {
          if (e.status !== 409 || n >= 20) throw e;
        }
      }
    } else if (action === "delete") {
      const what = isFolder ? "the folder " + name + " and everything in it" : name;
      if ((await ask("Delete " + what + "?", undefined, "This cannot be undone.")) === null) return;
      await api("DELETE", api0 + "/files/" + encodePath(path) + (isFolder ? "?recursive=true" : ""));
      flash("Deleted " + name + ".", "ok");
    }
    await refresh();
  }

  if (files) {
    files.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-action]");
      if (!button) return;
      act(button.closest("tr"), button.dataset.action).catch((error) => flash(error.message));
    });
    const importButton = $("#import-url");
    if (importButton) {
      importButton.addEventListener("click", async () => {
        const url = await ask("Import a file from a URL (http or https) into this folder; the server downloads it", "");
        if (!url) return;
        try {
          const target = JSON.parse(files.dataset.importTarget);
          const job = await api("POST", files.dataset.imports, { url, ...target, path: files.dataset.folder });
          const fileName = decodeURIComponent(new URL(url).pathname.split("/").pop() || "download");
          window.CofferUploads.track(job, files.dataset.jobs, join(files.dataset.folder, fileName), refresh);
        } catch (error) {
          flash(error.message);
        }
      });
    }
    const newFolder = $("#new-folder");
    if (newFolder) {
      newFolder.addEventListener("click", async () => {
        const name = await ask("Name of the new folder", "");
        if (!name) return;
        try {
          await api("POST", files.dataset.api + "/mkdir/" + encodePath(join(files.dataset.folder, name)));
          flash("Made the folder " + name + ".", "ok");
          await refresh();
        } catch (error) {
          flash(error.message);
        }
      });
    }
    for (const id of ["#pick-files", "#pick-folder"]) {
      const picker = $(id);
      if (!picker) continue;
      picker.addEventListener("change", () => {
        uploadItems([...picker.files].map((f) => ({ file: f, path: f.webkitRelativePath || f.name })));
        picker.value = "";
      });
    }
    const drop = $("#drop");
    if (drop) {
      drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
      drop.addEventListener("dragleave", () => drop.classList.remove("over"));
      drop.addEventListener("drop", async (e) => {
        e.preventDefault();
        drop.classList.remove("over");
        const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry()).filter(Boolean);
        const found = [];
        for (const entry of entries) await walk(entry, "", found);
        uploadItems(found);
      });
    }
  }

  /** Every file under a dropped entry, with its path relative to the drop. */
  async function walk(entry, prefix, out) {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      out.push({ file, path: prefix + entry.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, prefix + entry.name + "/", out);
      }
    }
  }

  function uploadItems(items) {
    window.CofferUploads.add(items, {
      api: files.dataset.api,
      chunks: files.dataset.chunks,
      folder: files.dataset.folder,
      onIdle: refresh,
    });
  }

  if (files) window.CofferUploads.showUnfinished(files.dataset.api);
})();
