// Every script readers' and editors' browsers run is ES2020 at most, so the site and the editor
// work in Firefox ESR 115 and Chromium 109-era engines: the theme's .js files, the inline
// scripts of its templates, and the scripts `nastavnik serve` serves (the editor's editor.js
// and the live-reload reload.js, embedded into the binary from src/serve/). acorn parses each
// with `ecmaVersion: 2020`; a newer feature (`??=`, class fields, top-level await, the regexp
// `d` flag…) fails with file:line:column.
// Run: node --test tests/js/   (acorn comes from `npm ci --prefix tests/tools`)
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

let acorn = null;
try {
  acorn = require(path.join(ROOT, 'tests', 'tools', 'node_modules', 'acorn'));
} catch (e) {
  if (process.env.CI) throw new Error('acorn is required in CI: run `npm ci --prefix tests/tools`');
  console.log('SKIPPED: the ES2020 check needs acorn; run `npm ci --prefix tests/tools`');
}

function walk(dir, ext) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p, ext);
    return e.name.endsWith(ext) ? [p] : [];
  });
}

// A classic script unless it has import/export statements, which only a module may have.
function parse(text) {
  try {
    return acorn.parse(text, { ecmaVersion: 2020, sourceType: 'script' });
  } catch (e) {
    if (!/may appear only with 'sourceType: module'/.test(e.message)) throw e;
    return acorn.parse(text, { ecmaVersion: 2020, sourceType: 'module' });
  }
}

// The failure as file:line:column (of the file, not of the fragment) and acorn's message.
function check(file, text, line0 = 0, column0 = 0) {
  try {
    parse(text);
    return null;
  } catch (e) {
    if (!e.loc) throw e;
    const line = e.loc.line + line0;
    const column = (e.loc.line === 1 ? column0 : 0) + e.loc.column + 1;
    return `${path.relative(ROOT, file)}:${line}:${column}: ${e.message.replace(/ \(\d+:\d+\)$/, '')}`;
  }
}

// The scripts a template writes inline (not JSON-LD), with their place in the template. A Tera
// expression inside one (`{{ site.base_path }}` in a string) becomes a plain word, a Tera
// comment or tag blank space (newlines kept, so positions stay those of the template).
function inlineScripts(text) {
  const scripts = [];
  const re = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/g;
  let m;
  while ((m = re.exec(text))) {
    const attrs = m[1] || '';
    if (/\bsrc=/.test(attrs) || /type="application\/(ld\+)?json"/.test(attrs)) continue;
    const start = m.index + m[0].indexOf('>') + 1;
    const before = text.slice(0, start).split('\n');
    scripts.push({
      code: m[2]
        .replace(/\{\{[\s\S]*?\}\}/g, (t) => 'x'.repeat(t.length))
        .replace(/\{([#%])[\s\S]*?\1\}/g, (t) => t.replace(/[^\n]/g, ' ')),
      line: before.length - 1,
      column: before[before.length - 1].length,
    });
  }
  return scripts;
}

const scriptFiles = [
  ...walk(path.join(ROOT, 'themes'), '.js'),
  ...walk(path.join(ROOT, 'src', 'serve'), '.js'),
].sort();
const templates = walk(path.join(ROOT, 'themes'), '.html').sort();

test('the check sees the scripts it must check', () => {
  const names = scriptFiles.map((f) => path.relative(ROOT, f));
  for (const expected of [
    'themes/default/static/js/site.js',
    'themes/default/static/js/search.js',
    'themes/default/static/js/stem.js',
    'src/serve/editor/editor.js',
    'src/serve/reload.js',
  ]) {
    assert.ok(names.includes(expected), `${expected} not found among ${names.join(', ')}`);
  }
  const inline = templates.reduce((n, t) => n + inlineScripts(fs.readFileSync(t, 'utf8')).length, 0);
  assert.ok(inline >= 8, `only ${inline} inline scripts found in the templates`);
});

test('a newer feature is caught and placed', { skip: !acorn }, () => {
  const failure = check('x.js', 'var a = 1;\nvar b = {};\nb.c ??= a;\n');
  assert.match(failure, /^x\.js:3:\d+: /);
  assert.match(check('x.js', 'class A { static x = 1; }'), /^x\.js:1:/);
  assert.match(check('x.js', 'var r = /a/d;'), /^x\.js:1:/);
  assert.match(inlineCheck('t.html', '<p>\n  <script>var a = 1;\n  a ||= 2;</script>'), /^t\.html:3:\d+: /);
  assert.equal(check('x.js', 'var a = b?.c ?? 1; export default a;'), null);
});

function inlineCheck(file, text) {
  for (const s of inlineScripts(text)) {
    const failure = check(file, s.code, s.line, s.column);
    if (failure) return failure;
  }
  return null;
}

test('every script is ES2020 at most', { skip: !acorn }, () => {
  const failures = [];
  for (const file of scriptFiles) {
    const failure = check(file, fs.readFileSync(file, 'utf8'));
    if (failure) failures.push(failure);
  }
  for (const file of templates) {
    for (const s of inlineScripts(fs.readFileSync(file, 'utf8'))) {
      const failure = check(file, s.code, s.line, s.column);
      if (failure) failures.push(failure);
    }
  }
  assert.deepEqual(failures, [], `newer than ES2020:\n${failures.join('\n')}`);
});
