"""The plugin's options in pytest: every --privacy-x flag with its privacy_x ini twin, read into
one frozen PrivacyConfig (command line > ini > default). Browser flags are pytest-playwright's,
--base-url is pytest-base-url's: read here, never defined here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_privacy.contextargs import (
    ContextError,
    ContextSettings,
    parse_credentials,
    parse_geolocation,
    parse_proxy,
)
from pytest_privacy.errors import ConfigError
from pytest_privacy.settings import OPTIONS, THIRD_PARTY_COOKIES, Option, PrivacyConfig

__all__ = ["OPTIONS", "THIRD_PARTY_COOKIES", "PrivacyConfig", "add_options", "read_config"]


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
        parser.addini(opt.dest, f"{opt.help} (ini twin of {opt.flag})", type=_ini_type(opt),
                      default=opt.default if opt.kind != "paths" else [])


def _ini_type(opt: Option) -> Any:
    """pytest's ini type of an option. A whole number may be a TOML integer in pytest 9's
    native [tool.pytest] table (pytest 9.2 takes a union) or text; _value reads both."""
    if opt.kind in ("bool", "paths"):
        return opt.kind
    if opt.kind == "int" and pytest.version_tuple >= (9, 2):
        return int | str
    return "string"


def _value(config: pytest.Config, opt: Option) -> Any:
    value = config.getoption(opt.dest, None)
    if value is not None and value is not False:
        return value
    ini = config.getini(opt.dest)
    if opt.kind == "int" and isinstance(ini, int) and not isinstance(ini, bool):
        return ini  # pytest 9's native [tool.pytest] table: privacy_settle = 800
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
    sarif = values["privacy_sarif"]
    baseline = values["privacy_baseline"]
    if values["privacy_baseline_update"] and not baseline:
        raise ConfigError("--privacy-baseline-update writes the --privacy-baseline FILE; "
                          "name the file, e.g. --privacy-baseline privacy-baseline.json.")
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
        baseline=Path(baseline) if baseline else None,
        baseline_update=bool(values["privacy_baseline_update"]),
        concurrency=1 if pause else int(values["privacy_concurrency"]),
        pause=pause,
        context=_context(config, values),
        sarif=Path(sarif) if sarif else None,
        github_annotations=str(values["privacy_github_annotations"]),
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


def _context(config: pytest.Config, values: dict[str, Any]) -> ContextSettings:
    """--privacy-storage-state, -http-credentials, -locale, -timezone, -geolocation, -proxy.
    A relative storage state file given in the ini file is read from the ini file's folder."""
    state = values["privacy_storage_state"] or None
    if state and config.getoption("privacy_storage_state", None) is None and config.inipath:
        state = str(config.inipath.parent / state)
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
