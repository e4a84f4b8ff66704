"""The option table and the frozen settings every stage reads: no pytest here, so the browser
stage and the command line run without it (options.py wires the table into pytest)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_privacy.contextargs import (
    ContextError,
    ContextSettings,
    parse_credentials,
    parse_geolocation,
    parse_proxy,
)
from pytest_privacy.errors import ConfigError

THIRD_PARTY_COOKIES = ("allow", "block")
AUTOMATION = ("hidden", "visible")


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
           "banners no built-in adapter knows (cmp: auto), or all of them (cmp: autoconsent); "
           "found without it in tests/.vendor/autoconsent or where 'pytest-privacy "
           "install-autoconsent' put it; 'none' turns it off.",
           metavar="DIR"),
    Option("browser-path", "path of a Chromium or Chrome executable to launch.",
           metavar="PATH"),
    Option("third-party-cookies", "allow (as stock Chrome does, the default) or block "
           "third-party cookies in the browser.", "string", "allow", THIRD_PARTY_COOKIES),
    Option("automation", "hidden (the default): visits look like a visitor's Chrome (no "
           "navigator.webdriver, no HeadlessChrome user agent), since consent managers hide "
           "banners from bots; visible keeps the automation visible.", "string", "hidden",
           AUTOMATION),
    Option("show-values", "keep cookie and storage values in evidence and reports instead of "
           "redacting them.", "bool", False),
    Option("report", "write one self-contained HTML privacy report of the run to FILE.",
           metavar="FILE"),
    Option("baseline", "compare with the approved inventory in FILE (JSON): a no_new "
           "expectation fails on what it does not list for the check, page and state; the "
           "run lists what disappeared.", metavar="FILE"),
    Option("history", "append a small JSON record of this run (date, items, failures by "
           "check, drift against the baseline) to DIR; the HTML report charts the findings "
           "of the last runs recorded there.", metavar="DIR"),
    Option("baseline-update", "write the inventory this run observed into the "
           "--privacy-baseline FILE (its other entries are kept); no_new passes meanwhile.",
           "bool", False),
    Option("concurrency", "make up to N visits at once, in separate contexts of one browser "
           "(default: 2; 1 makes them one after another).", "int", 2, metavar="N"),
    Option("pause", "stop after each visit in the Playwright inspector, with the page open "
           "(needs headed mode; makes one visit at a time).", "bool", False),
    Option("full-trace", "show Python tracebacks for visit errors (for plugin bugs).",
           "bool", False),
    Option("storage-state", "start every visit logged in: a Playwright storage state JSON "
           "file (cookies and localStorage saved after a login); overrides the spec's "
           "context.storage_state.", metavar="FILE"),
    Option("http-credentials", "HTTP basic auth for a staging site: the user name and the "
           "name of the environment variable that holds the password (never the password "
           "itself); overrides the spec's context.http_credentials.", metavar="USER:ENVVAR"),
    Option("locale", "the browser's locale (navigator.language, Accept-Language), e.g. de-DE; "
           "overrides the spec's context.locale.", metavar="LOCALE"),
    Option("timezone", "the browser's time zone, e.g. Europe/Berlin; overrides the spec's "
           "context.timezone_id.", metavar="ZONE"),
    Option("geolocation", "the position the browser reports (the permission is granted), "
           "e.g. 52.52,13.405; overrides the spec's context.geolocation.", metavar="LAT,LON"),
    Option("proxy", "send the visits through this proxy, e.g. http://proxy.example:3128; "
           "overrides the spec's context.proxy.", metavar="URL"),
    Option("sarif", "write the run's broken claims as SARIF 2.1.0 to FILE (for GitHub code "
           "scanning); each result points at its check's line in the spec.", metavar="FILE"),
    Option("github-annotations", "print GitHub Actions ::error annotations for broken claims: "
           "auto (when GITHUB_ACTIONS=true, the default), on, or off.", "string", "auto",
           ("auto", "on", "off")),
)


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
    automation: str = "hidden"  # hidden | visible (--privacy-automation)
    show_values: bool = False
    full_trace: bool = False
    report: Path | None = None
    baseline: Path | None = None
    baseline_update: bool = False
    history: Path | None = None  # --privacy-history DIR
    concurrency: int = 2
    pause: bool = False
    context: ContextSettings = ContextSettings()  # --privacy-storage-state, -locale, ...
    sarif: Path | None = None
    github_annotations: str = "auto"  # auto | on | off
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

def build_config(values: Mapping[str, Any], **playwright: Any) -> PrivacyConfig:
    """The frozen settings from the option table's values (by `Option.dest`), whoever read
    them (pytest's options and ini, or scan's command line); `playwright` holds the fields
    read from pytest-playwright's and pytest-base-url's flags. Raises ConfigError."""
    for name in ("privacy_settle", "privacy_settle_cap", "privacy_settle_timers", "privacy_timeout",
                 "privacy_banner_timeout", "privacy_retries"):
        if int(values[name]) < 0:
            raise ConfigError(f"--{name.replace('_', '-')} must not be negative.")
    if int(values["privacy_concurrency"]) < 1:
        raise ConfigError("--privacy-concurrency must be at least 1.")
    headed = bool(playwright.get("headed", False))
    pause = bool(values["privacy_pause"])
    if pause and not headed:
        raise ConfigError("--privacy-pause needs a browser window to look at; add --headed.")
    evidence = values["privacy_evidence"]
    report = values["privacy_report"]
    sarif = values["privacy_sarif"]
    baseline = values["privacy_baseline"]
    history = values["privacy_history"]
    if history and Path(history).exists() and not Path(history).is_dir():
        raise ConfigError(f"--privacy-history {history} is a file; name the folder that "
                          "keeps one record per run, e.g. --privacy-history privacy-history.")
    if values["privacy_baseline_update"] and not baseline:
        raise ConfigError("--privacy-baseline-update writes the --privacy-baseline FILE; "
                          "name the file, e.g. --privacy-baseline privacy-baseline.json.")
    return PrivacyConfig(
        specs=tuple(Path(p) for p in (values["privacy_spec"] or [])),
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
        automation=str(values["privacy_automation"]),
        show_values=bool(values["privacy_show_values"]),
        full_trace=bool(values["privacy_full_trace"]),
        report=Path(report) if report else None,
        baseline=Path(baseline) if baseline else None,
        baseline_update=bool(values["privacy_baseline_update"]),
        history=Path(history) if history else None,
        concurrency=1 if pause else int(values["privacy_concurrency"]),
        pause=pause,
        context=_context(values),
        sarif=Path(sarif) if sarif else None,
        github_annotations=str(values["privacy_github_annotations"]),
        **playwright,
    )


def _context(values: Mapping[str, Any]) -> ContextSettings:
    """--privacy-storage-state, -http-credentials, -locale, -timezone, -geolocation, -proxy."""
    state = values["privacy_storage_state"] or None
    creds = values["privacy_http_credentials"]
    geo = values["privacy_geolocation"]
    proxy = values["privacy_proxy"]
    settings = ContextSettings(
        storage_state=str(Path(state).resolve()) if state else None,
        http_credentials=parse_credentials(creds) if creds else None,
        locale=values["privacy_locale"] or None,
        timezone_id=values["privacy_timezone"] or None,
        geolocation=parse_geolocation(geo) if geo else None,
        proxy=parse_proxy(proxy) if proxy else None,
    )
    try:  # a missing file or an unset password variable: a usage error before any visit
        settings.playwright_args("https://example.invalid/")
    except ContextError as exc:
        flag = FLAGS[exc.where.split(".")[0]]
        raise ConfigError(f"{flag}: {exc}") from None
    return settings


FLAGS = {"storage_state": "--privacy-storage-state",
         "http_credentials": "--privacy-http-credentials"}
