/*
 * Search of the practice bank, in the browser, over the static index the build writes to
 * search/ (see src/search/format.rs and docs/search.md).
 *
 * The query is turned into terms as src/search/morph.rs turned the text into terms: each word
 * (normalised by stem.js) into its lemmas, read from the forms the build ships in the shard
 * of the word (t/KEY.json "f": the forms of every lemma of the site), or, for a word that is
 * no form of a lemma of the site, its Snowball stem (stem.js). Then: stop words (listed by
 * meta.json) are dropped; phrases of the site's synonym groups (turned into terms by the
 * build) may be satisfied by any phrase of their group; the last word, while it is being
 * typed, also matches as a prefix. Each word (or synonym
 * phrase) must be found (AND); when no document has them all, the documents with most of them
 * are the results (see evaluate). The score is BM25: the build stored each posting's
 * field-weighted term-frequency part, this file multiplies it by the IDF.
 *
 * Plain ES2017, no modules, no other hosts. Without JavaScript the header form still leads to
 * the bank page, which says in a <noscript> note that word search needs JavaScript and points
 * to its static facet pages, which stay fully browsable. The pure query logic is
 * exported for the Node tests (tests/js/search.test.js).
 */
(function (root) {
  'use strict';

  var Stem = (typeof module !== 'undefined' && module.exports)
    ? require('./stem.js')
    : root.NastavnikStem;

  var PAGE = 20;
  var DEBOUNCE_MS = 150;
  /* A typed query left alone this long is settled: it keeps its own history entry. */
  var SETTLE_MS = 1500;
  /* Prefix matches taken for the word being typed: the most common ones, so that typing
     stays cheap on a big index. */
  var PREFIX_TERMS = 3;
  var SYNONYM_WEIGHT = 0.8;
  var PREFIX_WEIGHT = 0.9;

  /* ---------- pure query logic ---------- */

  // Words of the query: normalised, stop words dropped, each with its stem and its terms (the
  // stem until Index.resolve has looked the word up among the site's forms). `typing` tells
  // whether the last word may still grow (no space or punctuation after it); a submitted query
  // (Enter, a URL) is never typing, whatever its last character. `blank`: the text has
  // characters but no word to search for (only stop words and punctuation).
  function parseQuery(text, stop) {
    text = String(text || '');
    var stops = {};
    (stop || []).forEach(function (w) { stops[w] = true; });
    var words = Stem.tokens(text).filter(function (w) { return !stops[w]; })
      .map(function (w) { var st = Stem.stem(w); return { norm: w, stem: st, terms: [st] }; });
    var typing = words.length > 0 && Stem.tokens(text.slice(-1)).length > 0;
    return { words: words, typing: typing, blank: !words.length && text.trim() !== '' };
  }

  // One word of a synonym phrase as meta.json gives it: its terms (a list), or one term.
  function termList(x) {
    return Array.isArray(x) ? x : [x];
  }

  // Whether two lists of terms have one in common.
  function shares(a, b) {
    for (var i = 0; i < a.length; i++) if (b.indexOf(a[i]) !== -1) return true;
    return false;
  }

  // Whether the query words from `from` on are the words of `phrase` (each sharing a term).
  function phraseAt(words, phrase, from) {
    for (var i = 0; i < phrase.length; i++) {
      if (!shares(words[from + i].terms, termList(phrase[i]))) return false;
    }
    return true;
  }

  function wordsText(words, from, n) {
    return words.slice(from, from + n).map(function (w) { return w.norm; }).join(' ');
  }

  // Clauses of a parsed query: each is a list of alternatives, each alternative a list of
  // words that must all be found (`terms`: per word, the list of its terms, any of which will
  // do), with a weight. A run of words equal to a phrase of a synonym group (longest first)
  // becomes one clause whose alternatives are the group's phrases.
  function clauses(parsed, synonyms) {
    var words = parsed.words;
    var out = [];
    var i = 0;
    while (i < words.length) {
      var best = null;
      (synonyms || []).forEach(function (group, g) {
        group.forEach(function (phrase, p) {
          if (phrase.length && i + phrase.length <= words.length && phraseAt(words, phrase, i) &&
              (!best || phrase.length > best.phrase.length)) {
            best = { group: group, phrase: phrase, file: 's/' + g + '-' + p + '.json' };
          }
        });
      });
      if (best) {
        out.push({
          words: best.phrase.length,
          text: wordsText(words, i, best.phrase.length),
          // The clause's scores, computed by the build (see Index.search), when the index
          // has them; `group` alternatives are the ones they stand for.
          file: best.file,
          group: best.group.length,
          alts: best.group.map(function (p) {
            return { terms: p.map(termList), weight: p === best.phrase ? 1 : SYNONYM_WEIGHT };
          })
        });
        i += best.phrase.length;
      } else {
        out.push({ words: 1, text: wordsText(words, i, 1), alts: [{ terms: [words[i].terms.slice()], weight: 1 }] });
        i += 1;
      }
    }
    var last = parsed.words[parsed.words.length - 1];
    if (parsed.typing && out.length && out[out.length - 1].words === 1) {
      // The word being typed: see evaluate for what it does while it matches nothing yet.
      out[out.length - 1].typing = true;
      if (last.norm.length >= 2) out[out.length - 1].prefix = last.norm;
    }
    return out;
  }

  function idf(docs, df) {
    return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
  }

  // Scores documents. `postings(stem)` gives the flat posting array of a stem or null; ids are
  // below `docs`. For a clause with a `file`, `postings(file)` may give instead the clause's
  // scores as the build computed them from the postings of its first `group` alternatives
  // ({v: scores, p: [delta, index into v, …]}, see synonym_clause_json in format.rs), which
  // then stand for those alternatives. Returns {hits, partial, absent}: `hits` are [{id, score, matched}] by id, the
  // documents satisfying every clause; when no document does, `partial` is set and `hits` are
  // the documents satisfying some clauses, `matched` telling how many (results then go by that
  // first). A reader who types a whole question («как адаптировать молодого педагога в детском
  // саду») should get the write-ups that have most of its words, not «Ничего не найдено»
  // because one word («адаптировать») is in no text. `absent` lists the clauses no document
  // has, so the page can say which words found nothing; the word still being typed («д» on the
  // way to «детский») is not one of them: while it matches nothing it is left out, so the
  // results do not turn partial at every pause in typing. Scores live in typed arrays indexed
  // by id: a common word has postings in thousands of documents, and objects keyed by id were
  // most of the time of a query.
  function evaluate(cls, postings, docs, scale) {
    var none = { hits: [], partial: false, absent: [] };
    if (!cls.length) return none;
    var total = new Float64Array(docs);
    var matched = new Uint16Array(docs);
    var best = new Float64Array(docs);
    var score = null;
    var hits = null;
    var absent = [];
    var need = cls.length;
    for (var c = 0; c < cls.length; c++) {
      best.fill(-1);
      var alts = cls[c].alts;
      var first = 0;
      var pre = cls[c].file ? postings(cls[c].file) : null;
      if (pre) {
        first = cls[c].group;
        var pid = 0;
        for (var pi = 0; pi + 1 < pre.p.length; pi += 2) {
          pid += pre.p[pi];
          if (pid < docs) best[pid] = pre.v[pre.p[pi + 1]];
        }
      }
      for (var a = first; a < alts.length; a++) {
        var alt = alts[a];
        var n = alt.terms.length;
        if (!n) continue;
        if (n === 1) {
          // One word, the usual case: the postings of each of its terms (its lemmas) go
          // straight into the clause's best.
          for (var t1 = 0; t1 < alt.terms[0].length; t1++) {
            var one = postings(alt.terms[0][t1]);
            if (!one) continue;
            var w1 = idf(docs, one.length >> 1) * alt.weight / scale;
            var id1 = 0;
            for (var i1 = 0; i1 + 1 < one.length; i1 += 2) {
              id1 += one[i1];
              if (id1 < docs && w1 * one[i1 + 1] > best[id1]) best[id1] = w1 * one[i1 + 1];
            }
          }
          continue;
        }
        // A phrase of a synonym group: every one of its words must be in the document.
        if (!score) {
          score = new Float64Array(docs);
          hits = new Uint16Array(docs);
        } else {
          score.fill(0);
          hits.fill(0);
        }
        var complete = true;
        for (var s = 0; s < n && complete; s++) {
          // A word of the phrase is found by any of its terms (each document counted once).
          var any = false;
          for (var t = 0; t < alt.terms[s].length; t++) {
            var flat = postings(alt.terms[s][t]);
            if (!flat) continue;
            any = true;
            var w = idf(docs, flat.length >> 1) * alt.weight / scale;
            var id = 0;
            for (var i = 0; i + 1 < flat.length; i += 2) {
              id += flat[i];
              if (id < docs && hits[id] === s) {
                hits[id] = s + 1;
                score[id] += w * flat[i + 1];
              }
            }
          }
          if (!any) complete = false;
        }
        if (!complete) continue;
        for (var d = 0; d < docs; d++) {
          if (hits[d] === n && score[d] > best[d]) best[d] = score[d];
        }
      }
      var found = false;
      for (var e = 0; e < docs; e++) {
        if (best[e] >= 0) {
          matched[e]++;
          total[e] += best[e];
          found = true;
        }
      }
      if (!found) {
        if (cls[c].typing) need--;
        else if (!absent.some(function (x) { return x.text === cls[c].text; })) absent.push(cls[c]);
      }
    }
    var most = 0;
    for (var m = 0; m < docs; m++) if (matched[m] > most) most = matched[m];
    if (!most) return { hits: [], partial: false, absent: absent };
    var partial = most < need;
    var out = [];
    for (var k = 0; k < docs; k++) {
      if (partial ? matched[k] > 0 : matched[k] === need) {
        out.push({ id: k, score: total[k], matched: matched[k] });
      }
    }
    return { hits: out, partial: partial, absent: absent };
  }

  // Whether result `a` goes before `b`: more clauses matched (see evaluate), then, by
  // relevance, the higher score; then newest (ids are given newest first).
  function before(a, b, mode) {
    var ma = a.matched || 0;
    var mb = b.matched || 0;
    if (ma !== mb) return ma > mb;
    if (mode !== 'new' && b.score !== a.score) return a.score > b.score;
    return a.id < b.id;
  }

  function compare(mode) {
    return function (a, b) { return before(a, b, mode) ? -1 : before(b, a, mode) ? 1 : 0; };
  }

  // All results in order.
  function sortResults(results, mode) {
    return results.slice().sort(compare(mode));
  }

  // The first `k` results in order, without sorting the rest: a first query on a big index
  // has thousands of results and shows twenty.
  function topResults(results, mode, k) {
    if (k <= 0) return [];
    if (k >= results.length) return sortResults(results, mode);
    var top = [];
    for (var i = 0; i < results.length; i++) {
      var r = results[i];
      if (top.length === k && !before(r, top[k - 1], mode)) continue;
      var lo = 0;
      var hi = top.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (before(r, top[mid], mode)) hi = mid; else lo = mid + 1;
      }
      top.splice(lo, 0, r);
      if (top.length > k) top.pop();
    }
    return top;
  }

  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

  var DIGIT_VALUE = (function () {
    var t = new Int8Array(128);
    for (var i = 0; i < DIGITS.length; i++) t[DIGITS.charCodeAt(i)] = i;
    return t;
  })();

  // One facet column: per document, its value ids (fixed-width base-64 digits, documents
  // separated by commas), read into two typed arrays, document `id`'s values being
  // vals[start[id]] … vals[start[id + 1] - 1]: ten thousand small arrays took most of a first
  // query's script time.
  function parseColumn(col, w) {
    var docs = 1;
    for (var i = 0; i < col.length; i++) if (col.charCodeAt(i) === 44) docs++;
    var start = new Uint32Array(docs + 1);
    var vals = new Uint32Array(col.length);
    var d = 0;
    var n = 0;
    var p = 0;
    var most = -1;
    while (p < col.length) {
      if (col.charCodeAt(p) === 44) {
        start[++d] = n;
        p++;
        continue;
      }
      var v = 0;
      var j = 0;
      for (; j < w && p + j < col.length && col.charCodeAt(p + j) !== 44; j++) {
        v = v * 64 + (DIGIT_VALUE[col.charCodeAt(p + j) & 127] || 0);
      }
      if (j === w) {
        vals[n++] = v;
        if (v > most) most = v;
      }
      p += j;
    }
    start[docs] = n;
    return { docs: docs, start: start, vals: vals.subarray(0, n), values: most + 1 };
  }

  // The value ids of document `id` in a parsed column, as an array.
  function valuesOf(column, id) {
    if (id >= column.docs) return [];
    return Array.prototype.slice.call(column.vals, column.start[id], column.start[id + 1]);
  }

  // Per facet, the parsed column of facets.json; null for a facet whose column is in a file of
  // its own (f/KEY.json) and not loaded yet.
  function facetTable(data) {
    return data.facets.map(function (f, i) {
      return typeof data.cols[i] === 'string' ? parseColumn(data.cols[i], f.width) : null;
    });
  }

  // Whether document `id` passes the selections of every facet but `skip` (AND across
  // facets, OR within one). `selected` is an array (per facet) of value-id arrays.
  function passes(table, selected, id, skip) {
    for (var f = 0; f < table.length; f++) {
      var col = table[f];
      var sel = selected[f];
      if (f === skip || !col || !sel || !sel.length) continue;
      var hit = false;
      if (id < col.docs) {
        for (var k = col.start[id]; k < col.start[id + 1] && !hit; k++) hit = sel.indexOf(col.vals[k]) !== -1;
      }
      if (!hit) return false;
    }
    return true;
  }

  function filterIds(results, table, selected) {
    // Nothing ticked, as in most searches: nothing to check.
    if (!selected.some(function (s) { return s && s.length; })) return results;
    return results.filter(function (r) { return passes(table, selected, r.id, -1); });
  }

  // Counts of each facet's values among the results filtered by the other facets, so that
  // ticking a value shows what adding another value of the same facet would give. Counted in
  // typed arrays, and without the filter when nothing is ticked: a first query counts every
  // facet over thousands of results while its cards are downloading.
  function facetCounts(results, table, selected) {
    var ticked = selected.some(function (s) { return s && s.length; });
    return table.map(function (col, f) {
      if (!col) return null;
      var tally = new Uint32Array(col.values);
      for (var r = 0; r < results.length; r++) {
        var id = results[r].id;
        if (id >= col.docs || (ticked && !passes(table, selected, id, f))) continue;
        for (var k = col.start[id]; k < col.start[id + 1]; k++) tally[col.vals[k]]++;
      }
      var counts = {};
      for (var v = 0; v < tally.length; v++) if (tally[v]) counts[v] = tally[v];
      return counts;
    });
  }

  // The state in the URL: ?q=…&form=…&form=…&sort=new. Facet values by name, so links read.
  function readState(search, keys) {
    var params = new URLSearchParams(search || '');
    var state = { q: params.get('q') || '', sort: params.get('sort') === 'new' ? 'new' : 'rel', facets: {} };
    keys.forEach(function (k) {
      var values = params.getAll(k).filter(Boolean);
      if (values.length) state.facets[k] = values;
    });
    return state;
  }

  function writeState(state, keys) {
    var params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    keys.forEach(function (k) {
      (state.facets[k] || []).forEach(function (v) { params.append(k, v); });
    });
    if (state.sort === 'new') params.set('sort', 'new');
    var s = params.toString();
    return s ? '?' + s : '';
  }

  function isEmpty(state) {
    return !state.q.trim() && Object.keys(state.facets).length === 0;
  }

  var WORD_RE = (function () {
    try {
      return new RegExp('[\\p{Alphabetic}\\p{N}\\u0300-\\u036f]+', 'gu');
    } catch (e) {
      return /[0-9A-Za-z\u00c0-\u024f\u0300-\u036f\u0400-\u052f]+/g;
    }
  })();

  // Stems of words already seen in titles and summaries: twenty cards repeat many words.
  var stemOf = Object.create(null);
  var stemsKnown = 0;

  function cachedStem(norm) {
    var st = stemOf[norm];
    if (st === undefined) {
      if (stemsKnown > 20000) {
        stemOf = Object.create(null);
        stemsKnown = 0;
      }
      st = stemOf[norm] = Stem.stem(norm);
      stemsKnown++;
    }
    return st;
  }

  // What the highlighter looks for, from the clauses: the terms of one-word alternatives, the
  // phrases (lists of words, each a list of terms) of the others, and the prefix being typed.
  function highlightSpec(cls) {
    var terms = Object.create(null);
    var phrases = [];
    cls.forEach(function (c) {
      c.alts.forEach(function (a) {
        if (a.terms.length === 1) a.terms[0].forEach(function (t) { terms[t] = true; });
        else phrases.push(a.terms);
      });
    });
    var last = cls[cls.length - 1];
    return { terms: terms, phrases: phrases, prefix: (last && last.prefix) || null };
  }

  // Splits text into [{text, hit}] pieces, hit for the words searched for (a word whose terms,
  // given by `termsOf(normalised word)`, include one of `spec.terms`), the words of a phrase of
  // `spec.phrases` where the whole phrase stands, in order (stop words between its words
  // skipped), and words that start with the prefix being typed. A phrase is highlighted as a
  // phrase: «детский сад» for «ДОУ» marks «детском саду», not «детских» alone.
  function highlight(text, spec, termsOf, stop) {
    termsOf = termsOf || function (norm) { return [cachedStem(norm)]; };
    var stops = {};
    (stop || []).forEach(function (w) { stops[w] = true; });
    var re = WORD_RE;
    re.lastIndex = 0;
    var words = [];
    var m;
    while ((m = re.exec(text)) !== null) words.push({ at: m.index, text: m[0], norm: Stem.normalize(m[0]) });
    var hit = [];
    var seq = [];
    words.forEach(function (w, i) {
      if (stops[w.norm]) return;
      w.terms = termsOf(w.norm);
      seq.push(i);
      if (w.terms.some(function (t) { return spec.terms[t] === true; }) ||
          (spec.prefix && w.norm.indexOf(spec.prefix) === 0)) hit[i] = true;
    });
    (spec.phrases || []).forEach(function (phrase) {
      for (var j = 0; j + phrase.length <= seq.length; j++) {
        var k = 0;
        while (k < phrase.length && shares(words[seq[j + k]].terms, termList(phrase[k]))) k++;
        if (k === phrase.length) for (k = 0; k < phrase.length; k++) hit[seq[j + k]] = true;
      }
    });
    var out = [];
    var last = 0;
    words.forEach(function (w, i) {
      if (!hit[i]) return;
      if (w.at > last) out.push({ text: text.slice(last, w.at), hit: false });
      out.push({ text: w.text, hit: true });
      last = w.at + w.text.length;
    });
    if (last < text.length) out.push({ text: text.slice(last), hit: false });
    return out;
  }

  // The forms of a lemma as a shard or a postings file gives them (front-coded: each form is
  // the number of leading letters it shares with the one before, the lemma for the first, then
  // the rest; src/search/format.rs, encode_forms).
  function decodeForms(lemma, coded) {
    var out = [];
    var prev = lemma;
    String(coded || '').split(' ').forEach(function (token) {
      if (!token) return;
      var d = 0;
      while (d < token.length && token.charCodeAt(d) >= 48 && token.charCodeAt(d) <= 57) d++;
      var shared = d ? parseInt(token.slice(0, d), 10) : 0;
      var form = prev.slice(0, shared) + token.slice(d);
      out.push(form);
      prev = form;
    });
    return out;
  }

  // A shard's forms as a map: form -> the lemmas of the site it is a form of (a lemma is a
  // form of itself).
  function formsMap(f, into) {
    var map = into || Object.create(null);
    function add(form, lemma) {
      var list = map[form] || (map[form] = []);
      if (list.indexOf(lemma) === -1) list.push(lemma);
    }
    Object.keys(f || {}).forEach(function (lemma) {
      add(lemma, lemma);
      decodeForms(lemma, f[lemma]).forEach(function (form) { add(form, lemma); });
    });
    return map;
  }

  // Whether `a` becomes `b` by one edit: a letter inserted, removed, replaced, or two
  // neighbours swapped.
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  var VOWELS = 'аоеиыуюяэ';

  // The beginnings (two letters, a shard's key) where the word meant by a misspelt `word` may
  // be found: its own, and those of the typos people make in the first letters (a soft or hard
  // sign left out or added, a vowel for another, a letter left out, two letters swapped:
  // «тютор» is in the shard of «тьютор»). Several shards, fetched only after a word found
  // nothing.
  function typoHeads(word) {
    var heads = [];
    function add(w) {
      var h = w.slice(0, 2);
      if (h.length && heads.indexOf(h) === -1) heads.push(h);
    }
    add(word);
    add(word.slice(1));
    add(word[0] + word.slice(2));
    if (word.length > 1) add(word[1] + word[0] + word.slice(2));
    ['ь', 'ъ'].forEach(function (sign) { add(word[0] + sign + word.slice(1)); });
    for (var i = 0; i < 2 && i < word.length; i++) {
      if (VOWELS.indexOf(word[i]) === -1) continue;
      for (var v = 0; v < VOWELS.length; v++) add(word.slice(0, i) + VOWELS[v] + word.slice(i + 1));
    }
    return heads;
  }

  // The best correction of `word` among the words of the shards in `shards`: a form of a lemma
  // of the site or a term, one edit away, the most common first (by the number of documents of
  // its term). Null if there is none.
  function correction(word, shards) {
    var best = null;
    shards.forEach(function (shard) {
      function df(t) {
        var e = shard.t[t];
        return typeof e === 'number' ? e : e ? e.length / 2 : 0;
      }
      function consider(candidate, weight) {
        if (!oneEdit(word, candidate)) return;
        if (!best || weight > best.weight || (weight === best.weight && candidate < best.word)) {
          best = { word: candidate, weight: weight };
        }
      }
      // A form by the documents of its commonest lemma; a lemma itself goes first among equals.
      Object.keys(shard.map).forEach(function (form) {
        var weight = shard.map[form].reduce(function (m, l) { return Math.max(m, df(l)); }, 1);
        consider(form, weight + (form in shard.t ? 0.5 : 0));
      });
      Object.keys(shard.t).forEach(function (t) { if (!shard.map[t]) consider(t, df(t)); });
    });
    return best && best.word;
  }

  function hexKey(s, limit) {
    return Array.from(s).slice(0, limit).map(function (c) {
      return c.codePointAt(0).toString(16);
    }).join('-');
  }

  /* ---------- the index over HTTP ---------- */

  function Index(base, fetchJson) {
    this.base = base;
    this.fetchJson = fetchJson;
    this.cache = {};
    // Cards that came with a term's postings (see postingsOf), by document id.
    this.known = {};
    // Shards read so far (key -> {t: terms, map: form -> lemmas}), and the forms of lemmas
    // whose postings files came without their shard (form -> lemmas; for the highlighter).
    this.loaded = Object.create(null);
    this.extraForms = Object.create(null);
  }

  function card(id, c) {
    return { id: id, kind: c[0], url: c[1], title: c[2], summary: c[3], date: c[4] };
  }

  // The postings of a p/ file. The file also brings the cards of the term's best documents
  // ({"p": postings, "c": [[id, card…], …]}): a query of one common word then shows its first
  // page without fetching a card file per result, and a query of several words fetches fewer.
  Index.prototype.postingsOf = function (file, term) {
    if (Array.isArray(file)) return file;
    var known = this.known;
    (file.c || []).forEach(function (c) { known[c[0]] = card(c[0], c.slice(1)); });
    if (typeof file.f === 'string' && term) {
      var f = {};
      f[term] = file.f;
      formsMap(f, this.extraForms);
    }
    return file.p;
  };

  Index.prototype.get = function (path) {
    if (!this.cache[path]) {
      var self = this;
      this.cache[path] = this.fetchJson(this.base + path).catch(function (e) {
        delete self.cache[path];
        throw e;
      });
    }
    return this.cache[path];
  };

  Index.prototype.start = function () {
    var self = this;
    if (!this.ready) {
      // A query needs only meta.json to start; facets.json (much larger) is loaded beside it
      // by facets(), and not at all by the header field of other pages.
      this.ready = this.get('meta.json').then(function (meta) {
        self.meta = meta;
        self.shards = {};
        meta.shards.forEach(function (k) { self.shards[k] = true; });
        self.common = Object.create(null);
        (meta.common || []).forEach(function (t) { self.common[t] = true; });
        self.indirect = Object.create(null);
        (meta.indirect || []).forEach(function (t) { self.indirect[t] = true; });
        return self;
      });
    }
    return this.ready;
  };

  // Loads facets.json: facet titles, values and the columns of the smaller facets.
  Index.prototype.facets = function () {
    var self = this;
    if (!this.facetsReady) {
      this.facetsReady = this.get('facets.json').then(function (data) {
        self.facetsData = data;
        // The columns are parsed on first use (facetTable below), which a query arranges for
        // while its postings are downloading.
        self.table = null;
        return self;
      });
    }
    return this.facetsReady;
  };

  // The parsed facet columns (see facetTable), parsed on first call; needs facets().
  Index.prototype.facetTable = function () {
    if (!this.table) this.table = facetTable(this.facetsData);
    return this.table;
  };

  // Loads the columns of the facets with these indices that are not loaded yet.
  Index.prototype.columns = function (which) {
    var self = this;
    this.facetTable();
    return Promise.all(which.map(function (f) {
      if (self.table[f]) return null;
      var facet = self.facetsData.facets[f];
      return self.get('f/' + facet.key + '.json').then(function (col) {
        self.table[f] = parseColumn(col, facet.width);
      });
    }));
  };

  // The shard of the words starting as `word` does: {t: terms (postings or counts), map:
  // form -> lemmas of the site}; an empty one if there is no such file.
  Index.prototype.shard = function (word) {
    var self = this;
    var key = hexKey(word, this.meta.prefix);
    if (!this.shards[key]) return Promise.resolve({ t: {}, map: Object.create(null) });
    return this.get('t/' + key + '.json').then(function (raw) {
      if (!self.loaded[key]) self.loaded[key] = { t: raw.t || {}, map: formsMap(raw.f) };
      return self.loaded[key];
    });
  };

  // The terms of each word of a parsed query: its lemmas if it is a form of a lemma of the
  // site (from the shard of the word), otherwise its Snowball stem, as src/search/morph.rs
  // gives them to the text. A common term typed as it is needs no shard when meta.json does
  // not list it as indirect (see format.rs, indirect_terms).
  Index.prototype.resolve = function (parsed) {
    var self = this;
    return Promise.all(parsed.words.map(function (w) {
      if (self.common[w.norm] === true && !self.indirect[w.norm]) {
        w.terms = [w.norm];
        return null;
      }
      return self.shard(w.norm).then(function (shard) {
        var lemmas = shard.map[w.norm];
        w.terms = lemmas ? lemmas.slice() : [w.stem];
      });
    })).then(function () { return parsed; });
  };

  // For each word that found nothing, the likeliest word of the index one edit away (see
  // typoHeads and correction), as {word: correction}; words without one are left out.
  Index.prototype.corrections = function (words) {
    var self = this;
    var out = {};
    return Promise.all(words.map(function (word) {
      var heads = typoHeads(word).filter(function (h) { return self.shards[hexKey(h, self.meta.prefix)]; });
      return Promise.all(heads.map(function (h) { return self.shard(h); })).then(function (shards) {
        var fix = correction(word, shards);
        if (fix) out[word] = fix;
      });
    })).then(function () { return out; });
  };

  // The terms of a word of a card, for the highlighter: from its shard if that was read, else
  // from the forms that came with postings files, else its stem. (A stem searched for is the
  // start of a query word, so it shares its first letters, and its shard, with the words it
  // matches: that shard was read.)
  Index.prototype.termsOf = function (norm) {
    var shard = this.loaded[hexKey(norm, this.meta.prefix)];
    var lemmas = shard ? shard.map[norm] : this.extraForms[norm];
    return lemmas || [cachedStem(norm)];
  };

  // Loads the postings of every term of the clauses (and the prefix expansions), then scores.
  Index.prototype.search = function (cls) {
    var self = this;
    var needed = {};
    var jobs = [];
    function fromFile(term) {
      return self.get('p/' + hexKey(term) + '.json').then(function (p) { needed[term] = self.postingsOf(p, term); });
    }
    function want(term) {
      if (term in needed) return;
      needed[term] = null;
      // A common term (listed in meta.json) has its postings in a file of its own: fetch it
      // at once rather than after its shard.
      if (self.common[term] === true) {
        jobs.push(fromFile(term));
        return;
      }
      jobs.push(self.shard(term).then(function (shard) {
        var entry = shard.t[term];
        if (typeof entry === 'number') return fromFile(term);
        needed[term] = entry || null;
      }));
    }
    // A clause of a synonym group stands for all the words of all its phrases, which are
    // among the commonest of a site: the build wrote the clause's scores in a file of their
    // own, much smaller than those words' postings (see synonym_clause_json in format.rs).
    var ownFiles = this.meta.synonym_files === true;
    cls.forEach(function (c) {
      var from = 0;
      if (ownFiles && c.file && !(c.file in needed)) {
        needed[c.file] = null;
        jobs.push(self.get(c.file).then(function (f) {
          (f.c || []).forEach(function (k) { self.known[k[0]] = card(k[0], k.slice(1)); });
          // The forms of the group's lemmas, for the highlighter (their shards are not read).
          if (f.f) formsMap(f.f, self.extraForms);
          needed[c.file] = f;
        }));
      }
      if (ownFiles && c.file) from = c.group;
      c.alts.slice(from).forEach(function (a) { a.terms.forEach(function (word) { word.forEach(want); }); });
    });
    // The word being typed also stands for the three commonest terms of its shard that start
    // with it, or one of whose forms does («лицея» on the way to «лицеях» is «лицей»).
    var prefixJobs = cls.filter(function (c) { return c.prefix; }).map(function (c) {
      return self.shard(c.prefix).then(function (shard) {
        var own = c.alts[0].terms[0];
        var seen = {};
        var found = [];
        function consider(t) {
          if (seen[t] || own.indexOf(t) !== -1 || !(t in shard.t)) return;
          seen[t] = true;
          var e = shard.t[t];
          found.push({ t: t, df: typeof e === 'number' ? e : e.length / 2 });
        }
        Object.keys(shard.t).forEach(function (t) { if (t.indexOf(c.prefix) === 0) consider(t); });
        Object.keys(shard.map).forEach(function (form) {
          if (form.indexOf(c.prefix) === 0) shard.map[form].forEach(consider);
        });
        found.sort(function (a, b) { return b.df - a.df || (a.t < b.t ? -1 : 1); });
        found.slice(0, PREFIX_TERMS).forEach(function (f) {
          c.alts.push({ terms: [[f.t]], weight: PREFIX_WEIGHT });
          want(f.t);
        });
      });
    });
    return Promise.all(prefixJobs).then(function () { return Promise.all(jobs); }).then(function () {
      return evaluate(cls, function (s) { return needed[s]; }, self.meta.docs, self.meta.scale);
    });
  };

  Index.prototype.cards = function (ids) {
    var self = this;
    var per = this.meta.per_shard;
    return Promise.all(ids.map(function (id) {
      if (self.known[id]) return self.known[id];
      return self.get('d/' + Math.floor(id / per) + '.json').then(function (list) {
        return card(id, list[id % per]);
      });
    }));
  };

  /* ---------- the page ---------- */

  function fetchJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function marked(text, spec, termsOf, stop) {
    var span = document.createElement('span');
    highlight(text, spec, termsOf, stop).forEach(function (piece) {
      span.appendChild(piece.hit ? el('mark', { text: piece.text }) : document.createTextNode(piece.text));
    });
    return span;
  }

  function plural(n, one, few, many) {
    var m10 = n % 10;
    var m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return one;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
    return many;
  }

  var KIND_LABEL = { p: 'Практика', e: 'Мероприятие', o: 'Документ', m: 'Наставник' };

  function Bank(box, index) {
    this.box = box;
    this.index = index;
    this.input = box.querySelector('[data-search-input]');
    this.sort = box.querySelector('[data-search-sort]');
    this.status = box.querySelector('[data-search-status]');
    this.results = box.querySelector('[data-search-results]');
    this.resultsBox = box.querySelector('.with-sidebar');
    this.facetsBox = box.querySelector('[data-search-facets]');
    this.more = box.querySelector('[data-search-more]');
    this.staticPart = document.querySelector('[data-search-static]');
    this.shown = PAGE;
    this.seq = 0;
    this.typingPushed = false;
    // Facets with a file of their own that the reader opened: their columns are loaded.
    this.opened = {};
  }

  Bank.prototype.keys = function () {
    return this.index.meta.facet_keys;
  };

  Bank.prototype.init = function () {
    var self = this;
    var timer = null;
    this.box.hidden = false;
    this.input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.change({ q: self.input.value }, 'typing'); }, DEBOUNCE_MS);
    });
    this.box.querySelector('form').addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      self.change({ q: self.input.value }, 'push');
    });
    this.sort.addEventListener('change', function () { self.change({ sort: self.sort.value }, 'push'); });
    this.more.addEventListener('click', function () {
      self.shown += PAGE;
      self.render(false);
    });
    window.addEventListener('popstate', function () { self.load(); });
    this.load();
  };

  Bank.prototype.load = function () {
    var self = this;
    this.index.start().then(function () {
      self.state = readState(location.search, self.keys());
      self.input.value = self.state.q;
      self.sort.value = self.state.sort;
      self.shown = PAGE;
      self.typingPushed = false;
      // A query from the URL was submitted: its last word is complete.
      self.typing = false;
      self.render(true);
    });
  };

  // Applies a change and records it in the history: typing replaces the entry it started,
  // other changes add one, so Back steps through searches, not keystrokes. A query typed and
  // then left alone for SETTLE_MS is settled: the next typing starts a new entry, so Back
  // returns to it.
  Bank.prototype.change = function (patch, how) {
    var self = this;
    // A reader may type before the index has loaded: apply the change once it has.
    if (!this.state) {
      this.index.start().then(function () {
        if (!self.state) self.state = readState(location.search, self.keys());
        self.change(patch, how);
      });
      return;
    }
    var state = this.state;
    Object.keys(patch).forEach(function (k) { state[k] = patch[k]; });
    var url = location.pathname + writeState(state, this.keys()) + location.hash;
    var now = Date.now();
    var settled = now - (this.typedAt || 0) >= SETTLE_MS;
    if (url !== location.pathname + location.search + location.hash) {
      if (how === 'typing' && this.typingPushed && !settled) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    }
    this.typingPushed = how === 'typing';
    if (how === 'typing') this.typedAt = now;
    this.typing = how === 'typing';
    this.shown = PAGE;
    this.render(true);
  };

  Bank.prototype.selected = function () {
    var state = this.state;
    return this.index.facetsData.facets.map(function (f) {
      return (state.facets[f.key] || []).map(function (v) { return f.values.indexOf(v); })
        .filter(function (i) { return i >= 0; });
    });
  };

  // The filters of the URL that name no value of the index (an old link, a renamed topic,
  // ?year=1900), as «Год: 1900»: they cannot be applied, and the reader must be told.
  Bank.prototype.unknownFilters = function () {
    var state = this.state;
    var out = [];
    this.index.facetsData.facets.forEach(function (f) {
      (state.facets[f.key] || []).forEach(function (v) {
        if (f.values.indexOf(v) === -1) out.push('«' + f.title + ': ' + v + '»');
      });
    });
    return out;
  };

  Bank.prototype.render = function (fresh) {
    var self = this;
    var seq = ++this.seq;
    var state = this.state;
    var empty = isEmpty(state);
    if (this.staticPart) this.staticPart.hidden = !empty;
    this.resultsBox.hidden = empty;
    if (empty) {
      this.status.textContent = '';
      return;
    }
    var index = this.index;
    var parsed = parseQuery(state.q, index.meta.stop);
    // The «word still being typed» rule belongs to typing only.
    if (!this.typing) parsed.typing = false;
    var filtering = Object.keys(state.facets).length > 0;
    var cls = [];
    var search = index.resolve(parsed).then(function () {
      cls = clauses(parsed, index.meta.synonyms);
      if (cls.length) return index.search(cls);
      // No word to search for: with filters, the filtered list; without, nothing (not the
      // whole bank), and the status says why.
      return {
        hits: filtering ? Array.from({ length: index.meta.docs }, function (_, id) { return { id: id, score: 0 }; }) : [],
        partial: false,
        absent: []
      };
    });
    var selected = null;
    // The facet data is needed first only when the URL filters; otherwise the results are
    // shown first and the facets drawn after them, so a first query downloads no facet data
    // before its results.
    function loadFacets() {
      return index.facets().then(function () {
        selected = self.selected();
        var wanted = [];
        selected.forEach(function (sel, f) {
          if (sel.length || self.opened[f]) wanted.push(f);
        });
        return index.columns(wanted);
      });
    }
    var facets = filtering || this.facetsShown ? loadFacets() : Promise.resolve(null);
    Promise.all([search, facets]).then(function (r) {
      var found = r[0];
      var all = found.hits;
      if (seq !== self.seq) return null;
      var table = selected ? index.facetTable() : null;
      var filtered = selected ? filterIds(all, table, selected) : all;
      var top = topResults(filtered, state.sort, self.shown);
      var cards = index.cards(top.map(function (h) { return h.id; }));
      function drawFacets() {
        if (seq !== self.seq || !fresh) return;
        self.facetsShown = true;
        self.renderFacets(facetCounts(all, index.facetTable(), selected), selected);
      }
      // The card requests are out: count and draw the facets while they travel.
      if (selected) drawFacets();
      return cards.then(function (cards) {
        if (seq !== self.seq) return;
        var ticked = !!selected && selected.some(function (v) { return v.length > 0; });
        var notes = [];
        if (selected) {
          var unknown = self.unknownFilters();
          if (unknown.length) {
            notes.push((unknown.length === 1 ? 'Фильтра ' + unknown[0] + ' нет' : 'Фильтров ' + unknown.join(', ') + ' нет') +
              ' в банке (ссылка устарела или значение переименовано): он не применён.');
          }
        }
        self.renderResults(filtered.length, cards, cls, found, ticked, parsed.blank, notes);
        // Without facet data the results stand; the sidebar stays empty.
        if (!selected) loadFacets().then(drawFacets).catch(function () {});
      });
    }).catch(function () {
      if (seq === self.seq) self.status.textContent = 'Поиск сейчас недоступен: не удалось загрузить указатель. Воспользуйтесь подборками ниже.';
      if (self.staticPart) self.staticPart.hidden = false;
    });
  };

  // `found` is what evaluate() returned: whether the results have only some of the words, and
  // which words no document has; `ticked`, whether a facet filter is on; `blank`, whether the
  // query had no word to search for; `notes`, what else the reader must know (filters that do
  // not exist). Everything a screen reader should hear is in the status (an aria-live region):
  // the count, whether it is for part of the words, and which words found nothing.
  Bank.prototype.renderResults = function (total, cards, cls, found, ticked, blank, notes) {
    var self = this;
    var index = this.index;
    this.results.textContent = '';
    var absent = absentWords(found.absent);
    var count = total + ' ' + plural(total, 'результат', 'результата', 'результатов');
    var status;
    if (blank && !total) {
      status = 'Запрос состоит только из служебных слов и знаков препинания, по ним не ищут. Добавьте слово из названия или описания практики.';
    } else if (!total) {
      status = 'Ничего не найдено.';
      this.results.appendChild(el('li', { class: 'search-hint' }, [el('p', {
        text: (absent ? absent + ' ' : '') + 'Проверьте написание, сократите запрос или замените слова другими' +
          (ticked ? ', снимите фильтры.' : '.')
      })]));
    } else if (found.partial) {
      status = 'Материалов со всеми словами запроса нет. Найдено по части слов: ' + count +
        ', сначала те, где совпало больше слов.' + (absent ? ' ' + absent : '');
    } else {
      status = (blank ? 'Служебные слова и знаки в запросе не ищутся. ' : '') + 'Найдено: ' + count;
    }
    this.status.textContent = (notes.length ? notes.join(' ') + ' ' : '') + status;
    this.suggest(found.absent);
    var spec = highlightSpec(cls);
    var termsOf = function (norm) { return index.termsOf(norm); };
    var stop = index.meta.stop;
    cards.forEach(function (c) {
      self.results.appendChild(el('li', {}, [el('article', { class: 'card search-card search-card-' + c.kind }, [
        el('p', { class: 'card-date', text: KIND_LABEL[c.kind] + (c.date ? ' · ' + c.date : '') }),
        el('h2', { class: 'card-title' }, [el('a', { href: c.url }, [marked(c.title, spec, termsOf, stop)])]),
        c.summary ? el('p', { class: 'card-text' }, [marked(c.summary, spec, termsOf, stop)]) : null
      ])]));
    });
    this.more.hidden = cards.length >= total;
  };

  // «Слово «адаптировать» не встречается ни в одном материале.» for the clauses no document has,
  // each named once.
  function absentWords(cls) {
    var words = [];
    (cls || []).forEach(function (c) {
      var w = '«' + c.text + '»';
      if (words.indexOf(w) === -1) words.push(w);
    });
    if (!words.length) return '';
    var one = words.length === 1 && cls[0].words === 1;
    return (one ? 'Слово ' + words[0] + ' не встречается' : 'Слова ' + words.join(', ') + ' не встречаются') +
      ' ни в одном материале.';
  }

  // The width at which the facets stand beside the results (site.css, `.with-sidebar`).
  function wideScreen() {
    return !window.matchMedia || window.matchMedia('(min-width: 60em)').matches;
  }

  // «Возможно, вы искали: тьютор» under the status for words no document has, when the index
  // has a word one edit away: a link to that search, never a search made in the reader's stead.
  Bank.prototype.suggest = function (absent) {
    var self = this;
    var box = this.suggestion;
    if (!box) {
      box = this.suggestion = el('p', { class: 'search-suggestion', 'aria-live': 'polite' });
      this.status.parentNode.insertBefore(box, this.status.nextSibling);
    }
    box.textContent = '';
    box.hidden = true;
    var seq = this.seq;
    var words = (absent || []).filter(function (c) { return c.words === 1; }).map(function (c) { return c.text; });
    if (!words.length) return;
    this.index.corrections(words).then(function (fixes) {
      if (seq !== self.seq || !Object.keys(fixes).length) return;
      var q = Stem.tokens(self.state.q).map(function (w) { return fixes[w] || w; }).join(' ');
      var link = el('a', { href: location.pathname + writeState({ q: q, sort: self.state.sort, facets: self.state.facets }, self.keys()), text: q });
      link.addEventListener('click', function (e) {
        e.preventDefault();
        self.input.value = q;
        self.change({ q: q }, 'push');
      });
      box.appendChild(document.createTextNode('Возможно, вы искали: '));
      box.appendChild(link);
      box.hidden = false;
    });
  };

  Bank.prototype.renderFacets = function (counts, selected) {
    var self = this;
    var box = this.facetsBox;
    box.textContent = '';
    this.index.facetsData.facets.forEach(function (f, fi) {
      if (!counts[fi]) {
        // Not loaded yet: a closed group that loads its counts when opened.
        var lazy = el('details', { class: 'facet' }, [el('summary', { text: f.title }),
          el('p', { class: 'facet-loading', text: 'Загрузка…' })]);
        lazy.addEventListener('toggle', function () {
          if (!lazy.open) return;
          self.opened[fi] = true;
          self.render(true);
        });
        box.appendChild(lazy);
        return;
      }
      var ids = Object.keys(counts[fi]).map(Number);
      selected[fi].forEach(function (v) { if (ids.indexOf(v) === -1) ids.push(v); });
      if (!ids.length) return;
      if (f.key !== 'year') ids.sort(function (a, b) { return (counts[fi][b] || 0) - (counts[fi][a] || 0) || a - b; });
      else ids.sort(function (a, b) { return a - b; });
      var list = el('ul', { role: 'list' });
      ids.forEach(function (v) {
        var id = 'sf-' + f.key + '-' + v;
        var box2 = el('input', { type: 'checkbox', id: id, value: f.values[v] });
        box2.checked = selected[fi].indexOf(v) !== -1;
        box2.addEventListener('change', function () {
          var facets = self.state.facets;
          var now = (facets[f.key] || []).filter(function (x) { return x !== f.values[v]; });
          if (box2.checked) now.push(f.values[v]);
          if (now.length) facets[f.key] = now; else delete facets[f.key];
          self.change({}, 'push');
        });
        list.appendChild(el('li', {}, [box2, el('label', { for: id }, [
          document.createTextNode(f.values[v] + ' '),
          el('span', { class: 'count', text: String(counts[fi][v] || 0) })
        ])]));
      });
      var summary = el('summary', { text: f.title });
      var details = el('details', { class: 'facet' }, [summary, list]);
      // Short groups open by themselves only beside the results (wide screens); on phones,
      // where the groups sit in the results' way, only those the reader opened or filters by.
      if ((wideScreen() && ids.length <= 12) || selected[fi].length || self.opened[fi]) details.open = true;
      // The reader's own opening or closing (a click, or Enter/Space, on the summary) is kept
      // across renders.
      summary.addEventListener('click', function () { self.opened[fi] = !details.open; });
      box.appendChild(details);
    });
  };

  // The header field on other pages: top results as a list under the field.
  function Suggest(form, index) {
    this.form = form;
    this.index = index;
    this.input = form.querySelector('input[name=q]');
    this.list = el('ul', { class: 'search-suggest', role: 'list', hidden: '' });
    this.status = el('p', { class: 'vh', 'aria-live': 'polite' });
    form.appendChild(this.status);
    form.appendChild(this.list);
    this.seq = 0;
  }

  Suggest.prototype.init = function () {
    var self = this;
    var timer = null;
    this.input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(); }, DEBOUNCE_MS);
    });
    this.input.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') self.list.hidden = true;
    });
    // A click or focus elsewhere closes the list; coming back to the field reopens it.
    document.addEventListener('click', function (e) {
      if (!self.form.contains(e.target)) self.list.hidden = true;
    });
    this.form.addEventListener('focusout', function (e) {
      if (!e.relatedTarget || !self.form.contains(e.relatedTarget)) self.list.hidden = true;
    });
    this.input.addEventListener('focus', function () {
      if (self.list.childNodes.length && self.input.value.trim()) self.list.hidden = false;
    });
  };

  Suggest.prototype.run = function () {
    var self = this;
    var seq = ++this.seq;
    var q = this.input.value;
    var index = this.index;
    var blank = false;
    index.start().then(function () {
      var parsed = parseQuery(q, index.meta.stop);
      blank = parsed.blank;
      return index.resolve(parsed);
    }).then(function (parsed) {
      var cls = clauses(parsed, index.meta.synonyms);
      if (!cls.length) return { total: 0, cards: [], cls: cls };
      return index.search(cls).then(function (found) {
        var top = topResults(found.hits, 'rel', 5);
        return index.cards(top.map(function (h) { return h.id; })).then(function (cards) {
          return { total: found.hits.length, partial: found.partial, cards: cards, cls: cls };
        });
      });
    }).then(function (r) {
      if (seq !== self.seq) return;
      self.list.textContent = '';
      self.list.hidden = !q.trim();
      if (!q.trim()) { self.status.textContent = ''; return; }
      self.status.textContent = blank ? 'Только служебные слова и знаки: по ним не ищут' : !r.total ? 'Ничего не найдено'
        : (r.partial ? 'Найдено по части слов: ' : 'Найдено: ') + r.total;
      var spec = highlightSpec(r.cls);
      spec.prefix = null;
      r.cards.forEach(function (c) {
        self.list.appendChild(el('li', {}, [el('a', { href: c.url }, [marked(c.title, spec, function (n) { return index.termsOf(n); }, index.meta.stop)])]));
      });
      var all = self.form.getAttribute('action') + '?q=' + encodeURIComponent(q);
      self.list.appendChild(el('li', { class: 'search-suggest-all' }, [el('a', {
        href: all,
        text: blank ? 'Добавьте слово: откройте банк практик' : !r.total ? 'Ничего не найдено: откройте банк практик'
          : (r.partial ? 'Все результаты по части слов (' : 'Все результаты (') + r.total + ')'
      })]));
    }).catch(function () { self.list.hidden = true; });
  };

  function start() {
    var bankBox = document.querySelector('[data-search-bank]');
    var header = document.querySelector('form.search[role=search]');
    var base = (bankBox || header || document.documentElement).getAttribute('data-search-base');
    if (!base || !window.fetch || !window.URLSearchParams || !window.Promise) return;
    var index = new Index(base, fetchJson);
    if (bankBox) {
      new Bank(bankBox, index).init();
      if (header) {
        header.addEventListener('submit', function (e) {
          var own = bankBox.querySelector('[data-search-input]');
          e.preventDefault();
          own.value = header.querySelector('input[name=q]').value;
          own.dispatchEvent(new Event('input'));
          own.focus();
        });
      }
    } else if (header) {
      new Suggest(header, index).init();
    }
  }

  var api = {
    parseQuery: parseQuery, clauses: clauses, evaluate: evaluate, sortResults: sortResults,
    topResults: topResults,
    facetTable: facetTable, valuesOf: valuesOf, facetCounts: facetCounts, filterIds: filterIds, readState: readState,
    writeState: writeState, isEmpty: isEmpty, highlight: highlight, highlightSpec: highlightSpec,
    hexKey: hexKey, idf: idf, decodeForms: decodeForms, formsMap: formsMap, oneEdit: oneEdit,
    typoHeads: typoHeads, correction: correction,
    Index: Index
  };
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else if (root) {
    root.NastavnikSearch = api;
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})(typeof window !== 'undefined' ? window : null);
