"""The built-in knowledge base (classify/known.json): shape, counts and real names."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest

from pytest_privacy.classify import Classifier, Knowledge
from pytest_privacy.classify.knowledge import builtin
from pytest_privacy.taxonomy import TAXONOMY

TEXT = resources.files("pytest_privacy.classify").joinpath("known.json").read_text("utf-8")
DATA: dict[str, Any] = json.loads(TEXT)
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
NAME_KEYS = {"platform", "name", "match", "category", "note", "domain", "pinned"}
DOMAIN_KEYS = {"platform", "domain", "category", "note", "pinned"}


def valid_domain(text: str) -> bool:
    labels = text.split(".")
    return (text == text.lower() and len(text) <= 253 and len(labels) >= 2
            and all(LABEL.match(label) for label in labels) and not labels[-1].isdigit())


def test_counts() -> None:
    assert len(DATA["cookies"]) >= 300
    assert len(DATA["domains"]) >= 500
    assert len(DATA["storage"]) >= 30


@pytest.mark.parametrize("kind", ["cookies", "storage"])
def test_name_entries_have_the_required_fields(kind: str) -> None:
    for entry in DATA[kind]:
        assert set(entry) <= NAME_KEYS, entry
        assert {"platform", "name", "match", "category", "note"} <= set(entry), entry
        assert entry["match"] in ("exact", "prefix"), entry
        assert entry["category"] in TAXONOMY, entry
        assert entry["name"] and entry["name"] == entry["name"].strip(), entry
        assert entry["platform"].strip() and entry["note"].strip(), entry
        assert len(entry["note"]) <= 100, entry
        assert entry.get("pinned", False) in (True, False), entry
        if "domain" in entry:
            assert valid_domain(entry["domain"]), entry


def test_domain_entries_have_the_required_fields() -> None:
    for entry in DATA["domains"]:
        assert set(entry) <= DOMAIN_KEYS, entry
        assert {"platform", "domain", "category", "note"} <= set(entry), entry
        assert entry["category"] in TAXONOMY, entry
        assert valid_domain(entry["domain"]), entry
        assert entry["platform"].strip() and entry["note"].strip(), entry
        assert len(entry["note"]) <= 100, entry


@pytest.mark.parametrize("kind", ["cookies", "storage"])
def test_no_duplicate_names(kind: str) -> None:
    keys = [(e["name"], e["match"], e.get("domain", "")) for e in DATA[kind]]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_no_duplicate_domains() -> None:
    domains = [e["domain"] for e in DATA["domains"]]
    assert len(domains) == len(set(domains)), sorted({d for d in domains
                                                     if domains.count(d) > 1})


@pytest.mark.parametrize("kind", ["cookies", "storage", "domains"])
def test_grouped_by_platform_and_sorted(kind: str) -> None:
    key = "domain" if kind == "domains" else "name"
    order = [(e["platform"].casefold(), e[key], e.get("domain", "")) for e in DATA[kind]]
    assert order == sorted(order), "keep entries sorted by platform, then name"


def test_one_entry_per_line() -> None:
    """Compact: every entry on its own line, so a diff shows one line per change."""
    lines = [line for line in TEXT.splitlines() if line.lstrip().startswith("{\"platform\"")]
    assert len(lines) == sum(len(DATA[k]) for k in ("cookies", "storage", "domains"))


def test_pinned_entries_are_necessary_consent_records() -> None:
    pinned = [e for k in ("cookies", "storage", "domains") for e in DATA[k] if e.get("pinned")]
    assert len(pinned) >= 60
    assert all(e["category"] == "necessary" for e in pinned)


def test_the_loaded_tables_hold_every_entry() -> None:
    pinned, rest = builtin()
    assert len(pinned.cookies) + len(rest.cookies) == len(DATA["cookies"])
    assert len(pinned.storage) + len(rest.storage) == len(DATA["storage"])
    assert len(pinned.domains) + len(rest.domains) == len(DATA["domains"])


@pytest.mark.parametrize(("name", "domain", "category", "platform"), [
    ("_ga", ".shop.test", "analytics", "Google Analytics"),
    ("_ga_ABC123XYZ", ".shop.test", "analytics", "Google Analytics"),
    ("_gid", ".shop.test", "analytics", "Google Analytics"),
    ("_gcl_au", ".shop.test", "marketing", "Google Ads"),
    ("IDE", ".doubleclick.net", "marketing", "DoubleClick"),
    ("test_cookie", ".doubleclick.net", "marketing", "DoubleClick"),
    ("NID", ".google.com", "marketing", "Google"),
    ("__gads", ".shop.test", "marketing", "Google AdSense"),
    ("_fbp", ".shop.test", "marketing", "Meta Pixel"),
    ("fr", ".facebook.com", "marketing", "Meta"),
    ("_uetvid", ".shop.test", "marketing", "Microsoft Advertising"),
    ("MUID", ".bing.com", "marketing", "Microsoft"),
    ("_clck", ".shop.test", "analytics", "Microsoft Clarity"),
    ("bcookie", ".linkedin.com", "marketing", "LinkedIn"),
    ("li_fat_id", ".shop.test", "marketing", "LinkedIn Insight"),
    ("_ttp", ".shop.test", "marketing", "TikTok Pixel"),
    ("personalization_id", ".twitter.com", "marketing", "X (Twitter)"),
    ("_pin_unauth", ".shop.test", "marketing", "Pinterest"),
    ("_scid", ".shop.test", "marketing", "Snap Pixel"),
    ("_rdt_uuid", ".shop.test", "marketing", "Reddit Pixel"),
    ("cto_bundle", ".shop.test", "marketing", "Criteo"),
    ("uid", ".criteo.com", "marketing", "Criteo"),
    ("TDID", ".adsrvr.org", "marketing", "The Trade Desk"),
    ("demdex", ".demdex.net", "marketing", "Adobe Audience Manager"),
    ("AMCV_1234%40AdobeOrg", ".shop.test", "analytics", "Adobe Experience Cloud"),
    ("_hjSessionUser_123456", ".shop.test", "analytics", "Hotjar"),
    ("fs_uid", ".shop.test", "analytics", "FullStory"),
    ("mp_0123abcd_mixpanel", ".shop.test", "analytics", "Mixpanel"),
    ("ajs_anonymous_id", ".shop.test", "analytics", "Segment"),
    ("AMP_0123456789", ".shop.test", "analytics", "Amplitude"),
    ("AMP_TOKEN", ".shop.test", "analytics", "Google Analytics"),
    ("hubspotutk", ".shop.test", "marketing", "HubSpot"),
    ("_mkto_trk", ".shop.test", "marketing", "Marketo"),
    ("__qca", ".shop.test", "marketing", "Quantcast"),
    ("t_gid", ".taboola.com", "marketing", "Taboola"),
    ("obuid", ".outbrain.com", "marketing", "Outbrain"),
    ("_ym_uid", ".shop.test", "analytics", "Yandex Metrica"),
    ("Hm_lvt_0123abcd", ".shop.test", "analytics", "Baidu Tongji"),
    ("_pk_id.1.a1b2", "shop.test", "analytics", "Matomo"),
    ("_vwo_uuid_v2", ".shop.test", "analytics", "VWO"),
    ("optimizelyEndUserId", ".shop.test", "analytics", "Optimizely"),
    ("intercom-id-abc123", ".shop.test", "functional", "Intercom"),
    ("__cf_bm", ".shop.test", "necessary", "Cloudflare"),
    ("PHPSESSID", "shop.test", "necessary", "PHP"),
    ("OptanonConsent", ".shop.test", "necessary", "OneTrust"),
    ("OptanonAlertBoxClosed", ".shop.test", "necessary", "OneTrust"),
    ("CookieConsent", "shop.test", "necessary", "Cookiebot"),
    ("euconsent-v2", ".shop.test", "necessary", "IAB TCF"),
    ("usprivacy", ".shop.test", "necessary", "IAB US Privacy"),
    ("didomi_token", ".shop.test", "necessary", "Didomi"),
    ("cmplz_marketing", "shop.test", "necessary", "Complianz"),
])
def test_real_cookie_names(name: str, domain: str, category: str, platform: str) -> None:
    verdict = Classifier().cookie(name, domain)
    assert (verdict.category, verdict.source) == (category, f"built-in: {platform}")


@pytest.mark.parametrize(("host", "category", "platform"), [
    ("www.google-analytics.com", "analytics", "Google Analytics"),
    ("www.googletagmanager.com", "analytics", "Google Tag Manager"),
    ("googleads.g.doubleclick.net", "marketing", "DoubleClick"),
    ("pagead2.googlesyndication.com", "marketing", "Google AdSense"),
    ("connect.facebook.net", "marketing", "Meta Pixel"),
    ("bat.bing.com", "marketing", "Microsoft Advertising"),
    ("www.clarity.ms", "analytics", "Microsoft Clarity"),
    ("snap.licdn.com", "marketing", "LinkedIn Insight"),
    ("analytics.tiktok.com", "marketing", "TikTok Pixel"),
    ("static.ads-twitter.com", "marketing", "X (Twitter)"),
    ("ct.pinterest.com", "marketing", "Pinterest"),
    ("sc-static.net", "marketing", "Snap Pixel"),
    ("static.criteo.net", "marketing", "Criteo"),
    ("js.adsrvr.org", "marketing", "The Trade Desk"),
    ("ib.adnxs.com", "marketing", "Xandr"),
    ("static.hotjar.com", "analytics", "Hotjar"),
    ("cdn.segment.com", "analytics", "Segment"),
    ("api2.amplitude.com", "analytics", "Amplitude"),
    ("js.hs-scripts.com", "marketing", "HubSpot"),
    ("mc.yandex.ru", "analytics", "Yandex Metrica"),
    ("hm.baidu.com", "analytics", "Baidu Tongji"),
    ("cdn.cookielaw.org", "necessary", "OneTrust"),
    ("consent.cookiebot.com", "necessary", "Cookiebot"),
    ("fonts.gstatic.com", "functional", "Google Fonts"),
    ("widget.intercom.io", "functional", "Intercom"),
    ("js.stripe.com", "necessary", "Stripe"),
])
def test_real_request_domains(host: str, category: str, platform: str) -> None:
    verdict = Classifier().request(f"https://{host}/x.js", "shop.test")
    assert verdict.category == category
    assert verdict.source.startswith(f"built-in: {platform} (domain ")


@pytest.mark.parametrize(("key", "category"), [
    ("_hjSessionUser_123456", "analytics"),
    ("amplitude_unsent_abcdef", "analytics"),
    ("ajs_user_traits", "analytics"),
    ("mp_0123abcd_mixpanel", "analytics"),
    ("_gcl_ls", "marketing"),
    ("yt-remote-device-id", "marketing"),
    ("ucData", "necessary"),
    ("_sp_user_consent_12345", "necessary"),
    ("euconsent-v2", "necessary"),
])
def test_real_storage_keys(key: str, category: str) -> None:
    assert Classifier().storage(key).category == category


def test_scoped_names_only_match_their_domain() -> None:
    """Generic names (IDE, uid, fr) are only a tracker's on the tracker's domain."""
    classifier = Classifier()
    assert classifier.cookie("uid", ".adform.net").source == "built-in: Adform"
    assert classifier.cookie("uid", ".criteo.com").source == "built-in: Criteo"
    assert classifier.cookie("uid", "shop.test").category == "unknown"
    assert classifier.cookie("fr", "shop.test").category == "unknown"
    assert classifier.cookie("IDE", "shop.test").category == "unknown"


def test_empty_knowledge_adds_nothing() -> None:
    assert Classifier(extra=Knowledge()).cookie("_ga", "shop.test").category == "analytics"
