#!/usr/bin/env python3
"""Interleaved build timings of several binaries (or commands) on one corpus.

Each round runs every command once, in turn, under GNU time (`/usr/bin/time -v`), so that load
from other jobs on a shared machine falls on all of them alike. Prints, per command, the median
and min–max of wall time, user CPU, system CPU and peak RSS.

usage: bench/compare.py [-n RUNS] [--rebuild] --root CORPUS --out DIR LABEL=BINARY...
       bench/compare.py [-n RUNS] --cmd LABEL='shell command with {out}' ... --out DIR

--root/--out: `BINARY build --root CORPUS --output DIR/LABEL`. Without --rebuild each run starts
from a removed output folder; with --rebuild the output of the previous run is left in place
(a first untimed build makes it), as an editor's or CI's rebuild replaces it.
--cmd: any command; `{out}` is replaced by DIR/LABEL (removed before each run unless --rebuild).
SOURCE_DATE_EPOCH is fixed so that outputs can be compared.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys


def timed(cmd, env):
    r = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    stats = {}
    for line in r.stderr.splitlines():
        key, _, value = line.strip().rpartition(": ")
        stats[key] = value
    wall = stats["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
    return {
        "wall": seconds,
        "user": float(stats["User time (seconds)"]),
        "sys": float(stats["System time (seconds)"]),
        "rss": int(stats["Maximum resident set size (kbytes)"]) / 1024,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--root")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cmd", action="append", default=[])
    ap.add_argument("binaries", nargs="*")
    a = ap.parse_args()
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))
    commands = []
    for spec in a.binaries:
        label, _, binary = spec.partition("=")
        commands.append((label, [binary, "build", "--root", a.root, "--output", "{out}"]))
    for spec in a.cmd:
        label, _, shell = spec.partition("=")
        commands.append((label, ["sh", "-c", shell]))
    os.makedirs(a.out, exist_ok=True)

    def run(label, cmd):
        out = os.path.join(a.out, label)
        if not a.rebuild:
            shutil.rmtree(out, ignore_errors=True)
        return timed([c.replace("{out}", out) for c in cmd], env)

    if a.rebuild:
        for label, cmd in commands:
            run(label, cmd)
    results = {label: [] for label, _ in commands}
    for i in range(a.n):
        for label, cmd in commands:
            results[label].append(run(label, cmd))
        print(f"round {i + 1}: " + "; ".join(
            f"{label} {r[-1]['wall']:.2f} s, user {r[-1]['user']:.2f}, {r[-1]['rss']:.0f} MiB"
            for label, r in results.items()), file=sys.stderr)
    print("| command | wall, s | user CPU, s | system CPU, s | peak RSS, MiB |")
    print("|---|---|---|---|---|")
    for label, rs in results.items():
        def cell(key, fmt):
            xs = [r[key] for r in rs]
            return f"{fmt(statistics.median(xs))} ({fmt(min(xs))}–{fmt(max(xs))})"
        two = lambda x: f"{x:.2f}"
        zero = lambda x: f"{x:.0f}"
        print(f"| {label} | {cell('wall', two)} | {cell('user', two)} | {cell('sys', two)} | "
              f"{cell('rss', zero)} |")


if __name__ == "__main__":
    main()
