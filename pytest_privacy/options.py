"""The plugin's options: every --privacy-x flag with its privacy_x ini twin, read into one
frozen PrivacyConfig (command line > ini > default). Browser flags are pytest-playwright's,
--base-url is pytest-base-url's: read here, never defined here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

from pytest_privacy.errors import ConfigError

THIRD_PARTY_COOKIES = ("allow", "block")


@dataclass(frozen=True)
class Option:
    name: str  # without the leading --privacy-
    help: str
    kind: str = "string"  # string | bool | int | paths
    default: Any = None
    choices: tuple[str, ...] | None = None
    metavar: str | None = None

    @property
    def flag(self) -> str:
        return f"--privacy-{self.name}"

    @property
    def dest(self) -> str:
        return "privacy_" + self.name.replace("-", "_")


OPTIONS = (
    Option("spec", "spec file or folder of specs to run (repeatable); files named "
           "*.privacy.yaml are collected without it.", "paths", metavar="PATH"),
    Option("evidence", "write one evidence JSON file per visit into DIR.", metavar="DIR"),
    Option("cookie-db", "classify with an Open Cookie Database CSV file too (repeatable); "
           "it ranks below the spec's classify: rules and above the built-in base.", "paths",
           metavar="FILE"),
    Option("filter-list", "classify requests with an adblock-style filter list (repeatable): "
           "FILE=CATEGORY, e.g. easyprivacy.txt=analytics; easyprivacy and easylist are "
           "recognised by name.", "paths", metavar="FILE[=CATEGORY]"),
    Option("host-map", "Chromium host-resolver rules, e.g. 'MAP * 127.0.0.1:8443' to test a "
           "staged server under the production host names.", metavar="RULES"),
    Option("ignore-https-errors", "accept invalid TLS certificates (staging, self-signed).",
           "bool", False),
    Option("connect", "use a remote Playwright browser server at WS instead of launching one; "
           "several, comma-separated, are shared out among xdist workers (gw0 the first, "
           "gw1 the second, ...).", metavar="WS"),
    Option("settle", "after load, wait until the network has been quiet for MS milliseconds "
           "(default: 500).", "int", 500, metavar="MS"),
    Option("settle-cap", "never wait longer than MS milliseconds for the network to settle "
           "(default: 10000).", "int", 10000, metavar="MS"),
    Option("settle-timers", "also wait for one-off timers the page set to fire within MS "
           "milliseconds after load (a tracker started by setTimeout); 0 turns it off "
           "(default: 2000).", "int", 2000, metavar="MS"),
    Option("timeout", "navigation timeout in milliseconds (default: 30000).", "int", 30000,
           metavar="MS"),
    Option("retries", "make a visit that could not be completed up to N more times "
           "(a visit, not a check, is retried; the report says how many tries it took).",
           "int", 0, metavar="N"),
    Option("banner-timeout", "wait up to MS milliseconds for a consent banner to appear "
           "(default: 8000).", "int", 8000, metavar="MS"),
    Option("autoconsent", "an unpacked @duckduckgo/autoconsent npm package: its rules operate "
           "banners no built-in adapter knows (cmp: auto), or all of them (cmp: autoconsent).",
           metavar="DIR"),
    Option("browser-path", "path of a Chromium or Chrome executable to launch.",
           metavar="PATH"),
    Option("third-party-cookies", "allow (as stock Chrome does, the default) or block "
           "third-party cookies in the browser.", "string", "allow", THIRD_PARTY_COOKIES),
    Option("show-values", "keep cookie and storage values in evidence and reports instead of "
           "redacting them.", "bool", False),
    Option("report", "write one self-contained HTML privacy report of the run to FILE.",
           metavar="FILE"),
    Option("concurrency", "make up to N visits at once, in separate contexts of one browser "
           "(default: 2; 1 makes them one after another).", "int", 2, metavar="N"),
    Option("pause", "stop after each visit in the Playwright inspector, with the page open "
           "(needs headed mode; makes one visit at a time).", "bool", False),
    Option("full-trace", "show Python tracebacks for visit errors (for plugin bugs).",
           "bool", False),
)


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("privacy", "privacy checks (pytest-privacy)")
    for opt in OPTIONS:
        kwargs: dict[str, Any] = {"dest": opt.dest, "help": opt.help, "default": None}
        if opt.kind == "bool":
            kwargs["action"] = "store_true"
        elif opt.kind == "paths":
            kwargs["action"] = "append"
            kwargs["metavar"] = opt.metavar
        else:
            kwargs["metavar"] = opt.metavar
            if opt.kind == "int":
                kwargs["type"] = int
            if opt.choices:
                kwargs["choices"] = opt.choices
        group.addoption(opt.flag, **kwargs)
        ini_type: Literal["bool", "paths", "string"] = (
            "bool" if opt.kind == "bool" else "paths" if opt.kind == "paths" else "string")
        parser.addini(opt.dest, f"{opt.help} (ini twin of {opt.flag})", type=ini_type,
                      default=opt.default if opt.kind != "paths" else [])


@dataclass(frozen=True)
class PrivacyConfig:
    specs: tuple[Path, ...] = ()
    cookie_dbs: tuple[str, ...] = ()
    filter_lists: tuple[str, ...] = ()
    evidence_dir: Path | None = None
    host_map: str | None = None
    ignore_https_errors: bool = False
    connect: str | None = None
    settle_ms: int = 500
    settle_cap_ms: int = 10000
    settle_timers_ms: int = 2000
    timeout_ms: int = 30000
    banner_timeout_ms: int = 8000
    retries: int = 0
    autoconsent: str | None = None
    browser_path: str | None = None
    third_party_cookies: str = "allow"
    show_values: bool = False
    full_trace: bool = False
    report: Path | None = None
    concurrency: int = 2
    pause: bool = False
    # pytest-playwright's artifact flags, read, never redefined
    screenshot: str = "off"  # on | off | only-on-failure
    tracing: str = "off"  # on | off | retain-on-failure
    output: Path = Path("test-results")
    full_page_screenshot: bool = False
    base_url: str | None = None
    headed: bool = False
    slowmo: int = 0
    browser_channel: str | None = None
    device: str | None = None  # a Playwright device name (--device)
    video: str = "off"  # on | off | retain-on-failure (--video)


def _value(config: pytest.Config, opt: Option) -> Any:
    value = config.getoption(opt.dest, None)
    if value is not None and value is not False:
        return value
    ini = config.getini(opt.dest)
    if opt.kind == "int" and isinstance(ini, str):
        try:
            return int(ini)
        except ValueError:
            raise ConfigError(f"ini option {opt.dest} = {ini!r} is not a whole number; "
                              f"set it like {opt.dest} = {opt.default}.") from None
    if opt.choices and ini not in opt.choices:
        raise ConfigError(f"ini option {opt.dest} = {ini!r} is not one of "
                          f"{', '.join(opt.choices)}.")
    return ini


def read_config(config: pytest.Config) -> PrivacyConfig:
    """One frozen view of every option the plugin uses."""
    values = {opt.dest: _value(config, opt) for opt in OPTIONS}
    specs = [Path(p) for p in (values["privacy_spec"] or [])]
    for name in ("privacy_settle", "privacy_settle_cap", "privacy_settle_timers", "privacy_timeout",
                 "privacy_banner_timeout", "privacy_retries"):
        if int(values[name]) < 0:
            raise ConfigError(f"--{name.replace('_', '-')} must not be negative.")
    browsers = config.getoption("browser", None) or []
    if any(b != "chromium" for b in browsers):
        raise ConfigError("pytest-privacy drives Chromium only; drop --browser "
                          f"{' '.join(b for b in browsers if b != 'chromium')}.")
    if int(values["privacy_concurrency"]) < 1:
        raise ConfigError("--privacy-concurrency must be at least 1.")
    headed = bool(config.getoption("headed", False))
    pause = bool(values["privacy_pause"])
    if pause and not headed:
        raise ConfigError("--privacy-pause needs a browser window to look at; add --headed.")
    evidence = values["privacy_evidence"]
    report = values["privacy_report"]
    return PrivacyConfig(
        specs=tuple(specs),
        cookie_dbs=tuple(str(p) for p in values["privacy_cookie_db"] or []),
        filter_lists=tuple(str(p) for p in values["privacy_filter_list"] or []),
        evidence_dir=Path(evidence) if evidence else None,
        host_map=values["privacy_host_map"] or None,
        ignore_https_errors=bool(values["privacy_ignore_https_errors"]),
        connect=values["privacy_connect"] or None,
        settle_ms=int(values["privacy_settle"]),
        settle_cap_ms=int(values["privacy_settle_cap"]),
        settle_timers_ms=int(values["privacy_settle_timers"]),
        timeout_ms=int(values["privacy_timeout"]),
        banner_timeout_ms=int(values["privacy_banner_timeout"]),
        retries=int(values["privacy_retries"]),
        autoconsent=str(values["privacy_autoconsent"]) if values["privacy_autoconsent"] else None,
        browser_path=values["privacy_browser_path"] or None,
        third_party_cookies=str(values["privacy_third_party_cookies"]),
        show_values=bool(values["privacy_show_values"]),
        full_trace=bool(values["privacy_full_trace"]),
        report=Path(report) if report else None,
        concurrency=1 if pause else int(values["privacy_concurrency"]),
        pause=pause,
        screenshot=str(config.getoption("screenshot", "off") or "off"),
        tracing=str(config.getoption("tracing", "off") or "off"),
        output=Path(config.getoption("output", "test-results") or "test-results"),
        full_page_screenshot=bool(config.getoption("full_page_screenshot", False)),
        base_url=config.getoption("base_url", None) or config.getini("base_url") or None,
        headed=headed,
        slowmo=int(config.getoption("slowmo", 0) or 0),
        browser_channel=config.getoption("browser_channel", None),
        device=config.getoption("device", None) or None,
        video=str(config.getoption("video", "off") or "off"),
    )
