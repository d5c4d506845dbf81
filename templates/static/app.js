// Casusoverleg: progressive enhancement only; every page works without it.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');

  // Drag-and-drop ordering of the agenda for the chair. The ↑/↓ buttons do
  // the same without script; this saves the whole order in one call.
  var list = document.getElementById("agenda-items");
  if (list && list.dataset.orderUrl) {
    var dragged = null;
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "muted";
    list.parentNode.insertBefore(status, list.nextSibling);
    list.addEventListener("dragstart", function (e) {
      dragged = e.target.closest("li.item");
      if (dragged) { dragged.classList.add("dragging"); e.dataTransfer.effectAllowed = "move"; }
    });
    list.addEventListener("dragover", function (e) {
      e.preventDefault();
      var over = e.target.closest("li.item");
      if (!dragged || !over || over === dragged) { return; }
      var r = over.getBoundingClientRect();
      list.insertBefore(dragged, e.clientY < r.top + r.height / 2 ? over : over.nextSibling);
    });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      dragged.classList.remove("dragging");
      dragged = null;
      var ids = Array.prototype.map.call(list.querySelectorAll("li.item"), function (li) { return Number(li.dataset.id); });
      status.textContent = "Volgorde opslaan…";
      fetch(list.dataset.orderUrl, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token ? token.content : "" },
        body: JSON.stringify({ item_ids: ids })
      }).then(function (res) {
        if (!res.ok) { throw new Error(res.status); }
        window.location.reload();
      }).catch(function () {
        status.textContent = "De volgorde kon niet worden opgeslagen. Herlaad de pagina.";
      });
    });
  }

  // The proposal form shows only the part for the chosen kind of proposal.
  var modes = document.querySelectorAll('input[name="mode"]');
  function showMode() {
    var chosen = document.querySelector('input[name="mode"]:checked');
    ["existing", "new", "general"].forEach(function (m) {
      var s = document.querySelector("section.mode-" + m);
      if (s) { s.hidden = !chosen || chosen.value !== m; }
    });
  }
  Array.prototype.forEach.call(modes, function (r) { r.addEventListener("change", showMode); });
  if (modes.length) { showMode(); }

  // Autosave of the minutes: a record form saves itself a few seconds after
  // typing stops. A save that lost to someone else's stops autosaving and
  // asks for an explicit save, which shows both texts.
  var dirty = 0;
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), function (form) {
    var state = form.querySelector(".save-state");
    var version = form.querySelector('input[name="version"]');
    var timer = null, stopped = false, changed = false;
    function say(text) { if (state) { state.textContent = text; } }
    function save() {
      timer = null;
      if (stopped || !changed) { return; }
      var answers = {};
      Array.prototype.forEach.call(form.querySelectorAll('[name^="answers."]'), function (el) {
        answers[el.name.slice(8)] = el.value;
      });
      var summary = form.querySelector('[name="summary"]');
      changed = false;
      say("Opslaan…");
      fetch(form.dataset.autosave, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token ? token.content : "" },
        body: JSON.stringify({ summary: summary ? summary.value : "", answers: answers, version: Number(version.value) })
      }).then(function (res) {
        if (res.status === 409) {
          stopped = true; changed = true;
          say("Iemand anders heeft dit punt intussen opgeslagen. Klik op Opslaan om beide teksten te zien.");
          return null;
        }
        if (!res.ok) { throw new Error(res.status); }
        return res.json();
      }).then(function (rec) {
        if (!rec) { return; }
        version.value = rec.version;
        dirty--;
        say("Automatisch opgeslagen om " + new Date().toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" }) + " (v" + rec.version + ")");
      }).catch(function () {
        changed = true;
        say("Niet opgeslagen: geen verbinding. Uw tekst staat nog in het formulier; klik op Opslaan.");
      });
    }
    form.addEventListener("input", function () {
      if (!changed) { dirty++; }
      changed = true;
      say("Wijzigingen nog niet opgeslagen");
      if (timer) { clearTimeout(timer); }
      if (!stopped) { timer = setTimeout(save, 4000); }
    });
    form.addEventListener("submit", function () { dirty = 0; stopped = true; });
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty > 0) { e.preventDefault(); e.returnValue = ""; }
  });
})();
