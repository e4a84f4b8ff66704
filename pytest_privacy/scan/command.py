"""The scan command as a script: read the command line, visit, print the inventory, draft,
prove the draft holds, write it. With `-o -` only the YAML goes to stdout and everything
else to stderr, so `pytest-privacy scan URL -o - > site.privacy.yaml` works."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from pytest_privacy.checks import CheckContext, Kinds, Needs, run_expectations
from pytest_privacy.errors import PrivacyError, SpecError
from pytest_privacy.scan.draft import Draft, make_draft
from pytest_privacy.scan.listing import inventory
from pytest_privacy.scan.options import (
    STATE_NAMES,
    UsageError,
    build_config,
    pytest_command,
    refused,
)
from pytest_privacy.scan.visits import StateResult, visit_states
from pytest_privacy.scan.yamlout import render
from pytest_privacy.spec import load_spec
from pytest_privacy.spec.model import PRESETS, ConsentConfig


def run(args: argparse.Namespace) -> int:
    """The scan command: 0 when every state was visited, 1 when one could not be, 2 for
    a command line that cannot be run."""
    out = sys.stderr if args.output == "-" else sys.stdout

    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    try:
        refused(args)
        url = _check_url(args.url)
        states = _states(args.states, args.cmp)
        output = _output(args.output, url, args.force)
    except UsageError as exc:
        say(f"pytest-privacy scan: {exc}")
        return 2
    consent = ConsentConfig(cmp=args.cmp, accept=args.accept, reject=args.reject,
                            banner=args.banner)
    cfg = build_config(args)
    say(f"pytest-privacy scan: {url} in {len(states)} state(s), consent: cmp {args.cmp}")
    say("Cookie and storage values are " + ("shown." if cfg.show_values else
                                             "not shown; --privacy-show-values prints them."))
    try:
        results, classifier = visit_states(url, states, consent, cfg,
                                           _drafting(args.no_interact))
    except PrivacyError as exc:  # e.g. an --autoconsent folder that is not the package
        say(f"pytest-privacy scan: {exc}")
        return 2
    except KeyboardInterrupt:
        say("pytest-privacy scan: interrupted; nothing was written.")
        return 130
    ctx = CheckContext(classifier)
    for result in results:
        say()
        say("\n".join(inventory(result, ctx, cfg.show_values)))
    failed = [r for r in results if r.evidence is None]
    say()
    if len(failed) == len(results):
        say("No state could be visited, so no draft was written.")
        return 1
    draft = make_draft(url, results, consent, ctx)
    code = _write(draft, output, ctx, results, args, out)
    if failed:
        say(f"{len(failed)} of {len(results)} state(s) could not be visited "
            f"({', '.join(r.name for r in failed)}); the draft has no checks for them.")
        return 1
    return code


def _drafting(no_interact: bool) -> Needs:
    """What the kinds' drafters need recorded; without the interaction phase on
    --no-interact (the kinds that need it then say, in the draft, why they are left out)."""
    needs = Kinds.builtin().draft_needs()
    return replace(needs, interact=False) if no_interact else needs


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url!r} is not an http(s) URL; pass the page's full address, "
                         "e.g. https://shop.example/.")
    return url


def _states(text: str | None, cmp: str) -> list[str]:
    if text is None:
        return ["before_consent", "gpc"] if cmp == "none" else list(STATE_NAMES)
    names = list(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in PRESETS]
    if unknown or not names:
        raise UsageError(f"--states {text!r}: {', '.join(unknown) or 'no state'} is not a "
                         f"state; use a comma-separated list of {', '.join(STATE_NAMES)}.")
    return names


def _output(name: str | None, url: str, force: bool) -> Path | None:
    """The draft's path (None: stdout); an existing file is kept unless --force."""
    if name == "-":
        return None
    host = re.sub(r"[^A-Za-z0-9.-]+", "_", urlsplit(url).hostname or "site")
    path = Path(name) if name else Path(f"{host}.privacy.yaml")
    if path.exists() and not force:
        raise UsageError(f"{path} exists; pass --force to replace it, or --output to write "
                         "the draft elsewhere.")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist.")
    return path


def _write(draft: Draft, output: Path | None, ctx: CheckContext, results: list[StateResult],
           args: argparse.Namespace, out: TextIO) -> int:
    """Validate the draft as pytest would read it, then write it (to stdout for `-o -`)."""
    text = render(draft, f"pytest-privacy scan {draft.url}")
    handle, name = tempfile.mkstemp(prefix="pytest-privacy-scan-", suffix=".yaml")
    temp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            spec = load_spec(temp)
        except SpecError as exc:
            print(f"internal error: the draft does not validate, so it was not written "
                  f"(please report it):\n{exc}", file=out)
            return 1
        evidence = {r.key.state: r.evidence for r in results if r.evidence is not None}
        broken = [check.id for check in spec.checks if not check.record and
                  run_expectations(evidence[check.state], check.expect, ctx)]
        if broken:
            print(f"internal error: the draft's checks {', '.join(broken)} do not hold on "
                  "today's evidence, so it was not written (please report it).", file=out)
            return 1
    finally:
        temp.unlink(missing_ok=True)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        output.write_text(text, encoding="utf-8")
    notes = draft.notes()
    if notes:
        print("Left out of the draft, and said so beside its check in the file (if the policy "
              "promises otherwise, it is broken today):", file=out)
        print("\n".join(f"  - {note}" for note in notes), file=out)
    if draft.proposals:
        print(f"Proposed classify rules for {len(draft.proposals)} of the site's own cookies "
              "that nothing classifies: "
              + ", ".join(p.name for p in draft.proposals)
              + " (commented out in the file; confirm each category).", file=out)
    spec_name = str(output) if output is not None else "DRAFT.yaml"
    where = f"Draft spec written to {output}" if output is not None else \
        "Draft spec written to stdout (save it as DRAFT.yaml)"
    print(f"{where}: {len(draft.checks)} check(s), each passed against today's site. "
          "Run it with:", file=out)
    print("  " + shlex.join(pytest_command(spec_name, args)), file=out)
    return 0
