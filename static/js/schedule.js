// Drag a visit to another time or day in the schedule grid (pointer events: mouse, pen,
// touch). On drop it posts the new day and time to the visit's move URL; the server
// checks hours and overlaps and answers JSON. Success reloads the grid, a refusal shows
// the reason and puts the visit back.
(function () {
  "use strict";
  var SNAP = 15;
  var grid = document.querySelector(".sched");
  if (!grid) return;
  var firstMinute = Number(grid.dataset.firstMinute);
  var pxPerMinute = Number(grid.dataset.pxPerMinute);
  var alertBox = document.getElementById("schedule-alert");
  var drag = null;
  var suppressClick = false;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (e) { return ""; }
  }
  function columnAt(x, y) {
    var hits = document.elementsFromPoint(x, y);
    for (var i = 0; i < hits.length; i++) {
      if (hits[i].classList && hits[i].classList.contains("sched-col")) return hits[i];
    }
    return null;
  }
  function hhmm(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }
  function snappedTop(column, clientY) {
    var top = clientY - column.getBoundingClientRect().top - drag.grabY;
    var minutes = Math.round(top / pxPerMinute / SNAP) * SNAP;
    return Math.max(0, minutes) * pxPerMinute;
  }
  function showError(text) {
    alertBox.textContent = text;
    alertBox.hidden = false;
  }
  function putBack() {
    drag.origin.appendChild(drag.el);
    drag.el.style.top = drag.top;
    drag.el.style.left = drag.left;
    drag.el.style.width = drag.width;
  }

  grid.addEventListener("pointerdown", function (event) {
    var el = event.target.closest(".appt[data-move-url]");
    if (!el || event.button !== 0) return;
    drag = {
      el: el, x: event.clientX, y: event.clientY, moving: false, origin: el.parentElement,
      top: el.style.top, left: el.style.left, width: el.style.width,
      grabY: event.clientY - el.getBoundingClientRect().top, column: null,
    };
    el.setPointerCapture(event.pointerId);
  });

  grid.addEventListener("pointermove", function (event) {
    if (!drag) return;
    if (!drag.moving && Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 6) return;
    drag.moving = true;
    event.preventDefault();
    drag.el.classList.add("dragging");
    var column = columnAt(event.clientX, event.clientY);
    if (!column) return;
    if (drag.el.parentElement !== column) column.appendChild(drag.el);
    drag.el.style.left = "2px";
    drag.el.style.width = "calc(100% - 4px)";
    drag.el.style.top = snappedTop(column, event.clientY) + "px";
    drag.column = column;
  });

  grid.addEventListener("pointerup", function () {
    if (!drag) return;
    var current = drag;
    current.el.classList.remove("dragging");
    if (!current.moving || !current.column) { drag = null; return; }
    suppressClick = true;
    var minutes = firstMinute + Math.round(parseFloat(current.el.style.top) / pxPerMinute);
    var body = new FormData();
    body.append("day", current.column.dataset.day);
    body.append("time", hhmm(minutes));
    if (current.column.dataset.therapist) body.append("therapist", current.column.dataset.therapist);
    current.el.classList.add("saving");
    fetch(current.el.dataset.moveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) { window.location.reload(); return; }
      current.el.classList.remove("saving");
      drag = current; putBack(); drag = null;
      showError("Not moved: " + result.data.detail);
    }).catch(function () {
      current.el.classList.remove("saving");
      drag = current; putBack(); drag = null;
      showError("Not moved: the server could not be reached.");
    });
    drag = null;
  });

  grid.addEventListener("dragstart", function (event) { event.preventDefault(); });

  grid.addEventListener("click", function (event) {
    if (suppressClick) { event.preventDefault(); suppressClick = false; }
  }, true);
})();
