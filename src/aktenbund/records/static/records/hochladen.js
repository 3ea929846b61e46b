// Multi-file upload: one metadata row per chosen (or dropped) file.
// The plain <input type="file" multiple> takes the files, by click or by drop;
// this script only adds, for the i-th file, fields named "datei<i>-<feld>".
(function () {
  "use strict";
  function zeilen(input) {
    var ziel = document.getElementById(input.dataset.dateien);
    var vorlage = document.getElementById(input.dataset.vorlage);
    ziel.replaceChildren();
    Array.prototype.forEach.call(input.files, function (datei, i) {
      var teil = vorlage.content.cloneNode(true);
      teil.querySelectorAll("[data-name]").forEach(function (feld) {
        var name = "datei" + i + "-" + feld.dataset.name;
        feld.name = name;
        feld.id = "id_" + name;
      });
      teil.querySelectorAll("label[data-for]").forEach(function (label) {
        label.htmlFor = "id_datei" + i + "-" + label.dataset.for;
      });
      teil.querySelector("[data-dateiname]").textContent = datei.name;
      teil.querySelector("[data-name=titel]").value = datei.name;
      ziel.appendChild(teil);
    });
  }
  function start() {
    document.querySelectorAll("input[data-dateien]").forEach(function (input) {
      input.addEventListener("change", function () { zeilen(input); });
      ["dragenter", "dragover"].forEach(function (art) {
        input.addEventListener(art, function () { input.classList.add("ablage-aktiv"); });
      });
      ["dragleave", "drop"].forEach(function (art) {
        input.addEventListener(art, function () { input.classList.remove("ablage-aktiv"); });
      });
      if (input.files.length) { zeilen(input); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
