"""Extension points: pytest hooks a team implements in its conftest.py or a plugin.

    def pytest_privacy_check_kinds(config):
        return [CheckKind("meta_referrer", {...}, check_meta_referrer, needs=...)]

Each hook is called with the hook proxy of the spec file's folder, so a conftest.py beside
the specs (or above them) is enough."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pytest_privacy.browser.visit import VisitKey
    from pytest_privacy.checks.kind import CheckKind
    from pytest_privacy.consent.base import Adapter

hookspec = pytest.hookspec


@hookspec
def pytest_privacy_check_kinds(config: pytest.Config) -> list[CheckKind] | None:
    """Further check kinds: each brings its `expect:` key, the JSON Schema of its parameters,
    what the visit must record (`Needs`) and a pure function
    `(evidence, params, ctx) -> list[Finding]`. Return a list (or None)."""


@hookspec
def pytest_privacy_cmp_adapters(config: pytest.Config) -> list[Adapter] | None:
    """Further consent-manager adapters (pytest_privacy.consent.base.Adapter): their names
    become valid values of `consent.cmp`, and `cmp: auto` tries them too."""


@hookspec
def pytest_privacy_context_args(key: VisitKey, args: dict[str, Any]) -> dict[str, Any] | None:
    """Adjust the browser context of one visit (Playwright's `new_context` arguments):
    `storage_state` to start logged in, `http_credentials`, `locale`, `timezone_id`,
    `geolocation`, `proxy`, ... Edit `args` in place or return a dict to merge into it.
    `key.url`, `key.state.label` and `key.entry` say which visit it is. `args` already holds
    what the spec's `context:` and the --privacy-* context options set; the hook's word wins."""
