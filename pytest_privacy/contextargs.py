"""The browser context a spec or the command line asks for: start logged in (a Playwright
storage state file), HTTP basic auth, locale, time zone, geolocation, a proxy.

Pure data: the spec stage reads `context:` into ContextSettings, the options read the
`--privacy-*` flags into another, `over` merges them (option > spec > default), and
`playwright_args` turns the result into Playwright's `new_context` arguments, which the
`pytest_privacy_context_args` hook may still adjust. Passwords are never written down: a spec
or flag names the environment variable that holds one, read when the arguments are made."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pytest_privacy.errors import ConfigError

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ContextError(ConfigError):
    """A context setting that cannot be used (a password variable unset, a missing file);
    `where` names its key under the spec's `context:`, `line` its line there."""

    def __init__(self, message: str, where: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.where = where
        self.line = line


@dataclass(frozen=True)
class Credentials:
    """HTTP basic auth: the password is read from the environment variable `password_env`."""

    username: str
    password_env: str
    origin: str | None = None  # send them only here (default: the visited page's origin)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Proxy:
    server: str
    bypass: str | None = None


@dataclass(frozen=True)
class ContextSettings:
    """What a spec's `context:` or the `--privacy-*` flags set; None is "not set"."""

    storage_state: str | None = None
    http_credentials: Credentials | None = None
    locale: str | None = None
    timezone_id: str | None = None
    geolocation: tuple[float, float] | None = None
    proxy: Proxy | None = None
    storage_state_line: int | None = field(default=None, compare=False)

    def over(self, other: ContextSettings | None) -> ContextSettings:
        """These settings where they are set, `other`'s elsewhere."""
        if other is None:
            return self
        mine = {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) is not None}
        merged = replace(other, **mine)
        if self.storage_state is not None:
            merged = replace(merged, storage_state_line=self.storage_state_line)
        return merged

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self)
                   if f.name != "storage_state_line")

    def playwright_args(self, url: str, environ: Mapping[str, str] | None = None
                        ) -> dict[str, Any]:
        """Playwright `new_context` arguments for a visit of `url`; raises ContextError for a
        password variable that is not set or a storage state file that does not exist."""
        environ = os.environ if environ is None else environ
        args: dict[str, Any] = {}
        if self.storage_state is not None:
            if not Path(self.storage_state).is_file():
                raise ContextError(
                    f"the storage state file {self.storage_state} does not exist; save one "
                    "after logging in (Playwright: context.storage_state(path=...), or "
                    "'playwright codegen --save-storage FILE URL').", "storage_state",
                    self.storage_state_line)
            args["storage_state"] = self.storage_state
        creds = self.http_credentials
        if creds is not None:
            password = environ.get(creds.password_env)
            if password is None:
                raise ContextError(
                    f"the environment variable {creds.password_env} is not set; it must hold "
                    f"the password of {creds.username!r} (a spec or option names the variable, "
                    "never the password itself).", "http_credentials.password_env", creds.line)
            parts = urlsplit(url)
            args["http_credentials"] = {
                "username": creds.username, "password": password,
                "origin": creds.origin or f"{parts.scheme}://{parts.netloc}"}
        if self.locale is not None:
            args["locale"] = self.locale
        if self.timezone_id is not None:
            args["timezone_id"] = self.timezone_id
        if self.geolocation is not None:
            latitude, longitude = self.geolocation
            args["geolocation"] = {"latitude": latitude, "longitude": longitude}
            args["permissions"] = ["geolocation"]
        if self.proxy is not None:
            args["proxy"] = {"server": self.proxy.server}
            if self.proxy.bypass:
                args["proxy"]["bypass"] = self.proxy.bypass
        return args


def describe(args: Mapping[str, Any]) -> dict[str, str]:
    """What a visit's context arguments set, for evidence and reports: never a password."""
    out: dict[str, str] = {}
    state = args.get("storage_state")
    if isinstance(state, (str, Path)):
        out["storage_state"] = Path(state).name
    elif state:
        out["storage_state"] = "(given inline)"
    creds = args.get("http_credentials")
    if isinstance(creds, Mapping):
        out["http_credentials"] = f"user {creds.get('username')!r}" + (
            f" for {creds['origin']}" if creds.get("origin") else "")
    for name in ("locale", "timezone_id"):
        if args.get(name):
            out[name] = str(args[name])
    geo = args.get("geolocation")
    if isinstance(geo, Mapping):
        out["geolocation"] = f"{geo.get('latitude')},{geo.get('longitude')}"
    proxy = args.get("proxy")
    if isinstance(proxy, Mapping):
        out["proxy"] = str(proxy.get("server"))
    return out


def from_spec(data: Mapping[str, Any], base: Path,
              line_of: Callable[[tuple[str | int, ...]], int | None] | None = None
              ) -> ContextSettings:
    """A validated spec's `context:` mapping; `base` is the spec's folder (a relative
    storage_state is read from there); `line_of(path)` gives the line of a key."""

    def line(*path: str) -> int | None:
        return line_of(("context", *path)) if line_of is not None else None

    creds = data.get("http_credentials")
    geo = data.get("geolocation")
    proxy = data.get("proxy")
    state = data.get("storage_state")
    return ContextSettings(
        storage_state=str(base / state) if state is not None else None,
        storage_state_line=line("storage_state"),
        http_credentials=Credentials(
            creds["username"], creds["password_env"], creds.get("origin"),
            line("http_credentials", "password_env"))
        if creds else None,
        locale=data.get("locale"),
        timezone_id=data.get("timezone_id"),
        geolocation=(float(geo["latitude"]), float(geo["longitude"])) if geo else None,
        proxy=Proxy(proxy["server"], proxy.get("bypass")) if proxy else None,
    )


def parse_credentials(text: str) -> Credentials:
    """`USER:ENVVAR` of --privacy-http-credentials."""
    user, sep, env = text.partition(":")
    if not sep or not user or not ENV_NAME.match(env):
        raise ConfigError(f"--privacy-http-credentials {text!r}: expected USER:ENVVAR, the user "
                          "name and the name of the environment variable that holds the "
                          "password, e.g. staging:STAGING_PASSWORD.")
    return Credentials(user, env)


def parse_geolocation(text: str) -> tuple[float, float]:
    """`LAT,LON` of --privacy-geolocation."""
    try:
        latitude, longitude = (float(part) for part in text.split(","))
    except ValueError:
        latitude = longitude = float("nan")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ConfigError(f"--privacy-geolocation {text!r}: expected LATITUDE,LONGITUDE in "
                          "degrees, e.g. 48.8566,2.3522 (latitude -90..90, longitude "
                          "-180..180).")
    return latitude, longitude


def parse_proxy(text: str) -> Proxy:
    """The URL of --privacy-proxy."""
    if not re.match(r"^(https?|socks[45])://[^/\s]+/?$", text):
        raise ConfigError(f"--privacy-proxy {text!r}: expected a proxy URL such as "
                          "http://proxy.example:3128 or socks5://127.0.0.1:1080.")
    return Proxy(text.rstrip("/"))
