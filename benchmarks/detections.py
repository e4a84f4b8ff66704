"""Per-visit cost of the four detection kinds (fingerprinting, consent_mode, keylogging,
session_recording), offline.

    .venv/bin/python benchmarks/detections.py              # 4 pages, 3 rounds
    .venv/bin/python benchmarks/detections.py --pages 8 --rounds 5

The benchmark pages of visits.py (a banner, a first-party script, a pixel, a footer), each
with a one-field newsletter form added so that keylogging has something to type into, in the
four states, checked by the same ten checks. Three runs per round, in a rotating order so
machine load falls on all alike:

- none: the ten checks only;
- instrumentation: + `fingerprinting` and `consent_mode` in every state (the fingerprinting
  init script in every frame, read back after each settle; consent_mode only reads requests);
- all four: + `keylogging` and `session_recording`, so every visit ends with the interaction
  phase (pointer, scroll, typing, then a deliberate bounded wait for what the page sends).

Each visit's own time is read from its evidence: timings.visit_ms is the visit up to its
last record, the interaction excluded (it runs after); timings.interaction_ms is the
interaction phase, and interaction.waited_ms its deliberate wait. Python start-up and the
browser launch are left out.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import visits  # noqa: E402  (the benchmark pages and spec of visits.py)

FORM = ('<form action="/thanks" method="post"><label>E-mail for our newsletter '
        '<input type="email" name="email"></label></form>\n</main>')
INSTRUMENTATION = {
    "fingerprinting": {"none_of": ["canvas", "webgl", "audio", "fonts"]},
    "consent_mode": {"ad_storage": "denied"},
}
INTERACTION = {
    "keylogging": {"none_of": ["analytics", "marketing"]},
    "session_recording": {"none": True},
}
RUNS = {"none": {}, "instrumentation": INSTRUMENTATION,
        "all four": {**INSTRUMENTATION, **INTERACTION}}


def write_site(root: Path, pages: int) -> list[str]:
    paths = visits.write_site(root, pages)
    for path in paths:
        page = root / visits.HOST / path.strip("/") / "index.html"
        page.write_text(page.read_text("utf-8").replace("</main>", FORM, 1), "utf-8")
    return paths


def write_specs(tmp: Path, pages: list[str], checks: int) -> dict[str, int]:
    """One spec per run (bench-<n>.yaml); returns their numbers of items by run name."""
    base = visits.write_spec(tmp / "bench-0.yaml", pages, checks)
    spec = yaml.safe_load((tmp / "bench-0.yaml").read_text("utf-8"))
    counts = {}
    for n, (name, extra) in enumerate(RUNS.items()):
        data = dict(spec, checks=list(spec["checks"]))
        for key, params in extra.items():  # after_accept: consent granted, not denied
            for state in visits.STATES:
                if key == "consent_mode" and state == "after_accept":
                    params = {"ad_storage": "granted"}
                data["checks"].append({"id": f"{key}-{state}", "claim": f"Bench {key}.",
                                       "when": state, "expect": {key: params}})
        (tmp / f"bench-{n}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
        counts[name] = base + len(extra) * len(visits.STATES) * len(pages)
    return counts


def run(server_map: str, tmp: Path, spec: str, items: int,
        extra: list[str]) -> list[dict[str, Any]]:
    """One plugin run; the timings of each visit from its evidence files."""
    evidence = tmp / f"evidence-{spec}"
    subprocess.run(["rm", "-rf", str(evidence)], check=True)
    cmd = [sys.executable, "-m", "pytest", f"{spec}.yaml", "--privacy-spec", f"{spec}.yaml",
           "--privacy-host-map", server_map, "--privacy-ignore-https-errors", "-q",
           "-p", "no:cacheprovider", "--privacy-evidence", str(evidence), *extra]
    proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, check=False)
    if f"{items} passed" not in proc.stdout or proc.returncode != 0:
        raise SystemExit(f"expected {items} passed items, pytest said:\n{proc.stdout[-3000:]}")
    out = []
    for path in evidence.rglob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, dict) and "visit_ms" in data.get("timings", {}):
            interaction = data.get("interaction") or {}
            out.append({"visit": float(data["timings"]["visit_ms"]),
                        "interaction": data["timings"].get("interaction_ms"),
                        "wait": interaction.get("waited_ms")})
    return out


def _row(label: str, values: list[float], base: list[float] | None = None) -> str:
    """Median and mean of the values; against `base`, their change in per cent."""
    median, mean = statistics.median(values), statistics.fmean(values)
    extra = ""
    if base:
        extra = (f"{100 * (median / statistics.median(base) - 1):+14.1f} %"
                 f"{100 * (mean / statistics.fmean(base) - 1):+11.1f} %")
    return f"{label:<44}{median:>10.0f}{mean:>10.0f}{extra}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--checks", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=1,
                        help="--privacy-concurrency of every run (default 1: visits one at a "
                             "time, so they do not share the CPUs)")
    args = parser.parse_args(argv)
    from pytest_privacy.fixtureserver import FixtureServer

    names = list(RUNS)
    got: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="privacy-bench-detect-") as folder:
        tmp = Path(folder)
        pages = write_site(tmp / "site", args.pages)
        counts = write_specs(tmp, pages, args.checks)
        (tmp / "pytest.ini").write_text("[pytest]\n", "utf-8")
        extra = ["--privacy-concurrency", str(args.concurrency)]
        with FixtureServer(tmp / "site", tls=True) as server:
            for round_ in range(args.rounds):
                order = names[round_ % 3:] + names[:round_ % 3]
                for name in order:
                    visits_ = run(server.host_map, tmp, f"bench-{names.index(name)}",
                                  counts[name], extra)
                    got[name].extend(visits_)
                    print(f"round {round_ + 1}/{args.rounds} {name:<16} {len(visits_)} visits, "
                          f"median {statistics.median(v['visit'] for v in visits_):.0f} ms",
                          file=sys.stderr, flush=True)
    base = [v["visit"] for v in got["none"]]
    print(f"{args.pages} pages x {len(visits.STATES)} states, {args.rounds} rounds, "
          f"-c {args.concurrency}: {' + '.join(str(len(got[n])) for n in names)} visits; "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'per visit':<44}{'median ms':>10}{'mean ms':>10}{'median vs none':>16}"
          f"{'mean vs none':>13}")
    print(_row("no detection kind", base))
    print(_row("fingerprinting + consent_mode", [v["visit"] for v in got["instrumentation"]],
               base))
    print(_row("all four, without the interaction phase", [v["visit"] for v in
                                                           got["all four"]], base))
    phase = [v["interaction"] for v in got["all four"] if v["interaction"] is not None]
    wait = [v["wait"] for v in got["all four"] if v["wait"] is not None]
    if phase and wait:
        print(_row("all four: the interaction phase", phase))
        print(_row("  of which the deliberate wait", wait))
        print(_row("all four, whole visit", [v["visit"] + (v["interaction"] or 0)
                                             for v in got["all four"]], base))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
