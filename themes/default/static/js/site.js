/* nastavnik default theme: progressive enhancements only (ES2017, loaded with defer).
   Every page works without this file. */
(function () {
  "use strict";

  const root = document.documentElement;

  /* ---- Version for the visually impaired (ГОСТ Р 52872-2019) ----
     Settings: one localStorage key, shown as data- attributes on <html>. The inline script
     in base.html applies them before the first paint; this code keeps them in sync. */
  const KEY = "nastavnik-a11y";
  const ALLOWED = {
    fs: ["100", "150", "200"],
    scheme: ["bw", "wb", "blue"],
    img: ["on", "off"],
    ls: ["normal", "wide", "widest"],
    lh: ["normal", "wide", "widest"],
    panel: ["open", "closed"],
  };
  /* The settings panel starts closed (open, it pushes the page down by a screen on a phone at
     200 %); the reader's choice is kept, also across switching the version off and on. */
  const DEFAULTS = { fs: "150", scheme: "bw", img: "on", ls: "normal", lh: "normal", panel: "closed" };

  /* The panel choice stored while the version is off ({panel} without `on`). */
  function storedPanel() {
    try {
      const s = JSON.parse(localStorage.getItem(KEY));
      return s && ALLOWED.panel.indexOf(s.panel) >= 0 ? s.panel : DEFAULTS.panel;
    } catch (e) {
      return DEFAULTS.panel;
    }
  }

  function load() {
    try {
      const s = JSON.parse(localStorage.getItem(KEY));
      return s && s.on ? s : null;
    } catch (e) {
      return null;
    }
  }

  function save(s) {
    try {
      if (s) localStorage.setItem(KEY, JSON.stringify(s));
      else localStorage.removeItem(KEY);
    } catch (e) {
      /* Storage may be disabled: the choice then lasts until the next page. */
    }
  }

  /* Only known values reach the DOM, whatever is in storage. */
  function normalize(s) {
    if (!s) return null;
    const out = { on: true };
    Object.keys(ALLOWED).forEach((k) => {
      out[k] = ALLOWED[k].indexOf(s[k]) >= 0 ? s[k] : DEFAULTS[k];
    });
    return out;
  }

  function apply(s) {
    Object.keys(ALLOWED).forEach((k) => {
      if (s) root.setAttribute("data-" + k, s[k]);
      else root.removeAttribute("data-" + k);
    });
    if (s) root.setAttribute("data-a11y", "on");
    else root.removeAttribute("data-a11y");
    document.querySelectorAll(".a11y-panel [data-key]").forEach((b) => {
      const current = s ? s[b.dataset.key] : "";
      b.setAttribute("aria-pressed", String(current === b.dataset.value));
    });
    const more = document.querySelector("[data-a11y-panel]");
    if (more) more.setAttribute("aria-expanded", String(!!s && s.panel === "open"));
  }

  let settings = normalize(load());
  apply(settings);

  document.addEventListener("click", (ev) => {
    const target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;
    const toggle = target.closest(".a11y-toggle");
    const option = target.closest(".a11y-panel [data-key]");
    const off = target.closest("[data-a11y-off]");
    const more = target.closest("[data-a11y-panel]");
    if (toggle) {
      settings = normalize(Object.assign({}, DEFAULTS, { panel: storedPanel() }));
      save(settings);
      apply(settings);
      document.getElementById("a11y-panel").focus();
    } else if (option) {
      settings = normalize(settings || DEFAULTS);
      settings[option.dataset.key] = option.dataset.value;
      save(settings);
      apply(settings);
    } else if (more && settings) {
      settings.panel = settings.panel === "open" ? "closed" : "open";
      save(settings);
      apply(settings);
    } else if (off) {
      const panel = settings ? settings.panel : DEFAULTS.panel;
      settings = null;
      save({ panel: panel });
      apply(null);
      const t = document.querySelector(".a11y-toggle");
      if (t) t.focus();
    }
  });

  /* Another tab changed the setting: follow it. */
  window.addEventListener("storage", (ev) => {
    if (ev.key === KEY) {
      settings = normalize(load());
      apply(settings);
    }
  });

  /* ---- Home page: upcoming vs past with the reader's date ----
     The build date is the truth without JavaScript. When today is later, cards whose last day
     has passed move to the top of «Прошедшие мероприятия» (newest first, at most 6). */
  const pad = (n) => (n < 10 ? "0" : "") + n;
  const now = new Date();
  const today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  const upcoming = document.querySelector("[data-upcoming]");
  const recent = document.querySelector("[data-recent]");
  if (upcoming && recent && today > (upcoming.getAttribute("data-build-date") || today)) {
    const upList = upcoming.querySelector(".cards");
    const pastList = recent.querySelector(".cards");
    if (upList && pastList) {
      upList.querySelectorAll(":scope > li").forEach((li) => {
        const card = li.querySelector("[data-last-day]");
        if (card && card.getAttribute("data-last-day") < today) {
          pastList.insertBefore(li, pastList.firstChild);
        }
      });
      while (pastList.children.length > 6) pastList.removeChild(pastList.lastElementChild);
      if (!upList.children.length) {
        upList.hidden = true;
        const empty = upcoming.querySelector("[data-empty]");
        if (empty) empty.hidden = false;
      }
      if (pastList.children.length) recent.hidden = false;
    }
  }

  /* ---- Wide tables from Markdown: a labelled, focusable scroll container ---- */
  document.querySelectorAll(".prose table").forEach((table) => {
    if (table.parentElement.classList.contains("table-scroll")) return;
    const box = document.createElement("div");
    const caption = table.querySelector("caption");
    box.className = "table-scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute(
      "aria-label",
      (caption ? caption.textContent.trim() + ". " : "") + "Таблица, прокручивается по горизонтали"
    );
    table.parentElement.insertBefore(box, table);
    box.appendChild(table);
  });

  /* ---- Facets: collapsed on phones and with large type so results come first ---- */
  const narrow = window.matchMedia && window.matchMedia("(max-width: 59.99em)").matches;
  if (narrow || (settings && settings.fs !== "100")) {
    document.querySelectorAll(".facet[open]").forEach((d) => d.removeAttribute("open"));
  }
})();

/* The header search loads its two scripts on first use (focus or typing), so pages other than
   the practice bank, where they load at once, stay light. What was typed meanwhile is searched
   as soon as they arrive. */
(function () {
  const form = document.querySelector("form[data-search-scripts]");
  if (!form || document.querySelector('script[src*="js/search.js"]')) return;
  const input = form.querySelector('input[name="q"]');
  if (!input) return;
  let started = false;
  const load = () => {
    if (started) return;
    started = true;
    const urls = form.getAttribute("data-search-scripts").split(" ");
    const next = (i) => {
      if (i >= urls.length) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
        return;
      }
      const script = document.createElement("script");
      script.src = urls[i];
      script.onload = () => next(i + 1);
      document.head.appendChild(script);
    };
    next(0);
  };
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
})();
