// edgarsift review page: clicking a field (or a finding about one) scrolls the source to its span and flashes
// it; the upload form posts a filing to the API with the bearer token and opens the new filing's page.
(function () {
  "use strict";

  function showSpan(index) {
    document.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active", "flash"); });
    document.querySelectorAll(".side .selected").forEach(function (r) { r.classList.remove("selected"); });
    var marks = document.querySelectorAll('mark[data-s~="' + index + '"]');
    if (!marks.length) { return; }
    marks.forEach(function (m) {
      m.classList.add("active");
      void m.offsetWidth; // restart the flash animation when the same span is clicked twice
      m.classList.add("flash");
    });
    marks[0].scrollIntoView({ block: "center", behavior: "auto" });
    document.querySelectorAll('.side [data-span="' + index + '"]').forEach(function (r) { r.classList.add("selected"); });
  }

  document.addEventListener("click", function (ev) {
    var row = ev.target.closest(".side [data-span]");
    if (row) { showSpan(row.getAttribute("data-span")); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    var row = ev.target.closest && ev.target.closest(".side [data-span]");
    if (row) { showSpan(row.getAttribute("data-span")); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("upload-form");
    if (!form) { return; }
    var status = document.getElementById("upload-status");
    var token = document.getElementById("upload-token");
    token.value = sessionStorage.getItem("edgarsift-token") || "";
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var file = document.getElementById("upload-file").files[0];
      if (!file) { return; }
      sessionStorage.setItem("edgarsift-token", token.value);
      var body = new FormData();
      body.append("file", file);
      status.textContent = "extracting…";
      status.className = "";
      fetch("/api/filings", { method: "POST", body: body, headers: { "Authorization": "Bearer " + token.value } })
        .then(function (resp) {
          return resp.json().then(function (json) { return { ok: resp.ok, status: resp.status, json: json }; });
        })
        .then(function (r) {
          if (r.ok) { window.location.href = "/filings/" + r.json.id; return; }
          status.textContent = r.status + ": " + (typeof r.json.detail === "string" ? r.json.detail : JSON.stringify(r.json.detail));
          status.className = "error";
        })
        .catch(function (err) { status.textContent = "upload failed: " + err; status.className = "error"; });
    });
  });
})();
