"""End to end in Chromium: the interaction phase, keylogging and session_recording on the
fixture sites keylog.test and replay.test (real rrweb and posthog-js from npm)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SITES = Path(__file__).parent / "sites"
CLARITY = SITES / "scripts.clarity.ms" / "0.8.70" / "clarity.js"  # fetched for test_classify_sdks
RECORDERS = [SITES / "cdn.jsdelivr.net" / "npm" / "rrweb@1.1.3" / "dist" / "record" /
             "rrweb-record.min.js", SITES / "us-assets.i.posthog.com" / "static" /
             "array.full.js"]

KEYLOG = """
version: 1
name: Keylog Shop
site: {base_url: "https://keylog.test"}
checks:
  - id: keys
    claim: "We never read what you type before you send it."
    pages: [/, /first-party/, /quiet/, /beacon/, /socket/, /nofields/, /framed/]
    expect:
      keylogging: {none_of: [marketing, analytics]}
  - id: before-typing
    claim: "No lead event before you sign up."
    pages: [/]
    expect:
      requests: {absent: ["re:event=lead"]}
"""

REPLAY = """
version: 1
name: Walnut & Oak
site: {base_url: "https://replay.test"}
consent: {cmp: selectors, accept: "#accept", reject: "#reject", banner: "#banner"}
checks:
  - id: replay
    claim: "We do not record your visit."
    pages: [/rrweb/, /rrweb-socket/, /posthog/, /analytics/, /consent/]
    expect:
      session_recording: {none: true}
  - id: replay-accepted
    claim: "We record your visit only if you agree."
    when: after_accept
    pages: [/consent/]
    expect:
      session_recording: {none: true}
"""


@pytest.fixture
def recorders_installed() -> None:
    missing = [str(path) for path in RECORDERS if not path.exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} missing; scripts/setup.sh fetches them with npm.")
        pytest.skip("rrweb / posthog-js are not installed (scripts/setup.sh fetches them)")


def test_keylogging_typed_hashed_beaconed_and_streamed(run_spec, tmp_path: Path) -> None:
    # four visits at once: each waits seconds after typing for what the page sends
    run = run_spec(KEYLOG, "--privacy-evidence", str(tmp_path), "--privacy-concurrency", "4")
    assert run.outcome("keys[/]") == "FAILED", run.text
    assert run.outcome("keys[/first-party/]") == "PASSED", run.text  # its own endpoint only
    assert run.outcome("keys[/quiet/]") == "PASSED", run.text  # no traffic at all
    assert run.outcome("keys[/beacon/]") == "FAILED", run.text
    assert run.outcome("keys[/socket/]") == "FAILED", run.text
    assert run.outcome("keys[/nofields/]") == "ERROR", run.text  # nothing to type into
    assert run.outcome("keys[/framed/]") == "FAILED", run.text  # a field in a third-party frame
    text = run.text
    # the finding names the field, the request, its host's category and the encoding
    assert "field 'E-mail' (email): typed 'zq01x.visitor@example.com', sent SHA-256 hex in " \
           "GET https://ct.pinterest.com/v3/?event=lead" in text
    assert "ct.pinterest.com is marketing" in text
    assert "field 'E-mail' (email): typed 'zq01x.visitor@example.com', sent base64 in " \
           "sendBeacon https://analytics.tiktok.com/api/v2/pixel" in text
    assert "field 'Phone' (tel): typed '+1 202 555 0101', sent SHA-1 hex" in text
    assert "field 'Your name' (name): typed 'Quilla Zarvekab', sent as typed in WebSocket " \
           "frame to wss://analytics.tiktok.com/live/" in text
    assert "no visible, enabled field to type into" in text
    assert "field 'Your e-mail' (email) in the frame https://forms.signupwidget.test/: typed " \
           "'zq01x.visitor@example.com', sent URL-encoded in GET " \
           "https://ct.pinterest.com/v3/?event=signup" in text
    # the other kinds judge what existed before typing: the lead event came after it
    assert run.outcome("before-typing[/]") == "PASSED", text
    evidence = json.loads((tmp_path / "keylog_test__before_consent.json").read_text())
    assert not any("event=lead" in r["url"] for r in evidence["requests"])
    interaction = evidence["interaction"]
    assert [f["kind"] for f in interaction["fields"]] == \
        ["email", "name", "tel", "password", "text"]  # the hidden field is left alone
    assert any("event=lead" in s["url"] and s["after_typing"] for s in interaction["sent"])
    assert not any(s["method"] == "POST" and "/thanks" in s["url"] for s in interaction["sent"])
    # browsing as a visitor: no navigator.webdriver, no HeadlessChrome
    assert evidence["automation"]["webdriver"] is False
    assert "HeadlessChrome" not in evidence["automation"]["user_agent"]


def test_session_recorders_found_by_service_and_by_what_they_send(
        run_spec, recorders_installed: None) -> None:
    run = run_spec(REPLAY)
    text = run.text
    assert run.outcome("replay[/rrweb/]") == "FAILED", text
    assert run.outcome("replay[/rrweb-socket/]") == "FAILED", text
    assert run.outcome("replay[/posthog/]") == "FAILED", text
    assert run.outcome("replay[/analytics/]") == "PASSED", text  # page views are no recording
    assert run.outcome("replay[/consent/]") == "PASSED", text  # the recorder waits for accept
    assert run.outcome("replay-accepted[/consent/]") == "FAILED", text
    assert "an unknown session recorder sends the page to replaylab.io: serialized DOM " \
           "nodes" in text
    assert "script: https://cdn.replaylab.io/replay.js (recorder library loaded: " \
           "https://cdn.jsdelivr.net/npm/rrweb@1.1.3/dist/record/rrweb-record.min.js)" in text
    assert "endpoint: POST https://collect.replaylab.io/v1/events" in text
    assert "endpoint: WebSocket frames to wss://collect.replaylab.io/live" in text
    assert "PostHog session recording records the visit: its script " \
           "https://us-assets.i.posthog.com/static/array.full.js sent the recording to " \
           "POST https://us.i.posthog.com/s/" in text


def test_visits_do_not_look_automated(run_spec, browser_path: list[str], tmp_path: Path) -> None:
    """Headless shell and full Chromium alike: navigator.webdriver is not set and the user
    agent says Chrome; the evidence records what the page saw."""
    # a check that needs no interaction phase: what the page saw is recorded on every visit
    spec = KEYLOG.split("checks:")[0] + """checks:
  - id: quiet
    claim: "No advertising cookies."
    pages: [/quiet/]
    expect:
      cookies: {none_of: [marketing]}
"""
    run = run_spec(spec, "--privacy-evidence", str(tmp_path), *browser_path)
    assert run.outcome("quiet[/quiet/]") == "PASSED", run.text
    evidence = json.loads((tmp_path / "keylog_test_quiet__before_consent.json").read_text())
    assert evidence["automation"]["webdriver"] is False
    assert "HeadlessChrome" not in evidence["automation"]["user_agent"]
    assert "Chrome/" in evidence["automation"]["user_agent"]


def test_a_real_known_recorder_by_script_and_endpoint(run_spec) -> None:
    """Microsoft Clarity's own clarity-js (sdks.test/clarity.html): its tag and its /collect
    endpoint, where it sends its recording by fetch and by sendBeacon."""
    if not CLARITY.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CLARITY} is missing; scripts/setup.sh fetches it with npm.")
        pytest.skip("clarity-js is not installed (scripts/setup.sh fetches it)")
    run = run_spec("""
version: 1
name: Clarity
site: {base_url: "https://sdks.test"}
checks:
  - id: replay
    claim: "We do not record your visit."
    pages: [/clarity.html]
    expect:
      session_recording: {none: true}
""")
    assert run.outcome("replay[/clarity.html]") == "FAILED", run.text
    assert "Microsoft Clarity records the visit: its script https://www.clarity.ms/tag/" in run.text
    assert "endpoint: POST https://k.clarity.ms/collect" in run.text
