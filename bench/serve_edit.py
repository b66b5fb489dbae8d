#!/usr/bin/env python3
"""Edit-to-browser latency of `nastavnik serve` on a generated corpus.

Starts the server on SITE, then, ROUNDS times: rewrites one practice's title (as an editor's
save does), and polls the practice page until the new title is served. Prints the time from
the write to the first answer with the new title (what an editor waits for), and the time
until the search index is current too (a request for a search file waits for it).

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
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        out, _ = server.communicate(timeout=10)
        tail = [l for l in out.splitlines() if l.strip()][-4:]
        print("server said (last lines):", *tail, sep="\n  ")


if __name__ == "__main__":
    main()
