// Runs queries against a built site's search index with the browser's own code
// (themes/default/static/js/search.js), reading the index files from disk instead of HTTP.
//
//   node tests/tools/search_query.js PUBLIC_DIR < queries.json
//
// queries.json: [{"q": "молодых педагогов", "facets": {"form": ["…"]}, "sort": "rel",
// "submitted": true, "scoreSynonyms": false}, …] ("submitted": the query was sent, so its last
// word is complete; for "scoreSynonyms" see below)
// Prints, for each query, {"total": N, "partial": only some words matched (see evaluate in
// search.js), "absent": [words no document has], "urls": [...all result URLs in order...],
// "bytes": B, "files": [...], "ms": time to the first page of cards, disk reads and JSON parsing
// included}, where B is the size of the index files read for the first page of 20 results (meta
// included; facets.json only when the query filters, as on the bank page).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const S = require(path.join(__dirname, '../../themes/default/static/js/search.js'));

const dir = process.argv[2];
// With --shared, one index serves all queries, as in one browser tab: each query then reports
// only the files it read that earlier queries had not.
const shared = process.argv.includes('--shared');
const queries = JSON.parse(fs.readFileSync(0, 'utf8'));

async function run() {
  const out = [];
  let read = new Set();
  const fetchJson = (p) => {
    read.add(p);
    return Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8')));
  };
  let index = null;
  for (const query of queries) {
    read = new Set();
    const started = process.hrtime.bigint();
    if (!shared || !index) index = new S.Index('search/', fetchJson);
    await index.start();
    // "scoreSynonyms": false makes the browser score synonym clauses from the postings of
    // their words, as without the build's s/ files (tests/search.rs compares the two).
    if (query.scoreSynonyms === false) index.meta.synonym_files = false;
    const parsed = S.parseQuery(query.q, index.meta.stop);
    // A query submitted (not being typed) has no word still growing, as on the bank page.
    if (query.submitted) parsed.typing = false;
    const cls = S.clauses(await index.resolve(parsed), index.meta.synonyms);
    const filtering = Object.keys(query.facets || {}).length > 0;
    // No word to search for: the filtered list, or nothing (see Bank.render in search.js).
    const found = cls.length
      ? await index.search(cls)
      : { hits: filtering ? Array.from({ length: index.meta.docs }, (_, id) => ({ id, score: 0 })) : [], partial: false, absent: [] };
    const all = found.hits;
    // As on the bank page, the facet data is read first only to filter; otherwise after the
    // first page of results (and so not counted in its bytes).
    let hits = all;
    if (filtering) {
      await index.facets();
      const selected = index.facetsData.facets.map((f) =>
        (query.facets[f.key] || []).map((v) => f.values.indexOf(v)).filter((i) => i >= 0));
      await index.columns(selected.map((s, f) => (s.length ? f : -1)).filter((f) => f >= 0));
      hits = S.filterIds(all, index.facetTable(), selected);
    }
    hits = S.sortResults(hits, query.sort || 'rel');
    // What a browser reads for the first page of results: the bytes figure.
    await index.cards(hits.slice(0, 20).map((h) => h.id));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    let bytes = 0;
    const firstPage = Array.from(read).sort();
    for (const p of firstPage) bytes += fs.statSync(path.join(dir, p)).size;
    const cards = await index.cards(hits.map((h) => h.id));
    out.push({
      total: hits.length, partial: found.partial, absent: found.absent.map((c) => c.text),
      urls: cards.map((c) => c.url), bytes, files: firstPage, ms,
    });
  }
  process.stdout.write(JSON.stringify(out));
}

run().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
