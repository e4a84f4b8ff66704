"""keylogging and session_recording on hand-written evidence (no browser), and the canaries."""

from __future__ import annotations

import base64
import hashlib
import json
from urllib.parse import quote

import pytest

from pytest_privacy.browser.interact import body_text, canary
from pytest_privacy.checks import CheckContext, run_expectations
from pytest_privacy.checks.kind import Kinds
from pytest_privacy.checks.kinds.keylogging import encodings, find_canary
from pytest_privacy.evidence import (
    Evidence,
    FieldRecord,
    InteractionRecord,
    RequestRecord,
    SentRecord,
)
from pytest_privacy.needs import Needs

EMAIL = canary("email", 1)
KEYLOG = {"keylogging": {"none_of": ["marketing", "analytics"]}}
REPLAY = {"session_recording": {"none": True}}


def evidence(sent: list[SentRecord], fields: list[FieldRecord] | None = None,
             requests: list[RequestRecord] | None = None, page_text: list[str] | None = None,
             scripts: list[str] | None = None) -> Evidence:
    interaction = InteractionRecord(
        started_ms=100.0, typing_ms=200.0,
        fields=[FieldRecord("E-mail", "email", EMAIL)] if fields is None else fields,
        sent=sent, page_text=page_text or [], scripts=scripts or [])
    return Evidence(url="https://shop.test/", state="before_consent",
                    final_url="https://shop.test/", requests=requests or [],
                    interaction=interaction)


def sent(url: str, body: str = "", channel: str = "request", after_typing: bool = True,
         resource_type: str = "xhr") -> SentRecord:
    return SentRecord(channel=channel, url=url, method="POST", body=body,
                      resource_type=resource_type, time_ms=300.0, after_typing=after_typing)


def script(url: str) -> RequestRecord:
    return RequestRecord(url=url, method="GET", resource_type="script", frame_url="",
                         phase="initial", time_ms=1.0)


def test_canaries_are_distinct_and_none_contains_another() -> None:
    made = [canary(kind, n) for kind in ("email", "tel", "name", "password", "number", "text")
            for n in range(1, 51)]
    assert len(set(made)) == len(made)
    assert not any(a != b and a in b for a in made for b in made)
    assert "@" in canary("email", 3) and canary("tel", 3).startswith("+1 ")


@pytest.mark.parametrize(("encode", "name"), [
    (lambda c: c, "as typed"),
    (lambda c: c.upper(), "as typed"),
    (lambda c: quote(c, safe=""), "URL-encoded"),
    (lambda c: base64.b64encode(c.encode()).decode(), "base64"),
    (lambda c: base64.b64encode(json.dumps({"u": {"e": c}}).encode()).decode(), "base64"),
    (lambda c: hashlib.md5(c.strip().lower().encode()).hexdigest(), "MD5 hex"),  # noqa: S324
    (lambda c: hashlib.sha1(c.strip().lower().encode()).hexdigest().upper(), "SHA-1 hex"),  # noqa: S324
    (lambda c: hashlib.sha256(c.strip().lower().encode()).hexdigest(), "SHA-256 hex"),
])
def test_every_encoding_of_a_canary_is_found(encode, name) -> None:  # type: ignore[no-untyped-def]
    typed = "  Zq01X.Visitor@Example.com "
    text = "https://px.example/t?a=1&ud=" + encode(typed) + "&z=2"
    assert find_canary(text, encodings(typed)) == name


def test_an_unrelated_payload_holds_no_canary() -> None:
    other = hashlib.sha256(b"someone.else@example.com").hexdigest()
    assert find_canary(f"em={other}&dl=https%3A%2F%2Fshop.test%2F", encodings(EMAIL)) is None


def test_keylogging_finding_names_field_request_category_and_encoding() -> None:
    digest = hashlib.sha256(EMAIL.encode()).hexdigest()
    ev = evidence([sent(f"https://ct.pinterest.com/v3/?ed={digest}")])
    findings = run_expectations(ev, KEYLOG, CheckContext())
    assert len(findings) == 1 and not findings[0].inconclusive
    item = findings[0].items[0]
    for part in ("'E-mail'", EMAIL, "SHA-256 hex", "ct.pinterest.com", "marketing"):
        assert part in item, item


def test_keylogging_first_party_and_before_typing_and_allowed_categories_hold() -> None:
    ev = evidence([sent("https://shop.test/collect", EMAIL),  # the site's own: necessary
                   sent("https://ct.pinterest.com/v3/", EMAIL, after_typing=False),
                   sent("https://cdn.jsdelivr.net/x", EMAIL)])  # necessary (a CDN)
    assert run_expectations(ev, KEYLOG, CheckContext()) == []


def test_keylogging_beacons_and_websocket_frames_count() -> None:
    ev = evidence([sent("https://analytics.tiktok.com/api", json.dumps({"e": EMAIL}), "beacon"),
                   sent("wss://analytics.tiktok.com/live", EMAIL, "websocket")])
    items = run_expectations(ev, KEYLOG, CheckContext())[0].items
    assert any("sendBeacon https://analytics.tiktok.com/api" in i for i in items)
    assert any("WebSocket frame to wss://analytics.tiktok.com/live" in i for i in items)


def test_keylogging_without_a_field_or_an_interaction_is_inconclusive() -> None:
    for ev in (evidence([], fields=[]),
               Evidence(url="https://shop.test/", state="before_consent")):
        findings = run_expectations(ev, KEYLOG, CheckContext())
        assert len(findings) == 1 and findings[0].inconclusive


def test_known_recorder_by_script_and_endpoint_websocket_included() -> None:
    ev = evidence([sent("wss://ws17.hotjar.com/api/v2/client/ws", "{}", "websocket")],
                  requests=[script("https://static.hotjar.com/c/hotjar-123.js?sv=6")])
    findings = run_expectations(ev, REPLAY, CheckContext())
    assert len(findings) == 1
    assert "Hotjar" in findings[0].message
    assert "script: https://static.hotjar.com/c/hotjar-123.js?sv=6" in findings[0].items
    assert any("wss://ws17.hotjar.com" in i for i in findings[0].items)


def test_posthog_counts_only_snapshots() -> None:
    snapshot = base64.b64encode(json.dumps([{"event": "$snapshot"}]).encode()).decode()
    scripts = [script("https://us-assets.i.posthog.com/static/array.js")]
    pageview = evidence([sent("https://us.i.posthog.com/e/?ip=1",
                              "data=eyJldmVudCI6IiRwYWdldmlldyJ9")], requests=scripts)
    assert run_expectations(pageview, REPLAY, CheckContext()) == []
    recorded = evidence([sent("https://us.i.posthog.com/s/?ip=1", f"data={quote(snapshot)}")],
                        requests=scripts)
    assert "PostHog" in run_expectations(recorded, REPLAY, CheckContext())[0].message


def test_unknown_recorder_by_serialized_dom_or_the_pages_text() -> None:
    dom = json.dumps({"events": [{"type": 2, "data": {"node": {
        "type": 0, "childNodes": [{"type": 2, "tagName": "html", "childNodes": []}]}}}]})
    ev = evidence([sent("https://collect.replaylab.io/v1/events", dom)])
    finding = run_expectations(ev, REPLAY, CheckContext())[0]
    assert "replaylab.io" in finding.message and "serialized DOM" in finding.message
    text = ["Every shelf is cut from a single plank of walnut",
            "Free delivery within the county, and a guarantee"]
    ev = evidence([sent("https://x.example/rec", json.dumps({"html": " ".join(text)}))],
                  page_text=text)
    assert "the page's own text" in run_expectations(ev, REPLAY, CheckContext())[0].message


def test_ordinary_analytics_is_not_a_recording() -> None:
    text = ["Every shelf is cut from a single plank of walnut",
            "Free delivery within the county, and a guarantee"]
    ev = evidence([sent("https://plausible.io/api/event", json.dumps(
        {"n": "pageview", "u": "https://shop.test/", "d": "shop.test", "t": text[0]})),
        sent("https://www.google-analytics.com/g/collect?en=page_view&dt=Walnut")],
        page_text=text)
    assert run_expectations(ev, REPLAY, CheckContext()) == []


def test_session_recording_needs_an_interaction() -> None:
    ev = Evidence(url="https://shop.test/", state="before_consent")
    assert run_expectations(ev, REPLAY, CheckContext())[0].inconclusive


def test_both_kinds_ask_the_visit_to_interact() -> None:
    kinds = Kinds.builtin()
    assert kinds.needs(KEYLOG).interact and kinds.needs(REPLAY).interact
    assert not kinds.needs({"cookies": {"none_of": ["marketing"]}}).interact
    assert (Needs() | Needs(interact=True)).interact


def test_bodies_are_unpacked() -> None:
    import gzip
    assert body_text(gzip.compress(b'{"a": "\xc3\xa9"}')) == '{"a": "é"}'
    assert body_text(b"\xff\xfe") == "ÿþ"
    assert body_text(None) == ""


def test_cookie_values_in_what_was_sent_are_redacted_in_the_evidence_file() -> None:
    from pytest_privacy.evidence import CookieRecord
    ev = evidence([sent("https://x.example/c?id=GA1.1.99887766", "uid=GA1.1.99887766")])
    ev.cookies = [CookieRecord("_ga", "shop.test", "/", "GA1.1.99887766", True, False, "Lax",
                               -1, "initial", 1.0)]
    assert "99887766" not in ev.to_json()
    assert "99887766" in ev.to_json(show_values=True)
