/* Body chart editor: click a region (or pick it from the list) to add its finding row via
   htmx; keep the chart's shading in step with the typed pain scores; remove rows.
   The server renders the same classes on a saved chart (petrissage/clinical/body_chart.py). */
(function () {
  "use strict";
  var BANDS = ["pain-none", "pain-light", "pain-medium", "pain-strong", "selected"];

  function editor() { return document.querySelector("[data-assessment-editor]"); }
  function findingRow(code) { return document.querySelector('.finding-row[data-region="' + code + '"]'); }

  function band(value) {
    if (value === "" || value === null || isNaN(value)) return "selected";
    var n = Number(value);
    if (n <= 0) return "pain-none";
    if (n <= 3) return "pain-light";
    if (n <= 6) return "pain-medium";
    return "pain-strong";
  }

  function shade(code) {
    var row = findingRow(code);
    var input = row && row.querySelector("[data-nprs]");
    var value = input ? input.value.trim() : null;
    var valid = value !== null && /^\d+$/.test(value) && Number(value) <= 10;
    document.querySelectorAll('.bc-region[data-region="' + code + '"]').forEach(function (g) {
      BANDS.forEach(function (c) { g.classList.remove(c); });
      if (row) g.classList.add(valid ? band(value) : "selected");
      var text = g.querySelector(".bc-score");
      if (text) text.textContent = row && valid ? value : "";
    });
  }

  function updateEmpty() {
    var empty = document.getElementById("no-findings");
    if (empty) empty.hidden = !!document.querySelector(".finding-row");
    var goals = document.getElementById("goal-rows");
    var addGoal = document.getElementById("add-goal");
    if (goals && addGoal) {
      addGoal.disabled = goals.querySelectorAll(".goal-row").length >= Number(goals.dataset.max || 5);
    }
  }

  function focusRow(row) {
    row.scrollIntoView({ block: "nearest", behavior: "smooth" });
    var input = row.querySelector("[data-nprs]");
    if (input) input.focus({ preventScroll: true });
  }

  function addRegion(code) {
    var form = editor();
    if (!form || !code) return;
    var existing = findingRow(code);
    if (existing) { focusRow(existing); return; }
    var url = form.dataset.findingUrl + "?region=" + encodeURIComponent(code);
    htmx.ajax("GET", url, { target: "#finding-rows", swap: "beforeend" }).then(function () {
      var row = findingRow(code);
      shade(code);
      updateEmpty();
      if (row) focusRow(row);
    });
  }

  document.addEventListener("click", function (event) {
    var region = event.target.closest(".body-chart.interactive .bc-region");
    if (region) { addRegion(region.dataset.region); return; }
    if (event.target.closest("#bc-add-btn")) {
      var select = document.getElementById("bc-add");
      addRegion(select.value);
      select.value = "";
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) {
      var row = remove.closest(".row-item");
      var code = row.classList.contains("finding-row") ? row.dataset.region : null;
      row.remove();
      if (code) shade(code);
      updateEmpty();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "bc-add") {
      event.preventDefault();  // Enter in the list adds the region instead of submitting
      addRegion(event.target.value);
      event.target.value = "";
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-nprs]")) shade(event.target.closest(".finding-row").dataset.region);
  });

  document.addEventListener("htmx:afterSwap", updateEmpty);
  document.addEventListener("DOMContentLoaded", updateEmpty);
})();
