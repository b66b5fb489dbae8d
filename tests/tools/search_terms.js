// The terms the browser's own code (themes/default/static/js/search.js, Index.resolve) gives
// each word of a list, over a built site's search index read from disk:
//
//   node tests/tools/search_terms.js PUBLIC_DIR < words.json
//
// words.json: ["лицея", …]. Prints {"лицея": ["лицей"], …}. tests/search.rs compares them with
// the build's own (src/search/morph.rs).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const S = require(path.join(__dirname, '../../themes/default/static/js/search.js'));

const dir = process.argv[2];
const words = JSON.parse(fs.readFileSync(0, 'utf8'));

async function run() {
  const index = new S.Index('search/', (p) => {
    const file = path.join(dir, p);
    return fs.existsSync(file)
      ? Promise.resolve(JSON.parse(fs.readFileSync(file, 'utf8')))
      : Promise.reject(new Error('404 ' + p));
  });
  await index.start();
  const out = {};
  // One word per query, as typed alone and submitted; stop words are not looked up.
  for (let i = 0; i < words.length; i += 500) {
    const batch = words.slice(i, i + 500);
    const parsed = { words: batch.map((w) => S.parseQuery(w, []).words[0]), typing: false };
    await index.resolve(parsed);
    batch.forEach((w, k) => { out[w] = parsed.words[k].terms.slice().sort(); });
  }
  process.stdout.write(JSON.stringify(out));
}

run().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
