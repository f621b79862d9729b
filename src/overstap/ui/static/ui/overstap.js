// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  function markCurrent(code) {
    document.querySelectorAll(".ovs-matrix [data-code]").forEach(function (link) {
      if (code && link.getAttribute("data-code") === code) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  // A table stacks into rows on a phone (overstap.css); each cell then shows its column's name from data-label.
  function labelCells(root) {
    root.querySelectorAll("table.ovs-table").forEach(function (table) {
      var names = Array.prototype.map.call(table.querySelectorAll("thead tr:last-child th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && names[column] !== undefined) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  function enhance(root) {
    labelCells(root);
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    // After a refused form, start at the list of what to fix (it links to each field).
    var summary = document.getElementById("foutmeldingen");
    if (summary) { summary.focus(); }
  });

  // A line of the summary that leads to a group of choices (radio buttons) puts focus on its first choice.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#foutmeldingen a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target || target.matches("input, select, textarea, button")) { return; }
    var first = target.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { event.preventDefault(); first.focus(); }
  });

  // Rows that htmx puts in a table get their column names too.
  document.addEventListener("htmx:afterSwap", function (event) {
    labelCells(document);
  });

  // A printed handout shows the explanations that are folded away on screen.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.ovs-legend").forEach(function (details) { details.open = true; });
  });

  // After the guidance panel was replaced: mark the chosen arrow or block, update the title, and move focus to
  // the new heading so keyboard and screen-reader users land on what they asked for.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "begeleiding") { return; }
    var panel = target.querySelector(".ovs-panel");
    if (panel) {
      markCurrent(panel.getAttribute("data-code"));
      if (panel.getAttribute("data-title")) { document.title = panel.getAttribute("data-title"); }
    }
    enhance(target);
    var heading = target.querySelector("#guide-title");
    if (heading) { heading.focus({ preventScroll: false }); }
  });

  // Glossary explanations: Escape hides an open explanation (WCAG 1.4.13, dismissable).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var active = document.activeElement;
    if (active && active.classList.contains("ovs-term__link")) {
      active.parentElement.classList.add("ovs-term--dismissed");
    }
  });
  document.addEventListener("focusout", function (event) {
    var term = event.target.closest && event.target.closest(".ovs-term");
    if (term) { term.classList.remove("ovs-term--dismissed"); }
  });
})();
