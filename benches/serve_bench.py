#!/usr/bin/env python3
"""Edit-to-reload latency of `minhbach serve` on a generated site.

Usage:
    serve_bench.py [--pages 10000] [--exemplars 10000] [--edits 10] [--binary PATH] [--site DIR]

Generates a site with benches/gen_site.py (unless --site is given; the site is copied, never
edited in place), starts `minhbach serve` on a free port, opens the live-reload event stream for
one exemplar's page (as a browser tab does), then edits that exemplar's Markdown file N times.
For each edit it measures:
  reload  time from the file's write to the `state` event that makes the tab reload, and
  fresh   time until the page served over HTTP contains the edit,
  full    time until the whole site is rebuilt (the status generation after the reload).
Prints each edit and the medians. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", urllib.parse.quote(path))
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def status(port: int) -> dict:
    return json.loads(get(port, "/__minhbach/status")[1])


class Events(threading.Thread):
    """A tab: listens to the event stream and records when each state event arrives."""

    def __init__(self, port: int, page: str):
        super().__init__(daemon=True)
        self.port, self.page = port, page
        self.events: list[tuple[float, dict]] = []
        self.cv = threading.Condition()

    def run(self) -> None:
        c = http.client.HTTPConnection("127.0.0.1", self.port)
        c.request("GET", "/__minhbach/events?path=" + urllib.parse.quote(self.page))
        r = c.getresponse()
        data = ""
        while True:
            line = r.fp.readline().decode("utf-8")
            if not line:
                return
            if line.startswith("data: "):
                data = line[6:].strip()
            elif line in ("\n", "\r\n") and data:
                with self.cv:
                    self.events.append((time.perf_counter(), json.loads(data)))
                    self.cv.notify_all()
                data = ""

    def wait_after(self, t0: float, timeout: float = 120) -> tuple[float, dict]:
        end = time.time() + timeout
        with self.cv:
            while True:
                for t, e in self.events:
                    if t > t0:
                        return t, e
                left = end - time.time()
                if left <= 0:
                    raise TimeoutError("no reload event")
                self.cv.wait(left)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--exemplars", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "minhbach"))
    ap.add_argument("--site", help="an existing generated site (copied first)")
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = tempfile.mkdtemp(prefix="minhbach-serve-bench-")
    site = os.path.join(work, "site")
    try:
        if a.site:
            shutil.copytree(a.site, site, ignore=shutil.ignore_patterns("hugo", "public"))
        else:
            subprocess.run(
                [sys.executable, os.path.join(REPO, "benches", "gen_site.py"), site,
                 "--pages", str(a.pages), "--exemplars", str(a.exemplars)],
                check=True, stdout=subprocess.DEVNULL)
            shutil.rmtree(os.path.join(site, "hugo"), ignore_errors=True)
        exdir = os.path.join(site, "content", "guong-dien-hinh")
        name = sorted(f for f in os.listdir(exdir) if f.endswith(".md"))[0]
        src = os.path.join(exdir, name)
        port = free_port()
        t_start = time.perf_counter()
        proc = subprocess.Popen([a.binary, "serve", "--root", site, "--port", str(port), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            while True:
                try:
                    if status(port)["generation"] >= 1:
                        break
                except OSError:
                    pass
                if proc.poll() is not None:
                    print(proc.stderr.read().decode(), file=sys.stderr)
                    return 1
                time.sleep(0.05)
            first = time.perf_counter() - t_start
            # The exemplar's URL: its `id` is its slug.
            ident = next(l.split(":", 1)[1].strip() for l in open(src, encoding="utf-8")
                         if l.startswith("id:"))
            page = "/guong-dien-hinh/" + ident + "/"
            code, _ = get(port, page)
            if code != 200:
                print(f"serve_bench: {page} answered {code}", file=sys.stderr)
                return 1
            tab = Events(port, page)
            tab.start()
            tab.wait_after(0)  # the state event every new stream starts with
            original = open(src, encoding="utf-8").read()
            rows = []
            for i in range(a.edits):
                marker = f"Dấu sửa số {i} {time.time_ns()}"
                gen_before = status(port)["generation"]
                t0 = time.perf_counter()
                with open(src, "w", encoding="utf-8") as f:
                    f.write(original + f"\n\n{marker}\n")
                t_reload, _ = tab.wait_after(t0)
                body = get(port, page)[1].decode("utf-8")
                t_fresh = time.perf_counter()
                if marker not in body:
                    print(f"serve_bench: edit {i} not in the page after reload", file=sys.stderr)
                    return 1
                # The whole rebuild has finished when the status no longer says "building"
                # and /guong-dien-hinh/ lists the page again from the full build.
                while status(port)["generation"] <= gen_before:
                    time.sleep(0.01)
                deadline = time.time() + 120
                while time.time() < deadline:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    c.request("GET", "/__minhbach/status")
                    st = json.loads(c.getresponse().read())
                    c.close()
                    if not st.get("building", False):
                        break
                    time.sleep(0.01)
                t_full = time.perf_counter()
                rows.append(((t_reload - t0) * 1000, (t_fresh - t0) * 1000, (t_full - t0) * 1000))
                print(f"edit {i + 1:2}: reload {rows[-1][0]:7.0f} ms   fresh page {rows[-1][1]:7.0f} ms"
                      f"   whole site {rows[-1][2]:7.0f} ms", flush=True)
                time.sleep(0.3)
            # Saving again while the whole site is being rebuilt: the rebuild gives up and the
            # open page reloads as fast as after a first save.
            again = []
            for i in range(a.edits):
                with open(src, "w", encoding="utf-8") as f:
                    f.write(original + f"\n\nLần một {i} {time.time_ns()}\n")
                tab.wait_after(time.perf_counter())
                # The second save lands in another stage of the whole rebuild each time
                # (rendering pages, the search index, open data).
                delay = (0.5, 1.5, 3.0)[i % 3]
                time.sleep(delay)
                if not status(port).get("building", False):
                    print(f"serve_bench: the whole rebuild ended within {delay} s; "
                          "the second-save figure needs a bigger site", file=sys.stderr)
                marker = f"Lần hai {i} {time.time_ns()}"
                t0 = time.perf_counter()
                with open(src, "w", encoding="utf-8") as f:
                    f.write(original + f"\n\n{marker}\n")
                t_reload, _ = tab.wait_after(t0)
                if marker not in get(port, page)[1].decode("utf-8"):
                    print(f"serve_bench: second save {i} not in the page", file=sys.stderr)
                    return 1
                again.append((t_reload - t0) * 1000)
                print(f"save {delay:.1f} s into a whole rebuild: reload {again[-1]:7.0f} ms", flush=True)
                while status(port).get("building", False):
                    time.sleep(0.05)
                time.sleep(0.3)
            with open(src, "w", encoding="utf-8") as f:
                f.write(original)
            med = [statistics.median(r[k] for r in rows) for k in range(3)]
            print(f"site: {a.pages} pages + {a.exemplars} exemplars; first build and serve {first:.1f} s")
            print(f"median of {len(rows)} edits: reload {med[0]:.0f} ms, fresh page {med[1]:.0f} ms, "
                  f"whole site {med[2]:.0f} ms")
            print(f"median of {len(again)} saves during a whole rebuild: reload "
                  f"{statistics.median(again):.0f} ms")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
