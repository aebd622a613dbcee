#!/usr/bin/env python3
"""Time from saving a file to the browser being told (portal) or the page being served anew
(portal and hugo), for one-line edits of a law, a template and a stylesheet.

    python3 benches/reload/reload.py --portal DIR [--hugo DIR] [--edits 20] --label NAME

DIR is a portal project (content/, themes/, i18n/) or a Hugo site made by benches/corpus.py.
Each edit rewrites one line of the file; the clock starts when the file is closed and stops
when the server's live-reload event arrives (portal, over SSE) and when a request for the
changed page or stylesheet returns the new bytes (both tools, polled every millisecond:
a bounded poll, not a sleep). Prints one JSON object per tool and edit kind.
Python 3.11, standard library only; the files are restored at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        conn.close()


def wait_until(predicate, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic()
        time.sleep(0.001)
    return None


class Events(threading.Thread):
    """Records the arrival time of every server-sent event of portal's live reload, connected
    as the script of an open page is (`?page=`), so that portal knows which page is shown."""

    def __init__(self, port: int, page: str):
        super().__init__(daemon=True)
        self.port = port
        self.page = page
        self.times: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", f"/__portal/events?page={urllib.parse.quote(self.page)}")
        response = conn.getresponse()
        while True:
            line = response.fp.readline()
            if not line:
                return
            if line.startswith(b"event:"):
                with self.lock:
                    self.times.append((time.monotonic(), line[6:].strip().decode()))

    def first_after(self, start: float, timeout: float) -> float | None:
        deadline = start + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for at, name in self.times:
                    if at >= start and name in ("reload", "css"):
                        return at
            time.sleep(0.001)
        return None


def rewrite(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    if count != 1:
        sys.exit(f"{path}: no line matches {pattern!r}")
    with open(path, "w", encoding="utf-8") as out:
        out.write(new)


def summary(label: str, tool: str, kind: str, samples: list[float]) -> dict:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"corpus": label, "tool": tool, "edit": kind, "n": len(ms),
            "p50_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1)}


def first_law(root: Path, hugo: bool) -> Path:
    pattern = "content/en/legislation/*/*.md" if hugo else "content/legislation/*/*.yaml"
    laws = sorted(p for p in root.glob(pattern) if not p.name.startswith("_"))
    return laws[0]


def edits(root: Path, hugo: bool):
    """(kind, file, pattern, make-replacement(n), url, marker(n)) for each kind of edit."""
    law = first_law(root, hugo)
    if hugo:
        slug, country = law.stem, law.parent.name
        return [
            ("law", law, r'^title: "(.*?)(?: edit-\d+)?"$', lambda n: rf'title: "\1 edit-{n}"',
             f"/en/legislation/{country}/{slug}/", lambda n: f"edit-{n}"),
            ("template", root / "layouts/_default/single.html", r'^(.*?)(<i data-edit="\d+"></i>)?$',
             lambda n: rf'\1<i data-edit="{n}"></i>', f"/en/legislation/{country}/{slug}/", lambda n: f'data-edit="{n}"'),
            ("stylesheet", root / "static/style.css", r"^(.*?)(\.edit-\d+\{color:red\})?$",
             lambda n: rf"\1.edit-{n}{{color:red}}", "/style.css", lambda n: f".edit-{n}{{color:red}}"),
        ]
    slug, country = law.stem, law.parent.name
    return [
        ("law", law, r'^original_title: "(.*?)(?: edit-\d+)?"$', lambda n: rf'original_title: "\1 edit-{n}"',
         f"/en/legislation/{country}/{slug}/", lambda n: f"edit-{n}"),
        ("template", root / "themes/default/templates/law.html", r'^(\{% block content %\})(<i data-edit="\d+"></i>)?$',
         lambda n: rf'\1<i data-edit="{n}"></i>', f"/en/legislation/{country}/{slug}/", lambda n: f'data-edit="{n}"'),
        ("stylesheet", root / "themes/default/css/base.css", r"^(?:\.edit-\d+\{color:red\})?(:root \{)$",
         lambda n: rf".edit-{n}{{color:red}}\1", "/assets/style.css", lambda n: f".edit-{n}{{color:red}}"),
    ]


def measure(tool: str, label: str, root: Path, hugo: bool, count: int, port: int, events: Events | None):
    results = []
    for kind, path, pattern, replacement, url, marker in edits(root, hugo):
        original = path.read_text(encoding="utf-8")
        served, told = [], []
        try:
            for n in range(1, count + 1):
                rewrite(path, pattern, replacement(n))
                start = time.monotonic()
                done = wait_until(lambda: marker(n).encode() in get(port, url)[1], 120)
                if done is None:
                    sys.exit(f"{tool} {label}: {kind} edit {n} never showed at {url}")
                served.append(done - start)
                if events is not None:
                    at = events.first_after(start, 5)
                    if at is not None:
                        told.append(at - start)
                time.sleep(0.3)
        finally:
            with open(path, "w", encoding="utf-8") as out:
                out.write(original)
            time.sleep(0.5)
        results.append(summary(label, tool, f"{kind}: page served", served))
        if told:
            results.append(summary(label, tool, f"{kind}: reload event", told))
    return results


def run_portal(root: Path, label: str, count: int, binary: Path) -> list[dict]:
    port = free_port()
    log = open(Path("/tmp") / f"portal-serve-{port}.log", "w")
    server = subprocess.Popen([str(binary), "--root", str(root), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=log)
    try:
        if wait_until(lambda: get(port, "/__portal/status")[0] == 200, 600) is None:
            sys.exit("portal serve did not start")
        # The browser shows the law page that the law and template edits change.
        events = Events(port, edits(root, False)[0][4])
        events.start()
        time.sleep(0.2)
        return measure("portal serve", label, root, False, count, port, events)
    finally:
        server.terminate()
        server.wait()


def run_hugo(root: Path, label: str, count: int) -> list[dict]:
    port = free_port()
    server = subprocess.Popen(["hugo", "server", "--source", str(root), "--bind", "127.0.0.1",
                               "--port", str(port), "--quiet"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if wait_until(lambda: get(port, "/en/")[0] == 200, 900) is None:
            sys.exit("hugo server did not start")
        return measure("hugo server", label, root, True, count, port, None)
    finally:
        server.terminate()
        server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal", type=Path, required=True)
    parser.add_argument("--hugo", type=Path)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--label", required=True)
    parser.add_argument("--bin", type=Path, default=REPO / "target/release/portal")
    args = parser.parse_args()
    results = run_portal(args.portal.resolve(), args.label, args.edits, args.bin)
    if args.hugo:
        results += run_hugo(args.hugo.resolve(), args.label, args.edits)
    for result in results:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
