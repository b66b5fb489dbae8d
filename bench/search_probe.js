/*
 * Timing probe for bench/search_query.sh: loaded first in a copy of the bank page opened at
 * ?q=FIRST. It records every fetch of the search code (start, headers, body parsed), the moment
 * the result count is written for the first query, the next frame after it (cards on screen),
 * then submits SECOND in the same tab and times it the same way, and POSTs it all to /__report.
 */
(function () {
  'use strict';
  var t = function () { return performance.now(); };
  var fetches = [];
  var origFetch = window.fetch;
  window.fetch = function (url, opts) {
    var e = { url: String(url), start: t() };
    fetches.push(e);
    return origFetch.call(window, url, opts).then(function (r) {
      e.headers = t();
      var json = r.json.bind(r);
      r.json = function () {
        return json().then(function (v) { e.end = t(); return v; });
      };
      return r;
    });
  };
  var second = decodeURIComponent((location.hash.match(/second=([^&]*)/) || [])[1] || '');
  function report(data) {
    var x = new XMLHttpRequest();
    x.open('POST', '/__report');
    x.send(JSON.stringify(data));
  }
  function whenStatus(status, from, done) {
    var obs = new MutationObserver(function () {
      var text = status.textContent;
      if (/^(Найдено|Ничего)/.test(text)) {
        obs.disconnect();
        var at = t();
        requestAnimationFrame(function () { setTimeout(function () { done(text, at, t()); }, 0); });
      }
    });
    obs.observe(status, { childList: true, characterData: true, subtree: true });
  }
  function phase(list, from, done, painted, text) {
    var net = 0;
    var last = from;
    list.forEach(function (e) {
      if (e.end && e.end > last) last = e.end;
    });
    // Wall time with at least one fetch pending: the rest is script (parsing, scoring, DOM).
    var spans = list.filter(function (e) { return e.end; })
      .map(function (e) { return [e.start, e.end]; }).sort(function (a, b) { return a[0] - b[0]; });
    var cur = null;
    spans.forEach(function (s) {
      if (!cur || s[0] > cur[1]) { if (cur) net += cur[1] - cur[0]; cur = s.slice(); }
      else if (s[1] > cur[1]) cur[1] = s[1];
    });
    if (cur) net += cur[1] - cur[0];
    var bytes = 0;
    list.forEach(function (e) {
      var r = performance.getEntriesByName(new URL(e.url, location.href).href)[0];
      if (r) bytes += r.encodedBodySize;
    });
    return {
      status: text, start: Math.round(from), done: Math.round(done), painted: Math.round(painted),
      ms: Math.round(painted - from), requests: list.length, gzipBytes: bytes,
      fetchWallMs: Math.round(net), scriptMs: Math.round(painted - from - net),
      lastFetchToPaintMs: Math.round(painted - last),
      fetches: list.map(function (e) {
        return [e.url.replace(/^.*\/search\//, ''), Math.round(e.start), Math.round(e.headers || -1), Math.round(e.end || -1)];
      })
    };
  }
  document.addEventListener('DOMContentLoaded', function () {
    var status = document.querySelector('[data-search-status]');
    var input = document.querySelector('[data-search-input]');
    var scripts = performance.getEntriesByType('resource').filter(function (r) { return /\.js$/.test(r.name); });
    whenStatus(status, 0, function (text, done, painted) {
      // The first query starts at navigation: the page, the scripts and the index.
      var first = phase(fetches.slice(), 0, done, painted, text);
      first.scriptsGzipBytes = performance.getEntriesByType('resource')
        .filter(function (r) { return /js\/(stem|search)\.js$/.test(r.name); })
        .reduce(function (n, r) { return n + r.encodedBodySize; }, 0);
      first.firstIndexFetch = fetches.length ? Math.round(fetches[0].start) : null;
      first.domContentLoaded = Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
      first.protocol = performance.getEntriesByType('navigation')[0].nextHopProtocol;
      // Marks the search code may set (performance.mark), for finding where time goes.
      first.marks = performance.getEntriesByType('mark').map(function (m) { return [m.name, Math.round(m.startTime)]; });
      if (!second) { report({ first: first }); return; }
      var n = fetches.length;
      var from = t();
      whenStatus(status, from, function (text2, done2, painted2) {
        report({ first: first, second: phase(fetches.slice(n), from, done2, painted2, text2) });
      });
      input.value = second;
      input.form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
  });
})();
