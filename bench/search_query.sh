#!/usr/bin/env bash
# Times the first and second search query on the practice bank in headless Chromium, for
# docs/benchmarks.md (section «Search index»).
#
#   bench/search_query.sh [-n RUNS] [--public DIR] [--sizes "1000:100 10000:1000"] [--seed S]
#
# For each corpus (generated with examples/gen_corpus and built with the release binary, or the
# built site given with --public), it serves the site with bench/search_server.js (event loop,
# keep-alive, gzip like a static host), opens a copy of the bank page with
# ?q=«молодых педагогов» in a cold Chromium profile RUNS times (default 7), and reports medians:
# navigation to the first 20 cards painted, requests and gzip bytes of the index, how much of the
# time some fetch was pending and how much was script; then the second query
# («профессиональные дефициты детский сад») submitted in the same tab. The probe is
# bench/search_probe.js. Chromium must be installed (Debian: apt-get install chromium).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
runs=7 public="" sizes="1000:100 10000:1000" seed=1
while [[ $# -gt 0 ]]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    --public) public=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[[ -n $browser ]] || { echo "chromium is not installed" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n ${KEEP_REPORTS:-} ]] && cp "$work"/report-*.jsonl "$KEEP_REPORTS"/ 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

FIRST="молодых педагогов"
SECOND="профессиональные дефициты детский сад"

measure() { # PUBLIC LABEL
  local pub=$1 label=$2
  local base
  base=$(grep -o 'data-search-base="[^"]*"' "$pub/practices/index.html" | head -1 | sed 's/.*="\(.*\)search\/"/\1/')
  local root="$work/root-$label"
  mkdir -p "$root$(dirname "$base")"
  ln -sfn "$(cd "$pub" && pwd)" "$root${base%/}"
  # The bank page with the probe loaded first.
  sed 's#<head>#<head><script src="/__probe.js"></script>#' "$pub/practices/index.html" > "$pub/practices/search_bench.html"
  cp "$here/bench/search_probe.js" "$root/__probe.js"
  local report="$work/report-$label.jsonl" port
  : > "$report"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  node "$here/bench/search_server.js" "$root" "$port" "$report" &
  server_pid=$!
  sleep 0.5
  local q1 q2
  q1=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$FIRST")
  q2=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$SECOND")
  for i in $(seq "$runs"); do
    local lines before
    before=$(wc -l < "$report")
    setsid "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
      --user-data-dir="$work/profile-$label-$i" \
      "http://127.0.0.1:$port${base}practices/search_bench.html?q=$q1#second=$q2" \
      >/dev/null 2>&1 &
    local browser_pid=$!
    for _ in $(seq 600); do
      lines=$(wc -l < "$report")
      [[ $lines -gt $before ]] && break
      sleep 0.1
    done
    kill -- -"$browser_pid" 2>/dev/null || true
    wait "$browser_pid" 2>/dev/null || true
    rm -rf "$work/profile-$label-$i"
  done
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  rm -f "$pub/practices/search_bench.html"
  python3 - "$report" "$label" "$runs" <<'PY'
import json, statistics, sys
path, label, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [json.loads(l) for l in open(path) if l.strip()]
if not rows:
    sys.exit(f"{label}: no report arrived")
def med(part, key):
    vals = [r[part][key] for r in rows if part in r]
    return statistics.median(vals) if vals else float('nan')
def rng(part, key):
    vals = [r[part][key] for r in rows if part in r]
    return f"{min(vals)}–{max(vals)}"
f, s = rows[0]['first'], rows[0].get('second', {})
print(f"| {label} | {len(rows)}/{runs} | {f['status']} | {med('first','ms'):.0f} ({rng('first','ms')}) "
      f"| {med('first','firstIndexFetch'):.0f} | {med('first','requests'):.0f} "
      f"| {(med('first','gzipBytes') + med('first','scriptsGzipBytes')) / 1024:.0f} "
      f"| {med('first','fetchWallMs'):.0f} / {med('first','scriptMs'):.0f} "
      f"| {med('second','ms'):.0f} ({rng('second','ms')}) | {med('second','requests'):.0f} "
      f"| {med('second','gzipBytes') / 1024:.0f} |")
PY
}

echo "| Corpus | Runs | First query result | First query: navigation → cards painted, median (min–max), ms | Navigation → first index fetch, ms | Index requests | Index + scripts, KB gzip | Fetch pending / script, ms | Second query, ms | Second: requests | Second: KB gzip |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
if [[ -n $public ]]; then
  measure "$public" "$(basename "$public")"
else
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target}
  (cd "$here" && cargo build --release --quiet --bin nastavnik --example gen_corpus)
  for size in $sizes; do
    p=${size%%:*} e=${size##*:}
    "$CARGO_TARGET_DIR/release/examples/gen_corpus" "$work/c$p" "$p" "$e" --seed "$seed" >/dev/null
    "$CARGO_TARGET_DIR/release/nastavnik" build --root "$work/c$p" --output "$work/o$p" >/dev/null
    measure "$work/o$p" "$p/$e"
  done
fi
