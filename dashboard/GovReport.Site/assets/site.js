// Progressive enhancement only: every page reads fine without this script.
// Adds: sorting of tables (click a column header), the filters above tables, and the search page.
(function () {
  "use strict";

  function key(td) {
    if (!td) return "";
    var v = td.getAttribute("data-v");
    if (v !== null && v !== "" && !isNaN(Number(v))) return Number(v);
    return (td.textContent || "").trim();
  }

  function sortTable(table, col, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var desc = th.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", desc ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      var r;
      if (typeof x === "number" && typeof y === "number") r = x - y;
      else if (typeof x === "number") r = -1;
      else if (typeof y === "number") r = 1;
      else r = String(x).localeCompare(String(y), "zh-CN");
      return desc ? -r : r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    if (!table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.tabIndex = 0;
      th.title = "点击排序";
      th.addEventListener("click", function () { sortTable(table, i, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortTable(table, i, th); } });
    });
  });

  // Filters: each <select data-filter="attr"> keeps the rows whose data-attr (space-separated) contains the value.
  document.querySelectorAll(".filters").forEach(function (box) {
    var selects = box.querySelectorAll("select[data-filter]");
    var count = box.querySelector(".filter-count");
    function apply() {
      var shown = 0, total = 0;
      document.querySelectorAll("table.filterable tbody tr").forEach(function (tr) {
        var ok = true;
        selects.forEach(function (s) {
          if (!s.value) return;
          var have = (tr.getAttribute("data-" + s.getAttribute("data-filter")) || "").split(" ");
          if (have.indexOf(s.value) < 0) ok = false;
        });
        tr.hidden = !ok;
        total++;
        if (ok) shown++;
      });
      if (count) count.textContent = shown === total ? "" : "显示 " + shown + " / " + total + " 行";
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  });

  // Search page: the index is assets/search-index.js (a script, so it also works from file://).
  var results = document.getElementById("search-results");
  if (results && window.GR_SEARCH) {
    var input = document.getElementById("q");
    var status = document.getElementById("search-status");
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    var root = "";
    function run() {
      var q = input.value.trim().toLowerCase();
      while (results.firstChild) results.removeChild(results.firstChild);
      if (!q) { status.textContent = "输入机关或地区名称。"; return; }
      var terms = q.split(/\s+/);
      var hits = window.GR_SEARCH.filter(function (e) {
        var text = (e[0] + " " + e[1]).toLowerCase();
        return terms.every(function (t) { return text.indexOf(t) >= 0; });
      });
      hits.sort(function (a, b) {
        var ax = a[0].toLowerCase().indexOf(terms[0]) === 0 ? 0 : 1, bx = b[0].toLowerCase().indexOf(terms[0]) === 0 ? 0 : 1;
        return ax - bx || a[0].length - b[0].length || a[0].localeCompare(b[0], "zh-CN");
      });
      status.textContent = hits.length === 0 ? "没有找到“" + input.value.trim() + "”。" : "找到 " + hits.length + " 项" + (hits.length > 100 ? "，显示前 100 项" : "") + "。";
      hits.slice(0, 100).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + e[2];
        a.textContent = e[0];
        var span = document.createElement("span");
        span.className = "muted";
        span.textContent = " " + e[1];
        li.appendChild(a);
        li.appendChild(span);
        results.appendChild(li);
      });
    }
    input.addEventListener("input", run);
    run();
  }
})();
