"""Seen as a visitor, not a bot (--privacy-automation), and fast when a page has no consent
machinery, while a banner that arrives late is still found."""

from __future__ import annotations

import json
from pathlib import Path

SHY = """version: 1
site:
  base_url: https://visitor.test
consent:
  cmp: auto
checks:
  - id: banner
    claim: "We ask before we track."
    pages: [/shy/]
    expect:
      banner: {visible: true}
  - id: before
    claim: "No advertising cookies before you choose."
    pages: [/shy/]
    expect:
      cookies: {none_of: [marketing]}
"""


def test_visits_look_like_a_visitors_chrome_by_default(run_spec, tmp_path: Path) -> None:
    run = run_spec(SHY, "--privacy-evidence", str(tmp_path / "ev"))
    # the site shows visitors its banner and its advertising cookie: both are seen
    assert run.outcome("banner[/shy/]") == "PASSED", run.text
    assert run.outcome("before[/shy/]") == "FAILED", run.text
    evidence = [json.loads(p.read_text()) for p in (tmp_path / "ev").rglob("*.json")]
    assert evidence and all(e["automation"]["mode"] == "hidden" and
                            e["automation"]["webdriver"] is False and
                            not e["automation"]["headless_in_user_agent"] for e in evidence)
    assert all("webdriver=false" in e["text"] and "HeadlessChrome" not in e["text"]
               for e in evidence)


def test_automation_visible_on_request(run_spec, tmp_path: Path) -> None:
    run = run_spec(SHY, "--privacy-automation", "visible", "--privacy-evidence",
                   str(tmp_path / "ev"))
    # a bot is shown a cleaner site: no banner, no cookie
    assert run.outcome("banner[/shy/]") == "FAILED", run.text
    assert run.outcome("before[/shy/]") == "PASSED", run.text
    evidence = [json.loads(p.read_text()) for p in (tmp_path / "ev").rglob("*.json")]
    assert evidence and all(e["automation"]["mode"] == "visible" and
                            e["automation"]["webdriver"] is True for e in evidence)
    assert all("webdriver=true" in e["text"] for e in evidence)


FAST = """version: 1
site:
  base_url: https://visitor.test
consent:
  cmp: auto
checks:
  - id: none
    claim: "No banner on a page without a consent manager."
    pages: [/none/]
    expect:
      banner: {visible: false}
  - id: late
    claim: "We ask before we track."
    pages: [/late/]
    expect:
      banner: {visible: true, has_reject: true}
  - id: late-reject
    claim: "After Reject all, only necessary cookies."
    when: after_reject
    pages: [/late/]
    expect:
      cookies: {only: [necessary]}
"""


def test_no_banner_is_decided_early_and_a_late_banner_still_found(run_spec,
                                                                 tmp_path: Path) -> None:
    run = run_spec(FAST.replace("- {name", "- {name"), "--privacy-evidence", str(tmp_path),
                   "--privacy-banner-timeout", "8000")
    assert run.outcome("none[/none/]") == "PASSED", run.text
    assert run.outcome("late[/late/]") == "PASSED", run.text
    evidence = {e["url"].split("/")[-2] + ":" + e["state"]: e for e in
                (json.loads(p.read_text()) for p in tmp_path.rglob("*.json"))}
    none = evidence["none:before_consent"]["banner"]
    # decided long before the 8 s banner timeout, and says why
    assert not none["visible"] and none["waited_ms"] < 4000, none
    assert "no consent machinery" in none["detected_by"]
    late = evidence["late:before_consent"]["banner"]
    assert late["visible"] and late["adapter"] == "engine", late
