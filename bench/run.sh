#!/usr/bin/env bash
# Benchmark harness for nastavnik, with Hugo as the peer measured in the same run.
# Method and results: docs/benchmarks.md. Progress goes to stderr; the Markdown table to stdout.
#
#   bench/run.sh [-n RUNS] [--sizes "1000:1000 10000:5000"] [--seed N]
#                [--tools "nastavnik hugo"] [--workdir DIR] [--keep] [--no-hyperfine]
set -euo pipefail

RUNS=5
SIZES="1000:1000 10000:5000"
SEED=1
TOOLS="nastavnik hugo"
WORKDIR=""
KEEP=0
NO_HYPERFINE=0

usage() {
    sed -n '2,7s/^# \{0,1\}//p' "$0"
    cat <<'EOF'

  -n, --runs N     timed runs per measurement; the median is reported (default 5)
  --sizes LIST     corpora as PRACTICES:EVENTS pairs (default "1000:1000 10000:5000")
  --seed N         generator seed (default 1)
  --tools LIST     which builders to measure (default "nastavnik hugo"; hugo is skipped if absent)
  --workdir DIR    where corpora and outputs go; never deleted (default: a new temporary
                   directory, deleted at exit)
  --keep           keep the temporary work directory
  --no-hyperfine   time with a /usr/bin/time loop even if hyperfine is installed
EOF
}

die() {
    echo "run.sh: $*" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
    -n | --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
    --sizes) SIZES="${2:?--sizes needs a value}"; shift 2 ;;
    --seed) SEED="${2:?--seed needs a value}"; shift 2 ;;
    --tools) TOOLS="${2:?--tools needs a value}"; shift 2 ;;
    --workdir) WORKDIR="${2:?--workdir needs a value}"; KEEP=1; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-hyperfine) NO_HYPERFINE=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
    esac
done

case "$RUNS" in '' | *[!0-9]* | 0) die "--runs must be a positive integer" ;; esac
case "$SEED" in '' | *[!0-9]*) die "--seed must be a non-negative integer" ;; esac
for size in $SIZES; do
    case "$size" in *[0-9]:*[0-9]) ;; *) die "bad size '$size' (expected PRACTICES:EVENTS)" ;; esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
NASTAVNIK="$TARGET_DIR/release/nastavnik"
GEN="$TARGET_DIR/release/examples/gen_corpus"

[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed for peak RSS: apt-get install -y time"

want() { case " $TOOLS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

USE_HUGO=0
if want hugo; then
    if command -v hugo >/dev/null 2>&1; then
        USE_HUGO=1
    else
        echo "hugo not found: measuring nastavnik only (apt-get install -y hugo)" >&2
    fi
fi
USE_NASTAVNIK=0
want nastavnik && USE_NASTAVNIK=1
[ "$USE_NASTAVNIK$USE_HUGO" != "00" ] || die "nothing to measure (--tools '$TOOLS')"

HYPERFINE=""
if [ "$NO_HYPERFINE" = 1 ]; then
    :
elif command -v hyperfine >/dev/null 2>&1; then
    HYPERFINE="$(command -v hyperfine)"
else
    echo "hyperfine not found: timing with a /usr/bin/time loop (apt-get install -y hyperfine)" >&2
fi

echo "== building release binaries" >&2
(
    cd "$ROOT"
    if [ "$USE_NASTAVNIK" = 1 ]; then
        cargo build --release --bin nastavnik --example gen_corpus >&2
    else
        cargo build --release --example gen_corpus >&2
    fi
)

if [ -n "$WORKDIR" ]; then
    mkdir -p "$WORKDIR"
    WORK="$(cd "$WORKDIR" && pwd)"
else
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/nastavnik-bench.XXXXXX")"
fi
cleanup() {
    if [ "$KEEP" = 1 ]; then
        echo "work directory kept: $WORK" >&2
    else
        rm -rf -- "$WORK"
    fi
}
trap cleanup EXIT

# Median of numbers on stdin (mean of the two middle values for an even count).
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]
        else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# One table row per (corpus, tool): a first run under `/usr/bin/time -v` checks that the build
# succeeds, produces a site and gives the peak RSS; then RUNS timed runs from a removed output
# directory give the median wall-clock time.
ROWS=()
measure() {
    local corpus_label="$1" tool="$2" out="$3"
    shift 3
    local key="$tool-${corpus_label//\//-}"
    local log="$WORK/$key.log" timefile="$WORK/$key.time"
    echo "== $tool, corpus $corpus_label" >&2
    rm -rf -- "$out"
    local status=0
    /usr/bin/time -v -o "$timefile" "$@" >"$log" 2>&1 || status=$?
    if [ "$status" != 0 ]; then
        echo "   build failed (exit $status); last lines of its output:" >&2
        tail -n 15 "$log" | sed 's/^/   | /' >&2 || true
        ROWS+=("| $corpus_label | $tool | failed (exit $status) | — | — | — |")
        return 0
    fi
    if [ ! -f "$out/index.html" ]; then
        echo "   no $out/index.html: the build wrote no site" >&2
        ROWS+=("| $corpus_label | $tool | no output | — | — | — |")
        return 0
    fi
    local rss_kb pages files
    rss_kb="$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$timefile")"
    pages="$(find "$out" -type f -name '*.html' | wc -l | tr -d ' ')"
    files="$(find "$out" -type f | wc -l | tr -d ' ')"

    local med lo hi
    if [ -n "$HYPERFINE" ]; then
        local cmd json="$WORK/$key.json"
        cmd="$(printf '%q ' "$@")"
        "$HYPERFINE" --style basic --runs "$RUNS" --warmup 0 \
            --prepare "rm -rf -- $(printf '%q' "$out")" \
            --export-json "$json" "$cmd" >&2
        med="$(grep -o '"median": *[0-9.eE+-]*' "$json" | head -n 1 | sed 's/.*: *//')"
        lo="$(grep -o '"min": *[0-9.eE+-]*' "$json" | head -n 1 | sed 's/.*: *//')"
        hi="$(grep -o '"max": *[0-9.eE+-]*' "$json" | head -n 1 | sed 's/.*: *//')"
    else
        local times="$WORK/$key.times" i
        : >"$times"
        for ((i = 1; i <= RUNS; i++)); do
            rm -rf -- "$out"
            /usr/bin/time -f '%e' -a -o "$times" "$@" >/dev/null 2>&1 ||
                die "$tool failed on run $i of corpus $corpus_label"
        done
        med="$(median <"$times")"
        lo="$(sort -g "$times" | head -n 1)"
        hi="$(sort -g "$times" | tail -n 1)"
    fi
    local row
    row="$(awk -v c="$corpus_label" -v t="$tool" -v p="$pages" -v f="$files" \
        -v m="$med" -v l="$lo" -v h="$hi" -v r="$rss_kb" 'BEGIN {
        printf "| %s | %s | %s / %s | %.2f | %.2f–%.2f | %.0f |", c, t, p, f, m, l, h, r / 1024 }')"
    echo "   $row" >&2
    ROWS+=("$row")
}

for size in $SIZES; do
    practices="${size%%:*}"
    events="${size##*:}"
    label="$practices/$events"
    dir_label="$practices-$events"
    if [ "$USE_NASTAVNIK" = 1 ]; then
        corpus="$WORK/corpus-$dir_label"
        rm -rf -- "$corpus"
        echo "== generating $label (nastavnik format)" >&2
        "$GEN" "$corpus" "$practices" "$events" --seed "$SEED" >&2
        measure "$label" nastavnik "$WORK/out-nastavnik-$dir_label" \
            "$NASTAVNIK" build --root "$corpus" --output "$WORK/out-nastavnik-$dir_label"
    fi
    if [ "$USE_HUGO" = 1 ]; then
        corpus="$WORK/hugo-$dir_label"
        rm -rf -- "$corpus"
        echo "== generating $label (Hugo format)" >&2
        "$GEN" "$corpus" "$practices" "$events" --seed "$SEED" --format hugo >&2
        measure "$label" hugo "$WORK/out-hugo-$dir_label" \
            hugo --quiet --source "$corpus" --destination "$WORK/out-hugo-$dir_label" \
            --cacheDir "$WORK/hugo-cache"
    fi
done

cpu="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
mem="$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)"
nastavnik_version="$("$NASTAVNIK" --version 2>/dev/null | head -n 1 || true)"
hugo_version=""
[ "$USE_HUGO" = 1 ] && hugo_version="$(hugo version 2>/dev/null | awk '{ print $1, $2 }')"
timer="/usr/bin/time loop"
[ -n "$HYPERFINE" ] && timer="$("$HYPERFINE" --version)"

cat <<EOF

Run of $(date -u '+%Y-%m-%d %H:%M UTC'): ${cpu:-unknown CPU}, $(nproc) cores, ${mem:-? GB} RAM, $(uname -sr);
${nastavnik_version:-nastavnik (version unknown)}${hugo_version:+, $hugo_version}; seed $SEED; median of $RUNS runs ($timer); peak RSS from one /usr/bin/time -v run.

| Corpus (practices/events) | Tool | HTML pages / all files | Median, s | Min–max, s | Peak RSS, MB |
|---|---|---|---|---|---|
EOF
printf '%s\n' "${ROWS[@]}"
