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

  // Autosave of the minutes: a record form saves itself when a field loses
  // focus, a few seconds after typing stops, before any other form of the
  // page is sent, and when the page is left. A save that lost to someone
  // else's stops autosaving and asks for an explicit save, which shows both
  // texts. Only text that could not be sent makes the browser ask before
  // leaving.
  var records = [];
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), function (form) {
    var state = form.querySelector(".save-state");
    var version = form.querySelector('input[name="version"]');
    var r = { form: form, changed: false, stopped: false, failed: false, inflight: null, timer: null };
    records.push(r);
    function say(text) { if (state) { state.textContent = text; } }
    function body() {
      var answers = {};
      Array.prototype.forEach.call(form.querySelectorAll('[name^="answers."]'), function (el) {
        answers[el.name.slice(8)] = el.value;
      });
      var summary = form.querySelector('[name="summary"]');
      return JSON.stringify({ summary: summary ? summary.value : "", answers: answers, version: Number(version.value) });
    }
    // save sends the form when it changed; it returns a promise that is
    // resolved with true once the text is stored (or nothing needed saving).
    r.save = function (keepalive) {
      if (r.timer) { clearTimeout(r.timer); r.timer = null; }
      if (r.inflight) {
        // A save is on its way: when it is done, save what was typed since.
        return r.inflight.then(function (ok) { return ok && r.save(keepalive); });
      }
      if (r.stopped || !r.changed) { return Promise.resolve(!r.stopped); }
      r.changed = false;
      say(msg("saving"));
      var data = body();
      // keepalive lets the save finish when the page is left meanwhile
      // (browsers allow it for bodies up to 64 kB).
      r.inflight = fetch(form.dataset.autosave, {
        method: "PUT", credentials: "same-origin", keepalive: keepalive || data.length < 60000,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token ? token.content : "" },
        body: data
      }).then(function (res) {
        if (res.status === 409) {
          r.stopped = true; r.changed = true; r.failed = true;
          say(msg("conflict"));
          return false;
        }
        if (!res.ok) { var refused = new Error(res.status); refused.status = res.status; throw refused; }
        return res.json().then(function (rec) {
          version.value = rec.version;
          r.failed = false;
          // The times of the application are Amsterdam time, as on the pages.
          say(msg("saved") + " " + new Date().toLocaleTimeString(lang === "en" ? "en-GB" : "nl-NL",
            { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" }) + " (v" + rec.version + ")");
          return true;
        });
      }).catch(function (err) {
        r.changed = true; r.failed = true;
        say(err && err.status ? msg("refused").replace("{status}", err.status) : msg("offline"));
        return false;
      }).then(function (ok) { r.inflight = null; return ok; });
      return r.inflight;
    };
    form.addEventListener("input", function () {
      r.changed = true;
      say(msg("unsaved"));
      if (r.timer) { clearTimeout(r.timer); }
      if (!r.stopped) { r.timer = setTimeout(function () { r.save(false); }, 4000); }
    });
    // A choice saves at once; a text when it loses focus — except to the
    // form's own save button, which sends the form itself.
    form.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") { r.save(false); } });
    form.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (to && to.form === form && to.type === "submit") { return; }
      r.save(false);
    });
    form.addEventListener("submit", function (e) {
      if (r.inflight) {
        // An autosave is on its way: send the form with the version it brings.
        e.preventDefault();
        r.inflight.then(function () {
          r.stopped = true; r.changed = false; r.failed = false;
          if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        });
        return;
      }
      // The form itself carries the text now: nothing to ask when leaving.
      r.stopped = true; r.changed = false; r.failed = false;
    });
  });
  function pending() {
    return records.filter(function (r) { return r.changed || r.inflight; });
  }
  // Another form of the page (a decision, an action, the attendance) waits
  // until the typed text is saved; when that fails, it is not sent, so that
  // the text stays in the page.
  var releasing = false;
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (releasing || form.hasAttribute("data-autosave") || !pending().length) { return; }
    e.preventDefault();
    var submitter = e.submitter;
    Promise.all(pending().map(function (r) { return r.save(false); })).then(function (oks) {
      if (oks.indexOf(false) >= 0) {
        var failed = records.filter(function (r) { return r.failed; })[0];
        var st = failed && failed.form.querySelector(".save-state");
        if (st) { st.setAttribute("tabindex", "-1"); st.focus(); }
        return;
      }
      releasing = true;
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
      releasing = false;
    });
  }, true);
  // On a phone a wide table scrolls inside its own box (see app.css); such a
  // box must be reachable with the keyboard, so it joins the tab order.
  // A table is checked again whenever its box changes size (late styles or
  // fonts, a narrower window) and when meeting mode replaces it.
  var scrollBox = function (t) {
    if (t.scrollWidth > t.clientWidth + 1) { t.setAttribute("tabindex", "0"); } else { t.removeAttribute("tabindex"); }
  };
  var boxWatch = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (e) { scrollBox(e.target); });
  }) : null;
  function scrollBoxes() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (t) {
      scrollBox(t);
      if (boxWatch) { boxWatch.observe(t); }
    });
  }
  scrollBoxes();
  window.addEventListener("resize", scrollBoxes);
  window.addEventListener("load", scrollBoxes);

  // Meeting mode: a page that follows a meeting fetches its own fragments
  // (elements with data-live and an id) again when the meeting's event stream
  // says something changed. The events carry ids only; what the page shows
  // comes through its normal route, under the reader's need-to-know. A
  // fragment with a field being typed in is left alone, so nothing is lost.
  var liveRoot = document.querySelector("[data-live-events]");
  if (liveRoot && window.EventSource && window.DOMParser) {
    var livePending = null;
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
      livePending = null;
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
            // An unchanged fragment stays as it is: replacing it would take
            // away the link or button under a pointer in mid-click.
            if (fresh && !busy(el) && !el.isEqualNode(fresh)) { el.replaceWith(document.importNode(fresh, true)); }
          });
          scrollBoxes();
        }).catch(function () { /* the next event, or a reload, brings the page up to date */ })
        .then(function () {
          inflight = false;
          if (again) { again = false; refresh(); }
        });
    };
    // The minutes page of the one who records follows the chair: when the
    // current item changes, it opens that item's record (scrolls to it and
    // puts the cursor in its summary). Nothing is reloaded, so text typed
    // anywhere stays; the field that loses the cursor saves itself (autosave
    // above). While someone is typing, the move waits until they pause.
    var follow = document.querySelector("[data-follow]");
    var lastTyped = 0, followTimer = null;
    document.addEventListener("input", function () { lastTyped = Date.now(); }, true);
    var followTo = function (id) {
      if (followTimer) { clearTimeout(followTimer); followTimer = null; }
      var section = document.getElementById("item-" + id);
      if (!section) { return; } // not on this page (yet): the refreshed link shows where
      var wait = 1500 - (Date.now() - lastTyped);
      if (wait > 0) { followTimer = setTimeout(function () { followTo(id); }, wait); return; }
      Array.prototype.forEach.call(document.querySelectorAll(".minutes-item[aria-current]"), function (el) {
        el.removeAttribute("aria-current");
      });
      section.setAttribute("aria-current", "step");
      if (window.history && history.replaceState) { history.replaceState(null, "", "#item-" + id); }
      var field = document.getElementById("summary-" + id);
      if (!field) { field = section.querySelector("h2"); field.setAttribute("tabindex", "-1"); }
      section.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    };
    if (follow && !window.location.hash && Number(follow.dataset.follow)) { followTo(Number(follow.dataset.follow)); }
    // The stream starts after the newest event the page was rendered with;
    // a reconnecting browser sends the last id it heard itself.
    var url = liveRoot.dataset.liveEvents;
    if (liveRoot.dataset.liveAfter) { url += "?after=" + encodeURIComponent(liveRoot.dataset.liveAfter); }
    var source = new EventSource(url);
    ["current", "agenda", "minutes", "presence"].forEach(function (kind) {
      source.addEventListener(kind, function (e) {
        // The recorder's minutes page has only the current item to bring up
        // to date; its own saves need no fetch of the page.
        if (follow && kind !== "current") { return; }
        if (!livePending) { livePending = setTimeout(refresh, 150); }
        if (kind === "current" && follow) {
          try { followTo(JSON.parse(e.data).ref); } catch (err) { /* an unreadable event: the page's link still leads there */ }
        }
      });
    });
  }
  window.addEventListener("beforeunload", function (e) {
    var left = pending();
    left.forEach(function (r) { if (r.changed && !r.stopped) { r.save(true); } });
    // Sent (or on its way) with keepalive: the browser finishes it after the
    // page is gone. Ask only for text that could not be sent.
    if (records.some(function (r) { return r.failed || (r.changed && r.stopped); })) {
      e.preventDefault(); e.returnValue = "";
    }
  });
})();
