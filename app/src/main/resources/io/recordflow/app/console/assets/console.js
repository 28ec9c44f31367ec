// RecordFlow review console: keyboard shortcuts, clickable rows and the schedule search. Served by the application.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("tr[data-href]").forEach(function (row) {
      row.addEventListener("click", function (e) {
        if (e.target.tagName !== "A") { window.location = row.getAttribute("data-href"); }
      });
    });
    var search = document.getElementById("category-search");
    var select = document.getElementById("category");
    if (search && select) {
      search.addEventListener("input", function () {
        var q = search.value.trim().toLowerCase();
        var first = null;
        Array.prototype.forEach.call(select.options, function (o) {
          var hit = !q || o.getAttribute("data-search").indexOf(q) >= 0;
          o.hidden = !hit;
          if (hit && !first) { first = o; }
        });
        if (first && q) { first.selected = true; }
      });
    }
    var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr"));
    var at = -1;
    function select_(i) {
      if (!rows.length) { return; }
      at = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (r, j) { r.classList.toggle("selected", j === at); });
      rows[at].scrollIntoView({ block: "nearest" });
    }
    var pendingG = false;
    document.addEventListener("keydown", function (e) {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (pendingG) {
        pendingG = false;
        if (e.key === "q") { window.location = "/queue"; }
        if (e.key === "s") { window.location = "/status"; }
        if (e.key === "d") { window.location = "/dead-letters"; }
        return;
      }
      if (e.key === "g") { pendingG = true; return; }
      if (e.key === "a") {
        var accept = document.getElementById("accept");
        if (accept) { e.preventDefault(); accept.click(); }
      } else if (e.key === "n") {
        var next = document.getElementById("next");
        if (next) { e.preventDefault(); window.location = next.getAttribute("href"); }
      } else if (e.key === "/") {
        var box = document.getElementById("category-search") || document.getElementById("search");
        if (box) { e.preventDefault(); box.focus(); }
      } else if (e.key === "j" || e.key === "ArrowDown") {
        if (rows.length) { e.preventDefault(); select_(at + 1); }
      } else if (e.key === "k" || e.key === "ArrowUp") {
        if (rows.length) { e.preventDefault(); select_(at - 1); }
      } else if (e.key === "Enter" && at >= 0) {
        window.location = rows[at].getAttribute("data-href");
      }
    });
  });
})();
