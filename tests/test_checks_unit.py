"""Checks are pure functions: tested here on hand-written evidence, no browser."""

from __future__ import annotations

from pytest_privacy.checks import CheckContext, run_expectations
from pytest_privacy.classify import Classifier, registrable_domain
from pytest_privacy.evidence import (
    ConsentAction,
    ConsentState,
    CookieRecord,
    Evidence,
    LinkRecord,
    RequestRecord,
)
from pytest_privacy.spec.model import Rule


def cookie(name: str, domain: str = "shop.test", phase: str = "initial") -> CookieRecord:
    return CookieRecord(name=name, domain=domain, path="/", value="v", secure=True,
                        http_only=False, same_site="Lax", expires=-1, phase=phase, seen_ms=1.0)


def request(url: str, phase: str = "initial") -> RequestRecord:
    return RequestRecord(url=url, method="GET", resource_type="script", frame_url="",
                         phase=phase, time_ms=1.0)


def evidence(**kwargs: object) -> Evidence:
    return Evidence(url="https://shop.test/", state="before_consent",
                    final_url="https://shop.test/", **kwargs)  # type: ignore[arg-type]


def test_aliases_map_to_the_taxonomy() -> None:
    ev = evidence(cookies=[cookie("_fbp")])
    findings = run_expectations(ev, {"cookies": {"none_of": ["targeting"]}}, CheckContext())
    assert len(findings) == 1 and "marketing" in findings[0].rule


def test_consent_manager_records_are_necessary() -> None:
    ev = evidence(cookies=[cookie(n) for n in ("OptanonConsent", "CookieConsent",
                                               "euconsent-v2", "didomi_token")])
    assert run_expectations(ev, {"cookies": {"only": ["necessary"]}}, CheckContext()) == []


def test_spec_rules_win_over_built_in() -> None:
    rules = (Rule("_ga", "necessary", "spec: test"),)
    ctx = CheckContext(Classifier(cookie_rules=rules))
    ev = evidence(cookies=[cookie("_ga")])
    assert run_expectations(ev, {"cookies": {"none_of": ["analytics"]}}, ctx) == []


def test_regex_rule_and_cookie_domain_fallback() -> None:
    import re
    rules = (Rule("re:^_shop_ad_", "marketing", "spec", re.compile("^_shop_ad_")),)
    ctx = CheckContext(Classifier(cookie_rules=rules))
    ev = evidence(cookies=[cookie("_shop_ad_7"), cookie("zz", domain=".doubleclick.net")])
    findings = run_expectations(ev, {"cookies": {"none_of": ["marketing"]}}, ctx)
    assert len(findings[0].items) == 2
    assert "built-in: DoubleClick (domain doubleclick.net)" in findings[0].items[1]


def test_only_after_consent_counts_once_consent_was_given() -> None:
    ev = evidence(cookies=[cookie("_fbp", phase="initial"), cookie("x_ok", phase="after_consent")],
                  consent=ConsentAction(action="reject", adapter="onetrust", clicked="Reject"))
    ctx = CheckContext(Classifier(cookie_rules=(Rule("x_ok", "necessary", "spec"),)))
    assert run_expectations(ev, {"cookies": {"only": ["necessary"]}}, ctx) == []
    ev.cookies.append(cookie("_fbp", phase="after_consent"))
    assert run_expectations(ev, {"cookies": {"only": ["necessary"]}}, ctx)


def test_requests_first_party_is_necessary_third_party_unknown() -> None:
    ev = evidence(requests=[request("https://shop.test/app.js"),
                            request("https://cdn.shop.test/x.css"),
                            request("https://unheard-of.example/t.js")])
    findings = run_expectations(ev, {"requests": {"only": ["necessary"]}}, CheckContext())
    assert len(findings) == 1 and len(findings[0].items) == 1
    assert "unheard-of.example" in findings[0].items[0]


def test_requests_absent_matches_subdomains_and_regex() -> None:
    ev = evidence(requests=[request("https://stats.g.doubleclick.net/j/collect")])
    assert run_expectations(ev, {"requests": {"absent": ["doubleclick.net"]}}, CheckContext())
    assert not run_expectations(ev, {"requests": {"absent": ["ble.net"]}}, CheckContext())
    assert run_expectations(ev, {"requests": {"absent": ["re:/j/collect"]}}, CheckContext())


def test_links_and_text() -> None:
    ev = evidence(links=[LinkRecord("Your  Privacy\nChoices", "https://shop.test/c", ["footer"],
                                    status=200)], text="We honor  Global Privacy Control.")
    ok = {"links": {"within": "footer", "present": ["your privacy choices"], "reachable": True},
          "text": {"contains": ["global privacy control"], "matches": [r"honou?r"]}}
    assert run_expectations(ev, ok, CheckContext()) == []
    ev.links[0].status = 404
    findings = run_expectations(ev, ok, CheckContext())
    assert [f.rule for f in findings] == ["links: reachable 'your privacy choices'"]


def test_registrable_domain() -> None:
    assert registrable_domain("a.b.shop.co.uk") == "shop.co.uk"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"
    assert registrable_domain("localhost") == "localhost"
    assert registrable_domain("www.shop.test") == "shop.test"


def test_gpc_opt_out_from_onetrust_and_gpp_fields() -> None:
    ev = evidence(consent_state=ConsentState({"onetrust": {
                      "groups": "C0001:1,C0002:1,C0004:0", "isGpcEnabled": "1"}}),
                  privacy_signals={"gpp": {"data": {"parsedSections": {"usca": {
                      "SaleOptOut": 1, "SharingOptOut": 1, "Gpc": True}}}}})
    assert run_expectations(ev, {"gpc": {"opt_out": True}}, CheckContext()) == []
    ev.consent_state.apis["onetrust"]["isGpcEnabled"] = "0"
    findings = run_expectations(ev, {"gpc": {"opt_out": True}}, CheckContext())
    assert findings[0].items == ("OptanonConsent cookie: isGpcEnabled=0, C0004 (targeting)=0",)


def test_gpc_field_alone_is_not_an_opt_out() -> None:
    ev = evidence(privacy_signals={"gpp": {"data": {"parsedSections": {"usnat": [
        {"SaleOptOut": 0}, {"Gpc": True}]}}}})
    findings = run_expectations(ev, {"gpc": {"opt_out": True}}, CheckContext())
    assert findings and findings[0].inconclusive


def test_gpc_well_known_rules() -> None:
    from pytest_privacy.evidence import ProbeRecord

    def probe(body: str, status: int = 200, kind: str = "application/json") -> list[str]:
        ev = evidence(probes={"/.well-known/gpc.json": ProbeRecord(
            "https://shop.test/.well-known/gpc.json", status, None, kind, body)})
        return [f.message for f in run_expectations(ev, {"gpc": {"well_known": True}},
                                                    CheckContext())]

    assert probe('{"gpc": true, "lastUpdate": "2026-01-31"}') == []
    assert "not JSON" in probe("<html>")[0]
    assert "JSON boolean true" in probe('{"gpc": 1}')[0]
    assert 'no "gpc" member' in probe("{}")[0]
    assert "HTTP 404" in probe("", status=404)[0]


def test_gpc_well_known_never_fetched_is_inconclusive() -> None:
    findings = run_expectations(evidence(), {"gpc": {"well_known": True}}, CheckContext())
    assert len(findings) == 1 and findings[0].inconclusive


def test_onetrust_groups_are_read_in_one_place() -> None:
    from pytest_privacy.consent.onetrust import categories, group_flags

    assert group_flags("C0001:1,C0004:0, C0002:1,junk") == {"C0001": "1", "C0004": "0",
                                                            "C0002": "1"}
    assert categories({"groups": "C0001:1,C0004:0,C0005:1"}) == {
        "necessary": True, "marketing": True}


def test_reachability_without_a_probe_answer_is_inconclusive() -> None:
    link = LinkRecord(text="Privacy Policy", href="https://shop.test/privacy", scopes=["footer"])
    ev = evidence(links=[link])
    params = {"links": {"within": "footer", "present": ["Privacy Policy"], "reachable": True}}
    findings = run_expectations(ev, params, CheckContext())
    assert len(findings) == 1 and findings[0].inconclusive
    link.status = 404
    findings = run_expectations(ev, params, CheckContext())
    assert len(findings) == 1 and not findings[0].inconclusive and "HTTP 404" in findings[0].message


def test_consent_state_without_an_api_is_inconclusive() -> None:
    findings = run_expectations(evidence(), {"consent_state": {"denied": ["marketing"]}},
                                CheckContext())
    assert len(findings) == 1 and findings[0].inconclusive
