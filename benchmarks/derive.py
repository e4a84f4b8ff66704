"""Recall and precision of `pytest-privacy derive`'s claim families over the test policies.

    .venv/bin/python benchmarks/derive.py                 # both sets, totals and per family
    .venv/bin/python benchmarks/derive.py --verbose       # and every miss and extra unit

Offline and deterministic. Each policy under tests/policies/ (the development set: the seed
policy and the styles derive was written against) and tests/policies/heldout/ (written after
the patterns were settled, never tuned on) has a sidecar NAME.expected.yaml listing the
promises a careful reader finds: family, a fragment of the sentence, and what the checks must
carry (categories, link names, record). Scoring is by meaning (pytest_privacy.derive.score):
a unit is one (family, claim) of the draft; recall = expected promises found / expected;
precision = units matching an expected promise / units drafted. "failing-forbidden" counts
failing checks of a family the sidecar says the policy does not promise (a DNT check for a
policy that says it ignores DNT): the errors that would fail a compliant site.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytest_privacy.derive.score import Score, policies, score_file  # noqa: E402

POLICIES = Path(__file__).resolve().parent.parent / "tests" / "policies"


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.0%}" if whole else "n/a (nothing)"


def report(name: str, folder: Path, verbose: bool) -> tuple[int, int, int, int]:
    scores: list[Score] = [score_file(p) for p in policies(folder)]
    print(f"\n{name} ({folder.relative_to(POLICIES.parent.parent)}, {len(scores)} policies)")
    print(f"  {'policy':42} {'recall':>14} {'precision':>14} {'failing-forbidden':>18}")
    family_expected: Counter[str] = Counter()  # misses, by family
    family_units: Counter[str] = Counter()  # extra units, by family
    for score in scores:
        print(f"  {score.name:42} {score.found:>6}/{score.expected:<7} "
              f"{score.matched_units:>6}/{score.units:<7} {len(score.forbidden):>18}")
        for line in score.missed:
            family_expected[line.split(":")[0]] += 1
        if verbose:
            for label, lines in (("missed", score.missed), ("extra", score.extra),
                                 ("forbidden", score.forbidden), ("detail", score.problems)):
                for line in lines:
                    print(f"      {label}: {line}")
        for line in score.extra:
            family_units[line.split(":")[0]] += 1
    found = sum(s.found for s in scores)
    expected = sum(s.expected for s in scores)
    matched = sum(s.matched_units for s in scores)
    units = sum(s.units for s in scores)
    forbidden = sum(len(s.forbidden) for s in scores)
    print(f"  {'total':42} recall {_ratio(found, expected)}, precision {_ratio(matched, units)}, "
          f"failing checks of unpromised families: {forbidden}")
    if family_expected or family_units:
        print("  misses by family: " + (", ".join(f"{f} {n}" for f, n in
                                                  family_expected.most_common()) or "none")
              + "; extra units by family: " + (", ".join(
                  f"{f} {n}" for f, n in family_units.most_common()) or "none"))
    return found, expected, matched, units


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra")
    args = parser.parse_args()
    dev = report("development set", POLICIES, args.verbose)
    held = report("held-out set", POLICIES / "heldout", args.verbose)
    found, expected, matched, units = (a + b for a, b in zip(dev, held, strict=True))
    print(f"\nall policies: recall {_ratio(found, expected)}, precision {_ratio(matched, units)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
