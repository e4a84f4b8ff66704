"""pytest-privacy against a bare Playwright loop over the same fixture pages, offline.

    python benchmarks/visits.py [--pages 8] [--checks 10] [--repeat 3]

Both runs are subprocesses timed from the outside (Python start-up and browser launch
included), against one loopback FixtureServer; page loads are the hits on the page paths.
"""

from __future__ import annotations

import argparse
import base64
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Page, Request

from pytest_privacy.browser.provider import BrowserProvider
from pytest_privacy.fixtureserver import FixtureServer
from pytest_privacy.options import PrivacyConfig

HOST = "bench.test"
TRACKER = "tracker.test"
LOOPBACK_MAP = re.compile(r"MAP \* 127\.0\.0\.1:\d+")
SETTLE_MS = 500  # the plugin's defaults: --privacy-settle, --privacy-settle-cap
SETTLE_CAP_MS = 10_000
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

PAGE_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Bench page {n}</title>
<script src="/static/app.js"></script></head>
<body><main><h1>Bench page {n}</h1><p>We respect your privacy.</p>
<img src="https://{tracker}/px" alt="" width="1" height="1"></main>
<footer><a href="/privacy">Privacy Policy</a> |
<a href="/choices">Your Privacy Choices</a></footer></body></html>
"""
APP_JS = 'document.cookie = "bench_sid=" + Date.now() + "; Path=/; SameSite=Lax";\n'

# (id, expect) pairs; every check runs on every page, before consent.
CHECKS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("no-tracking-cookies", {"cookies": {"none_of": ["analytics", "marketing"]}}),
    ("cookies-only-needed", {"cookies": {"only": ["necessary", "functional"]}}),
    ("session-cookie-set", {"cookies": {"present": ["bench_sid"]}}),
    ("no-ga-cookies", {"cookies": {"absent": ["re:^_ga"]}}),
    ("no-tracking-requests", {"requests": {"none_of": ["analytics", "marketing"]}}),
    ("requests-only-needed", {"requests": {"only": ["necessary", "functional"]}}),
    ("pixel-requested", {"requests": {"present": [TRACKER]}}),
    ("no-facebook", {"requests": {"absent": ["facebook.com"]}}),
    ("promise-in-text", {"text": {"contains": ["We respect your privacy"]}}),
    ("footer-links", {"links": {"within": "footer",
                                "present": ["Privacy Policy", "Your Privacy Choices"]}}),
)


@dataclass(frozen=True)
class Run:
    loads: int
    seconds: float


def write_site(root: Path, pages: int) -> list[str]:
    """root/<host>/<path> files for FixtureServer; returns the page paths."""
    site, tracker = root / HOST, root / TRACKER
    (site / "static").mkdir(parents=True)
    tracker.mkdir(parents=True)
    paths = [f"/p{n}" for n in range(1, pages + 1)]
    for n, path in enumerate(paths, 1):
        (site / path[1:]).write_text(PAGE_HTML.format(n=n, tracker=TRACKER), "utf-8")
        (site / f"{path[1:]}.headers").write_text("Content-Type: text/html; charset=utf-8\n")
    (site / "static" / "app.js").write_text(APP_JS, "utf-8")
    (tracker / "px").write_bytes(PIXEL)
    (tracker / "px.headers").write_text(
        "Content-Type: image/gif\nSet-Cookie: tid=1; SameSite=None; Secure; Path=/\n")
    return paths


def write_spec(path: Path, pages: list[str], checks: int) -> None:
    entries = []
    for i in range(checks):
        name, expect = CHECKS[i % len(CHECKS)]
        suffix = f"-{i // len(CHECKS) + 1}" if i >= len(CHECKS) else ""
        entries.append({"id": name + suffix, "claim": f"Benchmark claim {i + 1}.",
                        "when": "before_consent", "expect": expect})
    spec = {
        "version": 1,
        "name": "pytest-privacy benchmark",
        "site": {"base_url": f"https://{HOST}", "pages": pages},
        "classify": {"cookies": [{"name": "bench_sid", "category": "necessary"}],
                     "domains": [{"domain": TRACKER, "category": "functional"}]},
        "checks": entries,
    }
    path.write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")


def timed(server: FixtureServer, cmd: list[str], cwd: Path, pages: list[str]) -> tuple[Run, str]:
    server.reset()
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
        raise SystemExit(f"run failed with exit code {proc.returncode}: {' '.join(cmd)}\n{tail}")
    return Run(sum(server.count(HOST, p) for p in pages), seconds), proc.stdout


def plugin_run(server: FixtureServer, tmp: Path, pages: list[str], items: int) -> Run:
    cmd = [sys.executable, "-m", "pytest", "bench.yaml", "--privacy-spec", "bench.yaml",
           "--privacy-host-map", server.host_map, "--privacy-ignore-https-errors",
           "-q", "-p", "no:cacheprovider"]
    run, out = timed(server, cmd, tmp, pages)
    passed = re.search(r"(\d+) passed", out)
    if not passed or int(passed.group(1)) != items:
        raise SystemExit(f"expected {items} passed items, pytest said:\n{out[-2000:]}")
    return run


def floor_run(server: FixtureServer, tmp: Path, pages: list[str]) -> Run:
    urls = [f"https://{HOST}{p}" for p in pages]
    cmd = [sys.executable, str(Path(__file__).resolve()), "--floor",
           "--host-map", server.host_map, *urls]
    return timed(server, cmd, tmp, pages)[0]


class Quiet:
    """The plugin's settle rule, minimally: no request in flight for SETTLE_MS, capped."""

    def __init__(self) -> None:
        self.inflight: set[int] = set()
        self.last = time.monotonic()

    def started(self, request: Request) -> None:
        self.inflight.add(id(request))
        self.last = time.monotonic()

    def done(self, request: Request) -> None:
        self.inflight.discard(id(request))
        self.last = time.monotonic()

    def settle(self, page: Page) -> None:
        deadline = time.monotonic() + SETTLE_CAP_MS / 1000
        while time.monotonic() < deadline:
            if not self.inflight and time.monotonic() - self.last >= SETTLE_MS / 1000:
                return
            page.wait_for_timeout(50)


def floor(host_map: str, urls: list[str]) -> int:
    """The bare loop: one browser, then per page a fresh context, load, settle, cookies."""
    if not LOOPBACK_MAP.fullmatch(host_map):
        print(f"refusing host map {host_map!r}: only 'MAP * 127.0.0.1:PORT'", file=sys.stderr)
        return 2
    provider = BrowserProvider(PrivacyConfig(host_map=host_map, ignore_https_errors=True))
    try:
        browser = provider.browser()
        for url in urls:
            context = browser.new_context(ignore_https_errors=True)
            quiet = Quiet()
            context.on("request", quiet.started)
            context.on("requestfinished", quiet.done)
            context.on("requestfailed", quiet.done)
            page = context.new_page()
            page.goto(url, wait_until="load")
            quiet.settle(page)
            names = {cookie["name"] for cookie in context.cookies()}
            context.close()
            if not {"bench_sid", "tid"} <= names:
                print(f"{url}: expected cookies bench_sid and tid, got {names}", file=sys.stderr)
                return 1
    finally:
        provider.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pytest-privacy vs a bare Playwright loop.")
    parser.add_argument("--pages", type=int, default=8, help="distinct pages (default 8)")
    parser.add_argument("--checks", type=int, default=10, help="checks per page (default 10)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind (default 3)")
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--host-map", help=argparse.SUPPRESS)
    parser.add_argument("urls", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        return floor(args.host_map or "", args.urls)
    if min(args.pages, args.checks, args.repeat) < 1:
        parser.error("--pages, --checks and --repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="privacy-bench-") as name:
        tmp = Path(name)
        pages = write_site(tmp / "site", args.pages)
        write_spec(tmp / "bench.yaml", pages, args.checks)
        (tmp / "pytest.ini").write_text("[pytest]\n", "utf-8")  # keep rootdir here
        runs: dict[str, list[Run]] = {"plugin": [], "floor": []}
        with FixtureServer(tmp / "site", tls=True) as server:
            assert LOOPBACK_MAP.fullmatch(server.host_map)
            for i in range(args.repeat):  # alternate the order so neither always goes first
                for kind in ("plugin", "floor") if i % 2 == 0 else ("floor", "plugin"):
                    runs[kind].append(plugin_run(server, tmp, pages, args.pages * args.checks)
                                      if kind == "plugin" else floor_run(server, tmp, pages))
                print(f"repeat {i + 1}/{args.repeat}: plugin {runs['plugin'][-1].seconds:.2f} s,"
                      f" floor {runs['floor'][-1].seconds:.2f} s", file=sys.stderr)

    median = {kind: statistics.median(r.seconds for r in rs) for kind, rs in runs.items()}
    print(f"{args.pages} pages x {args.checks} checks = {args.pages * args.checks} items; "
          f"median of {args.repeat} run(s)")
    print(f"{'run':<14}{'page loads':>11}{'wall s':>9}  all runs (s)")
    for kind, rs in runs.items():
        loads = "/".join(sorted({str(r.loads) for r in rs}))
        every = " ".join(f"{r.seconds:.2f}" for r in rs)
        print(f"{kind:<14}{loads:>11}{median[kind]:>9.2f}  {every}")
    print(f"{'plugin/floor':<14}{'':>11}{median['plugin'] / median['floor']:>8.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
