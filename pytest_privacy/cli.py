"""The `pytest-privacy` command: `demo` runs the bundled spec against the bundled site, `lint`
checks specs without a browser, `schema` prints the spec format's JSON Schema, `scan` inventories
one page in each consent state and drafts a spec that passes today, `derive` drafts one from a
privacy policy's own sentences, `explain` says why a name or host gets its category."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from pytest_privacy import __version__, scan
from pytest_privacy.consent import autoconsent
from pytest_privacy.derive import cli as derive_cli
from pytest_privacy.errors import ConfigError, SpecError
from pytest_privacy.fixtureserver import FixtureServer
from pytest_privacy.spec import load_spec
from pytest_privacy.spec.load import declares_spec, find_specs
from pytest_privacy.spec.validate import schema

DEMO_DIR = Path(__file__).parent / "demo"
# The demo site breaks exactly this promise on purpose.
DEMO_BROKEN = "no-advertising-before-consent[/]"


def _outcomes(junit: Path) -> dict[str, str]:
    """Each item's outcome in the demo run, read back from its JUnit XML report."""
    outcomes: dict[str, str] = {}
    if not junit.exists():
        return outcomes
    for case in ElementTree.parse(junit).iter("testcase"):
        kinds = {child.tag for child in case}
        outcome = ("failed" if "failure" in kinds else "error" if "error" in kinds
                   else "skipped" if "skipped" in kinds else "passed")
        name = case.get("name", "")
        if outcomes.get(name) not in ("failed", "error"):
            outcomes[name] = outcome
    return outcomes


def demo(extra: Sequence[str]) -> int:
    """Serve the demo site on loopback and run demo.yaml against it.

    pytest runs in a process of its own, as a user's `pytest` does: in this process the plugin
    is already imported, and pytest would warn that it cannot rewrite its assertions."""
    print(f"pytest-privacy demo: serving the demo shop from {DEMO_DIR / 'site'} on 127.0.0.1 "
          "(offline), checking demo.yaml against it.\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="pytest-privacy-demo-") as tmp, \
            FixtureServer(DEMO_DIR / "site") as server:
        junit = Path(tmp) / "demo.xml"
        code = subprocess.run([
            sys.executable, "-m", "pytest",
            str(DEMO_DIR / "demo.yaml"), "--privacy-spec", str(DEMO_DIR / "demo.yaml"),
            "-c", str(DEMO_DIR / "pytest.ini"), "--rootdir", str(DEMO_DIR),
            "--privacy-host-map", server.host_map, "--privacy-ignore-https-errors",
            "-v", "--junitxml", str(junit), *extra]).returncode
        outcomes = _outcomes(junit)
    failed = sorted(n for n, o in outcomes.items() if o in ("failed", "error"))
    if code in (0, 1) and failed == [DEMO_BROKEN] and len(outcomes) > 1:
        print(f"\nDemo finished as designed: {len(outcomes) - 1} promises kept, and "
              f"{DEMO_BROKEN} failed on purpose — the demo shop's home page loads an "
              "advertising pixel before any consent. Read its report above.")
        return 0
    print(f"\nThe demo did not end as designed (pytest exit code {code}; failed: "
          f"{', '.join(failed) or 'none'}; expected only {DEMO_BROKEN}).", file=sys.stderr)
    return code or 1


def serve_demo() -> int:
    """Serve the demo shop until interrupted, and say how to point pytest at it."""
    with FixtureServer(DEMO_DIR / "site") as server:
        print("Serving the demo shop at https://shop.demo.test (and its trackers) on "
              f"127.0.0.1:{server.port}. Point pytest at it with:\n"
              f'  --privacy-host-map "{server.host_map}" --privacy-ignore-https-errors\n'
              "Stop with Ctrl-C.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


def lint(paths: Sequence[str], filter_files: bool = False) -> int:
    """Check specs without a browser: every problem as file:line, exit 1 if any (pre-commit).
    A folder is searched by the rule collection uses (spec.load.declares_spec); with
    `filter_files` the files named are too (pre-commit names every file its pattern matches)."""
    files = [p for p in find_specs(paths) if not filter_files or declares_spec(p)]
    bad = 0
    for path in files:
        try:
            load_spec(path)
        except SpecError as exc:
            bad += 1
            print(exc, file=sys.stderr)
    print(f"pytest-privacy lint: {len(files)} spec(s), {bad} with problems")
    return 1 if bad else 0


def explain(args: argparse.Namespace) -> int:
    """Every source's opinion of a name, host or URL, and the one that wins."""
    from pytest_privacy.classify import Classifier, load_user_knowledge
    from pytest_privacy.classify.explain import explain as explain_lines
    from pytest_privacy.errors import PrivacyError

    try:
        spec = load_spec(Path(args.spec)) if args.spec else None
        extra = load_user_knowledge(args.cookie_db or ())
    except PrivacyError as exc:
        print(exc, file=sys.stderr)
        return 2
    if spec is not None:
        classifier = Classifier(spec.cookie_rules, spec.domain_rules, spec.storage_rules,
                                extra=extra)
    else:
        classifier = Classifier(extra=extra)
    print("\n".join(explain_lines(args.subject, classifier, domain=args.domain or "",
                                   site=args.site or "", set_by=args.set_by)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pytest-privacy", description=__doc__)
    parser.add_argument("--version", action="version", version=f"pytest-privacy {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run the bundled spec against the bundled "
                                   "demo site, offline; extra arguments go to pytest")
    linter = commands.add_parser("lint", help="check spec files without a browser; exit 1 when "
                                 "any has a problem (fits pre-commit)")
    linter.add_argument("paths", nargs="+", help="spec files, or folders searched for specs "
                        "(*.privacy.yaml, or YAML files with top-level 'version:' and 'checks:')")
    linter.add_argument("--filter", action="store_true", help="apply the folder rule to the "
                        "files named too: skip YAML files that are not specs (for pre-commit)")
    commands.add_parser("schema", help="print the JSON Schema of spec format v1 (for editors)")
    commands.add_parser("serve-demo", help="serve the demo shop on loopback until Ctrl-C, to "
                        "write your first spec against it")
    scanner = commands.add_parser("scan", help="visit one page in each consent state, print "
                                  "what it sets and loads, and write a draft spec that passes "
                                  "today", description=scan.__doc__)
    scan.add_arguments(scanner)
    deriver = commands.add_parser("derive", help="draft a spec from a privacy policy (a .txt, "
                                  ".html or .md file, or a URL): one check per observable "
                                  "promise, each quoting its sentence",
                                  description=derive_cli.__doc__)
    derive_cli.add_arguments(deriver)
    explainer = commands.add_parser(
        "explain", help="print every source's opinion of a cookie name, storage key, host or "
        "URL (spec rule, consent record, your files, built-in, pattern, Open Cookie Database, "
        "setter) and which one wins")
    explainer.add_argument("subject", metavar="NAME_OR_HOST")
    explainer.add_argument("--spec", metavar="FILE", help="a spec whose classify: rules count")
    explainer.add_argument("--cookie-db", metavar="FILE", action="append",
                           help="a cookie database of yours (repeatable)")
    explainer.add_argument("--domain", metavar="DOMAIN",
                           help="the domain the cookie is stored for")
    explainer.add_argument("--site", metavar="HOST", help="the visited site's host")
    explainer.add_argument("--set-by", metavar="URL",
                           help="the script or response that set it")
    installer = commands.add_parser(
        "install-autoconsent", help="fetch DuckDuckGo's autoconsent rules "
        f"(@duckduckgo/autoconsent {autoconsent.VERSION}) with npm into your cache, where "
        "cmp: auto finds them")
    installer.add_argument("--to", type=Path, default=None, help="unpack here instead")
    args, extra = parser.parse_known_args(argv)
    if args.command == "demo":
        return demo([a for a in extra if a != "--"])
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "lint":
        return lint(args.paths, args.filter)
    if args.command == "scan":
        return scan.run(args)
    if args.command == "derive":
        return derive_cli.run(args)
    if args.command == "serve-demo":
        return serve_demo()
    if args.command == "explain":
        return explain(args)
    if args.command == "schema":
        print(json.dumps(schema(), indent=2))
        return 0
    if args.command == "install-autoconsent":
        try:
            where = autoconsent.install(args.to)
        except ConfigError as exc:
            print(f"pytest-privacy install-autoconsent: {exc}", file=sys.stderr)
            return 1
        print(f"autoconsent {autoconsent.VERSION} installed in {where}; cmp: auto uses it "
              "(or pass --privacy-autoconsent " + str(where) + ").")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
