#!/usr/bin/env bash
# Interleaved `serve` timings of two binaries on one corpus (docs/benchmarks.md, issue 15):
# SERVERS rounds of: BEFORE's title saves, BEFORE's event saves, AFTER's title saves, AFTER's
# event saves, each a fresh server running bench/serve_edit.py with SAVES saves. Load from other
# jobs on a shared machine then falls on both binaries alike.
#
#   bench/serve_ab.sh BEFORE_BINARY AFTER_BINARY CORPUS [SERVERS] [SAVES]
set -euo pipefail
before=$1 after=$2 corpus=$3 servers=${4:-4} saves=${5:-10}
here=$(dirname "$0")
for i in $(seq 1 "$servers"); do
    for pair in "before:$before" "after:$after"; do
        label=${pair%%:*} bin=${pair#*:}
        echo "=== $label title run $i"
        python3 "$here/serve_edit.py" "$bin" "$corpus" "$saves" | sed -n 1,8p
        echo "=== $label event run $i"
        EVENT=1 python3 "$here/serve_edit.py" "$bin" "$corpus" "$saves" | sed -n 1,8p
    done
done
