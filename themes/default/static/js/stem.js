/*
 * Word normalisation, Russian stemming and tokenisation for the practice-bank search.
 *
 * The index is built at build time by src/search/stem.rs; this file turns the reader's query
 * into terms in the browser. A query only finds a practice if both sides produce exactly the
 * same terms, so this is a hand port of that module and of the Snowball Russian stemmer
 * (https://snowballstem.org/algorithms/russian/stemmer.html). Both are held to the same data:
 * tests/data/snowball-russian/ (the reference stems of 49,785 words) and
 * tests/data/tokenize_cases.json. Change one side, change the other.
 *
 * Plain ES2017, no modules: exposes window.NastavnikStem = {normalize, stem, tokens}, and
 * module.exports for the Node tests.
 */
(function (root) {
  'use strict';

  /* ---------- normalize ---------- */

  // Combining diacritical marks (U+0300..U+036F): a decomposed й (и + U+0306) or ё
  // (е + U+0308), or a stress mark (U+0301). They must neither split a word nor reach the index.
  var COMBINING_MARKS = /[\u0300-\u036f]/g;

  // Lowercase, fold ё into е, recompose a decomposed й, drop other combining marks.
  // й is kept: «мой» and «мои» are different words.
  function normalize(word) {
    return String(word)
      .toLowerCase()
      .replace(/и\u0306/g, 'й')
      .replace(/ё/g, 'е')
      .replace(COMBINING_MARKS, '');
  }

  /* ---------- tokens ---------- */

  // Everything that is neither a letter nor a digit of any script separates words, as
  // Rust's char::is_alphanumeric; combining marks stay inside the word for normalize.
  // Unicode property escapes are built at run time so that an engine without them still
  // parses this file and falls back to Latin, Cyrillic and ASCII digits.
  var SEPARATORS = (function () {
    try {
      return new RegExp('[^\\p{Alphabetic}\\p{N}\\u0300-\\u036f]+', 'u');
    } catch (e) {
      return /[^0-9A-Za-z\u00aa\u00b2\u00b3\u00b5\u00b9-\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u0400-\u052f]+/;
    }
  })();

  // «№40» gives «40», «наставник-наставляемый» two words, «12.09.2023» three numbers.
  function tokens(text) {
    if (text === null || text === undefined) return [];
    var out = [];
    var parts = String(text).split(SEPARATORS);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === '') continue;
      var word = normalize(parts[i]);
      if (word !== '') out.push(word);
    }
    return out;
  }

  /* ---------- stem: Snowball Russian ---------- */

  var VOWELS = 'аеиоуыэюя';

  function isVowel(ch) {
    return VOWELS.indexOf(ch) !== -1;
  }

  // Endings of one class, each with what removing it requires:
  // AFTER_A = only after а or я (which stays, and must itself lie in RV); ALWAYS = no condition.
  var AFTER_A = 1;
  var ALWAYS = 2;

  function endings(afterA, always) {
    var table = {};
    afterA.split(' ').forEach(function (e) { if (e) table[e] = AFTER_A; });
    always.split(' ').forEach(function (e) { if (e) table[e] = ALWAYS; });
    return table;
  }

  function alwaysEndings(list) {
    return endings('', list);
  }

  var PERFECTIVE_GERUND = endings('в вши вшись', 'ив ивши ившись ыв ывши ывшись');
  var REFLEXIVE = alwaysEndings('ся сь');
  var ADJECTIVE = alwaysEndings(
    'ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею'
  );
  var PARTICIPLE = endings('ем нн вш ющ щ', 'ивш ывш ующ');
  var VERB = endings(
    'ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно',
    'ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ' +
      'ить ыть ишь ую ю'
  );
  var NOUN = alwaysEndings(
    'а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь ' +
      'ию ью ю ия ья я'
  );
  var DERIVATIONAL = alwaysEndings('ост ость');
  var TIDY_UP = alwaysEndings('ейше ейш н ь');

  var LONGEST_ENDING = 6; // «ившись», «ывшись»

  // The longest ending of `word` listed in `table` that lies wholly at or after `start`,
  // as Snowball's `substring ... among` finds it; null if there is none.
  function longestEnding(word, start, table) {
    for (var len = Math.min(LONGEST_ENDING, word.length - start); len > 0; len--) {
      var ending = word.slice(word.length - len);
      if (Object.prototype.hasOwnProperty.call(table, ending)) return ending;
    }
    return null;
  }

  // Removes the longest ending of the class if its condition holds. Like Snowball, a failed
  // condition on the longest ending fails the step: shorter endings are not tried.
  // Returns the shortened word, or null when nothing was removed.
  function removeEnding(word, start, table) {
    var ending = longestEnding(word, start, table);
    if (ending === null) return null;
    var cut = word.length - ending.length;
    if (table[ending] === AFTER_A) {
      var before = word.charAt(cut - 1);
      if (cut - 1 < start || (before !== 'а' && before !== 'я')) return null;
    }
    return word.slice(0, cut);
  }

  // Index just past the first vowel (or non-vowel) at or after `from`; -1 if there is none.
  function pastNext(word, from, vowel) {
    if (from < 0) return -1;
    for (var i = from; i < word.length; i++) {
      if (isVowel(word[i]) === vowel) return i + 1;
    }
    return -1;
  }

  // RV starts after the first vowel; R1 after the first non-vowel that follows a vowel;
  // R2 is R1 within R1. Each is the word's end when there is no such place.
  function regions(word) {
    var rv = pastNext(word, 0, true);
    var r1 = pastNext(word, rv, false);
    var r2 = pastNext(word, pastNext(word, r1, true), false);
    return { rv: rv < 0 ? word.length : rv, r2: r2 < 0 ? word.length : r2 };
  }

  function stem(input) {
    var word = normalize(input);
    var reg = regions(word);
    var rv = reg.rv; // endings are looked for in RV only
    var cut;

    // Step 1: a perfective gerund; otherwise a reflexive ending, then an adjectival ending
    // (an adjective ending, then perhaps a participle suffix), a verb ending or a noun ending.
    cut = removeEnding(word, rv, PERFECTIVE_GERUND);
    if (cut !== null) {
      word = cut;
    } else {
      cut = removeEnding(word, rv, REFLEXIVE);
      if (cut !== null) word = cut;
      cut = removeEnding(word, rv, ADJECTIVE);
      if (cut !== null) {
        word = cut;
        cut = removeEnding(word, rv, PARTICIPLE);
        if (cut !== null) word = cut;
      } else {
        cut = removeEnding(word, rv, VERB);
        if (cut === null) cut = removeEnding(word, rv, NOUN);
        if (cut !== null) word = cut;
      }
    }

    // Step 2: a final и.
    if (word.length - 1 >= rv && word.charAt(word.length - 1) === 'и') {
      word = word.slice(0, -1);
    }

    // Step 3: a derivational ending, only if it lies in R2.
    var derivational = longestEnding(word, rv, DERIVATIONAL);
    if (derivational !== null && word.length - derivational.length >= reg.r2) {
      word = word.slice(0, word.length - derivational.length);
    }

    // Step 4: a superlative ending and then нн -> н; or нн -> н; or a final ь.
    var tidy = longestEnding(word, rv, TIDY_UP);
    if (tidy === 'ь') {
      word = word.slice(0, -1);
    } else if (tidy !== null) {
      if (tidy !== 'н') word = word.slice(0, word.length - tidy.length);
      if (word.length - 2 >= rv && word.slice(-2) === 'нн') word = word.slice(0, -1);
    }
    return word;
  }

  var api = { normalize: normalize, stem: stem, tokens: tokens };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (root) root.NastavnikStem = api;
})(typeof window !== 'undefined' ? window : null);
