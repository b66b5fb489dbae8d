// Live reload for `nastavnik serve` (never part of a built site): asks the preview server whether
// the site was rebuilt, reloads the page after a good build, and shows the errors of a failed one
// over the page, in Russian, until the file is fixed.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? Number(me.getAttribute("data-version")) : NaN;
  var overlay = null;

  function show(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "nastavnik-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;padding:2em;font:16px/1.5 sans-serif";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "Сайт не собран: исправьте ошибки и сохраните файл";
    h.style.cssText = "margin:0 0 .5em;color:#ff8a80";
    var p = document.createElement("p");
    p.textContent = "Пока показана прошлая удачная сборка. Когда ошибки будут исправлены, страница обновится сама.";
    var pre = document.createElement("pre");
    pre.textContent = errors;
    pre.style.cssText = "white-space:pre-wrap;font:14px/1.4 monospace;background:#000;padding:1em";
    overlay.appendChild(h);
    overlay.appendChild(p);
    overlay.appendChild(pre);
  }

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function poll(wait, delay) {
    var url = "/__nastavnik/poll" + (wait ? "?v=" + version : "");
    var sent = Date.now();
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.error) {
          version = s.version;
          show(s.error);
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
