"""Classification that knows the real web (issue 16): the Open Cookie Database built in, the SDK
catalogue's name formats, host globs and URL signatures, the setter's category, SDKs seen,
`explain`; and, end to end, eleven real SDKs from npm served under their vendors' hosts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_privacy.classify import Classifier, load_cookie_db
from pytest_privacy.classify.explain import explain
from pytest_privacy.classify.knowledge import open_cookie_database, sdk_data
from pytest_privacy.classify.party import is_third_party
from pytest_privacy.classify.sdks import sdk_behind, sdks_seen
from pytest_privacy.cli import main
from pytest_privacy.spec.model import Rule

SITES = Path(__file__).parent / "sites"
PACKAGE = Path(__file__).parent.parent / "pytest_privacy" / "classify"


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


# ------------------------------------------------------------------ the Open Cookie Database


def test_the_open_cookie_database_ships_with_its_licence_and_notice() -> None:
    assert "Apache License" in (PACKAGE / "open-cookie-database.LICENSE").read_text()
    notice = (PACKAGE / "open-cookie-database.NOTICE").read_text()
    assert "Apache License, Version 2.0" in notice and "refresh-cookie-db" in notice
    assert len(open_cookie_database().cookies) > 2000
    assert (Path(__file__).parent.parent / "scripts" / "refresh-cookie-db.sh").is_file()


@pytest.mark.parametrize(("name", "domain", "category", "source"), [
    # names only the Open Cookie Database knows
    ("sp", ".shop.test", "analytics", "open-cookie-database: Snowplow"),
    ("rl_auth_token", ".shop.test", "analytics", "open-cookie-database: Rudderstack"),
    # its third-party rows only match on the tracker's domain
    ("IDE", ".doubleclick.net", "marketing", "built-in: DoubleClick"),
    ("IDE", "shop.test", "unknown", "no rule matched"),
])
def test_open_cookie_database_is_built_in(classifier: Classifier, name: str, domain: str,
                                          category: str, source: str) -> None:
    verdict = classifier.cookie(name, domain, "shop.test")
    assert (verdict.category, verdict.source) == (category, source)


def test_the_database_never_lowers_the_projects_own_category(classifier: Classifier) -> None:
    """The OCD calls _hjSession_ 'Functional' (strictly necessary): Hotjar's own list wins."""
    opinions = list(classifier.cookie_opinions("_hjSession_123", ".shop.test"))
    assert any(o.source == "open cookie database" and o.verdict.category == "necessary"
               for o in opinions)
    assert classifier.cookie("_hjSession_123", ".shop.test").category == "analytics"


def test_consent_records_stay_necessary_whatever_a_database_says(tmp_path: Path) -> None:
    db = tmp_path / "db.csv"
    db.write_text("ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention "
                  "period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n"
                  "1,Someone,Marketing,OptanonConsent,,,,,,0\n"
                  "2,Someone,Marketing,euconsent-v2,,,,,,0\n", encoding="utf-8")
    classifier = Classifier(extra=load_cookie_db(db))
    for name in ("OptanonConsent", "euconsent-v2", "cookieyes-consent"):
        assert classifier.cookie(name, "shop.test", "shop.test").category == "necessary"


def test_the_spec_wins_over_every_source() -> None:
    rule = Rule("_ga", "functional", "spec: classify.cookies[0]")
    classifier = Classifier(cookie_rules=(rule,))
    assert classifier.cookie("_ga", ".shop.test").category == "functional"


# ------------------------------------------------------------------------ name formats


@pytest.mark.parametrize(("key", "category", "sdk"), [
    ("mp_6f2a9c3e5b7d4e1fa8c6b2d9e4f7a1c3_mixpanel", "analytics", "Mixpanel"),
    ("__mpq_6f2a9c3e5b7d4e1fa8c6b2d9e4f7a1c3_ev", "analytics", "Mixpanel"),
    ("AMP_b7e1c4a9d2", "analytics", "Amplitude"),
    ("amp_8f2c1a", "analytics", "Amplitude"),
    ("ph_phc_k3Yd8s2Lq9Zp4Rw7Tx1Vb6_posthog", "analytics", "PostHog"),
    ("_hjSession_3456789", "analytics", "Hotjar"),
    ("rl_anonymous_id", "analytics", "RudderStack"),
    ("rudder.b79c0db0-87bc-4577-a9af-682ed6d49eb2.queue", "analytics", "RudderStack"),
    ("_sp_id.fe16", "analytics", "Snowplow"),
    ("snowplowOutQueue_sp1", "analytics", "Snowplow"),
    ("_pk_id.1.1fff", "analytics", "Matomo"),
    ("optimizelyEndUserId", "analytics", "Optimizely"),
    ("_vwo_uuid_v2", "analytics", "VWO"),
    ("ab.storage.deviceId.a1b2c3", "marketing", "Braze"),
    ("_hp2_id.123456", "analytics", "Heap"),
    ("_fs_uid", "analytics", "FullStory"),
    ("_clck", "analytics", "Microsoft Clarity"),
    ("_cltk", "analytics", "Microsoft Clarity"),
    ("_uetsid", "marketing", "Microsoft UET"),
    ("_pin_unauth", "marketing", "Pinterest Tag"),
    ("_ttp", "marketing", "TikTok Pixel"),
    ("li_fat_id", "marketing", "LinkedIn Insight Tag"),
    ("hubspotutk", "marketing", "HubSpot"),
    ("__hstc", "analytics", "HubSpot"),  # the hand-kept list: HubSpot analytics
    ("statsig.stable_id.3277073287", "analytics", "Statsig"),
    ("_dd_s_v2", "analytics", "Datadog RUM"),
    ("_lr_hb_-acmeshop%2Fstorefront", "analytics", "LogRocket"),
    ("ajs_user_traits", "analytics", "Segment"),
])
def test_names_built_from_a_key_or_token(classifier: Classifier, key: str, category: str,
                                         sdk: str) -> None:
    assert classifier.storage(key).category == category
    assert sdk_behind(key, storage=True) == sdk


@pytest.mark.parametrize(("url", "category"), [
    ("https://acmeshopnpz.dataplane.rudderstack.com/v1/page", "analytics"),
    ("https://acme-dataplane.rudderstack.com/v1/batch", "analytics"),
    ("https://api-js.mixpanel.com/track/", "analytics"),
    ("https://api2.amplitude.com/2/httpapi", "analytics"),
    ("https://eu.i.posthog.com/e/", "analytics"),
    ("https://us-assets.i.posthog.com/static/array.js", "analytics"),
    ("https://api.segment.io/v1/t", "analytics"),
    ("https://k.clarity.ms/collect", "analytics"),
    ("https://in.hotjar.com/api/v2/client", "analytics"),
    ("https://content.hotjar.io/x", "analytics"),
    ("https://browser-intake-datadoghq.com/api/v2/rum", "analytics"),
    ("https://featureassets.org/v1/initialize", "analytics"),
    ("https://o4505.ingest.sentry.io/api/1/envelope/", "functional"),
    # CNAME-cloaked collectors on the site's own subdomain: the URL gives them away
    ("https://c.shop.test/com.snowplowanalytics.snowplow/tp2", "analytics"),
    ("https://c.shop.test/i?stm=1&e=pv&url=x&tv=js-4.10.1", "analytics"),
    ("https://metrics.shop.test/b/ss/shopprod/1/JS-2.22.0/s123", "analytics"),
    ("https://stats.shop.test/matomo.php?idsite=1&rec=1", "analytics"),
    ("https://sgtm.shop.test/g/collect?v=2&tid=G-ABC123&cid=1", "analytics"),
    # a public CDN: what was fetched decides, not the CDN's name
    ("https://cdn.jsdelivr.net/npm/@statsig/js-client@3.33.5/build/x.min.js", "analytics"),
    ("https://unpkg.com/posthog-js@1.449.2/dist/array.js", "analytics"),
    ("https://cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js", "necessary"),
])
def test_hosts_and_urls(classifier: Classifier, url: str, category: str) -> None:
    assert classifier.request(url, "shop.test", "script").category == category


# ------------------------------------------------------------------------------ the setter


def test_a_first_party_cookie_takes_its_setters_category(classifier: Classifier) -> None:
    verdict = classifier.cookie("xq_vid", "shop.test", "shop.test",
                                set_by="https://cdn.vendor-analytics.test/sdk.js")
    assert verdict.category == "unknown"
    assert "set by script https://cdn.vendor-analytics.test/sdk.js" in verdict.source
    verdict = classifier.cookie("xq_vid", "shop.test", "shop.test",
                                set_by="https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js")
    assert verdict.category == "analytics"
    assert verdict.source.startswith(
        "set by script https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js (built-in: Mixpanel")
    response = classifier.cookie("xq_vid", ".shop.test", "shop.test", set_by_kind="response",
                                 set_by="https://c.shop.test/i?e=pv&tv=js-4.10.1")
    assert response.category == "analytics" and "set by response" in response.source
    storage = classifier.storage("xq_state", set_by="https://static.hotjar.com/c/hotjar-1.js")
    assert storage.category == "analytics"


def test_a_name_says_more_than_the_setter(classifier: Classifier) -> None:
    """A consent record written by a tracker's script is still a consent record; a CDN or
    the site's own script passes nothing on."""
    assert classifier.cookie("euconsent-v2", "shop.test", "shop.test",
                             set_by="https://connect.facebook.net/en_US/fbevents.js"
                             ).category == "necessary"
    assert classifier.cookie("cart", "shop.test", "shop.test",
                             set_by="https://cdn.jsdelivr.net/npm/jquery@3/x.js"
                             ).category == "unknown"
    assert classifier.cookie("cart", "shop.test", "shop.test",
                             set_by="https://shop.test/app.js").category == "unknown"


# ------------------------------------------------------------------------------ SDKs seen


def test_sdks_seen_by_globals_and_scripts() -> None:
    seen = sdks_seen(["https://connect.facebook.net/en_US/fbevents.js",
                      "https://cdn.jsdelivr.net/npm/@statsig/js-client@3/build/x.js",
                      "https://cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js"],
                     ["ttq", "_hsq", "_linkedin_partner_id", "pintrk", "uetq", "_paq",
                      "analytics._writeKey", "rudderanalytics", "GlobalSnowplowNamespace"])
    by_name = {s.name: s for s in seen}
    assert by_name["Meta Pixel"].category == "marketing"
    assert by_name["Meta Pixel"].via == ("script https://connect.facebook.net/en_US/fbevents.js",)
    assert by_name["Statsig"].category == "analytics"
    for name in ("TikTok Pixel", "HubSpot", "LinkedIn Insight Tag", "Pinterest Tag",
                 "Microsoft UET", "Matomo", "Segment", "RudderStack", "Snowplow"):
        assert name in by_name, name
    assert sdks_seen(["https://cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js"],
                     ["jQuery", "dataLayerX"]) == []


def test_the_catalogue_covers_forty_sdks() -> None:
    assert len(sdk_data()["sdks"]) >= 40


# ------------------------------------------------------------------------------- explain


def test_explain_names_every_source_and_the_winner(classifier: Classifier) -> None:
    lines = explain("_hjSession_1234", classifier)
    text = "\n".join(lines)
    assert "built-in" in text and "pattern" in text and "open cookie database" in text
    winner = [line for line in lines if line.endswith("<- wins")]
    assert winner and "analytics" in winner[0]
    assert "no source has an opinion" in "\n".join(explain("xq_vid", classifier))
    assert any("as a host" in line for line in explain("cdn.segment.com", classifier))


def test_explain_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("version: 1\nname: x\nsite: {base_url: 'https://shop.test', pages: [/]}\n"
                    "classify:\n  cookies:\n    - {name: _ga, category: functional}\n"
                    "checks:\n  - id: c\n    claim: x\n    expect: {cookies: {none_of: "
                    "[marketing]}}\n", encoding="utf-8")
    assert main(["explain", "_ga", "--spec", str(spec)]) == 0
    out = capsys.readouterr().out
    assert "spec rule" in out and "functional" in out.splitlines()[1]
    assert out.splitlines()[1].endswith("<- wins")


# ---------------------------------------------------------------- real SDKs, end to end

# Each fixture page loads one SDK from npm as its documentation says (tests/sites/sdks.test);
# what it produces must be classified, with these categories, and a reason.
SDK_PAGES = {
    "mixpanel": "Mixpanel", "posthog": "PostHog", "amplitude": "Amplitude",
    "segment": "Segment", "rudderstack": "RudderStack", "clarity": "Microsoft Clarity",
    "datadog": "Datadog RUM", "logrocket": "LogRocket", "statsig": "Statsig",
    "snowplow": "Snowplow", "customerio": "Customer.io",
}
# Hosts an SDK page reaches that are not the vendor's analytics: their own category.
OTHER_HOSTS = {"cloudflare-dns.com": "necessary"}
# The npm package is only a loader: the recorder itself comes from the vendor's CDN, which
# the tests cannot have, so the page produces hosts but no cookie or storage key.
LOADER_ONLY = {"logrocket"}
VENDOR_CATEGORIES = {"customerio": {"analytics", "marketing"}}
NPM_FILE = SITES / "cdn.mxpnl.com" / "libs" / "mixpanel-2-latest.min.js"

SDK_SPEC = """
version: 1
name: real SDKs
site:
  base_url: https://sdks.test
  pages: [{pages}]
consent: {{cmp: none}}
checks:
  - id: no-tracking-cookies
    claim: "We set no analytics or advertising cookies."
    expect:
      cookies: {{none_of: [analytics, marketing]}}
  - id: no-tracking-storage
    claim: "We store nothing for analytics or advertising."
    expect:
      storage: {{none_of: [analytics, marketing]}}
  - id: no-tracking-requests
    claim: "No analytics or advertising service hears of your visit."
    expect:
      requests: {{none_of: [analytics, marketing]}}
"""


def _evidence(folder: Path) -> Iterator[dict[str, object]]:
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, dict) and "cookies" in data:
            yield data


@pytest.mark.skipif(not NPM_FILE.exists(), reason="the npm SDKs are fetched by scripts/setup.sh")
def test_real_sdks_are_classified_and_fail_a_none_of_check(run_spec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = ", ".join(["/index.html"] + [f"/{p}.html" for p in SDK_PAGES])
    evidence = tmp_path / "evidence"
    run = run_spec(SDK_SPEC.format(pages=pages), "--privacy-evidence", str(evidence),
                   "--privacy-concurrency", "4")  # the visits mostly wait
    # the page without an SDK passes: the site's own cookie, a consent record, jQuery
    assert run.outcome("no-tracking-cookies[/index.html]") == "PASSED", run.text
    assert run.outcome("no-tracking-storage[/index.html]") == "PASSED", run.text
    assert run.outcome("no-tracking-requests[/index.html]") == "PASSED", run.text
    for page in SDK_PAGES:
        assert run.outcome(f"no-tracking-requests[/{page}.html]") == "FAILED", (page, run.text)
        cookies = run.outcome(f"no-tracking-cookies[/{page}.html]")
        storage = run.outcome(f"no-tracking-storage[/{page}.html]")
        assert page in LOADER_ONLY or "FAILED" in (cookies, storage), (page, run.text)
    assert "SDK Mixpanel" in run.text and "mp_6f2a9c3e5b7d4e1fa8c6b2d9e4f7a1c3_mixpanel" in run.text

    checked: dict[str, int] = {}
    for data in _evidence(evidence):
        page = str(data["url"]).rsplit("/", 1)[-1].removesuffix(".html")
        classifier = Classifier()
        site = "sdks.test"
        allowed = VENDOR_CATEGORIES.get(page, {"analytics"})
        cookies: list[dict[str, str]] = data["cookies"]  # type: ignore[assignment]
        storage: list[dict[str, str]] = data["storage"]  # type: ignore[assignment]
        requests: list[dict[str, str]] = data["requests"]  # type: ignore[assignment]
        sdks: list[dict[str, str]] = data["sdks"]  # type: ignore[assignment]
        if page == "index":
            for cookie in cookies:
                verdict = classifier.cookie(cookie["name"], cookie["domain"], site,
                                            set_by=cookie["set_by"])
                assert verdict.category in ("unknown", "necessary"), (cookie, verdict)
            assert [s["name"] for s in sdks] == []
            continue
        assert SDK_PAGES[page] in [s["name"] for s in sdks], (page, sdks)
        for cookie in cookies:
            verdict = classifier.cookie(cookie["name"], cookie["domain"], site,
                                        set_by=cookie["set_by"],
                                        set_by_kind=cookie["set_by_kind"])
            assert verdict.category in allowed and verdict.source, (page, cookie, verdict)
        for item in storage:
            verdict = classifier.storage(item["key"], set_by=item["set_by"], site_host=site)
            assert verdict.category in allowed and verdict.source, (page, item, verdict)
        hosts = {r["url"].split("/")[2] for r in requests}
        for host in sorted(h for h in hosts if is_third_party(h, site)):
            url = next(r["url"] for r in requests if r["url"].split("/")[2] == host)
            verdict = classifier.request(url, site, "script")
            expected = {OTHER_HOSTS[host]} if host in OTHER_HOSTS else allowed
            assert verdict.category in expected, (page, host, verdict)
        checked[page] = len(cookies) + len(storage) + len(hosts)
    assert set(checked) == set(SDK_PAGES), checked
    assert all(checked.values()), checked


def test_the_readmes_explain_example_is_what_explain_prints(classifier: Classifier) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for line in explain("_hjSession_1234", classifier)[:4]:
        assert line in readme, line


def test_explain_a_setter_and_a_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "xq_vid", "--site", "shop.test", "--set-by",
                 "https://static.hotjar.com/c/hotjar-1.js"]) == 0
    out = capsys.readouterr().out
    assert "setter" in out and "set by script https://static.hotjar.com/c/hotjar-1.js" in out
    assert main(["explain", "https://c.shop.test/com.snowplowanalytics.snowplow/tp2",
                 "--site", "shop.test"]) == 0
    out = capsys.readouterr().out
    assert "built-in pattern: Snowplow" in out and "<- wins" in out
