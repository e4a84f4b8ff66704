"""A nightly's scale on one machine: N generated pages × 4 states with the default settings.

    .venv/bin/python benchmarks/scale.py                       # 250 pages: 1000 visits
    .venv/bin/python benchmarks/scale.py --pages 40            # a quick proof (160 visits)
    .venv/bin/python benchmarks/scale.py --configs c2 n2
    .venv/bin/python benchmarks/scale.py --pages 20 --configs n2 grid --servers 2

The site is visits.py's (a banner, a first-party cookie, a pixel, a footer per page),
generated at run time into a temporary folder with a sitemap of every page; the spec starts
from the first page and finds the others through `site.sitemap` (so discovery at collection
is part of the run), with `--checks` checks in each of the four states (before_consent,
after_reject, after_accept, gpc). pytest runs as a subprocess with the plugin's defaults
(settle 500 ms, settle cap 10 s, timers 2 s) and one `--privacy-concurrency` or `-n 2`.

Measured per configuration: wall time (Python start-up, browser launch and discovery
included), visits per minute, page loads (the browser's navigations to page paths: one per
visit, plus the first page once per consent state, where the banner is answered) and
discovery fetches (collection reads each page once, without rendering it), peak summed RSS
and PSS of pytest and all its descendants (Playwright's driver, Chromium; xdist workers)
sampled every --interval ms with psutil, the median summed RSS in the second and the last
tenth of the run, and the mean visit time by decile of the visits in the order they
finished (a conftest of the run dumps each visit's own time: no option of the plugin
changes). Flat means the last decile within 10 % of the second.

`grid` simulates several browser hosts on this machine: `--servers` `playwright run-server`
processes on 127.0.0.1 (each in a process group of its own, the whole group stopped at the
end), and pytest with `-n 2 --privacy-connect ws://A,ws://B` (worker gwN uses the Nth
server); the servers' process trees are summed into the memory figures too."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from pytest_privacy.fixtureserver import FixtureServer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from memory import MIB, Sampler  # noqa: E402
from visits import HOST, write_site, write_spec  # noqa: E402

CONFIGS = {
    "c1": ["--privacy-concurrency", "1"],
    "c2": [],  # the default: --privacy-concurrency 2
    "c4": ["--privacy-concurrency", "4"],
    "n2": ["-n", "2"],
    "grid": ["-n", "2"],  # and --privacy-connect to the --servers browser servers
}
# Loaded by the measured run (-p scale_probe): each process writes its visits' own times.
PROBE = '''
import json, os
from pytest_privacy.collect import VISITS_KEY

def pytest_sessionfinish(session):
    visits = session.config.stash.get(VISITS_KEY, None)
    if visits is None:
        return
    name = os.environ.get("PYTEST_XDIST_WORKER", "main")
    rows = sorted((o.number, o.seconds) for o in visits.outcomes.values())
    with open(os.path.join(os.environ["SCALE_OUT"], f"visits-{name}.json"), "w") as f:
        json.dump(rows, f)
'''


@dataclass
class Result:
    label: str
    seconds: float
    visits: int
    loads: int
    fetches: int
    peak_rss: int
    peak_pss: int
    rss_first: int
    rss_last: int
    deciles: list[float]


def write_bench(tmp: Path, pages: int, checks: int) -> int:
    """The site (with a sitemap) and the spec; returns the number of items."""
    paths = write_site(tmp / "site", pages)
    urls = "".join(f"<url><loc>https://{HOST}{p}</loc></url>" for p in paths)
    (tmp / "site" / HOST / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>", "utf-8")
    items = write_spec(tmp / "bench.yaml", paths, checks)
    spec = yaml.safe_load((tmp / "bench.yaml").read_text("utf-8"))
    spec["site"]["pages"] = paths[:1]
    spec["site"]["sitemap"] = "/sitemap.xml"
    spec["site"]["crawl"] = {"limit": pages, "depth": 0}
    (tmp / "bench.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")
    (tmp / "pytest.ini").write_text("[pytest]\n", "utf-8")
    (tmp / "scale_probe.py").write_text(PROBE, "utf-8")
    return items


def deciles(times: list[float]) -> list[float]:
    n = len(times)
    return [statistics.fmean(times[i * n // 10:(i + 1) * n // 10] or [0.0]) for i in range(10)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def browser_servers(count: int) -> Iterator[tuple[list[str], tuple[int, ...]]]:
    """`count` local `playwright run-server` processes on loopback (--unsafe: the client sends
    the executable and the host map); yields their endpoints and process ids. Each runs in a
    session of its own (the Python launcher starts a Node driver), and each whole group is
    stopped at the end."""
    started: list[subprocess.Popen[str]] = []
    endpoints: list[str] = []
    try:
        for _ in range(count):
            port = _free_port()
            proc = subprocess.Popen(
                [sys.executable, "-m", "playwright", "run-server", "--host", "127.0.0.1",
                 "--port", str(port), "--unsafe"], stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, start_new_session=True)
            started.append(proc)
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if "Listening on" not in line:
                raise SystemExit(f"playwright run-server did not start: {line}")
            endpoints.append(f"ws://127.0.0.1:{port}/")
        yield endpoints, tuple(p.pid for p in started)
    finally:
        for proc in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in started:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def browser_path() -> list[str]:
    """What a browser server must launch: Playwright's own Chromium when installed (its
    default), else the system's headless shell, as the plugin finds it locally."""
    from playwright.sync_api import sync_playwright

    from pytest_privacy.browser.provider import find_system_chromium

    with sync_playwright() as pw:
        if Path(pw.chromium.executable_path).exists():
            return []
    found = find_system_chromium(headless=True) or find_system_chromium()
    return ["--privacy-browser-path", found] if found else []


def run(label: str, extra: list[str], tmp: Path, server: FixtureServer, pages: int,
        items: int, interval: float, others: tuple[int, ...] = ()) -> Result:
    out = tmp / f"out-{label}"
    out.mkdir()
    cmd = [sys.executable, "-m", "pytest", "bench.yaml", "--privacy-spec", "bench.yaml",
           "--privacy-host-map", server.host_map,
           "--privacy-ignore-https-errors", "-q", "-p", "no:cacheprovider", "-p",
           "scale_probe", *extra]
    env = {**os.environ, "SCALE_OUT": str(out),
           "PYTHONPATH": os.pathsep.join(p for p in (str(tmp), os.environ.get("PYTHONPATH"))
                                         if p)}
    server.reset()
    started = time.perf_counter()
    with subprocess.Popen(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=env) as proc:
        sampler = Sampler(proc.pid, interval, True, others)
        sampler.start()
        text, _ = proc.communicate()
        sampler.stop.set()
        sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode != 0 or f"{items} passed" not in text:
        raise SystemExit(f"{label}: expected {items} passed items (exit {proc.returncode}):\n"
                         f"{text[-3000:]}")
    # each process's visits in the order they finished; xdist workers' interleaved by it
    rows = [row for path in sorted(out.glob("visits-*.json"))
            for row in json.loads(path.read_text("utf-8"))]
    times = [seconds for _, seconds in sorted(rows)]
    # a page load is the browser navigating to a page (Sec-Fetch-Dest: document); discovery's
    # fetch() of a page only reads it
    paths = {f"/p{n}/" for n in range(1, pages + 1)}
    hits = [h for h in list(server.hits) if h.host == HOST and h.path in paths]
    loads = sum(1 for h in hits if _dest(h.headers) == "document")
    fetches = len(hits) - loads
    peak = sampler.peak
    n = len(peak.totals)  # the second tenth of the run (all started) against the last
    first = int(statistics.median(peak.totals[n // 10: max(n // 10 + 1, 2 * n // 10)] or [0]))
    last = int(statistics.median(peak.totals[n - max(1, n // 10):] or [0]))
    return Result(label, seconds, len(times), loads, fetches, peak.total, peak.total_pss,
                  first, last, deciles(times))


def _dest(headers: dict[str, str]) -> str:
    return next((v for k, v in headers.items() if k.lower() == "sec-fetch-dest"), "")


def table(results: list[Result], pages: int, checks: int) -> str:
    lines = [f"{pages} pages × 4 states = {pages * 4} visits, {checks} checks per state "
             f"({pages * 4 * checks} items); memory in MiB (all processes summed)", "",
             "| run | wall s | visits/min | visits | page loads | discovery fetches | peak RSS "
             "| peak PSS | RSS 2nd tenth | RSS last tenth |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r.label} | {r.seconds:.0f} | {r.visits / r.seconds * 60:.0f} | "
                     f"{r.visits} | {r.loads} | {r.fetches} | {r.peak_rss / MIB:.0f} | "
                     f"{r.peak_pss / MIB:.0f} | {r.rss_first / MIB:.0f} | "
                     f"{r.rss_last / MIB:.0f} |")
    lines += ["", "Mean visit time (s) by decile of the visits, in the order they finished:", "",
              "| run | " + " | ".join(f"d{i}" for i in range(1, 11)) + " |",
              "|---|" + "---:|" * 10]
    for r in results:
        lines.append(f"| {r.label} | " + " | ".join(f"{d:.2f}" for d in r.deciles) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="N pages × 4 states, default settings.")
    parser.add_argument("--pages", type=int, default=250, help="generated pages (250)")
    parser.add_argument("--checks", type=int, default=3, help="checks per state (3)")
    parser.add_argument("--configs", nargs="+", default=["c1", "c2", "c4", "n2"],
                        choices=CONFIGS,
                        help="c1 c2 c4: --privacy-concurrency; n2: -n 2; grid: -n 2 "
                        "with --privacy-connect to local browser servers (default: all but "
                        "grid)")
    parser.add_argument("--servers", type=int, default=2,
                        help="browser servers (playwright run-server) for grid (2)")
    parser.add_argument("--interval", type=int, default=500, help="sample every MS (500)")
    args = parser.parse_args(argv)

    from pytest_privacy.fixtureserver import FixtureServer

    labels = {"c1": "-c 1", "c2": "-c 2 (default)", "c4": "-c 4", "n2": "-n 2 (-c 2 each)",
              "grid": f"-n 2, {args.servers} run-servers"}
    results = []
    with tempfile.TemporaryDirectory(prefix="privacy-scale-") as name:
        tmp = Path(name)
        items = write_bench(tmp, args.pages, args.checks)
        with FixtureServer(tmp / "site", tls=True) as server:
            for config in args.configs:
                if config == "grid":
                    with browser_servers(args.servers) as (endpoints, pids):
                        extra = [*CONFIGS[config], "--privacy-connect", ",".join(endpoints),
                                 *browser_path()]
                        result = run(config, extra, tmp, server, args.pages, items,
                                     args.interval / 1000, pids)
                else:
                    result = run(config, CONFIGS[config], tmp, server, args.pages, items,
                                 args.interval / 1000)
                result.label = labels[config]
                results.append(result)
                print(f"{result.label}: {result.seconds:.0f} s, {result.visits} visits",
                      file=sys.stderr, flush=True)
    print(table(results, args.pages, args.checks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
