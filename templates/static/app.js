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
})();
