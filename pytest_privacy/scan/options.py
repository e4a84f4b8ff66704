"""The scan's command line, derived from the plugin's one option table (settings.OPTIONS): every
`--privacy-*` flag pytest takes, scan takes too, with the same help, and builds the same frozen
PrivacyConfig from it. The short names scan had before (`--host-map`, `--settle`, ...) stay as
aliases. The few options that make no sense for one scan are refused with a sentence, never
ignored."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from pytest_privacy.settings import OPTIONS, Option, PrivacyConfig
from pytest_privacy.settings import build_config as settings_config
from pytest_privacy.spec.model import PRESETS
from pytest_privacy.spec.validate import schema

STATE_NAMES = tuple(PRESETS)  # before_consent, after_reject, after_accept, gpc
# The names scan used before it took the --privacy-* flags; kept as aliases.
ALIASES = ("host-map", "ignore-https-errors", "settle", "timeout", "banner-timeout",
           "autoconsent", "browser-path", "show-values")
# Options of the table that a scan cannot honour, and what to do instead.
REFUSED = {
    "spec": "scan writes a spec and reads none; run the draft with pytest --privacy-spec.",
    "report": "scan prints its inventory; the HTML report is made by a pytest run of the draft.",
    "pause": "scan runs headless; pause in a headed pytest run of the draft "
             "(--headed --privacy-pause).",
}
MINIMUM = {"concurrency": 1}  # as the plugin's options layer requires


class UsageError(Exception):
    """A command line that cannot be run; one sentence, exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cmps = schema()["properties"]["consent"]["properties"]["cmp"]["enum"]
    parser.add_argument("url", help="the page to scan (http or https)")
    parser.add_argument("--states", default=None, metavar="LIST",
                        help="comma-separated states to visit (default: "
                        f"{','.join(STATE_NAMES)}; before_consent,gpc with --cmp none)")
    parser.add_argument("--cmp", default="auto", choices=cmps,
                        help="consent manager to operate (default: auto)")
    parser.add_argument("--accept", metavar="SELECTOR", help="selector of the accept control "
                        "(cmp: selectors, and fallback for the others)")
    parser.add_argument("--reject", metavar="SELECTOR", help="selector of the reject control")
    parser.add_argument("--banner", metavar="SELECTOR", help="selector of the banner")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="where to write the draft spec (default: HOST.privacy.yaml in the "
                        "current folder; '-' writes only the YAML to stdout, everything else "
                        "to stderr)")
    parser.add_argument("--force", action="store_true",
                        help="replace the output file if it exists")
    parser.add_argument("--no-interact", action="store_true",
                        help="end each visit without acting as a visitor (by default the scan "
                        "moves the pointer, scrolls and types made-up values into every "
                        "visible field, never submitting, then waits a few seconds for what "
                        "the page sends: keylogging and session recording show themselves "
                        "only then); without it those two are not drafted")
    group = parser.add_argument_group("the plugin's options (the same as pytest's)")
    for opt in OPTIONS:
        flags = [opt.flag] + ([f"--{opt.name}"] if opt.name in ALIASES else [])
        kwargs: dict[str, Any] = {"dest": opt.dest, "help": opt.help}
        if opt.name in REFUSED:
            kwargs["help"] = argparse.SUPPRESS
        if opt.kind == "bool":
            kwargs.update(action="store_true", default=False)
        elif opt.kind == "paths":
            kwargs.update(action="append", default=[], metavar=opt.metavar)
        else:
            kwargs.update(default=opt.default, metavar=opt.metavar)
            if opt.kind == "int":
                kwargs["type"] = _whole(opt)
            if opt.choices:
                kwargs["choices"] = opt.choices
        group.add_argument(*flags, **kwargs)


def _whole(opt: Option) -> Any:
    minimum = MINIMUM.get(opt.name, 0)

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{opt.flag} must be at least {minimum}")
        return value

    parse.__name__ = opt.metavar or "N"  # argparse names the type in its messages
    return parse


def refused(args: argparse.Namespace) -> None:
    """A usage error for an option of the table that scan cannot honour, when given."""
    for name, why in REFUSED.items():
        opt = next(o for o in OPTIONS if o.name == name)
        if getattr(args, opt.dest) not in (None, False, []):
            raise UsageError(f"{opt.flag} does not apply to scan: {why}")


def build_config(args: argparse.Namespace) -> PrivacyConfig:
    """The frozen settings of the scan, built from the same table, by the same code, as
    pytest's (raises ConfigError, as pytest's options layer does)."""
    values = {opt.dest: ([] if opt.kind == "paths" else opt.default) if opt.name in REFUSED
              else getattr(args, opt.dest) for opt in OPTIONS}
    return settings_config(values)


def given(args: argparse.Namespace) -> Mapping[Option, Any]:
    """The table's options set on this command line to something other than the default."""
    out = {}
    for opt in OPTIONS:
        value = getattr(args, opt.dest)
        default = [] if opt.kind == "paths" else opt.default
        if opt.name not in REFUSED and value not in (None, False, default):
            out[opt] = value
    return out


def pytest_command(spec: str, args: argparse.Namespace) -> list[str]:
    """The pytest command line that checks the draft with the scan's own settings."""
    command = ["pytest", "--privacy-spec", spec]
    for opt, value in given(args).items():
        if opt.kind == "bool":
            command.append(opt.flag)
        elif opt.kind == "paths":
            for item in value:
                command += [opt.flag, str(item)]
        else:
            command += [opt.flag, str(value)]
    return command
