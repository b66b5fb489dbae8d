#!/usr/bin/env bash
# Times the first and second search query on the practice bank in headless Chromium, for
# docs/benchmarks.md (section «Search index»).
#
#   bench/search_query.sh [-n RUNS] [--sizes "1000:100 10000:1000"] [--seed S]
#   bench/search_query.sh [-n RUNS] --public BUILT_SITE [--public ANOTHER …]
#
# With --typed the bank page is opened without a query and the first query is submitted in its
# field once the page has loaded (and read meta.json and facets.json, as it does on load) and
# rested: a reader's first search on the bank page, timed from the submit.
#
# With --h2 the sites are served over HTTPS with HTTP/2 (a throwaway self-signed certificate,
# made with openssl), as static hosts serve them; by default over plain HTTP/1.1.
#
# Sites: corpora generated with examples/gen_corpus and built with the release binary, or built
# sites given with --public (to compare two builds of one corpus). Each is served by
# bench/search_server.js (keep-alive, gzip like a static host) on a port of its own. RUNS times,
# interleaved across the sites, a cold Chromium profile opens a copy of the bank page at
# ?q=«молодых педагогов» with bench/search_probe.js loaded first, which times every index fetch
# and the first 20 cards painted, then submits «профессиональные дефициты детский сад» in the
# same tab and times it too. Printed: medians (min–max) of the first query from its first index
# request to the cards painted (the search itself) and from navigation (page load included),
# requests and gzip bytes, and the second query. Between runs the browser exits and the machine
# rests SETTLE seconds (default 1). FIRST and SECOND in the environment replace the two queries.
# Needs chromium, node and python3.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
runs=7 public=() sizes="1000:100 10000:1000" seed=1 h2="" typed=""
while [[ $# -gt 0 ]]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    --public) public+=("$2"); shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --h2) h2=1; shift ;;
    --typed) typed=1; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[[ -n $browser ]] || { echo "chromium is not installed" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pub in "${pubs[@]}"; do rm -f "$pub/practices/search_bench.html"; done
  [[ -n ${KEEP_REPORTS:-} ]] && cp "$work"/report-*.jsonl "$KEEP_REPORTS"/ 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

FIRST=${FIRST:-"молодых педагогов"}
SECOND=${SECOND:-"профессиональные дефициты детский сад"}

labels=() ports=() bases=() pubs=() servers=()

setup() { # PUBLIC LABEL: serve PUBLIC with the probe page, on a port of its own
  local pub=$1 label=$2 base port root
  base=$(grep -o 'data-search-base="[^"]*"' "$pub/practices/index.html" | head -1 | sed 's/.*="\(.*\)search\/"/\1/')
  root="$work/root-${#labels[@]}"
  mkdir -p "$root$(dirname "$base")"
  ln -sfn "$(cd "$pub" && pwd)" "$root${base%/}"
  # The bank page with the probe loaded first.
  sed 's#<head>#<head><script src="/__probe.js"></script>#' "$pub/practices/index.html" > "$pub/practices/search_bench.html"
  cp "$here/bench/search_probe.js" "$root/__probe.js"
  : > "$work/report-${#labels[@]}.jsonl"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  node "$here/bench/search_server.js" "$root" "$port" "$work/report-${#labels[@]}.jsonl" $tls &
  servers+=($!)
  labels+=("$label") ports+=("$port") bases+=("$base") pubs+=("$pub")
}

run_once() { # INDEX RUN: one cold-profile page load of site INDEX
  local k=$1 i=$2 report="$work/report-$1.jsonl" before lines
  before=$(wc -l < "$report")
  setsid "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --user-data-dir="$work/profile-$k-$i" \
    --ignore-certificate-errors \
    "$scheme://127.0.0.1:${ports[$k]}${bases[$k]}practices/search_bench.html$page" \
    >/dev/null 2>&1 &
  local browser_pid=$!
  for _ in $(seq 600); do
    lines=$(wc -l < "$report")
    [[ $lines -gt $before ]] && break
    sleep 0.1
  done
  kill -- -"$browser_pid" 2>/dev/null || true
  wait "$browser_pid" 2>/dev/null || true
  # Let the browser's other processes exit and the machine settle, so that each run starts on
  # a machine as quiet as the first (back to back, one run's shutdown slowed the next one).
  for _ in $(seq 50); do
    pgrep -f "$work/profile-$k-$i" >/dev/null || break
    sleep 0.1
  done
  rm -rf "$work/profile-$k-$i"
  sleep "${SETTLE:-1}"
}

summary() { # INDEX
  python3 - "$work/report-$1.jsonl" "${labels[$1]}" "$runs" <<'PY'
import json, statistics, sys
path, label, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [json.loads(l) for l in open(path) if l.strip()]
if not rows:
    sys.exit(f"{label}: no report arrived")
for r in rows:
    r['first']['query'] = r['first']['painted'] - r['first']['firstIndexFetch']
def vals(part, key):
    return [r[part][key] for r in rows if part in r]
def med(part, key):
    v = vals(part, key)
    return statistics.median(v) if v else float('nan')
def rng(part, key):
    v = vals(part, key)
    return f"{min(v)}–{max(v)}" if v else "–"
f = rows[0]['first']
mode = ', typed' if f.get('mode') == 'typed' else ''
print(f"| {label} ({f.get('protocol', '?')}{mode}) | {len(rows)}/{runs} | {f['status']} "
      f"| {med('first','query'):.0f} ({rng('first','query')}) "
      f"| {med('first','ms'):.0f} ({rng('first','ms')}) | {med('first','requests'):.0f} "
      f"| {(med('first','gzipBytes') + med('first','scriptsGzipBytes')) / 1024:.0f} "
      f"| {med('first','fetchWallMs'):.0f} "
      f"| {med('second','ms'):.0f} ({rng('second','ms')}) | {med('second','requests'):.0f} "
      f"| {med('second','gzipBytes') / 1024:.0f} |")
PY
}

scheme=http tls=""
if [[ -n $h2 ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  scheme=https tls="$work/key.pem $work/cert.pem"
fi
q1=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$FIRST")
q2=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$SECOND")
if [[ -n $typed ]]; then page="#typed=$q1&second=$q2"; else page="?q=$q1#second=$q2"; fi
if [[ ${#public[@]} -gt 0 ]]; then
  for p in "${public[@]}"; do setup "$p" "$(basename "$p")"; done
else
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target}
  (cd "$here" && cargo build --release --quiet --bin nastavnik --example gen_corpus)
  for size in $sizes; do
    p=${size%%:*} e=${size##*:}
    "$CARGO_TARGET_DIR/release/examples/gen_corpus" "$work/c$p" "$p" "$e" --seed "$seed" >/dev/null
    "$CARGO_TARGET_DIR/release/nastavnik" build --root "$work/c$p" --output "$work/o$p" >/dev/null
    setup "$work/o$p" "$p/$e"
  done
fi
sleep 0.5
# Runs interleaved across the sites, so that load from elsewhere falls on all of them alike.
for i in $(seq "$runs"); do
  for k in "${!labels[@]}"; do run_once "$k" "$i"; done
done
echo "| Site | Runs | First query result | First query: first index request → 20 cards painted, median (min–max), ms | Navigation → cards painted, ms | Index requests | Index + scripts, KB gzip | Some fetch pending, ms | Second query, ms | Second: requests | Second: KB gzip |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for k in "${!labels[@]}"; do summary "$k"; done
