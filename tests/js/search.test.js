// Query logic of themes/default/static/js/search.js, run by Node's built-in test runner:
//   node --test tests/js/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const S = require(path.join(__dirname, '../../themes/default/static/js/search.js'));
const Stem = require(path.join(__dirname, '../../themes/default/static/js/stem.js'));

const STOP = ['и', 'в', 'для'];
// As the build writes them (src/search/synonyms.rs): stemmed phrases.
const stems = (phrase) => Stem.tokens(phrase).map(Stem.stem);
const SYNONYMS = [
  ['молодой специалист', 'молодой педагог', 'начинающий педагог'].map(stems),
  ['ДОУ', 'детский сад'].map(stems),
];

test('query words are normalised, stemmed and stop words dropped', () => {
  const q = S.parseQuery('Молодых  педагогов в ДОУ', STOP);
  assert.deepEqual(q.words.map((w) => w.stem), ['молод', 'педагог', Stem.stem('доу')]);
  assert.equal(q.typing, true);
  assert.equal(S.parseQuery('педагог ', STOP).typing, false);
  assert.deepEqual(S.parseQuery('', STOP).words, []);
  assert.deepEqual(S.parseQuery('№ 40, ёлка', STOP).words.map((w) => w.norm), ['40', 'елка']);
});

test('a phrase of a synonym group becomes one clause with the whole group', () => {
  const cls = S.clauses(S.parseQuery('молодых педагогов ', STOP), SYNONYMS);
  assert.equal(cls.length, 1);
  assert.deepEqual(cls[0].alts.map((a) => a.terms.map((w) => w[0]).join(' ')), SYNONYMS[0].map((p) => p.join(' ')));
  assert.deepEqual(cls[0].alts.map((a) => a.weight), [0.8, 1, 0.8]);
  const kinder = S.clauses(S.parseQuery('адаптация в детском саду', STOP), SYNONYMS);
  assert.equal(kinder.length, 2);
  assert.deepEqual(kinder[1].alts.map((a) => a.terms.map((w) => w[0]).join(' ')), SYNONYMS[1].map((p) => p.join(' ')));
});

test('the last word being typed is also a prefix', () => {
  const cls = S.clauses(S.parseQuery('наставн', STOP), []);
  assert.equal(cls[0].prefix, 'наставн');
  assert.equal(S.clauses(S.parseQuery('наставник ', STOP), [])[0].prefix, undefined);
  // One letter is too short to expand.
  assert.equal(S.clauses(S.parseQuery('н', STOP), [])[0].prefix, undefined);
});

// Postings as the build writes them: [delta, weight, …].
const POSTINGS = {
  молод: [0, 50, 2, 80, 1, 30], // docs 0, 2, 3
  педагог: [0, 40, 1, 40, 1, 90], // docs 0, 1, 2
  [Stem.stem('начинающий')]: [1, 60], // doc 1
};

test('every clause must match; synonyms satisfy a clause; scores are BM25', () => {
  const get = (s) => POSTINGS[s] || null;
  const cls = S.clauses(S.parseQuery('молодых педагогов ', STOP), SYNONYMS);
  const found = S.sortResults(S.evaluate(cls, get, 10, 100).hits, 'rel');
  assert.deepEqual(found.map((r) => r.id).sort(), [0, 1, 2]);
  // Doc 2 has the highest weights of the typed words.
  assert.equal(found[0].id, 2);
  const plain = S.evaluate(S.clauses(S.parseQuery('молодой педагог ', STOP), []), get, 10, 100);
  assert.deepEqual(plain.hits.map((r) => r.id).sort(), [0, 2]);
  assert.equal(plain.partial, false);
  const nothing = S.evaluate(S.clauses(S.parseQuery('нет такого ', STOP), []), get, 10, 100);
  assert.deepEqual(nothing.hits, []);
  assert.deepEqual(nothing.absent.map((c) => c.text), ['нет', 'такого']);
  const idf = S.idf(10, 3);
  const one = S.evaluate(S.clauses(S.parseQuery('молодой ', STOP), []), get, 10, 100).hits;
  assert.ok(Math.abs(one.find((r) => r.id === 2).score - idf * 0.8) < 1e-9);
});

test('when no document has every word, those with the most words come first', () => {
  const get = (s) => POSTINGS[s] || null;
  // «адаптировать» is in no document; «молодой» and «педагог» are both in docs 0 and 2.
  const cls = S.clauses(S.parseQuery('как адаптировать молодого педагога', ['как']), []);
  const found = S.evaluate(cls, get, 10, 100);
  assert.equal(found.partial, true);
  assert.deepEqual(found.absent.map((c) => c.text), ['адаптировать']);
  const order = S.sortResults(found.hits, 'rel');
  assert.deepEqual(order.slice(0, 2).map((r) => r.id).sort(), [0, 2]);
  assert.deepEqual(order.map((r) => r.matched), [2, 2, 1, 1]);
  // Newest first still puts the fuller matches first.
  assert.deepEqual(S.sortResults(found.hits, 'new').map((r) => r.id), [0, 2, 1, 3]);
  // Words that are all somewhere, but never together: partial, nothing absent.
  const apart = S.evaluate(S.clauses(S.parseQuery('начинающий молодой', []), []), get, 10, 100);
  assert.equal(apart.partial, true);
  assert.deepEqual(apart.absent, []);
  assert.deepEqual(apart.hits.map((r) => r.id), [0, 1, 2, 3]);
});

test('a word still being typed that matches nothing yet is left out, not reported', () => {
  const get = (s) => POSTINGS[s] || null;
  // «д» on the way to another word: no document has it, and it is too short for prefixes.
  const typing = S.evaluate(S.clauses(S.parseQuery('молодой педагог д', []), []), get, 10, 100);
  assert.equal(typing.partial, false);
  assert.deepEqual(typing.absent, []);
  assert.deepEqual(typing.hits.map((r) => r.id), [0, 2]);
  // Once typed (a space after it), the same word is a word no document has.
  const typed = S.evaluate(S.clauses(S.parseQuery('молодой педагог д ', []), []), get, 10, 100);
  assert.equal(typed.partial, true);
  assert.deepEqual(typed.absent.map((c) => c.text), ['д']);
  // Alone, it finds nothing either way.
  assert.deepEqual(S.evaluate(S.clauses(S.parseQuery('д', []), []), get, 10, 100).hits, []);
  assert.deepEqual(S.topResults([{ id: 1, score: 1 }], 'rel', 0), []);
});

test('the first page is the head of the full order', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 50; round++) {
    const rs = [];
    for (let id = 0; id < 200; id++) {
      if (rand() < 0.6) rs.push({ id, score: Math.floor(rand() * 8), matched: 1 + Math.floor(rand() * 2) });
    }
    for (const mode of ['rel', 'new']) {
      for (const k of [1, 5, 20, 500]) {
        assert.deepEqual(S.topResults(rs, mode, k), S.sortResults(rs, mode).slice(0, k));
      }
    }
  }
});

test('ties and the newest order go by id (ids are newest first)', () => {
  const rs = [{ id: 5, score: 1 }, { id: 2, score: 1 }, { id: 9, score: 3 }];
  assert.deepEqual(S.sortResults(rs, 'rel').map((r) => r.id), [9, 2, 5]);
  assert.deepEqual(S.sortResults(rs, 'new').map((r) => r.id), [2, 5, 9]);
});

test('facets: AND across facets, OR within one, counts ignore their own selection', () => {
  const data = {
    facets: [
      { key: 'form', width: 1, values: ['А', 'Б'] },
      { key: 'year', width: 1, values: ['2024', '2023'] },
    ],
    cols: ['0,01,1,', '0,1,1,0', null],
  };
  data.facets.push({ key: 'org', width: 1, values: ['Ш'], lazy: true });
  const table = S.facetTable(data);
  assert.deepEqual([0, 1, 2, 3].map((id) => S.valuesOf(table[0], id)), [[0], [0, 1], [1], []]);
  assert.deepEqual(S.valuesOf(table[1], 9), []);
  const all = [0, 1, 2, 3].map((id) => ({ id, score: 0 }));
  assert.equal(table[2], null);
  const sel = [[1], [], []];
  assert.deepEqual(S.filterIds(all, table, sel).map((r) => r.id), [1, 2]);
  assert.deepEqual(S.filterIds(all, table, [[0, 1], [0], []]).map((r) => r.id), [0]);
  const counts = S.facetCounts(all, table, sel);
  assert.deepEqual(counts[0], { 0: 2, 1: 2 });
  assert.deepEqual(counts[1], { 1: 2 });
  assert.equal(counts[2], null);
});

test('the state round-trips through the URL', () => {
  const keys = ['form', 'year'];
  const state = { q: 'молодой педагог', sort: 'new', facets: { form: ['Тьюторство', 'Клуб'], year: ['2023'] } };
  const search = S.writeState(state, keys);
  assert.deepEqual(S.readState(search, keys), state);
  assert.equal(S.writeState({ q: '', sort: 'rel', facets: {} }, keys), '');
  assert.ok(S.isEmpty(S.readState('?sort=new', keys)));
  assert.ok(!S.isEmpty(S.readState('?year=2023', keys)));
});

test('highlighting marks inflected forms and the typed prefix', () => {
  const spec = { terms: { [Stem.stem('молодой')]: true }, phrases: [], prefix: 'настав' };
  const pieces = S.highlight('Молодому педагогу — наставника', spec);
  assert.deepEqual(pieces.filter((p) => p.hit).map((p) => p.text), ['Молодому', 'наставника']);
  assert.equal(pieces.map((p) => p.text).join(''), 'Молодому педагогу — наставника');
});

test('file keys match the build (src/search/format.rs)', () => {
  assert.equal(S.hexKey('молод', 2), '43c-43e');
  assert.equal(S.hexKey('доу'), '434-43e-443');
});

test('common terms listed in meta.json are fetched without their shard; rare ones through it', async () => {
  const files = {
    'meta.json': {
      docs: 3, prefix: 2, per_shard: 4, scale: 20, stop: [], synonyms: [],
      shards: [S.hexKey('молод', 2), S.hexKey('педагог', 2)], common: ['молод'], facet_keys: ['type'],
    },
    'facets.json': { facets: [{ key: 'type', width: 1, values: ['Практики'] }], cols: ['0,0,0'] },
  };
  files['p/' + S.hexKey('молод') + '.json'] = [0, 20, 2, 10];
  files['t/' + S.hexKey('педагог', 2) + '.json'] = { t: { 'педагог': [2, 15] }, f: {} };
  files['t/' + S.hexKey('молод', 2) + '.json'] = { t: { 'молод': 2 }, f: {} };
  const read = [];
  const index = new S.Index('', (p) => {
    read.push(p);
    return files[p] ? Promise.resolve(files[p]) : Promise.reject(new Error('404 ' + p));
  });
  await index.start();
  // Stems typed as they are (no word of these shards is a form of a lemma).
  const parsed = { words: ['молод', 'педагог'].map((w) => ({ norm: w, stem: w, terms: [w] })), typing: false };
  const found = await index.search(S.clauses(await index.resolve(parsed), []));
  assert.deepEqual(found.hits.map((r) => r.id), [2]);
  assert.ok(read.includes('p/' + S.hexKey('молод') + '.json'));
  assert.ok(!read.includes('t/' + S.hexKey('молод', 2) + '.json'), read.join(' '));
  assert.ok(read.includes('t/' + S.hexKey('педагог', 2) + '.json'));
  // A query needs no facet data: the header field of other pages never loads it.
  assert.ok(!read.includes('facets.json'), read.join(' '));
  await index.facets();
  assert.deepEqual(S.valuesOf(index.facetTable()[0], 1), [0]);
  // An index written before the list existed still works, through the shards.
  delete files['meta.json'].common;
  const old = new S.Index('', (p) => Promise.resolve(files[p]));
  await old.start();
  const again = await old.search(S.clauses(S.parseQuery('молодых педагогов ', []), []));
  assert.deepEqual(again.hits.map((r) => r.id), [2]);
});

test('cards that come with a common term need no card file', async () => {
  const files = {
    'meta.json': {
      docs: 6, prefix: 2, per_shard: 4, scale: 20, stop: [], synonyms: [],
      shards: [S.hexKey('молод', 2)], common: ['молод'], facet_keys: ['type'],
    },
    'd/0.json': [0, 1, 2, 3].map((i) => ['p', '/d' + i + '/', 'Из файла ' + i, '', '']),
    'd/1.json': [4, 5].map((i) => ['p', '/d' + i + '/', 'Из файла ' + i, '', '']),
  };
  files['p/' + S.hexKey('молод') + '.json'] = {
    p: [1, 20, 4, 10],
    c: [[1, 'p', '/one/', 'Молодой', 'Кратко', '1 марта 2024 г.']],
  };
  const read = [];
  const index = new S.Index('', (p) => {
    read.push(p);
    return files[p] ? Promise.resolve(files[p]) : Promise.reject(new Error('404 ' + p));
  });
  await index.start();
  const found = await index.search(S.clauses(S.parseQuery('молодой ', []), []));
  assert.deepEqual(found.hits.map((r) => r.id), [1, 5]);
  const cards = await index.cards(S.topResults(found.hits, 'rel', 20).map((h) => h.id));
  assert.deepEqual(cards.map((c) => c.url), ['/one/', '/d5/']);
  assert.deepEqual(cards[0], { id: 1, kind: 'p', url: '/one/', title: 'Молодой', summary: 'Кратко', date: '1 марта 2024 г.' });
  // Document 1's card came with the postings; document 5's needed its card file.
  assert.ok(!read.includes('d/0.json'), read.join(' '));
  assert.ok(read.includes('d/1.json'), read.join(' '));
});

// A small index in the build's format (src/search/format.rs): shards {t: terms, f: the forms
// of the site's lemmas, front-coded}, a common lemma with its own postings file and forms.
function lemmaIndex() {
  const files = {
    'meta.json': {
      docs: 6, prefix: 2, per_shard: 4, scale: 20, stop: ['в', 'и'], facet_keys: ['type'],
      synonyms: [[[[Stem.stem('доу')]], [['детский'], ['сад']]]],
      shards: ['43b-438', '434-435', '434-43e', '441-430', '440-435', '442-44c'],
      common: ['лицей', 'сад'], indirect: ['сад'],
    },
  };
  files['t/43b-438.json'] = {
    t: { 'лицей': 70, 'лицо': [2, 12] },
    f: { 'лицей': '4е 5в 5м 4и 4ю 4я 5м 6и 5х', 'лицо': '3 3а 4м 5и 4х 3е 3ом 3у' },
  };
  files['p/' + S.hexKey('лицей') + '.json'] = { p: [0, 20, 1, 10], f: '4е 5в 5м 4и 4ю 4я 5м 6и 5х' };
  files['t/434-435.json'] = { t: { 'детский': [4, 10, 1, 10] }, f: { 'детский': '5ом 5их', 'ребенок': 'дети 3ьми' } };
  // «доу» is no word of the dictionary: its term is its Snowball stem, as the build makes it.
  files['t/434-43e.json'] = { t: { [Stem.stem('доу')]: [3, 20] }, f: {} };
  files['t/441-430.json'] = { t: { 'сад': 70 }, f: { 'сад': '3а 3у' } };
  files['p/' + S.hexKey('сад') + '.json'] = { p: [5, 15], f: '3а 3у' };
  files['t/440-435.json'] = { t: { 'ребенок': [3, 9] }, f: { 'ребенок': 'дети 3ьми ребенка' } };
  files['t/442-44c.json'] = { t: { 'тьютор': [1, 20] }, f: {} };
  const read = [];
  const index = new S.Index('', (p) => {
    read.push(p);
    return files[p] ? Promise.resolve(JSON.parse(JSON.stringify(files[p]))) : Promise.reject(new Error('404 ' + p));
  });
  return { index, read, files };
}

test('front-coded forms decode as the build wrote them', () => {
  assert.deepEqual(S.decodeForms('лицей', '4е 5м 4и'), ['лицее', 'лицеем', 'лицеи']);
  assert.deepEqual(S.decodeForms('ребенок', 'дети 3ьми'), ['дети', 'детьми']);
  assert.deepEqual(S.decodeForms('школа', '4'), ['школ']);
  assert.deepEqual(S.decodeForms('кофе', ''), []);
  const map = S.formsMap({ 'лицо': '3 3ам', 'лиц': '' });
  assert.deepEqual(map['лиц'].sort(), ['лиц', 'лицо']);
  assert.deepEqual(map['лицам'], ['лицо']);
});

test('query words resolve to the lemmas of the site, other words to their stem', async () => {
  const { index, read } = lemmaIndex();
  await index.start();
  const parsed = await index.resolve(S.parseQuery('лицея лица детьми тьюторами лицей', ['в']));
  assert.deepEqual(parsed.words.map((w) => w.terms), [
    ['лицей'], ['лицо'], ['ребенок'], [Stem.stem('тьюторами')], ['лицей'],
  ]);
  // «лица» is not «лицей»: the homonym risk of the stem «лиц».
  const found = await index.search(S.clauses(await index.resolve(S.parseQuery('лица ', [])), []));
  assert.deepEqual(found.hits.map((r) => r.id), [2]);
  const lyceum = await index.search(S.clauses(await index.resolve(S.parseQuery('лицеях ', [])), []));
  assert.deepEqual(lyceum.hits.map((r) => r.id), [0, 1]);
  // A common lemma typed as it is needs no shard; one listed as indirect does.
  const fresh = lemmaIndex();
  await fresh.index.start();
  await fresh.index.resolve(S.parseQuery('лицей', []));
  assert.ok(!fresh.read.includes('t/43b-438.json'), fresh.read.join(' '));
  await fresh.index.resolve(S.parseQuery('сад', []));
  assert.ok(fresh.read.includes('t/441-430.json'), fresh.read.join(' '));
  assert.ok(read.includes('t/43b-438.json'));
});

test('a synonym phrase is highlighted as a phrase, and forms by their lemma', async () => {
  const { index } = lemmaIndex();
  await index.start();
  const cls = S.clauses(await index.resolve(S.parseQuery('ДОУ ', ['в', 'и'])), index.meta.synonyms);
  assert.equal(cls.length, 1);
  await index.search(cls);
  const spec = S.highlightSpec(cls);
  const termsOf = (n) => index.termsOf(n);
  const hits = (text) => S.highlight(text, spec, termsOf, index.meta.stop).filter((p) => p.hit).map((p) => p.text);
  assert.deepEqual(hits('Совет детских общественных объединений'), []);
  assert.deepEqual(hits('Адаптация в детском саду и в ДОУ'), ['детском', 'саду', 'ДОУ']);
  const lyceum = S.clauses(await index.resolve(S.parseQuery('лицей ', [])), []);
  await index.search(lyceum);
  const lspec = S.highlightSpec(lyceum);
  const marked = S.highlight('Лица лицеистов и лицеев, лицеем', lspec, termsOf, []).filter((p) => p.hit).map((p) => p.text);
  assert.deepEqual(marked, ['лицеев', 'лицеем']);
});

test('words no document has are named once each', () => {
  const get = () => null;
  const found = S.evaluate(S.clauses(S.parseQuery('script script script ', []), []), get, 10, 100);
  assert.deepEqual(found.absent.map((c) => c.text), ['script']);
});

test('a query of stop words or punctuation only is blank, not everything', () => {
  assert.equal(S.parseQuery('и в на с по для', ['и', 'в', 'на', 'с', 'по', 'для']).blank, true);
  assert.equal(S.parseQuery('!!! —', []).blank, true);
  assert.equal(S.parseQuery('№', []).blank, true);
  assert.equal(S.parseQuery('', []).blank, false);
  assert.equal(S.parseQuery('лицей', []).blank, false);
});

test('a misspelt word gets the word of the index one edit away', async () => {
  assert.ok(S.oneEdit('тютор', 'тьютор'));
  assert.ok(S.oneEdit('логапед', 'логопед'));
  assert.ok(S.oneEdit('стажор', 'стажер'));
  assert.ok(S.oneEdit('лицйе', 'лицей'));
  assert.ok(!S.oneEdit('лицей', 'лицей'));
  assert.ok(!S.oneEdit('тор', 'тьютор'));
  assert.ok(S.typoHeads('тютор').includes('ть'));
  const { index } = lemmaIndex();
  await index.start();
  assert.deepEqual(await index.corrections(['тютор', 'лицйе', 'ыыыы']), { 'тютор': 'тьютор', 'лицйе': 'лицей' });
});
