"""Per-visit cost of the fingerprinting instrumentation (browser/fingerprint.js), offline.

    .venv/bin/python benchmarks/fingerprint_overhead.py              # 8 pages, 5 rounds
    .venv/bin/python benchmarks/fingerprint_overhead.py --pages 4 --rounds 3

The benchmark pages of visits.py (a banner, a first-party script, a pixel, a footer) in the
four states, checked by the same ten checks; "with" adds a `fingerprinting` check in every
state, so every visit installs the instrumentation in every frame and reads it back. The two
runs alternate, round after round, so machine load falls on both alike. Each visit's own
time is read from its evidence (timings.visit_ms: context to the last record, without
Python start-up or the browser launch); the table gives the median visit of each and the
overhead in per cent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import visits  # noqa: E402  (the benchmark pages and spec of visits.py)

FINGERPRINTING = {"fingerprinting": {"none_of": ["canvas", "webgl", "audio", "fonts"]}}


def write_specs(tmp: Path, pages: list[str], checks: int) -> tuple[int, int]:
    """bench-without.yaml and bench-with.yaml; returns their numbers of items."""
    without = visits.write_spec(tmp / "bench-without.yaml", pages, checks)
    spec = yaml.safe_load((tmp / "bench-without.yaml").read_text("utf-8"))
    for state in visits.STATES:
        spec["checks"].append({"id": f"no-fingerprinting-{state}",
                               "claim": "We do not fingerprint your browser.", "when": state,
                               "expect": FINGERPRINTING})
    (tmp / "bench-with.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")
    return without, without + len(visits.STATES) * len(pages)


def run(server_map: str, tmp: Path, spec: str, items: int, extra: list[str]) -> list[float]:
    """One plugin run; the visit times (ms) from its evidence files."""
    evidence = tmp / f"evidence-{spec}"
    subprocess.run(["rm", "-rf", str(evidence)], check=True)
    cmd = [sys.executable, "-m", "pytest", f"{spec}.yaml", "--privacy-spec", f"{spec}.yaml",
           "--privacy-host-map", server_map, "--privacy-ignore-https-errors", "-q",
           "-p", "no:cacheprovider", "--privacy-evidence", str(evidence), *extra]
    proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, check=False)
    if f"{items} passed" not in proc.stdout or proc.returncode != 0:
        raise SystemExit(f"expected {items} passed items, pytest said:\n{proc.stdout[-3000:]}")
    times = []
    for path in evidence.rglob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, dict) and "timings" in data and "visit_ms" in data["timings"]:
            times.append(float(data["timings"]["visit_ms"]))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--checks", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=1,
                        help="--privacy-concurrency of both runs (default 1: visits one at a "
                             "time, so they do not share the CPUs)")
    args = parser.parse_args(argv)
    from pytest_privacy.fixtureserver import FixtureServer

    times: dict[str, list[float]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory(prefix="privacy-bench-fp-") as name:
        tmp = Path(name)
        pages = visits.write_site(tmp / "site", args.pages)
        counts = dict(zip(("without", "with"), write_specs(tmp, pages, args.checks),
                          strict=True))
        (tmp / "pytest.ini").write_text("[pytest]\n", "utf-8")
        extra = ["--privacy-concurrency", str(args.concurrency)]
        with FixtureServer(tmp / "site", tls=True) as server:
            for round_ in range(args.rounds):
                order = ("without", "with") if round_ % 2 == 0 else ("with", "without")
                for label in order:
                    got = run(server.host_map, tmp, f"bench-{label}", counts[label], extra)
                    times[label].extend(got)
                    print(f"round {round_ + 1}/{args.rounds} {label:<8} {len(got)} visits, "
                          f"median {statistics.median(got):.0f} ms", file=sys.stderr,
                          flush=True)
    base, instrumented = (statistics.median(times[k]) for k in ("without", "with"))
    mean_base, mean_instr = (statistics.fmean(times[k]) for k in ("without", "with"))
    print(f"{args.pages} pages x {len(visits.STATES)} states, {args.rounds} rounds, "
          f"-c {args.concurrency}: {len(times['without'])} + {len(times['with'])} visits")
    print(f"{'':<26}{'median ms':>10}{'mean ms':>10}")
    print(f"{'without instrumentation':<26}{base:>10.0f}{mean_base:>10.0f}")
    print(f"{'with fingerprinting':<26}{instrumented:>10.0f}{mean_instr:>10.0f}")
    print(f"overhead: {100 * (instrumented / base - 1):+.1f} % (median), "
          f"{100 * (mean_instr / mean_base - 1):+.1f} % (mean)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
