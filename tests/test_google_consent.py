"""Google Consent Mode parameters decoded (pytest_privacy/checks/google_consent.py), one test
per documented example, and the consent_mode check on hand-written evidence."""

from __future__ import annotations

import pytest

from pytest_privacy.checks import CheckContext, run_expectations
from pytest_privacy.checks.draft import DraftContext
from pytest_privacy.checks.google_consent import (
    consent_params,
    decode_gcd,
    decode_gcs,
    decode_letter,
    is_google_tag,
)
from pytest_privacy.checks.kind import Kinds
from pytest_privacy.evidence import ConsentAction, Evidence, RequestRecord

GA4 = "https://region1.google-analytics.com/g/collect?v=2&tid=G-XXXXXXXXXX&gtm=45je5c10v9&_p=1"


@pytest.mark.parametrize(("letter", "default", "update", "state"), [
    # Simo Ahava & Markus Baersch, "Consent Mode V2 For Google Tags": the letter table
    ("l", None, None, None),            # no consent signal set
    ("p", "denied", None, "denied"),    # denied by default, no update
    ("q", "denied", "denied", "denied"),
    ("t", "granted", None, "granted"),  # granted by default, no update
    ("r", "denied", "granted", "granted"),
    ("m", None, "denied", "denied"),    # update only
    ("n", None, "granted", "granted"),
    ("u", "granted", "denied", "denied"),
    ("v", "granted", "granted", "granted"),
])
def test_gcd_letters(letter: str, default: str | None, update: str | None,
                     state: str | None) -> None:
    decoded = decode_letter(letter)
    assert decoded is not None
    assert (decoded.default, decoded.update, decoded.state) == (default, update, state)


def test_gcd_positions_are_the_four_consent_types() -> None:
    # the example of the issue: ad_storage r, analytics_storage r, ad_user_data r,
    # ad_personalization l
    decoded = decode_gcd("13r3r2r2l1")
    assert {k: v.state for k, v in decoded.items()} == {
        "ad_storage": "granted", "analytics_storage": "granted", "ad_user_data": "granted",
        "ad_personalization": None}
    assert {k: v.letter for k, v in decode_gcd("11p1p1p1p5").items()} == dict.fromkeys(
        ("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"), "p")
    assert decode_gcd("13q3t") == {"ad_storage": decode_letter("q"),
                                   "analytics_storage": decode_letter("t")}
    assert decode_gcd("") == {} and decode_letter("*") is None


@pytest.mark.parametrize(("gcs", "expected"), [
    ("G100", {"ad_storage": "denied", "analytics_storage": "denied"}),
    ("G111", {"ad_storage": "granted", "analytics_storage": "granted"}),
    ("G110", {"ad_storage": "granted", "analytics_storage": "denied"}),
    ("G101", {"ad_storage": "denied", "analytics_storage": "granted"}),
    ("G1--", {}),
    ("G1-1", {"analytics_storage": "granted"}),
    ("nonsense", {}),
])
def test_gcs(gcs: str, expected: dict[str, str]) -> None:
    assert decode_gcs(gcs) == expected


def test_gcd_decides_where_it_states_a_type() -> None:
    stated = consent_params(GA4 + "&gcs=G111&gcd=13p3p3p2p1")
    assert stated.states == dict.fromkeys(
        ("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"), "denied")
    only_gcs = consent_params(GA4 + "&gcs=G101")
    assert only_gcs.states == {"ad_storage": "denied", "analytics_storage": "granted"}
    assert not consent_params(GA4).implemented


@pytest.mark.parametrize(("url", "tag"), [
    (GA4, True),
    ("https://www.google-analytics.com/g/collect?v=2&tid=G-1", True),
    ("https://analytics.google.com/g/collect?v=2&tid=G-1", True),
    ("https://www.googletagmanager.com/td?id=G-1&gcs=G100", True),
    ("https://www.googletagmanager.com/gtag/js?id=G-1", False),  # the library
    ("https://www.googletagmanager.com/gtm.js?id=GTM-ABC", False),
    ("https://www.googleadservices.com/pagead/conversion/123/?gcs=G111", True),
    ("https://www.googleadservices.com/pagead/conversion_async.js", False),
    ("https://www.google.com/pagead/1p-user-list/123/?gcd=13p3p3p2p1", True),
    ("https://www.google.com/search?q=x", False),
    ("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/?gcs=G1--", True),
    ("https://ad.doubleclick.net/ccm/collect?gcd=13l3l3l3l1", True),
    ("https://ad.doubleclick.net/activity;src=1", False),
    ("https://pagead2.googlesyndication.com/pagead/ads?client=ca-pub-1", True),
    ("https://www.google-analytics.com/analytics.js", False),
    ("https://example.test/g/collect?gcs=G100", False),
])
def test_google_tag_endpoints(url: str, tag: bool) -> None:
    assert is_google_tag(url) is tag


def request(url: str, phase: str = "initial") -> RequestRecord:
    return RequestRecord(url=url, method="GET", resource_type="ping", frame_url="",
                         phase=phase, time_ms=1.0)


def evidence(*urls: str, consent: bool = False, phase: str = "initial") -> Evidence:
    return Evidence(url="https://shop.test/", state="before_consent",
                    final_url="https://shop.test/",
                    requests=[request(u, phase) for u in urls],
                    consent=ConsentAction("accept", "selectors", "Accept") if consent else None)


DENIED = {"ad_storage": "denied", "analytics_storage": "denied", "ad_user_data": "denied",
          "ad_personalization": "denied"}


def run(ev: Evidence, params: dict[str, str]) -> list[str]:
    return [f"{f.rule}: {f.message} {list(f.items)}"
            for f in run_expectations(ev, {"consent_mode": params}, CheckContext())]


def test_denied_everywhere_holds() -> None:
    ev = evidence(GA4 + "&gcs=G100&gcd=13p3p3p2p1&dma=1&dma_cps=-",
                  "https://shop.test/app.js")
    assert run(ev, DENIED) == []


def test_granted_before_consent_fails_per_type() -> None:
    ev = evidence(GA4 + "&gcs=G111&gcd=13t3t3t2t1")
    out = run(ev, DENIED)
    assert len(out) == 4
    assert "ad_storage granted (gcd 't': granted by default)" in out[0]


def test_no_consent_parameters_is_not_implemented() -> None:
    out = run(evidence(GA4 + "&en=page_view"), {"ad_storage": "denied"})
    assert len(out) == 1 and "Consent Mode not implemented" in out[0]


def test_nothing_set_is_not_implemented() -> None:
    out = run(evidence(GA4 + "&gcs=G1--&gcd=13l3l3l3l1"), {"ad_storage": "denied"})
    assert len(out) == 1 and "Consent Mode not implemented" in out[0]
    assert "gcs 'G1--', gcd '13l3l3l3l1': no consent type set" in out[0]


def test_no_google_request_holds() -> None:
    assert run(evidence("https://shop.test/app.js"), DENIED) == []


def test_only_requests_that_count_for_the_state() -> None:
    before = GA4 + "&gcs=G100&gcd=13p3p3p2p1"
    after = GA4 + "&gcs=G111&gcd=13r3r3r2r1"
    ev = evidence(before, consent=True)
    ev.requests.append(request(after, phase="after_consent"))
    granted = dict.fromkeys(DENIED, "granted")
    assert run(ev, granted) == []  # the denied hit came before the choice
    assert len(run(ev, DENIED)) == 4


def test_gcs_only_does_not_state_ad_user_data() -> None:
    out = run(evidence(GA4 + "&gcs=G100"), {"ad_storage": "denied", "ad_user_data": "denied"})
    assert len(out) == 1 and "ad_user_data not stated (gcs 'G100', no gcd)" in out[0]


def test_scan_drafts_what_the_tags_state() -> None:
    kind = Kinds.builtin().by_key["consent_mode"]
    assert kind.draft is not None
    denied = evidence(GA4 + "&gcs=G100&gcd=13p3p3p2p1")
    [drafted] = kind.draft(DraftContext("before_consent", denied, {}, CheckContext()))
    assert drafted.params == DENIED
    granted = evidence(GA4 + "&gcs=G111&gcd=13t3t3t2t1")
    [drafted] = kind.draft(DraftContext("before_consent", granted, {}, CheckContext()))
    assert drafted.params is None and "do not state ad_storage=denied" in drafted.left_out[0]
    assert kind.draft(DraftContext("after_accept", evidence("https://shop.test/app.js"), {},
                                   CheckContext())) == []
