// Live reload for `nastavnik serve` (never part of a built site): asks the preview server whether
// the site was rebuilt, reloads the page after a good build, and shows the errors of a failed one
// over the page, in Russian, until the file is fixed.
//
// The overlay is a modal alert dialog: screen readers announce it (its title and the first line
// of advice) when it opens and focus moves into it; Tab stays inside it; Escape or the «Скрыть» button closes it and
// gives focus back, and the next failed build opens it again. Its colours are opaque, with
// contrast above 7:1, so the page behind cannot wash the text out.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? Number(me.getAttribute("data-version")) : NaN;
  var overlay = null;
  var shownFor = null;
  var focusBefore = null;

  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }

  function show(errors, buildVersion) {
    if (shownFor === buildVersion) return;
    shownFor = buildVersion;
    if (!overlay) {
      focusBefore = document.activeElement;
      overlay = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:#141414;color:#fff;padding:2em;font:16px/1.5 sans-serif;text-align:left");
      overlay.id = "nastavnik-errors";
      overlay.lang = "ru";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.setAttribute("aria-labelledby", "nastavnik-errors-title");
      overlay.setAttribute("aria-describedby", "nastavnik-errors-advice");
      overlay.tabIndex = -1;
      overlay.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { e.preventDefault(); hide(); }
        // A modal keeps the keyboard inside: its one control is the close button.
        if (e.key === "Tab") { e.preventDefault(); overlay.querySelector("button").focus(); }
      });
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var style = el("style");
    style.textContent = "#nastavnik-errors button:focus-visible{outline:3px solid #ffd54f;outline-offset:2px}";
    var close = el("button", "float:right;margin:0 0 1em 1em;padding:.4em 1em;font:inherit;" +
      "color:#141414;background:#fff;border:2px solid #fff;border-radius:4px;cursor:pointer",
      "Скрыть");
    close.type = "button";
    close.setAttribute("aria-label", "Скрыть сообщение об ошибках");
    close.addEventListener("click", hide);
    var h = el("h2", "margin:0 0 .5em;color:#ff9e80;font-size:1.5em",
      "Сайт не собран: исправьте ошибки и сохраните файл");
    h.id = "nastavnik-errors-title";
    h.tabIndex = -1;
    var p = el("p", "margin:0 0 1em",
      "Пока показана прошлая удачная сборка. Когда ошибки будут исправлены, страница обновится сама.");
    p.id = "nastavnik-errors-advice";
    var pre = el("pre", "white-space:pre-wrap;font:15px/1.45 monospace;background:#000;" +
      "color:#fff;padding:1em;margin:0;border:1px solid #555", errors);
    overlay.appendChild(style);
    overlay.appendChild(close);
    overlay.appendChild(h);
    overlay.appendChild(p);
    overlay.appendChild(pre);
    // Focus on the title: a screen reader reads the dialog's name and advice, and Tab reaches
    // the close button next. A new failed build moves it there again, so it is announced again.
    h.focus();
  }

  function hide() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (focusBefore && focusBefore.focus && document.contains(focusBefore)) focusBefore.focus();
    focusBefore = null;
  }

  function poll(wait, delay) {
    var url = "/__nastavnik/poll" + (wait ? "?v=" + version : "");
    var sent = Date.now();
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.error) {
          version = s.version;
          show(s.error, s.version);
        } else if (s.version !== version) {
          hide();
          location.reload();
          return;
        }
        // The server answers at once when too many pages already wait: then ask again in a
        // second instead of at once, so many open tabs do not flood it.
        var quick = Date.now() - sent < 1000;
        setTimeout(function () { poll(true, 0); }, quick ? 1000 : 0);
      })
      .catch(function () {
        // The server is restarting or gone: try again, less and less often.
        var next = Math.min((delay || 500) * 2, 10000);
        setTimeout(function () { poll(false, next); }, next);
      });
  }

  poll(false, 0);
})();
