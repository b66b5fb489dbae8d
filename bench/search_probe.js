/*
 * Timing probe for bench/search_query.sh: loaded first in a copy of the bank page opened at
 * ?q=FIRST (or, with #typed=FIRST, opened without a query, FIRST then being submitted in the
 * field once the page has loaded and rested). It records every fetch of the search code (start,
 * headers, body parsed), the moment the result count is written for the first query, the next
 * frame after it (cards on screen), then submits SECOND in the same tab and times it the same
 * way, and POSTs it all to /__report.
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
  // #typed=QUERY: the page is opened without a query; once it has loaded and read the index's
  // meta.json and facets.json (which the bank page does on load), and has rested, QUERY is
  // submitted in the field, as a reader types a first search.
  var typed = decodeURIComponent((location.hash.match(/typed=([^&]*)/) || [])[1] || '');
  function report(data) {
    var x = new XMLHttpRequest();
    x.open('POST', '/__report');
    x.send(JSON.stringify(data));
  }
  function whenStatus(status, from, done) {
    var obs = new MutationObserver(function () {
      var text = status.textContent;
      if (/^(Найдено|Ничего|Материалов)/.test(text)) {
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
    var spans = list.filter(function (e) { return e.end && e.start >= from; })
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
  function submit(input, q) {
    input.value = q;
    input.form.dispatchEvent(new Event('submit', { cancelable: true }));
  }
  document.addEventListener('DOMContentLoaded', function () {
    var status = document.querySelector('[data-search-status]');
    var input = document.querySelector('[data-search-input]');
    // The first query timed from `from` (navigation, or the typed submit), then the second.
    function measure(from) {
      whenStatus(status, from, function (text, done, painted) {
        var first = phase(fetches.slice(), from, done, painted, text);
        first.scriptsGzipBytes = performance.getEntriesByType('resource')
          .filter(function (r) { return /js\/(stem|search)\.js(\?|$)/.test(r.name); })
          .reduce(function (n, r) { return n + r.encodedBodySize; }, 0);
        // Where the search starts: its first index request, or the typed submit.
        first.firstIndexFetch = typed ? Math.round(from) : (fetches.length ? Math.round(fetches[0].start) : null);
        first.domContentLoaded = Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
        first.protocol = performance.getEntriesByType('navigation')[0].nextHopProtocol;
        first.mode = typed ? 'typed' : 'url';
        // Marks the search code may set (performance.mark), for finding where time goes.
        first.marks = performance.getEntriesByType('mark').map(function (m) { return [m.name, Math.round(m.startTime)]; });
        if (!second) { report({ first: first }); return; }
        var n = fetches.length;
        var from2 = t();
        whenStatus(status, from2, function (text2, done2, painted2) {
          report({ first: first, second: phase(fetches.slice(n), from2, done2, painted2, text2) });
        });
        submit(input, second);
      });
    }
    if (!typed) {
      // The first query starts at navigation: the page, the scripts and the index.
      measure(0);
      return;
    }
    window.addEventListener('load', function () {
      var waited = 0;
      (function idle() {
        var loaded = fetches.filter(function (e) { return /(meta|facets)\.json$/.test(e.url) && e.end; }).length;
        if (loaded < 2 && waited < 5000) {
          waited += 50;
          setTimeout(idle, 50);
          return;
        }
        setTimeout(function () {
          var from = t();
          measure(from);
          submit(input, typed);
        }, 500);
      })();
    });
  });
})();
