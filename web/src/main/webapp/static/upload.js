// Upload page: sends the chosen file as the raw body of a PUT (no multipart, no buffering on the
// server), shows progress from XMLHttpRequest's upload events, and the server's answer.
"use strict";
(() => {
  const form = document.getElementById("upload-form");
  const input = document.getElementById("file");
  const button = document.getElementById("upload-button");
  const chosen = document.getElementById("chosen");
  const box = document.getElementById("progress-box");
  const bar = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  const error = document.getElementById("upload-error");
  const done = document.getElementById("upload-done");
  const drop = form.querySelector(".drop");
  const max = Number(form.dataset.max);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  const size = (n) => {
    let u = 0;
    while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
    return u === 0 ? n + " B" : n.toFixed(1) + " " + units[u];
  };
  const showError = (text) => {
    error.textContent = text;
    error.hidden = false;
  };
  const describe = () => {
    error.hidden = true;
    done.hidden = true;
    const f = input.files[0];
    chosen.hidden = !f;
    if (f) {
      chosen.textContent = f.name + " \u00b7 " + size(f.size);
      if (f.size > max) {
        showError("This file is " + size(f.size) + "; the largest upload allowed is " + form.dataset.maxText + ".");
      }
    }
  };
  input.addEventListener("change", describe);
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length > 0) {
      input.files = e.dataTransfer.files;
      describe();
    }
  });

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const f = input.files[0];
    if (!f) { showError("Choose a file first."); return; }
    if (f.size > max) { describe(); return; }
    if (f.size === 0) { showError("This file is empty."); return; }
    error.hidden = true;
    done.hidden = true;
    button.disabled = true;
    box.hidden = false;
    bar.value = 0;
    status.textContent = "Starting\u2026";
    const started = performance.now();

    const xhr = new XMLHttpRequest();
    xhr.open("PUT", form.action);
    // Content-Length is set by the browser from the File; the rest tells the server what it is.
    xhr.setRequestHeader("Content-Type", f.type || "application/octet-stream");
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(f.name));
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.addEventListener("progress", (ev) => {
      if (!ev.lengthComputable) { return; }
      const pct = Math.floor((ev.loaded * 100) / ev.total);
      const secs = (performance.now() - started) / 1000;
      bar.value = pct;
      bar.textContent = pct + "%";
      status.textContent = size(ev.loaded) + " of " + size(ev.total) + " (" + pct + "%)"
        + (secs > 0.5 ? " \u00b7 " + size(ev.loaded / secs) + "/s" : "");
    });
    xhr.upload.addEventListener("load", () => {
      bar.value = 100;
      status.textContent = "Sent; waiting for the cluster to confirm\u2026";
    });
    xhr.addEventListener("load", () => {
      button.disabled = false;
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = {}; }
      if (xhr.status === 201) {
        box.hidden = true;
        document.getElementById("upload-title").textContent = body.title;
        document.getElementById("upload-watch").href = body.watch;
        done.hidden = false;
        form.reset();
        chosen.hidden = true;
      } else {
        box.hidden = true;
        showError(body.message || ("The upload failed (HTTP " + xhr.status + ")."));
      }
    });
    xhr.addEventListener("error", () => {
      button.disabled = false;
      box.hidden = true;
      showError("The connection was lost during the upload. Try again.");
    });
    xhr.send(f);
  });
})();
