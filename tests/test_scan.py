"""`pytest-privacy scan URL`: the inventory of one page in each state, and a draft spec that
passes against the site as it is (run through pytest here to prove it)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from pytest_privacy.fixtureserver import FixtureServer
from pytest_privacy.spec import load_spec


def _scan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_privacy.cli", "scan", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=180)


def _section(out: str, state: str) -> str:
    return out.split(f"== {state}:", 1)[1].split("\n== ", 1)[0]


def test_scan_inventories_each_state_and_drafts_a_spec_that_passes(
        tmp_path: Path, fixture_server: FixtureServer, run_spec) -> None:  # type: ignore[no-untyped-def]
    result = _scan("https://scan.test/", "--host-map", fixture_server.host_map,
                   "--ignore-https-errors", "--settle", "200", cwd=tmp_path)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert result.stderr == ""
    before, accept = _section(out, "before_consent"), _section(out, "after_accept")
    assert "cookies: none" in before
    assert "banner: shown, onetrust" in before and "'Disable All'" in before
    assert "consent: accept by onetrust: clicked 'Accept All'" in accept
    assert "  marketing:\n    IDE (.doubleclick.net, third party) — built-in: DoubleClick" \
        in accept
    assert "set by response https://ads.doubleclick.net/px" in accept
    assert "ad-id-secret-42" not in out  # values stay redacted
    assert "www.google-analytics.com ×1" in accept
    assert "IDE" not in _section(out, "after_reject")
    assert '/.well-known/gpc.json: says {"gpc": true}' in _section(out, "gpc")

    draft = tmp_path / "scan.test.privacy.yaml"
    assert f"Draft spec written to {draft.name}" in out
    assert (f"pytest --privacy-spec {draft.name} --privacy-host-map "
            f"'{fixture_server.host_map}' --privacy-ignore-https-errors --privacy-settle 200"
            ) in out
    spec = load_spec(draft)
    checks = {check.id: check for check in spec.checks}
    assert set(checks) == {"before-consent", "consent-banner", "after-reject", "after-accept",
                           "gpc", "privacy-links"}
    assert all(check.claim.startswith("TODO:") for check in spec.checks)
    assert checks["before-consent"].expect["cookies"] == {
        "none_of": ["functional", "analytics", "marketing"]}
    assert checks["after-accept"].expect["cookies"] == {"present": ["IDE"]}
    assert checks["gpc"].expect["gpc"] == {"well_known": True}
    assert checks["privacy-links"].expect["links"] == {
        "within": "footer", "present": ["Privacy Policy", "Cookie Notice",
                                        "Your Privacy Choices"]}
    assert spec.policy_url == "https://scan.test/privacy"

    run = run_spec(draft.read_text(encoding="utf-8"))
    assert run.outcomes and set(run.outcomes.values()) == {"PASSED"}, run.text
    assert len(run.outcomes) == 6


def test_scan_connection_refused_is_one_sentence_per_state(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    result = _scan(f"http://127.0.0.1:{port}/", "--states", "before_consent,gpc",
                   cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    refused = [line for line in result.stdout.splitlines() if line.startswith("visit error:")]
    assert len(refused) == 2 and all("connection refused" in line for line in refused)
    assert "No state could be visited, so no draft was written." in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_scan_refuses_a_url_that_is_not_http(tmp_path: Path) -> None:
    result = _scan("ftp://shop.example/", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.strip() == ("pytest-privacy scan: 'ftp://shop.example/' is not an "
                                     "http(s) URL; pass the page's full address, e.g. "
                                     "https://shop.example/.")
