// The browser editor's live parts: checks as the editor types (debounced, through the server's
// `check`), the preview, the pickers that add an organization or a topic, the Markdown toolbar,
// and attachments by drag and drop. The form itself works without this script.
(function () {
  "use strict";
  var form = document.querySelector("form.editor-form");
  if (!form) return;
  var status = document.getElementById("check-status");
  var preview = document.getElementById("preview");
  var timer = null;
  var running = null;
  var again = false;

  function token() {
    var t = form.querySelector("input[name=token]");
    return t ? t.value : "";
  }

  function slot(field) {
    return document.getElementById("e-" + field) || document.getElementById("e-general");
  }

  function control(field) {
    return document.getElementById("f-" + field);
  }

  function show(result) {
    var slots = form.querySelectorAll(".messages");
    for (var i = 0; i < slots.length; i++) slots[i].textContent = "";
    var invalid = form.querySelectorAll("[aria-invalid]");
    for (var j = 0; j < invalid.length; j++) invalid[j].removeAttribute("aria-invalid");
    result.diagnostics.forEach(function (d) {
      var p = document.createElement("p");
      p.className = d.severity;
      p.textContent = (d.severity === "error" ? "Ошибка: " : "Предупреждение: ") + d.message;
      if (d.hint) {
        var h = document.createElement("span");
        h.className = "hint";
        h.textContent = " " + d.hint;
        p.appendChild(h);
      }
      slot(d.field).appendChild(p);
      var c = control(d.field);
      if (c && d.severity === "error") c.setAttribute("aria-invalid", "true");
    });
    Object.keys(result.understood || {}).forEach(function (key) {
      var u = document.getElementById("u-" + key);
      if (u) u.textContent = result.understood[key];
    });
    if (preview) preview.innerHTML = result.preview;
    if (status) {
      status.textContent = result.errors
        ? "Ошибок: " + result.errors + ". Сохранить можно только черновиком."
        : result.warnings
          ? "Ошибок нет, предупреждений: " + result.warnings + "."
          : "Ошибок нет.";
    }
  }

  function check() {
    if (running) {
      again = true;
      return;
    }
    var data = new FormData(form);
    running = fetch(form.getAttribute("data-check"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Nastavnik-Token": token(), Accept: "application/json" },
    })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(show)
      .catch(function () {
        if (status) status.textContent = "Проверка не удалась: сервер не отвечает.";
      })
      .then(function () {
        running = null;
        if (again) {
          again = false;
          check();
        }
      });
  }

  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, 500);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);

  // Pickers: choosing a suggestion adds it as a line of the field's text.
  var pickers = form.querySelectorAll("[data-adds]");
  for (var k = 0; k < pickers.length; k++) {
    (function (input) {
      input.parentNode.hidden = false;
      function add() {
        var value = input.value.trim();
        if (!value) return;
        var m = /\(([^()]+)\)$/.exec(value);
        if (input.getAttribute("list") === "l-organizations") {
          if (!m) return;
          value = m[1];
        }
        var target = document.getElementById(input.getAttribute("data-adds"));
        var lines = target.value.split(/\r?\n/).filter(function (l) { return l.trim() !== ""; });
        if (lines.indexOf(value) < 0) lines.push(value);
        target.value = lines.join("\n");
        input.value = "";
        later();
      }
      input.addEventListener("change", add);
      input.addEventListener("keydown", function (e) {
        if (e.key === "Enter") {
          e.preventDefault();
          add();
        }
      });
    })(pickers[k]);
  }

  // The Markdown toolbar.
  var body = document.getElementById("f-body");
  var toolbar = form.querySelector(".toolbar");
  if (body && toolbar) {
    toolbar.hidden = false;
    var snippets = {
      h2: ["\n## ", "Заголовок", "\n"],
      h3: ["\n### ", "Подзаголовок", "\n"],
      bold: ["**", "текст", "**"],
      ul: ["\n- ", "пункт", "\n- пункт\n"],
      ol: ["\n1. ", "пункт", "\n2. пункт\n"],
      link: ["[", "текст ссылки", "](https://)"],
      table: ["\n| Столбец | Столбец |\n| --- | --- |\n| ", "значение", " | значение |\n"],
    };
    toolbar.addEventListener("click", function (e) {
      var kind = e.target.getAttribute && e.target.getAttribute("data-md");
      if (!kind) return;
      var s = snippets[kind];
      var start = body.selectionStart, end = body.selectionEnd;
      var chosen = body.value.slice(start, end) || s[1];
      body.setRangeText(s[0] + chosen + s[2], start, end, "end");
      body.focus();
      later();
    });
  }

  // Attachments: the upload form and drag and drop post the file, then list it in «Файлы».
  var upload = document.getElementById("upload-form");
  function attach(file) {
    var errors = document.getElementById("e-upload");
    errors.textContent = "Загрузка…";
    var data = new FormData();
    data.append("token", token());
    data.append("file", file);
    fetch(form.getAttribute("data-upload"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Nastavnik-Token": token(), Accept: "application/json" },
    })
      .then(function (r) { return r.json(); })
      .then(function (res) {
        if (res.error) {
          errors.textContent = "Ошибка: " + res.error;
          return;
        }
        errors.textContent = "Файл " + res.file + " добавлен. Сохраните форму, чтобы он появился на странице.";
        // The page may have become a bundle: save, check and upload go to its new address.
        form.setAttribute("action", res.edit);
        form.setAttribute("data-check", res.check);
        form.setAttribute("data-upload", res.upload);
        upload.setAttribute("action", res.upload);
        history.replaceState(null, "", res.edit);
        var list = control("attachments");
        if (list) {
          var text = list.value.replace(/\s+$/, "");
          list.value = (text ? text + "\n" : "") + "  - file: " + res.file + "\n    title: " + res.title;
        }
        later();
      })
      .catch(function () { errors.textContent = "Ошибка: файл не загружен, сервер не отвечает."; });
  }
  if (upload && form.getAttribute("data-upload")) {
    upload.addEventListener("submit", function (e) {
      var input = document.getElementById("upload-file");
      if (!input.files || !input.files.length) return;
      e.preventDefault();
      attach(input.files[0]);
      input.value = "";
    });
    var zone = upload.parentNode;
    zone.addEventListener("dragover", function (e) {
      e.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("dragging");
      var files = e.dataTransfer && e.dataTransfer.files;
      for (var i = 0; files && i < files.length; i++) attach(files[i]);
    });
  }

  check();
})();
