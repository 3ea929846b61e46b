// Uploads with a progress bar for the whole batch (XMLHttpRequest upload
// progress), and drag & drop onto [data-drop-ziel]. Without JavaScript the
// forms post normally.
(function () {
  "use strict";

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function send(form, files) {
    var stand = form.querySelector("[data-upload-stand]");
    var bar = form.querySelector("[data-upload-progress]");
    var meldung = form.querySelector("[data-upload-meldung]");
    var einzeln = form.hasAttribute("data-upload-einzeln");
    var input = form.querySelector("input[type=file]");
    var data = new FormData(form);
    if (files) {
      data.delete(input.name);
      for (var i = 0; i < files.length; i++) data.append(input.name, files[i]);
    }
    var batches = [data];
    if (einzeln) {
      // The mail drop takes one mail per request; progress covers all of them.
      var chosen = data.getAll(input.name);
      batches = chosen.map(function (file) {
        var one = new FormData(form);
        one.delete(input.name);
        one.append(input.name, file);
        return one;
      });
    }
    var total = batches.length, done = 0, fehler = [];
    stand.hidden = false;
    bar.value = 0;
    meldung.textContent = "Wird hochgeladen …";

    function next() {
      if (done === total) {
        if (fehler.length) {
          meldung.textContent = fehler.join(" ");
          bar.value = 100;
        } else {
          meldung.textContent = "Hochgeladen. Die Seite wird aktualisiert.";
          window.location.reload();
        }
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", csrf(form));
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) {
          var part = event.loaded / event.total;
          bar.value = Math.round(((done + part) / total) * 100);
          bar.textContent = bar.value + " %";
        }
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
        if (xhr.status >= 400) fehler.push(body.detail || "Das Hochladen ist fehlgeschlagen.");
        done += 1;
        next();
      };
      xhr.onerror = function () {
        fehler.push("Keine Verbindung zum Server.");
        done += 1;
        next();
      };
      xhr.send(batches[done]);
    }
    next();
  }

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files.length || !window.FormData) return;
      event.preventDefault();
      send(form, null);
    });
    var ziel = form.querySelector("[data-drop-ziel]") || form.closest("[data-mail-drop]");
    if (!ziel) return;
    ["dragenter", "dragover"].forEach(function (name) {
      ziel.addEventListener(name, function (event) {
        event.preventDefault();
        ziel.classList.add("ueber");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      ziel.addEventListener(name, function () { ziel.classList.remove("ueber"); });
    });
    ziel.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) send(form, event.dataTransfer.files);
    });
  });
})();
