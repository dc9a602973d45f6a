// mediadfs portal: small enhancements; every page but the upload (upload.js) also works without
// script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Forms that ask before doing something that cannot be undone.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (e) => {
      if (!window.confirm(form.dataset.confirm)) {
        e.preventDefault();
      }
    });
  }
  // Copy buttons: data-copy names the input whose value to copy.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const input = document.getElementById(button.dataset.copy);
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = "Copied";
      } catch (err) {
        // No clipboard permission (plain http, old browser): the text is selected for Ctrl+C.
        button.textContent = "Press Ctrl+C";
      }
    });
  }
});
