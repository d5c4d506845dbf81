// Casusoverleg: progressive enhancement only; every page works without it.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');

  // The messages of this script, in the language of the page.
  var messages = {
    nl: {
      orderSaving: "Volgorde opslaan…",
      orderFailed: "De volgorde kon niet worden opgeslagen. Herlaad de pagina.",
      saving: "Opslaan…",
      conflict: "Iemand anders heeft dit punt intussen opgeslagen. Klik op Opslaan om beide teksten te zien.",
      saved: "Automatisch opgeslagen om",
      offline: "Niet opgeslagen: geen verbinding. Uw tekst staat nog in het formulier; klik op Opslaan.",
      refused: "Niet automatisch opgeslagen (fout {status}). Uw tekst staat nog in het formulier; klik op Opslaan.",
      unsaved: "Wijzigingen nog niet opgeslagen"
    },
    en: {
      orderSaving: "Saving the order…",
      orderFailed: "The order could not be saved. Reload the page.",
      saving: "Saving…",
      conflict: "Someone else saved this item in the meantime. Click Save to see both texts.",
      saved: "Saved automatically at",
      offline: "Not saved: no connection. Your text is still in the form; click Save.",
      refused: "Not saved automatically (error {status}). Your text is still in the form; click Save.",
      unsaved: "Changes not saved yet"
    }
  };
  var lang = (document.documentElement.lang || "nl").slice(0, 2) === "en" ? "en" : "nl";
  function msg(key) { return messages[lang][key]; }

  // Drag-and-drop ordering of the agenda for the chair. The ↑/↓ buttons do
  // the same without script; this saves the whole order in one call.
  var list = document.getElementById("agenda-items");
  if (list && list.dataset.orderUrl) {
    var dragged = null, before = "";
    var order = function () {
      return Array.prototype.map.call(list.querySelectorAll("li.item"), function (li) { return Number(li.dataset.id); });
    };
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "muted";
    list.parentNode.insertBefore(status, list.nextSibling);
    list.addEventListener("dragstart", function (e) {
      dragged = e.target.closest("li.item");
      if (dragged) { dragged.classList.add("dragging"); e.dataTransfer.effectAllowed = "move"; before = order().join(); }
    });
    // Only an agenda item may be dropped here, not a link or a file from elsewhere.
    list.addEventListener("dragover", function (e) {
      if (!dragged) { return; }
      e.preventDefault();
      var over = e.target.closest("li.item");
      if (!over || over === dragged) { return; }
      var r = over.getBoundingClientRect();
      list.insertBefore(dragged, e.clientY < r.top + r.height / 2 ? over : over.nextSibling);
    });
    list.addEventListener("drop", function (e) { if (dragged) { e.preventDefault(); } });
    list.addEventListener("dragend", function (e) {
      if (!dragged) { return; }
      dragged.classList.remove("dragging");
      dragged = null;
      if (e.dataTransfer && e.dataTransfer.dropEffect === "none") {
        // Cancelled (Escape, or dropped outside the list): put the items back.
        before.split(",").forEach(function (id) { list.appendChild(document.getElementById("item-" + id)); });
        return;
      }
      var ids = order();
      if (ids.join() === before) { return; } // dropped where it was: nothing to save
      status.textContent = msg("orderSaving");
      fetch(list.dataset.orderUrl, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token ? token.content : "" },
        body: JSON.stringify({ item_ids: ids })
      }).then(function (res) {
        if (!res.ok) { throw new Error(res.status); }
        window.location.reload();
      }).catch(function () {
        status.textContent = msg("orderFailed");
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

  // A save that lost shows the page again with both texts, inside the item,
  // which may be far down the page: bring it into view and to the reader.
  var conflict = document.querySelector(".minutes-item .alert[role=alert]");
  if (conflict) { conflict.setAttribute("tabindex", "-1"); conflict.focus(); }

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
      say(msg("saving"));
      fetch(form.dataset.autosave, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token ? token.content : "" },
        body: JSON.stringify({ summary: summary ? summary.value : "", answers: answers, version: Number(version.value) })
      }).then(function (res) {
        if (res.status === 409) {
          stopped = true; changed = true;
          say(msg("conflict"));
          return null;
        }
        if (!res.ok) { var refused = new Error(res.status); refused.status = res.status; throw refused; }
        return res.json();
      }).then(function (rec) {
        if (!rec) { return; }
        version.value = rec.version;
        dirty--;
        // The times of the application are Amsterdam time, as on the pages.
        say(msg("saved") + " " + new Date().toLocaleTimeString(lang === "en" ? "en-GB" : "nl-NL",
          { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" }) + " (v" + rec.version + ")");
      }).catch(function (err) {
        changed = true;
        say(err && err.status ? msg("refused").replace("{status}", err.status) : msg("offline"));
      });
    }
    form.addEventListener("input", function () {
      if (!changed) { dirty++; }
      changed = true;
      say(msg("unsaved"));
      if (timer) { clearTimeout(timer); }
      if (!stopped) { timer = setTimeout(save, 4000); }
    });
    form.addEventListener("submit", function () { dirty = 0; stopped = true; });
  });
  // Meeting mode: a page that follows a meeting fetches its own fragments
  // (elements with data-live and an id) again when the meeting's event stream
  // says something changed. The events carry ids only; what the page shows
  // comes through its normal route, under the reader's need-to-know. A
  // fragment with a field being typed in is left alone, so nothing is lost.
  var liveRoot = document.querySelector("[data-live-events]");
  if (liveRoot && window.EventSource && window.DOMParser) {
    var pending = null;
    var busy = function (el) {
      var a = document.activeElement;
      if (a && el.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) && a.type !== "hidden") { return true; }
      return Array.prototype.some.call(el.querySelectorAll("input, textarea"), function (f) {
        return f.type !== "hidden" && f.type !== "checkbox" && f.value !== f.defaultValue;
      });
    };
    // One fetch at a time, so that an older answer never replaces a newer one.
    var inflight = false, again = false;
    var refresh = function () {
      pending = null;
      if (inflight) { again = true; return; }
      inflight = true;
      fetch(window.location.pathname + window.location.search, { credentials: "same-origin", cache: "no-store" })
        .then(function (res) {
          if (!res.ok) { throw new Error(res.status); }
          return res.text();
        }).then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          Array.prototype.forEach.call(document.querySelectorAll("[data-live][id]"), function (el) {
            var fresh = doc.getElementById(el.id);
            if (fresh && !busy(el)) { el.replaceWith(document.importNode(fresh, true)); }
          });
        }).catch(function () { /* the next event, or a reload, brings the page up to date */ })
        .then(function () {
          inflight = false;
          if (again) { again = false; refresh(); }
        });
    };
    var source = new EventSource(liveRoot.dataset.liveEvents);
    ["current", "agenda", "minutes", "presence"].forEach(function (kind) {
      source.addEventListener(kind, function () {
        if (!pending) { pending = setTimeout(refresh, 150); }
      });
    });
  }
  window.addEventListener("beforeunload", function (e) {
    if (dirty > 0) { e.preventDefault(); e.returnValue = ""; }
  });
})();
