"""The `pytest-privacy` command: `demo` runs the bundled spec against the bundled site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from pytest_privacy.fixtureserver import FixtureServer

DEMO_DIR = Path(__file__).parent / "demo"
# The demo site breaks exactly this promise on purpose.
DEMO_BROKEN = "no-advertising-before-consent[/]"


class _Outcomes:
    """Collects each item's final outcome during the demo run."""

    def __init__(self) -> None:
        self.outcomes: dict[str, str] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        name = report.nodeid.split("::")[-1]
        if report.failed:
            self.outcomes[name] = "failed" if report.when == "call" else "error"
        elif report.skipped:
            self.outcomes.setdefault(name, "skipped")
        elif report.when == "call":
            self.outcomes.setdefault(name, "passed")


def demo(extra: Sequence[str]) -> int:
    """Serve the demo site on loopback and run demo.yaml against it."""
    print(f"pytest-privacy demo: serving the demo shop from {DEMO_DIR / 'site'} on 127.0.0.1 "
          "(offline), checking demo.yaml against it.\n")
    outcomes = _Outcomes()
    with FixtureServer(DEMO_DIR / "site") as server:
        code = pytest.main([
            str(DEMO_DIR / "demo.yaml"), "--privacy-spec", str(DEMO_DIR / "demo.yaml"),
            "-c", str(DEMO_DIR / "pytest.ini"), "--rootdir", str(DEMO_DIR),
            "--privacy-host-map", server.host_map, "--privacy-ignore-https-errors",
            "-v", *extra], plugins=[outcomes])
    failed = sorted(n for n, o in outcomes.outcomes.items() if o in ("failed", "error"))
    if code in (0, 1) and failed == [DEMO_BROKEN] and len(outcomes.outcomes) > 1:
        print(f"\nDemo finished as designed: {len(outcomes.outcomes) - 1} promises kept, and "
              f"{DEMO_BROKEN} failed on purpose — the demo shop's home page loads an "
              "advertising pixel before any consent. Read its report above.")
        return 0
    print(f"\nThe demo did not end as designed (pytest exit code {code}; failed: "
          f"{', '.join(failed) or 'none'}; expected only {DEMO_BROKEN}).", file=sys.stderr)
    return code or 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pytest-privacy", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run the bundled spec against the bundled "
                                   "demo site, offline; extra arguments go to pytest")
    args, extra = parser.parse_known_args(argv)
    if args.command == "demo":
        return demo([a for a in extra if a != "--"])
    return 2


if __name__ == "__main__":
    sys.exit(main())
