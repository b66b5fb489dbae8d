// The browser stemmer (themes/default/static/js/stem.js) against the reference Snowball
// Russian output, and its tokenizer against the table shared with src/search/stem.rs.
// Run: node --test tests/js/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { normalize, stem, tokens } = require('../../themes/default/static/js/stem.js');

const DATA = path.join(__dirname, '..', 'data');

function lines(name) {
  const text = fs.readFileSync(path.join(DATA, 'snowball-russian', name), 'utf8');
  return text.split('\n').filter((line, i, all) => !(line === '' && i === all.length - 1));
}

test('every vocabulary word stems as the reference Snowball Russian stemmer', () => {
  const words = lines('voc.txt');
  const expected = lines('output.txt');
  assert.equal(words.length, 49785, 'voc.txt is not the full vocabulary');
  assert.equal(words.length, expected.length, 'voc.txt and output.txt differ in length');
  const mismatches = [];
  words.forEach((word, i) => {
    const got = stem(word);
    if (got !== expected[i]) {
      mismatches.push(`line ${i + 1}: ${word} -> ${got}, expected ${expected[i]}`);
    }
  });
  assert.equal(
    mismatches.length,
    0,
    `${mismatches.length} words stem differently; first ones:\n${mismatches.slice(0, 20).join('\n')}`
  );
});

test('shared table: same tokens and stems as the Rust build', () => {
  const table = JSON.parse(fs.readFileSync(path.join(DATA, 'tokenize_cases.json'), 'utf8'));
  assert.ok(table.cases.length >= 20, 'the shared table lost its cases');
  for (const c of table.cases) {
    const got = tokens(c.text);
    assert.deepEqual(got, c.tokens, `tokens of ${JSON.stringify(c.text)} (${c.note})`);
    assert.deepEqual(got.map(stem), c.stems, `stems of ${JSON.stringify(c.text)} (${c.note})`);
  }
});

test('normalize lowercases, folds ё and keeps й', () => {
  assert.equal(normalize('ЁЛКА'), 'елка');
  assert.equal(normalize('Ещё'), 'еще');
  assert.equal(normalize('Й'), 'й');
  assert.equal(normalize('Майский'), 'майский');
  assert.equal(normalize('STEM'), 'stem');
  assert.equal(normalize(''), '');
});

test('normalize recomposes decomposed letters and drops stress marks', () => {
  assert.equal(normalize('мои\u0306'), 'мой');
  assert.equal(normalize('МОИ\u0306'), 'мой');
  assert.equal(normalize('е\u0308лка'), 'елка');
  assert.equal(normalize('мо\u0301лодо\u0301й'), 'молодой');
  assert.equal(normalize('\u0301'), '');
});

test('stems of the words the site lives on', () => {
  assert.equal(stem('молодой'), 'молод');
  assert.equal(stem('Молодых'), 'молод');
  assert.equal(stem('педагогов'), stem('педагог'));
  assert.equal(stem('наставляемый'), stem('наставляемых'));
  assert.equal(stem('наставничество'), stem('наставничества'));
  assert.equal(stem('ёлки'), stem('елки'));
});

test('й is never turned into и', () => {
  for (const word of ['йод', 'Йога', 'майка', 'стройка', 'лайк', 'район', 'мои\u0306']) {
    const stemmed = stem(word);
    const normalised = normalize(word);
    assert.ok(normalised.includes('й'), `${word} lost its й: ${normalised}`);
    assert.ok(normalised.startsWith(stemmed), `${word}: ${stemmed} is not a prefix of ${normalised}`);
  }
  assert.equal(stem('йод'), 'йод');
  assert.equal(stem('майка'), 'майк');
  assert.equal(stem('районный'), 'район');
});

test('tokens split on everything but letters and digits', () => {
  assert.deepEqual(tokens('Приказ №40 от 12.09.2023: наставник-наставляемый'), [
    'приказ', '40', 'от', '12', '09', '2023', 'наставник', 'наставляемый',
  ]);
  assert.deepEqual(tokens(''), []);
  assert.deepEqual(tokens(' — ,;!? «» \u0301 '), []);
  assert.deepEqual(tokens(null), []);
  assert.deepEqual(tokens(undefined), []);
});

test('exposed for the browser as window.NastavnikStem', () => {
  const source = fs.readFileSync(
    path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'js', 'stem.js'),
    'utf8'
  );
  const window = {};
  new Function('window', 'module', source)(window, undefined);
  assert.deepEqual(Object.keys(window.NastavnikStem).sort(), ['normalize', 'stem', 'tokens']);
  assert.equal(window.NastavnikStem.stem('молодых'), 'молод');
});
