"""The plugin's options in pytest: every --privacy-x flag with its privacy_x ini twin, read into
one frozen PrivacyConfig (command line > ini > default). Browser flags are pytest-playwright's,
--base-url is pytest-base-url's: read here, never defined here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_privacy.consent.autoconsent import discover as discover_autoconsent
from pytest_privacy.errors import ConfigError
from pytest_privacy.settings import (
    OPTIONS,
    THIRD_PARTY_COOKIES,
    Option,
    PrivacyConfig,
    build_config,
)

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


def _autoconsent(value: Any, rootpath: Path) -> str | None:
    """--privacy-autoconsent DIR; 'none' turns it off; unset: found where it is installed."""
    if value == "none":
        return None
    return str(value) if value else discover_autoconsent(rootpath)


def read_config(config: pytest.Config) -> PrivacyConfig:
    """One frozen view of every option the plugin uses."""
    values = {opt.dest: _value(config, opt) for opt in OPTIONS}
    browsers = config.getoption("browser", None) or []
    if any(b != "chromium" for b in browsers):
        raise ConfigError("pytest-privacy drives Chromium only; drop --browser "
                          f"{' '.join(b for b in browsers if b != 'chromium')}.")
    values["privacy_autoconsent"] = _autoconsent(values["privacy_autoconsent"], config.rootpath)
    state = values["privacy_storage_state"]
    if state and config.getoption("privacy_storage_state", None) is None and config.inipath:
        # a relative storage state file given in the ini file is read from its folder
        values["privacy_storage_state"] = str(config.inipath.parent / state)
    return build_config(
        values,
        screenshot=str(config.getoption("screenshot", "off") or "off"),
        tracing=str(config.getoption("tracing", "off") or "off"),
        output=Path(config.getoption("output", "test-results") or "test-results"),
        full_page_screenshot=bool(config.getoption("full_page_screenshot", False)),
        base_url=config.getoption("base_url", None) or config.getini("base_url") or None,
        headed=bool(config.getoption("headed", False)),
        slowmo=int(config.getoption("slowmo", 0) or 0),
        browser_channel=config.getoption("browser_channel", None),
        device=config.getoption("device", None) or None,
        video=str(config.getoption("video", "off") or "off"),
    )
