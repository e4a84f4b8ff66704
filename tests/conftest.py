"""Shared fixtures: the loopback fixture server and a runner for specs in a subprocess.
(pytester is enabled by `-p pytester` in pyproject.toml's addopts.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from pytest_privacy.browser.provider import find_system_chromium
from pytest_privacy.fixtureserver import FixtureServer

SITES = Path(__file__).parent / "sites"
OUTCOME = re.compile(r"^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b")


def _browsers() -> list[Any]:
    """Each kind of Chromium the plugin may launch here: Playwright's own (its choice), else
    the system's headless shell and full Chromium, each when installed."""
    with sync_playwright() as pw:
        if Path(pw.chromium.executable_path).exists():
            return [pytest.param([], id="playwright")]
    found = {"shell": find_system_chromium(headless=True), "full": find_system_chromium()}
    return [pytest.param(["--privacy-browser-path", path], id=name)
            for name, path in found.items() if path and (name == "full" or path != found["full"])]


@pytest.fixture(params=_browsers())
def browser_path(request: pytest.FixtureRequest) -> list[str]:
    """The arguments that choose one kind of browser (for behaviour that differs by kind)."""
    return list(request.param)


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[FixtureServer]:
    with FixtureServer(SITES) as server:
        yield server


@dataclass
class SpecRun:
    result: pytest.RunResult
    outcomes: dict[str, str]

    @property
    def text(self) -> str:
        return self.result.stdout.str()

    def outcome(self, item: str) -> str:
        """The outcome of the item whose id ends with `item`, e.g. 'check[/]'."""
        found = [o for nodeid, o in self.outcomes.items() if nodeid.endswith("::" + item)]
        assert len(found) == 1, f"{item} not found once in {self.outcomes}\n{self.text}"
        return found[0]


def _outcomes(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        match = OUTCOME.match(line)
        if match:
            # a setup ERROR line comes after nothing else for that item
            out[match.group(1)] = match.group(2)
    return out


@pytest.fixture
def run_spec(pytester: pytest.Pytester, fixture_server: FixtureServer):  # type: ignore[no-untyped-def]
    """Write `spec` as spec.yaml and run pytest on it against the fixture server."""

    def run(spec: str, *args: str, name: str = "spec.yaml", host_map: str | None = None,
            ignore_https: bool = True) -> SpecRun:
        path = pytester.path / name
        path.write_text(spec, encoding="utf-8")
        extra = ["--privacy-ignore-https-errors"] if ignore_https else []
        result = pytester.runpytest_subprocess(
            "--privacy-spec", str(path), "--privacy-host-map",
            host_map or fixture_server.host_map, "-v", "-p", "no:cacheprovider",
            "--privacy-settle", "200", *extra, *args)
        return SpecRun(result, _outcomes(result.stdout.str()))

    return run
