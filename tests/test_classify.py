"""The classifier on real names: precedence, prefixes, regex rules, cookie databases
(the Open Cookie Database format), filter lists through adblock-rust, first/third party."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from pytest_privacy.classify import (
    Classifier,
    Verdict,
    is_third_party,
    load_cookie_db,
    load_filter_list,
    load_user_knowledge,
    parse_filter_list_option,
    registrable_domain,
)
from pytest_privacy.classify.cookiedb import map_category
from pytest_privacy.classify.filters import request_type
from pytest_privacy.errors import ConfigError
from pytest_privacy.spec.model import Rule

DATA = Path(__file__).parent / "data"
PRIVACY = DATA / "privacy-filters.txt"
ADS = DATA / "ad-filters.txt"
HOSTS = DATA / "hosts-list.txt"
MINI_DB = DATA / "cookie-db.csv"


def _ocd_path() -> Path | None:
    """The real Open Cookie Database beside the repository (shared/data), if present."""
    env = os.environ.get("PRIVACY_OPEN_COOKIE_DATABASE")
    root = Path(__file__).resolve().parents[1]
    candidates = [Path(env)] if env else []
    candidates += [root.parent / "shared" / "data" / "open-cookie-database" /
                   "open-cookie-database.csv",
                   Path("/work/shared/data/open-cookie-database/open-cookie-database.csv")]
    return next((p for p in candidates if p.is_file()), None)


OCD = _ocd_path()
needs_ocd = pytest.mark.skipif(
    OCD is None, reason="the Open Cookie Database CSV is not at shared/data/open-cookie-database/"
    " (set PRIVACY_OPEN_COOKIE_DATABASE to its path); the project does not ship it")


def regex_rule(pattern: str, category: str, source: str = "spec") -> Rule:
    return Rule(pattern, category, source, re.compile(pattern[3:]))


# ----------------------------------------------------------------------------- precedence


def test_spec_rule_beats_every_other_source() -> None:
    extra = load_user_knowledge([MINI_DB], [(PRIVACY, "analytics")])
    classifier = Classifier(cookie_rules=(Rule("_ga", "necessary", "spec: s.yaml:3"),),
                            domain_rules=(Rule("doubleclick.net", "functional", "spec: d"),),
                            extra=extra)
    assert classifier.cookie("_ga", ".shop.test").source == "spec: s.yaml:3"
    verdict = classifier.request("https://ad.doubleclick.net/x", "shop.test", "script")
    assert (verdict.category, verdict.source) == ("functional", "spec: d")


def test_user_database_beats_built_in() -> None:
    classifier = Classifier(extra=load_cookie_db(MINI_DB))
    verdict = classifier.cookie("_ga", ".shop.test")
    assert verdict == Verdict("analytics", "open-cookie-database: Example Analytics")


def test_user_files_can_be_asked_to_only_fill_the_gaps() -> None:
    classifier = Classifier(extra=load_cookie_db(MINI_DB), user_first=False)
    assert classifier.cookie("_ga", ".shop.test").source == "built-in: Google Analytics"
    assert classifier.cookie("exa_visitor", ".shop.test").source \
        == "open-cookie-database: Example Analytics"


def test_built_in_consent_records_are_pinned_over_user_databases() -> None:
    """A database calling OptanonConsent 'Functional' must not fail every compliant site."""
    classifier = Classifier(extra=load_cookie_db(MINI_DB))
    verdict = classifier.cookie("OptanonConsent", ".shop.test")
    assert (verdict.category, verdict.source) == ("necessary", "built-in: OneTrust")
    # ... but the spec can still say otherwise.
    spec = Classifier(cookie_rules=(Rule("OptanonConsent", "functional", "spec"),),
                      extra=load_cookie_db(MINI_DB))
    assert spec.cookie("OptanonConsent", ".shop.test").category == "functional"


def test_filter_list_beats_built_in_domain() -> None:
    extra = load_filter_list(PRIVACY, "analytics")
    verdict = Classifier(extra=extra).request("https://ad.doubleclick.net/x", "shop.test")
    assert verdict == Verdict("analytics", "filter: ||doubleclick.net^ in privacy-filters.txt")
    assert Classifier().request("https://ad.doubleclick.net/x", "shop.test").category \
        == "marketing"


def test_a_name_says_more_than_a_domain() -> None:
    """A spec domain rule for the site itself does not turn _ga on that domain necessary."""
    classifier = Classifier(domain_rules=(Rule("shop.test", "necessary", "spec: own"),))
    assert classifier.cookie("_ga", ".shop.test").category == "analytics"
    assert classifier.cookie("session", ".shop.test").source == "spec: own"


def test_earlier_user_file_wins() -> None:
    extra = load_user_knowledge([], [f"{ADS}=marketing", f"{PRIVACY}=analytics"])
    verdict = Classifier(extra=extra).request("https://pixel.tracker.test/p", "shop.test")
    assert verdict.source == "filter: ||pixel.tracker.test^ in ad-filters.txt"
    extra = load_user_knowledge([], [f"{PRIVACY}=analytics", f"{ADS}=marketing"])
    verdict = Classifier(extra=extra).request("https://pixel.tracker.test/p", "shop.test")
    assert verdict.source == "filter: ||pixel.tracker.test^$third-party in privacy-filters.txt"


def test_nothing_to_load_is_none() -> None:
    assert load_user_knowledge() is None


# --------------------------------------------------------------------- names and prefixes


def test_longest_prefix_wins() -> None:
    classifier = Classifier()
    assert classifier.cookie("AMP_MKTG_0123456789", ".shop.test").source == "built-in: Amplitude"
    assert classifier.cookie("_hjSessionUser_1", ".shop.test").category == "analytics"
    assert classifier.cookie("_gcl_xx", ".shop.test").category == "marketing"
    # an exact name beats a prefix it also starts with
    assert classifier.cookie("AMP_TOKEN", ".shop.test").source == "built-in: Google Analytics"


def test_regex_spec_rules() -> None:
    rules = (regex_rule("re:^_shop_ad_", "marketing", "spec: ads"),
             regex_rule("re:^_ga$", "necessary", "spec: ga"))
    classifier = Classifier(cookie_rules=rules, storage_rules=rules)
    assert classifier.cookie("_shop_ad_7", "shop.test").source == "spec: ads"
    assert classifier.cookie("_ga", "shop.test").source == "spec: ga"
    assert classifier.cookie("_ga_XYZ", "shop.test").source == "built-in: Google Analytics"
    assert classifier.storage("_shop_ad_cart").source == "spec: ads"


def test_cookie_domain_fallback_and_unknown() -> None:
    classifier = Classifier()
    verdict = classifier.cookie("zz", ".doubleclick.net")
    assert verdict.source == "built-in: DoubleClick (domain doubleclick.net)"
    assert classifier.cookie("zz", "shop.test").category == "unknown"
    assert classifier.cookie("zz", "").category == "unknown"


def test_storage_falls_back_to_cookie_names() -> None:
    classifier = Classifier()
    assert classifier.storage("_fbp").source == "built-in: Meta Pixel"
    assert classifier.storage("ajs_user_traits").source == "built-in: Segment"
    assert classifier.storage("IDE").category == "unknown"  # scoped to doubleclick.net
    assert classifier.storage("my-app-state").category == "unknown"


# ------------------------------------------------------------------------- cookie database


def test_cookie_db_categories_prefixes_and_sources() -> None:
    classifier = Classifier(extra=load_cookie_db(MINI_DB))
    checks = {
        ("exa_visitor", "shop.test"): ("analytics", "open-cookie-database: Example Analytics"),
        ("exads_summer", ".shop.test"): ("marketing", "open-cookie-database: Example Ads"),
        ("exads_", ".shop.test"): ("marketing", "open-cookie-database: Example Ads"),
        ("exshield", "shop.test"): ("necessary", "open-cookie-database: Example Shield"),
        ("exprefs", "shop.test"): ("functional", "open-cookie-database: Example Prefs"),
    }
    for (name, domain), expected in checks.items():
        verdict = classifier.cookie(name, domain)
        assert (verdict.category, verdict.source) == expected, name
    assert classifier.cookie("exa_visitor_2", "shop.test").category == "unknown"
    assert classifier.storage("exa_visitor").category == "analytics"


def test_cookie_db_same_name_prefers_the_row_of_the_cookie_domain() -> None:
    classifier = Classifier(extra=load_cookie_db(MINI_DB))
    assert classifier.cookie("sharedname", ".cdn.third-cdn.test").source \
        == "open-cookie-database: Third Vendor"
    assert classifier.cookie("sharedname", ".third.test").category == "marketing"
    assert classifier.cookie("sharedname", "second.test").category == "necessary"
    assert classifier.cookie("sharedname", "shop.test").source \
        == "open-cookie-database: Second Vendor"


@pytest.mark.parametrize(("value", "category"), [
    # the database's README: Functional = "technical, essential or strictly necessary"
    ("Functional", "necessary"), ("Personalization", "functional"),
    ("preferences", "functional"),
    ("Analytics", "analytics"), ("Marketing", "marketing"), ("Security", "necessary"),
    ("Necessary", "necessary"), ("targeting", "marketing"), ("Strictly Necessary", "necessary"),
    ("Other", None),
])
def test_cookie_db_category_map(value: str, category: str | None) -> None:
    assert map_category(value) == category


HEADER = ("ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,"
          "Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n")


@pytest.mark.parametrize(("body", "message"), [
    ("", "the cookie database is empty"),
    ("ID,Platform,Name\n1,X,y\n", ":1: missing column(s) 'Category'"),
    (HEADER, "has a header but no entries"),
    (HEADER + "1,P,Analytics,a,,d,1y,C,,0\n2,P,Analytics,b,,d,1y,C\n",
     ":3: expected 10 fields, found 8"),
    (HEADER + "1,P,Analytics,a,,\"multi\nline\",1y,C,,0\n2,P,Weird,b,,d,1y,C,,0\n",
     ":4: unknown category 'Weird' for 'b'"),
    (HEADER + "1,P,Analytics,,,d,1y,C,,0\n", ":2: the 'Cookie / Data Key name' field is empty"),
    (HEADER + "1,P,Analytics,a,,d,1y,C,,yes\n", ":2: 'Wildcard match' is 'yes' for 'a'"),
    (HEADER + "1,P,Analytics,*,,d,1y,C,,0\n", ":2: the name '*' matches every cookie"),
])
def test_cookie_db_errors_name_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "db.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_cookie_db(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


def test_cookie_db_unreadable_and_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the cookie database"):
        load_cookie_db(tmp_path / "missing.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "1,Caf\xe9,Analytics,a,,d,1y,C,,0\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"latin1.csv:2: the cookie database is not UTF-8"):
        load_cookie_db(path)


@needs_ocd
def test_the_real_open_cookie_database() -> None:
    assert OCD is not None
    started = time.perf_counter()
    extra = load_cookie_db(OCD)
    assert time.perf_counter() - started < 2
    assert len(extra.cookies) > 2000
    classifier = Classifier(extra=extra)
    checks = {
        ("_ga", ".shop.test"): ("analytics", "open-cookie-database: Google Analytics"),
        ("_ga_ABC123", ".shop.test"): ("analytics", "open-cookie-database: Google Analytics"),
        ("_fbp", ".shop.test"): ("marketing", "open-cookie-database: Facebook"),
        ("IDE", ".doubleclick.net"): ("marketing",
                                      "open-cookie-database: DoubleClick/Google Marketing"),
        # the database's own category wins over the built-in one (analytics there)
        ("_hjSessionUser_123", ".shop.test"): ("necessary", "open-cookie-database: Hotjar"),
        # the longest prefix wins: "_pk_id." (Piwik) over "_pk_id" (Matomo)
        ("_pk_id.1.abcd", "shop.test"): ("analytics", "open-cookie-database: Piwik"),
        ("_pk_id", "shop.test"): ("analytics", "open-cookie-database: Matomo"),
        # "Functional" there means strictly necessary
        ("visid_incap_123", ".shop.test"): ("necessary", "open-cookie-database: Imperva"),
        ("__cf_bm", ".shop.test"): ("necessary", "open-cookie-database: Cloudflare"),
        ("PHPSESSID", "shop.test"): ("necessary", "open-cookie-database: PHP.net"),
        ("exprefs_unknown_to_it", "shop.test"): ("unknown", "no rule matched"),
        # a trailing '*' marks a prefix even where 'Wildcard match' is 0
        ("SSPR_abc", ".adkernel.com"): ("marketing", "open-cookie-database: Adkernel"),
        # consent records stay necessary although the database calls them Functional
        ("OptanonConsent", ".shop.test"): ("necessary", "built-in: OneTrust"),
        ("CookieConsent", "shop.test"): ("necessary", "built-in: Cookiebot"),
        ("euconsent-v2", ".shop.test"): ("necessary", "built-in: IAB TCF"),
    }
    for (name, domain), expected in checks.items():
        verdict = classifier.cookie(name, domain)
        assert (verdict.category, verdict.source) == expected, name


# ----------------------------------------------------------------------------- filter lists


@pytest.mark.parametrize(("url", "kind", "source"), [
    ("https://stats.analytics-vendor.test/c.js", "script", "||stats.analytics-vendor.test^"),
    ("https://pixel.tracker.test/p?id=1", "image", "||pixel.tracker.test^$third-party"),
    ("https://cdn.shop.test/collect/beacon.gif?v=1", "image", "/collect/beacon.gif?"),
    ("https://script-only.test/t.js", "script", "||script-only.test^$script"),
    ("https://beacons.test/b", "ping", "||beacons.test^$ping"),
    ("https://frames.test/f.html", "document", "||frames.test^$subdocument"),
])
def test_filter_list_matches_quote_the_filter(url: str, kind: str, source: str) -> None:
    classifier = Classifier(extra=load_filter_list(PRIVACY, "analytics"))
    verdict = classifier.request(url, "shop.test", kind)
    assert (verdict.category, verdict.source) == (
        "analytics", f"filter: {source} in privacy-filters.txt")


def test_filter_list_options_and_exceptions() -> None:
    classifier = Classifier(extra=load_filter_list(PRIVACY, "analytics"))
    # $third-party does not apply on the tracker's own site
    assert classifier.request("https://pixel.tracker.test/p", "www.tracker.test").source \
        == "first party: the site's own host"
    # $script does not apply to an image, nor when the type is not known
    assert classifier.request("https://script-only.test/t.gif", "shop.test", "image").category \
        == "unknown"
    assert classifier.request("https://script-only.test/t.js", "shop.test").category \
        == "unknown"
    # an @@ exception rule wins over the blocking rule
    assert classifier.request("https://stats.analytics-vendor.test/consented/x", "shop.test",
                              "script").category == "unknown"
    # the page URL (a frame of the tracker's own site here) is the source for $third-party
    assert classifier.request("https://pixel.tracker.test/p", "shop.test", "image",
                              page_url="https://a.tracker.test/page") \
        == classifier.request("https://unlisted.test/p", "shop.test", "image")


def test_filter_list_for_a_first_party_path_and_cookie_domains() -> None:
    classifier = Classifier(extra=load_filter_list(ADS, "marketing"))
    verdict = classifier.request("https://shop.test/banner-ads/top.png", "shop.test", "image")
    assert verdict.source == "filter: /banner-ads/* in ad-filters.txt"
    verdict = classifier.cookie("opaque", ".ads.adnetwork.test", "shop.test")
    assert (verdict.category, verdict.source) == (
        "marketing", "filter: ||ads.adnetwork.test^ in ad-filters.txt")


def test_hosts_file_lists() -> None:
    classifier = Classifier(extra=load_filter_list(HOSTS, "analytics"))
    verdict = classifier.request("https://eu.metrics.hosts-vendor.test/m", "shop.test")
    assert (verdict.category, verdict.source) == (
        "analytics", "filter: ||metrics.hosts-vendor.test^ in hosts-list.txt")


def test_filter_list_warns_about_rules_the_engine_cannot_use() -> None:
    extra = load_filter_list(PRIVACY, "analytics")
    (warning,) = extra.warnings()
    assert warning.startswith(f"{PRIVACY}:13: the filter engine cannot use "
                              "'||unsupported.test^$removeparam=utm_source'")
    assert load_filter_list(ADS, "marketing").warnings() == []


@pytest.mark.parametrize(("text", "message"), [
    ("! only comments\n\n##.ad\n", "no network filter rules found"),
    ("<!DOCTYPE html>\n<html>\n", ":1: this looks like an HTML page"),
    ("||bad.test^$removeparam=x\n", ":1: the filter engine cannot use '||bad.test^$removeparam=x'"),
])
def test_filter_list_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "list.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_filter_list(path, "marketing")
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


def test_filter_list_bad_category_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown category 'ads'"):
        load_filter_list(PRIVACY, "ads")
    with pytest.raises(ConfigError, match="cannot read the filter list"):
        load_filter_list(tmp_path / "none.txt", "marketing")


@pytest.mark.parametrize(("value", "expected"), [
    ("lists/easyprivacy.txt", (Path("lists/easyprivacy.txt"), "analytics")),
    ("lists/easylist.txt", (Path("lists/easylist.txt"), "marketing")),
    ("lists/easylist.txt=analytics", (Path("lists/easylist.txt"), "analytics")),
    ("my.txt=targeting", (Path("my.txt"), "marketing")),
    ("a=b/my.txt=functional", (Path("a=b/my.txt"), "functional")),
])
def test_filter_list_option(value: str, expected: tuple[Path, str]) -> None:
    assert parse_filter_list_option(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("my-list.txt", "no category for this list; name one, e.g. --privacy-filter-list "
                    "my-list.txt=marketing"),
    ("my-list.txt=ads", "unknown category 'ads'"),
])
def test_filter_list_option_errors(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_filter_list_option(value)


def test_request_types() -> None:
    assert request_type("xhr") == request_type("fetch") == "xmlhttprequest"
    assert request_type("document") == "document"
    assert request_type("document", third_party=True) == "sub_frame"
    assert request_type("weird") == "other"


def test_classification_is_fast_and_cached() -> None:
    classifier = Classifier(extra=load_user_knowledge([MINI_DB], [(PRIVACY, "analytics")]))
    urls = [f"https://cdn{i}.vendor{i}.example/lib{i}.js" for i in range(2000)]
    started = time.perf_counter()
    for url in urls:
        classifier.request(url, "shop.test", "script")
        classifier.cookie(f"c{url[-9:]}", ".vendor.example")
    assert time.perf_counter() - started < 1.0
    verdict = classifier.request(urls[0], "shop.test", "script")
    assert classifier.request(urls[0], "shop.test", "script") is verdict


# ------------------------------------------------------------------- first and third party


def test_first_and_third_party_by_registrable_domain() -> None:
    classifier = Classifier()
    assert classifier.request("https://cdn.shop.test/app.js", "www.shop.test").category \
        == "necessary"
    assert classifier.request("https://static.shop.co.uk/a.js", "www.shop.co.uk").category \
        == "necessary"
    assert classifier.request("https://other.co.uk/a.js", "www.shop.co.uk").category \
        == "unknown"
    assert registrable_domain("a.b.shop.co.uk") == "shop.co.uk"
    assert is_third_party("shop.github.io", "other.github.io")  # a public suffix


def test_ip_addresses_and_localhost() -> None:
    classifier = Classifier()
    assert classifier.request("http://127.0.0.1:8000/a.js", "127.0.0.1").category \
        == "necessary"
    assert classifier.request("http://127.0.0.2/a.js", "127.0.0.1").category == "unknown"
    assert classifier.request("http://localhost:3000/a.js", "localhost").category \
        == "necessary"
    assert classifier.request("http://[::1]:3000/a.js", "::1").category == "necessary"
    assert is_third_party("localhost", "127.0.0.1")
    assert not is_third_party("LOCALHOST", "localhost")


def test_non_network_urls() -> None:
    verdict = Classifier().request("data:image/png;base64,AAAA", "shop.test")
    assert verdict.category == "necessary"
