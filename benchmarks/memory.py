"""Peak memory of a pytest-privacy run of 100 page visits, offline.

    .venv/bin/python benchmarks/memory.py                      # floor, then the plugin -c 2
    .venv/bin/python benchmarks/memory.py --concurrency 1 2 4 --report
    .venv/bin/python benchmarks/memory.py --pages 100 --states before_consent

The site and spec are visits.py's (a banner, a first-party cookie, a pixel, a footer per
page). pytest runs as a subprocess; a thread samples every --interval ms (default 200) with
psutil: the RSS of the pytest (Python) process, and the RSS summed over its descendants: the
Playwright node driver and the Chromium process tree. Summed RSS counts shared pages (the
Chromium binary, shared memory) once per process, so it overstates what the tree really
uses; PSS (proportional set size, shared pages divided among their users) is given beside
it where the system exposes it. Target: the total below 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent))

from visits import LOOPBACK_MAP, STATES, plan, write_site, write_spec  # noqa: E402

MIB = 1024 * 1024


@dataclass
class Peak:
    python: int = 0  # RSS of the pytest process
    node: int = 0  # RSS of the Playwright driver
    chromium: int = 0  # RSS summed over the Chromium processes
    total: int = 0  # all of the above at one sample
    total_pss: int = 0  # PSS of all of them at one sample
    processes: int = 0  # most Chromium processes at once
    samples: int = 0
    python_end: int = 0  # the Python process's RSS at the last sample
    totals: list[int] = field(default_factory=list)  # the total at every sample

    def quarter(self, which: int) -> int:
        """Median total over the which-th quarter of the samples (1 to 4): growth shows."""
        n = len(self.totals)
        part = self.totals[(which - 1) * n // 4:which * n // 4] or self.totals or [0]
        return int(statistics.median(part))


class Sampler(threading.Thread):
    """Samples `pid` and its descendants; `others`: further process trees counted in the
    totals too (browser servers the run connects to), their Python and Node as "node"."""

    def __init__(self, pid: int, interval: float, pss: bool, others: tuple[int, ...] = ()
                 ) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.others = [psutil.Process(other) for other in others]
        self.interval = interval
        self.pss = pss
        self.peak = Peak()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)

    def sample(self) -> None:
        try:
            python = self.root.memory_info().rss
            python_pss = self._pss(self.root, python)
            children = self.root.children(recursive=True)
        except psutil.Error:
            return
        for other in self.others:
            try:
                children += [other, *other.children(recursive=True)]
            except psutil.Error:
                continue
        node = chromium = pss = count = 0
        for child in children:
            try:
                rss = child.memory_info().rss
                name = child.name().lower()
                pss += self._pss(child, rss)
            except psutil.Error:
                continue  # it ended meanwhile
            if "chrom" in name:
                chromium += rss
                count += 1
            else:
                node += rss
        peak = self.peak
        peak.python = max(peak.python, python)
        peak.node = max(peak.node, node)
        peak.chromium = max(peak.chromium, chromium)
        peak.total = max(peak.total, python + node + chromium)
        peak.totals.append(python + node + chromium)
        peak.total_pss = max(peak.total_pss, python_pss + pss)
        peak.processes = max(peak.processes, count)
        peak.samples += 1
        peak.python_end = python

    def _pss(self, process: psutil.Process, rss: int) -> int:
        if not self.pss:
            return 0
        try:
            return int(getattr(process.memory_full_info(), "pss", rss))
        except psutil.Error:
            return 0


def run(server_map: str, tmp: Path, items: int, extra: list[str] | None, interval: float,
        pss: bool, browser_path: str | None = None) -> tuple[Peak, float, str]:
    """pytest with `extra` arguments, or the bare loop of visits.py when `extra` is None."""
    if extra is None:
        cmd = [sys.executable, str(Path(__file__).resolve().parent / "visits.py"), "--floor",
               "--host-map", server_map, "--plan", str(tmp / "plan.json")]
        if browser_path:
            cmd += ["--browser-path", browser_path]
    else:
        cmd = [sys.executable, "-m", "pytest", "bench.yaml", "--privacy-spec", "bench.yaml",
               "--privacy-host-map", server_map, "--privacy-ignore-https-errors", "-q",
               "-p", "no:cacheprovider", *extra]
        if browser_path:
            cmd += ["--privacy-browser-path", browser_path]
    started = time.perf_counter()
    with subprocess.Popen(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as proc:
        sampler = Sampler(proc.pid, interval, pss)
        sampler.start()
        out, _ = proc.communicate()
        sampler.stop.set()
        sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode != 0 or (extra is not None and f"{items} passed" not in out):
        raise SystemExit(f"expected {items} passed items (exit {proc.returncode}):\n"
                         f"{out[-3000:]}")
    line = next((ln for ln in out.splitlines() if ln.startswith("privacy: ")), "")
    return sampler.peak, seconds, line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Peak memory of 100 page visits.")
    parser.add_argument("--pages", type=int, default=25, help="distinct pages (default 25)")
    parser.add_argument("--states", nargs="+", default=list(STATES), choices=STATES,
                        help="states (default: all four)")
    parser.add_argument("--checks", type=int, default=3, help="checks per state (default 3)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[2],
                        help="--privacy-concurrency values to run (default 2)")
    parser.add_argument("--report", action="store_true",
                        help="also each with --privacy-report (screenshots kept in memory)")
    parser.add_argument("--browser-path",
                        help="the Chromium to launch, for the floor and the plugin")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the bare Playwright loop (visits.py's floor) as reference")
    parser.add_argument("--interval", type=int, default=200, help="sample every MS (200)")
    parser.add_argument("--no-pss", action="store_true", help="RSS only (cheaper sampling)")
    args = parser.parse_args(argv)

    from pytest_privacy.fixtureserver import FixtureServer

    states = tuple(args.states)
    visits = args.pages * len(states)
    rows = []
    with tempfile.TemporaryDirectory(prefix="privacy-bench-mem-") as name:
        tmp = Path(name)
        pages = write_site(tmp / "site", args.pages)
        items = write_spec(tmp / "bench.yaml", pages, args.checks, states)
        (tmp / "pytest.ini").write_text("[pytest]\n", "utf-8")
        (tmp / "plan.json").write_text(json.dumps(plan(pages, states)), "utf-8")
        variants: list[tuple[str, list[str] | None]] = \
            [] if args.no_floor else [("floor (bare loop)", None)]
        variants += [(f"plugin -c {c}", ["--privacy-concurrency", str(c)])
                     for c in args.concurrency]
        if args.report:
            variants += [(f"plugin -c {c} --privacy-report",
                          ["--privacy-concurrency", str(c), "--privacy-report",
                           str(tmp / f"report-{c}.html")]) for c in args.concurrency]
        with FixtureServer(tmp / "site", tls=True) as server:
            assert LOOPBACK_MAP.fullmatch(server.host_map)
            for label, extra in variants:
                server.reset()
                peak, seconds, line = run(server.host_map, tmp, items, extra,
                                          args.interval / 1000, not args.no_pss,
                                          args.browser_path)
                loads = sum(server.count("bench.test", p) for p in pages)
                rows.append((label, peak, seconds, loads, line))
                print(f"{label}: {seconds:.1f} s, {loads} page loads; {line}", file=sys.stderr,
                      flush=True)

    print(f"\n{visits} visits ({args.pages} pages x {len(states)} states), {items} items; "
          f"RSS peaks in MiB, sampled every {args.interval} ms")
    print(f"{'run':<32}{'python':>7}{'node':>6}{'chromium':>9}{'total':>7}{'PSS':>6}"
          f"{'procs':>6}{'q2':>6}{'q4':>6}{'loads':>6}{'wall s':>8}")
    for label, peak, seconds, loads, _ in rows:
        pss = f"{peak.total_pss / MIB:.0f}" if peak.total_pss else "-"
        print(f"{label:<32}{peak.python / MIB:>7.0f}{peak.node / MIB:>6.0f}"
              f"{peak.chromium / MIB:>9.0f}{peak.total / MIB:>7.0f}{pss:>6}"
              f"{peak.processes:>6}{peak.quarter(2) / MIB:>6.0f}{peak.quarter(4) / MIB:>6.0f}"
              f"{loads:>6}{seconds:>8.1f}")
    print("python, node, chromium, total: peak RSS (chromium and total summed over processes); "
          "PSS: peak of the total's PSS; procs: most Chromium processes at once; q2, q4: median "
          "total RSS over the second and last quarter of the run (growth shows there)")
    worst = max(peak.total for _, peak, _, _, _ in rows)
    worst_pss = max(peak.total_pss for _, peak, _, _, _ in rows)
    print(f"largest total: {worst / MIB:.0f} MiB summed RSS "
          f"({'under' if worst < 1024 * MIB else 'over'} 1 GiB), {worst_pss / MIB:.0f} MiB PSS "
          f"({'under' if worst_pss < 1024 * MIB else 'over'} 1 GiB); samples per run: "
          f"{statistics.median(p.samples for _, p, _, _, _ in rows):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
