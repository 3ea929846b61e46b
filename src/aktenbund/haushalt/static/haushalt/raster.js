// Keyboard entry in the Planansätze grid: Enter / arrow down move to the same
// column one row down, Shift+Enter / arrow up one row up. Tab keeps its usual
// meaning. Saving happens on "change" (htmx), i.e. when a cell is left.
(function () {
  "use strict";
  function move(input, step) {
    var cell = input.closest("td");
    var row = cell.parentElement;
    var column = Array.prototype.indexOf.call(row.children, cell);
    var target = row;
    do {
      target = step > 0 ? target.nextElementSibling : target.previousElementSibling;
    } while (target && !(target.children[column] && target.children[column].querySelector("input")));
    if (target) {
      var next = target.children[column].querySelector("input");
      next.focus();
      next.select();
    }
  }
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest("table.raster")) return;
    if (event.key === "Enter" || event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var up = event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey);
      move(input, up ? -1 : 1);
    }
  });
})();
