"""pytest-privacy against a bare sequential Playwright loop over the same fixture pages, offline.

    .venv/bin/python benchmarks/visits.py                 # the full run (about 8 minutes)
    .venv/bin/python benchmarks/visits.py --quick         # 4 pages, 1 run, fewer configurations
    .venv/bin/python benchmarks/visits.py --configs floor,c1 --repeat 5

The spec: --checks checks (default 10) in each of the four states (before_consent,
after_reject, after_accept, gpc) over --pages pages (default 8): checks × pages × 4 items,
pages × 4 visits. The floor: one Chromium, then per visit a fresh context, the same pages
loaded, the same banner clicked, the same settle rule, the cookies read. Every run is a
subprocess timed from the outside (Python start-up and browser launch included), against
one loopback FixtureServer; page loads are the server's hits on the page paths.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEST_SITES = ROOT / "tests" / "sites"

HOST = "bench.test"
TRACKER = "tracker.bench.test"  # a subdomain: first party, so no third-party cookie policy
LOOPBACK_MAP = re.compile(r"MAP \* 127\.0\.0\.1:\d+")
SETTLE_MS = 500  # the plugin's defaults: --privacy-settle, --privacy-settle-cap
SETTLE_CAP_MS = 10_000
STATES = ("before_consent", "after_reject", "after_accept", "gpc")
BANNER, ACCEPT, REJECT = "#bench-banner", "#bench-accept", "#bench-reject"
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

# A page with a consent banner shown at once (no timers: see the README), a first-party
# script that sets a cookie, a pixel that sets another, and a footer.
PAGE_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Bench page {n}</title>
<script src="/static/app.js"></script></head>
<body>
<div id="bench-banner" role="dialog" hidden><p>We use cookies.</p>
<button id="bench-accept">Accept all</button> <button id="bench-reject">Reject all</button></div>
<main><h1>Bench page {n}</h1><p>We respect your privacy.</p>
<img src="https://{tracker}/px" alt="" width="1" height="1"></main>
<footer><a href="/privacy">Privacy Policy</a> |
<a href="/choices">Your Privacy Choices</a></footer>
<script src="/static/banner.js"></script></body></html>
"""
APP_JS = 'document.cookie = "bench_sid=" + Date.now() + "; Path=/; SameSite=Lax";\n'
BANNER_JS = """(function () {
  var banner = document.getElementById("bench-banner");
  if (!/(?:^|; )bench_consent=/.test(document.cookie)) banner.hidden = false;
  function choose(value) {
    document.cookie = "bench_consent=" + value + "; Path=/; Max-Age=31536000; SameSite=Lax";
    banner.hidden = true;
  }
  document.getElementById("bench-accept").addEventListener("click", function () {
    choose("accept"); });
  document.getElementById("bench-reject").addEventListener("click", function () {
    choose("reject"); });
})();
"""

# (id, expect) pairs; every check runs on every page in every state, and passes.
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

# name -> extra pytest arguments; "floor" is the bare loop. -c is --privacy-concurrency.
CONFIGS: dict[str, list[str] | None] = {
    "floor": None,
    "c1": ["--privacy-concurrency", "1"],
    "c2": ["--privacy-concurrency", "2"],
    "c3": ["--privacy-concurrency", "3"],
    "c4": ["--privacy-concurrency", "4"],
    "n2c1": ["-n", "2", "--privacy-concurrency", "1"],
    "n2": ["-n", "2"],
    "n2c3": ["-n", "2", "--privacy-concurrency", "3"],
}
LABELS = {
    "floor": "floor (bare loop)",
    "c1": "plugin -c 1",
    "c2": "plugin -c 2 (default)",
    "c3": "plugin -c 3",
    "c4": "plugin -c 4",
    "n2c1": "plugin -n 2 -c 1",
    "n2": "plugin -n 2 (-c 2)",
    "n2c3": "plugin -n 2 -c 3",
}
DEFAULT_CONFIGS = "floor,c1,c2,n2"  # about 10 minutes with --repeat 3 on 2 CPUs
QUICK_CONFIGS = "floor,c1,c2,n2"
VISITS_LINE = re.compile(r"privacy: (\d+) page visits in ([\d.]+) s \(mean ([\d.]+) s")


@dataclass
class Run:
    loads: dict[str, int]
    seconds: float
    visit_mean: float | None = None  # the plugin's own "mean" per visit, when it prints one
    load_before: float = 0.0
    load_after: float = 0.0
    others: float = 0.0  # CPUs busy with other processes during the run, on average
    cpu: float = 0.0  # CPU seconds of the run's own processes (Python, driver, Chromium)

    @property
    def total(self) -> int:
        return sum(self.loads.values())


@dataclass
class Results:
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def median(self, name: str) -> float:
        return statistics.median(r.seconds for r in self.runs[name])


# ---------------------------------------------------------------- the site and the spec

def write_site(root: Path, pages: int) -> list[str]:
    """root/<host>/<path> files for FixtureServer; returns the page paths (/p1/ … /pN/)."""
    site, tracker = root / HOST, root / TRACKER
    (site / "static").mkdir(parents=True)
    tracker.mkdir(parents=True)
    paths = [f"/p{n}/" for n in range(1, pages + 1)]
    for n, path in enumerate(paths, 1):
        (site / path.strip("/")).mkdir()
        (site / path.strip("/") / "index.html").write_text(
            PAGE_HTML.format(n=n, tracker=TRACKER), "utf-8")
    (site / "static" / "app.js").write_text(APP_JS, "utf-8")
    (site / "static" / "banner.js").write_text(BANNER_JS, "utf-8")
    (tracker / "px").write_bytes(PIXEL)
    (tracker / "px.headers").write_text(
        "Content-Type: image/gif\nSet-Cookie: tid=1; SameSite=None; Secure; Path=/\n")
    return paths


def write_spec(path: Path, pages: list[str], checks: int,
               states: tuple[str, ...] = STATES) -> int:
    """The spec; returns its number of items. Checks are grouped by state, in STATES order."""
    entries = []
    for state in states:
        for i in range(checks):
            name, expect = CHECKS[i % len(CHECKS)]
            suffix = f"-{i // len(CHECKS) + 1}" if i >= len(CHECKS) else ""
            entries.append({"id": f"{name}{suffix}-{state}",
                            "claim": f"Benchmark claim {i + 1}.", "when": state,
                            "expect": expect})
    spec = {
        "version": 1,
        "name": "pytest-privacy benchmark",
        "site": {"base_url": f"https://{HOST}", "pages": pages},
        "consent": {"cmp": "selectors", "banner": BANNER, "accept": ACCEPT, "reject": REJECT},
        "classify": {"cookies": [{"name": "bench_sid", "category": "necessary"},
                                 {"name": "bench_consent", "category": "necessary"},
                                 {"name": "tid", "category": "functional"}],
                     "domains": [{"domain": TRACKER, "category": "functional"}]},
        "checks": entries,
    }
    path.write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")
    return len(entries) * len(pages)


def plan(pages: list[str], states: tuple[str, ...] = STATES) -> list[dict[str, Any]]:
    """The visits in the order the plugin needs them: what the floor does, one by one. A
    consent visit answers the banner on the check's first page, then loads its own page."""
    out = []
    for state in states:
        for page in pages:
            url = f"https://{HOST}{page}"
            entry = f"https://{HOST}{pages[0]}" if state.startswith("after_") else url
            out.append({"url": url, "entry": entry, "state": state})
    return out


# ---------------------------------------------------------------- the floor

class Quiet:
    """The plugin's settle rule: no request in flight for SETTLE_MS, at most SETTLE_CAP_MS.
    (Its timer part is not needed: the bench pages set no timers.)"""

    def __init__(self) -> None:
        self.inflight: set[int] = set()
        self.last = time.monotonic()

    def started(self, request: Any) -> None:
        self.inflight.add(id(request))
        self.last = time.monotonic()

    def done(self, request: Any) -> None:
        self.inflight.discard(id(request))
        self.last = time.monotonic()

    def settle(self, page: Any) -> None:
        deadline = time.monotonic() + SETTLE_CAP_MS / 1000
        while time.monotonic() < deadline:
            if not self.inflight and time.monotonic() - self.last >= SETTLE_MS / 1000:
                return
            page.wait_for_timeout(50)


def floor(host_map: str, plan_file: str, browser_path: str | None = None) -> int:
    """The bare loop: the browser the plugin launches (same executable, flags and profile
    preference), then per visit a fresh context, load, (banner, settle, load), settle, cookies."""
    from playwright.sync_api import sync_playwright

    from pytest_privacy.browser.cookie_policy import MODES
    from pytest_privacy.browser.provider import find_system_chromium, launch_args
    from pytest_privacy.settings import PrivacyConfig

    if not LOOPBACK_MAP.fullmatch(host_map):
        print(f"refusing host map {host_map!r}: only 'MAP * 127.0.0.1:PORT'", file=sys.stderr)
        return 2
    visits = json.loads(Path(plan_file).read_text("utf-8"))
    args = launch_args(PrivacyConfig(host_map=host_map, ignore_https_errors=True))
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="bench-profile-") as prof:
        executable = browser_path or (None if Path(pw.chromium.executable_path).exists()
                                      else find_system_chromium(headless=True))
        prefs = Path(prof) / "Default" / "Preferences"
        prefs.parent.mkdir()
        prefs.write_text(json.dumps({"profile": {"cookie_controls_mode": MODES["allow"]}}))
        profile = pw.chromium.launch_persistent_context(prof, executable_path=executable,
                                                        headless=True, args=args)
        browser = profile.browser
        assert browser is not None
        for visit in visits:
            context = browser.new_context(ignore_https_errors=True)
            if visit["state"] == "gpc":
                context.set_extra_http_headers({"Sec-GPC": "1"})
                context.add_init_script("Object.defineProperty(Navigator.prototype, "
                                        "'globalPrivacyControl', {get: () => true});")
            quiet = Quiet()
            context.on("request", quiet.started)
            context.on("requestfinished", quiet.done)
            context.on("requestfailed", quiet.done)
            page = context.new_page()
            page.goto(visit["entry"], wait_until="load")
            quiet.settle(page)
            if visit["state"].startswith("after_"):
                page.click(ACCEPT if visit["state"] == "after_accept" else REJECT)
                page.wait_for_selector(BANNER, state="hidden")
                quiet.settle(page)
                page.goto(visit["url"], wait_until="load")
                quiet.settle(page)
            names = {cookie["name"] for cookie in context.cookies()}
            context.close()
            wanted = {"bench_sid", "tid"} | ({"bench_consent"}
                                             if visit["state"].startswith("after_") else set())
            if not wanted <= names:
                print(f"{visit}: expected cookies {wanted}, got {names}", file=sys.stderr)
                return 1
        profile.close()
    return 0


# ---------------------------------------------------------------- runs

def loadavg() -> float:
    return os.getloadavg()[0]


class CpuWatch(threading.Thread):
    """How many CPUs other processes (other users, other test runs) took while a run went
    on: the machine's busy CPU time (psutil.cpu_times) minus that of this process and its
    descendants, sampled every 200 ms (a process that ends keeps its last sample: Chromium's
    children are not always reaped, so rusage would not see them)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.seen: dict[tuple[int, float], float] = {}  # (pid, create time) -> CPU s
        self.halt = threading.Event()
        self.busy0 = self._busy()
        self.own0 = self._cpu(self.me)
        self.started = time.perf_counter()

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return float(t.user + t.nice + t.system + getattr(t, "irq", 0) +
                     getattr(t, "softirq", 0) + getattr(t, "steal", 0))

    @staticmethod
    def _cpu(process: psutil.Process) -> float:
        t = process.cpu_times()
        return float(t.user + t.system)

    def run(self) -> None:
        while not self.halt.wait(0.2):
            self.sample()

    def sample(self) -> None:
        try:
            tree = [self.me, *self.me.children(recursive=True)]
        except psutil.Error:
            return
        for process in tree:
            try:
                self.seen[(process.pid, process.create_time())] = self._cpu(process)
            except psutil.Error:
                continue

    def finish(self) -> tuple[float, float]:
        """Stop; (CPU seconds of the run's processes, the mean number of CPUs the rest of
        the machine used meanwhile)."""
        self.halt.set()
        self.join()
        self.sample()
        wall = time.perf_counter() - self.started
        ours = sum(self.seen.values()) - self.own0
        return ours, max(0.0, self._busy() - self.busy0 - ours) / wall


def timed(server: Any, cmd: list[str], cwd: Path, pages: list[str],
          host: str = HOST) -> tuple[Run, str]:
    server.reset()
    before = loadavg()
    watch = CpuWatch()
    watch.start()
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    cpu, others = watch.finish()
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and "--floor" in cmd):
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
        raise SystemExit(f"run failed with exit code {proc.returncode}: {' '.join(cmd)}\n{tail}")
    loads = {p: server.count(host, p) for p in pages}
    mean = VISITS_LINE.search(proc.stdout)
    visit_mean = float(mean.group(2)) / int(mean.group(1)) if mean else None
    return Run(loads, seconds, visit_mean, before, loadavg(), others, cpu), proc.stdout


def plugin_cmd(server: Any, spec: str, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", spec, "--privacy-spec", spec,
            "--privacy-host-map", server.host_map, "--privacy-ignore-https-errors",
            "-q", "-p", "no:cacheprovider", *extra]


def plugin_run(server: Any, tmp: Path, pages: list[str], items: int, extra: list[str]) -> Run:
    run, out = timed(server, plugin_cmd(server, "bench.yaml", extra), tmp, pages)
    passed = re.search(r"(\d+) passed", out)
    if not passed or int(passed.group(1)) != items or re.search(r"\d+ (failed|error)", out):
        raise SystemExit(f"expected {items} passed items, pytest said:\n{out[-3000:]}")
    return run


def floor_run(server: Any, tmp: Path, pages: list[str], browser_path: str | None = None) -> Run:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--floor",
           "--host-map", server.host_map, "--plan", str(tmp / "plan.json")]
    if browser_path:
        cmd += ["--browser-path", browser_path]
    return timed(server, cmd, tmp, pages)[0]


def wait_quiet(busy: float, max_wait: float) -> None:
    """Wait (at most max_wait s) until other processes use less than `busy` CPUs."""
    if busy <= 0:
        return
    deadline = time.monotonic() + max_wait
    while True:
        watch = CpuWatch()
        watch.start()
        time.sleep(3)
        others = watch.finish()[1]
        if others <= busy or time.monotonic() >= deadline:
            return
        print(f"machine busy (other processes use {others:.2f} CPUs): waiting",
              file=sys.stderr, flush=True)
        time.sleep(10)


def late_runs(repeat: int, busy: float = 0.0, max_wait: float = 0.0,
              browser: list[str] | None = None) -> list[tuple[str, str, float, float]]:
    """tests/sites/late.test (a beacon 1.5 s after load, and a polling loop) with the default
    settle rule and with --privacy-settle-timers 0: (label, verdict, median wall s, median
    visit s) each."""
    from pytest_privacy.fixtureserver import FixtureServer

    spec = ("version: 1\nsite:\n  pages: ['https://late.test/']\nchecks:\n"
            "  - id: no-analytics\n    claim: No analytics before consent.\n"
            "    expect:\n      requests: {none_of: [analytics]}\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="privacy-bench-late-") as name, \
            FixtureServer(TEST_SITES) as server:
        tmp = Path(name)
        (tmp / "late.yaml").write_text(spec, "utf-8")
        (tmp / "pytest.ini").write_text("[pytest]\n", "utf-8")
        for label, extra in (("default (--privacy-settle-timers 2000)", []),
                             ("--privacy-settle-timers 0", ["--privacy-settle-timers", "0"])):
            verdicts, walls, visits = set(), [], []
            for _ in range(repeat):
                wait_quiet(busy, max_wait)
                run, out = timed(server, plugin_cmd(server, "late.yaml", extra + (browser or [])),
                                 tmp, ["/"],
                                 host="late.test")
                failed = re.search(r"1 failed", out) and "google-analytics.com/g/collect" in out
                passed = re.search(r"1 passed", out)
                verdicts.add("caught" if failed else "missed" if passed else "error")
                walls.append(run.seconds)
                visits.append(run.visit_mean or float("nan"))
            rows.append((label, "/".join(sorted(verdicts)), statistics.median(walls),
                         statistics.median(visits)))
    return rows


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pytest-privacy vs a bare Playwright loop.")
    parser.add_argument("--pages", type=int, default=8, help="distinct pages (default 8)")
    parser.add_argument("--checks", type=int, default=10,
                        help="checks per state (default 10); 4 states")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind (default 3)")
    parser.add_argument("--configs", default=DEFAULT_CONFIGS,
                        help=f"comma-separated, from {','.join(CONFIGS)} "
                             f"(default: {DEFAULT_CONFIGS})")
    parser.add_argument("--sweep", action="store_true",
                        help="every configuration (-c 1 to 4, -n 2 with -c 1 and 2): "
                             "about 16 minutes")
    parser.add_argument("--no-late", action="store_true", help="skip the late-tracker runs")
    parser.add_argument("--busy", type=float, default=0.3,
                        help="other processes using more CPUs than this make the machine busy: "
                             "wait before a run, make a run again after (default 0.3; 0: off)")
    parser.add_argument("--max-wait", type=float, default=600,
                        help="wait at most this many seconds for a quiet machine (600)")
    parser.add_argument("--retries", type=int, default=2,
                        help="make a run made on a busy machine again, up to N times (2)")
    parser.add_argument("--browser-path",
                        help="the Chromium both the floor and the plugin launch "
                             "(--privacy-browser-path); default: the plugin's choice")
    parser.add_argument("--log", type=Path,
                        help="append every run to this JSON-lines file as it ends (a run "
                             "cut short loses only itself)")
    parser.add_argument("--table", type=Path, metavar="LOG",
                        help="make no runs: print the table of the runs in LOG (--log), "
                             "e.g. from several invocations")
    parser.add_argument("--quick", action="store_true",
                        help=f"4 pages, 1 run, {QUICK_CONFIGS}, no late tracker")
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--host-map", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        return floor(args.host_map or "", args.plan or "", args.browser_path)
    if args.quick:
        args.pages, args.repeat, args.no_late = 4, 1, True
        args.configs = QUICK_CONFIGS
    if args.sweep:
        args.configs = ",".join(CONFIGS)
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        parser.error(f"unknown configuration(s) {unknown}; choose from {list(CONFIGS)}")
    if "floor" not in configs:
        configs.insert(0, "floor")  # every ratio is to the floor
    if min(args.pages, args.checks, args.repeat) < 1:
        parser.error("--pages, --checks and --repeat must be at least 1")
    if args.table is not None:
        return table_from_log(args.table)

    from pytest_privacy.fixtureserver import FixtureServer

    results = Results({name: [] for name in configs})
    browser = ["--privacy-browser-path", args.browser_path] if args.browser_path else []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="privacy-bench-") as name:
        tmp = Path(name)
        pages = write_site(tmp / "site", args.pages)
        items = write_spec(tmp / "bench.yaml", pages, args.checks)
        (tmp / "plan.json").write_text(json.dumps(plan(pages)), "utf-8")
        (tmp / "pytest.ini").write_text("[pytest]\n", "utf-8")  # keep rootdir here
        with FixtureServer(tmp / "site", tls=True) as server:
            assert LOOPBACK_MAP.fullmatch(server.host_map)
            for i in range(args.repeat):  # rotate the order so none always goes first
                order = configs[i % len(configs):] + configs[:i % len(configs)]
                for config in order:
                    extra = CONFIGS[config]
                    for attempt in range(1 + args.retries):
                        wait_quiet(args.busy, args.max_wait)
                        run = floor_run(server, tmp, pages, args.browser_path) \
                            if extra is None else plugin_run(server, tmp, pages, items,
                                                             extra + browser)
                        busy = args.busy > 0 and run.others > args.busy
                        print(f"run {i + 1}/{args.repeat} {config:<6} {run.seconds:6.2f} s  "
                              f"{run.total} loads  load avg {run.load_before:.1f}"
                              f"->{run.load_after:.1f}  other CPU {run.others:.2f}"
                              f"{'  busy: again' if busy and attempt < args.retries else ''}",
                              file=sys.stderr, flush=True)
                        if not busy:
                            break
                    results.runs[config].append(run)
                    if args.log is not None:
                        with args.log.open("a", encoding="utf-8") as log:
                            log.write(json.dumps({"config": config, "pages": args.pages,
                                                  "checks": args.checks, "items": items,
                                                  **asdict(run)}) + "\n")
    late = [] if args.no_late else late_runs(args.repeat, args.busy, args.max_wait, browser)

    print(f"\n{time.perf_counter() - started:.0f} s in all")
    print_table(results, configs, args.pages, args.checks, items)
    for label, verdict, wall, visit in late:
        print(f"late.test {label:<40} {verdict:<7} wall {wall:5.2f} s  visit {visit:.2f} s")
    return 0


def table_from_log(path: Path) -> int:
    """The table of the runs logged with --log (one table per spec size)."""
    sizes: dict[tuple[int, int, int], Results] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        results = sizes.setdefault((data.pop("pages"), data.pop("checks"), data.pop("items")),
                                   Results())
        results.runs.setdefault(data.pop("config"), []).append(Run(**data))
    for (pages, checks, items), results in sizes.items():
        if "floor" not in results.runs:
            print(f"{pages} pages x {checks} checks: no floor run logged", file=sys.stderr)
            continue
        print_table(results, [c for c in CONFIGS if c in results.runs], pages, checks, items)
    return 0


def print_table(results: Results, configs: list[str], pages: int, checks: int,
                items: int) -> None:
    repeats = sorted({len(results.runs[c]) for c in configs})
    print(f"{checks} checks x {pages} pages x {len(STATES)} states = {items} items, "
          f"{pages * len(STATES)} visits; median of {'/'.join(map(str, repeats))} run(s)")
    floor_median = results.median("floor")
    floor_loads = results.runs["floor"][0].loads
    print(f"{'run':<22}{'loads':>6}{'wall s':>8}{'/floor':>8}{'CPU s':>7}{'visit s':>9}"
          f"{'others':>8}  all runs (s)")
    for config in configs:
        rs = results.runs[config]
        same = all(r.loads == floor_loads for r in rs)
        loads = "/".join(sorted({str(r.total) for r in rs})) + ("" if same else "!")
        means = [r.visit_mean for r in rs if r.visit_mean is not None]
        visit = f"{statistics.median(means):.2f}" if means else "-"
        others = max(r.others for r in rs)
        every = " ".join(f"{r.seconds:.2f}" for r in rs)
        cpu = statistics.median(r.cpu for r in rs)
        print(f"{LABELS[config]:<22}{loads:>6}{results.median(config):>8.2f}"
              f"{results.median(config) / floor_median:>7.2f}x{cpu:>7.1f}{visit:>9}"
              f"{others:>8.2f}  {every}")
    print("loads: page loads at the server (! = not the floor's per-page counts); CPU s: of "
          "the run's own processes; visit s: the plugin's mean visit time; others: the most "
          f"CPUs other processes took during one of its runs (of {os.cpu_count()}; above ~0.3 "
          "the numbers are suspect)")


if __name__ == "__main__":
    raise SystemExit(main())
