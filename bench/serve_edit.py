#!/usr/bin/env python3
"""Edit-to-browser latency of `nastavnik serve` on a generated corpus.

Starts the server on SITE, then, ROUNDS times: rewrites one practice's title (as an editor's
save does), and polls the practice page until the new title is served. Prints the time from
the write to the first answer with the new title (what an editor waits for), and the time
until the search index is current too (a request for a search file waits for it).

With EVENT=1 in the environment, each round instead moves one event (a one-day event) to a
date no other event has (in 2031) and polls `/calendar.ics` until it carries the new date.

Also prints the server's resident memory (VmRSS) once the first build is served and the
calendar and search index are made, again after 3 s idle (the allocator returns freed memory
as its threads allocate again, after a delay), and at the end, with its peak (VmHWM).

With VERBOSE=1, prints all the server said (with NASTAVNIK_TIMINGS=1, its stage timings), not
only its last lines.

usage: bench/serve_edit.py NASTAVNIK_BINARY SITE [ROUNDS]
"""
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=120) as r:
        return r.read()


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    mb = lambda key: int(fields[key].split()[0]) / 1024
    return f"VmRSS {mb('VmRSS'):.0f} MiB, VmHWM {mb('VmHWM'):.0f} MiB"


def event_rounds(base, site, rounds):
    """Moves a one-day event to a new date each round; times until /calendar.ics shows it."""
    events = os.path.join(site, "content", "events")
    names = sorted(n for n in os.listdir(events) if n.endswith(".md") and n != "_index.md")
    for name in names[len(names) // 2:] + names:
        path = os.path.join(events, name)
        original = open(path, encoding="utf-8").read()
        if re.search(r'^start: "\d{4}-\d{2}-\d{2}"$', original, re.M) and not re.search(
            r"^(end|repeat|until):", original, re.M
        ):
            break
    times = []
    try:
        for i in range(rounds):
            time.sleep(float(os.environ.get("PAUSE", "1.5")))
            day = f"2031-{1 + i // 28:02d}-{1 + i % 28:02d}"
            text = re.sub(r'^start: ".*"$', f'start: "{day}"', original, count=1, flags=re.M)
            wanted = f"DTSTART;VALUE=DATE:{day.replace('-', '')}".encode()
            t0 = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            while wanted not in get(f"{base}calendar.ics"):
                time.sleep(0.005)
            times.append(time.monotonic() - t0)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    print(f"event date saved -> /calendar.ics current (ms): "
          + ", ".join(f"{x * 1000:.0f}" for x in times))
    print(f"  median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")


def main():
    binary, site = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    port = free_port()
    practices = os.path.join(site, "content", "practices")
    name = sorted(n for n in os.listdir(practices) if n.endswith(".md") and n != "_index.md")[len(os.listdir(practices)) // 2]
    path = os.path.join(practices, name)
    slug = name[:-3]
    original = open(path, encoding="utf-8").read()
    started = time.monotonic()
    server = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        while True:
            try:
                get(base)
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit("server exited: " + server.stdout.read())
                time.sleep(0.05)
        print(f"first build served after {time.monotonic() - started:.2f} s")
        get(f"{base}search/meta.json")
        print(f"calendar and search index made after {time.monotonic() - started:.2f} s; "
              + memory(server.pid))
        time.sleep(3)
        print("after 3 s idle: " + memory(server.pid))
        if os.environ.get("EVENT"):
            event_rounds(base, site, rounds)
            print("at the end: " + memory(server.pid))
            return
        page = f"{base}practices/{slug}/"
        visible, search = [], []
        for i in range(rounds):
            time.sleep(float(os.environ.get("PAUSE", "1.5")))  # an editor does not save twice a second
            marker = f"Правка номер {i} {time.time_ns()}"
            text = re.sub(r"^title: .*$", f"title: \"{marker}\"", original, count=1, flags=re.M)
            t0 = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            while marker.encode() not in get(page):
                time.sleep(0.005)
            visible.append(time.monotonic() - t0)
            # A file of the search index is answered once the index is current.
            get(f"{base}search/meta.json")
            search.append(time.monotonic() - t0)
        ms = lambda xs: ", ".join(f"{x * 1000:.0f}" for x in xs)
        print(f"edit visible (ms): {ms(visible)}")
        print(f"  median {statistics.median(visible) * 1000:.0f} ms, max {max(visible) * 1000:.0f} ms")
        print(f"search index current (ms): median {statistics.median(search) * 1000:.0f} ms")
        print("at the end: " + memory(server.pid))
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        out, _ = server.communicate(timeout=10)
        lines = [l for l in out.splitlines() if l.strip()]
        if not os.environ.get("VERBOSE"):
            lines = lines[-4:]
        print("server said (last lines):", *lines, sep="\n  ")


if __name__ == "__main__":
    main()
