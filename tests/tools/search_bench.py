#!/usr/bin/env python3
"""Figures of the search index for docs/benchmarks.md.

    python3 tests/tools/search_bench.py PUBLIC_DIR

Index size on disk; bytes (raw and gzip -9 per file, as a static host with compression serves
them) of a first query including the two scripts, of a second query in the same tab, and of a
question typed as a reader types it (alone, index files only); query
time in Node (search.js with the files read from disk, median of 5 cold runs).
"""
import gzip, json, os, statistics, subprocess, sys

public = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
runner = os.path.join(here, 'search_query.js')
FIRST, SECOND = 'молодых педагогов', 'профессиональные дефициты детский сад'
QUESTION = 'как адаптировать молодого педагога в детском саду'


def gz(path):
    with open(os.path.join(public, path), 'rb') as f:
        return len(gzip.compress(f.read(), 9))


def run(queries, shared):
    args = ['node', runner, public] + (['--shared'] if shared else [])
    r = subprocess.run(args, input=json.dumps(queries).encode(), capture_output=True, check=True)
    return json.loads(r.stdout)


size = files = 0
for root, _, names in os.walk(os.path.join(public, 'search')):
    for n in names:
        size += os.path.getsize(os.path.join(root, n))
        files += 1
scripts = ['static/js/stem.js', 'static/js/search.js']
first, second = run([{'q': FIRST}, {'q': SECOND}], shared=True)
raw1 = first['bytes'] + sum(os.path.getsize(os.path.join(public, s)) for s in scripts)
gz1 = sum(gz(p) for p in first['files'] + scripts)
raw2 = second['bytes']
gz2 = sum(gz(p) for p in second['files'])
question = run([{'q': QUESTION, 'submitted': True}], shared=False)[0]
gzq = sum(gz(p) for p in question['files'])
times = [run([{'q': FIRST}], shared=False)[0]['ms'] for _ in range(5)]
print(f"index: {size / 1e6:.1f} MB in {files} files")
print(f"first query «{FIRST}»: {first['total']} results, {len(first['files'])} index files + 2 scripts, "
      f"{raw1 / 1024:.0f} KB raw, {gz1 / 1024:.0f} KB gzip")
print(f"second query «{SECOND}»: {second['total']} results, {len(second['files'])} more files, "
      f"{raw2 / 1024:.0f} KB raw, {gz2 / 1024:.0f} KB gzip")
print(f"first query «{QUESTION}» alone: {question['total']} results, {len(question['files'])} index files, "
      f"{question['bytes'] / 1024:.0f} KB raw, {gzq / 1024:.0f} KB gzip (scripts not counted)")
print(f"cold query time in Node (median of 5): {statistics.median(times):.0f} ms")
