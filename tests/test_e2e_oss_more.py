"""Real open-source consent managers as EU site owners run them in their own languages (Klaro
in German with its own translations, vanilla-cookieconsent with French texts, tarteaucitron
in Italian from its own language file, Osano's cookieconsent with Polish texts), and one
inside a cross-origin frame on the shop's own consent domain that tells the shop the choice by
postMessage (vanilla-cookieconsent on consent.oss-frame.test); each with a site that keeps its
promise and one that breaks it. Operated by `cmp: auto` as a user gets it (adapters, then
DuckDuckGo's rules, then the general engine), and by the general engine alone."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

SITES = Path(__file__).parent / "sites"
NEEDED = ("cdn.klaro.test/klaro.js",
          "cdn.consent-oss.test/vanilla-cookieconsent/dist/cookieconsent.umd.js",
          "cdn.consent-oss.test/tarteaucitronjs/lang/tarteaucitron.it.js",
          "cdn.consent-oss.test/cookieconsent/build/cookieconsent.min.js")
LANGS = ("klaro-de", "vanilla-fr", "tarteaucitron-it", "osano-pl")
# what the general engine clicks on each, in the site's language
ENGINE_CLICKS = {"klaro-de": ("Das ist ok", "Ich lehne ab"),
                 "vanilla-fr": ("Tout accepter", "Tout refuser"),
                 "tarteaucitron-it": ("Ok, accetta tutto", "Rifiuta tutti i cookie"),
                 "osano-pl": ("Zgadzam się", "Nie zgadzam się")}


@pytest.fixture
def installed() -> None:
    missing = [path for path in NEEDED if not (SITES / path).exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing; scripts/setup.sh fetches them with npm.")
        pytest.skip(f"{', '.join(missing)} not installed (scripts/setup.sh fetches them)")


def _checks(sites: tuple[str, ...], bad: bool = True) -> str:
    # one check per page and state: the consent given on a page holds for the check's
    # other pages of the same site, and the broken site must be operated on its own
    out = []
    for site in sites:
        pages = f"/{site}/, /{site}/bad/" if bad else f"/{site}/"
        out.append(f"""
  - id: before-{site}
    claim: "Nothing tracks before you choose."
    pages: [{pages}]
    expect:
      cookies: {{none_of: [marketing]}}
      requests: {{none_of: [marketing, analytics]}}
  - id: reject-{site}
    claim: "After you refuse, nothing tracks."
    when: after_reject
    pages: [/{site}/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: accept-{site}
    claim: "Analytics run once you agree."
    when: after_accept
    pages: [/{site}/]
    expect:
      requests: {{present: [google-analytics.com]}}""")
        if bad:
            out.append(f"""
  - id: reject-bad-{site}
    claim: "After you refuse, nothing tracks."
    when: after_reject
    pages: [/{site}/bad/]
    expect:
      requests: {{none_of: [marketing, analytics]}}""")
    return "".join(out)


FRAME_CHECKS = """
  - id: banner-framed
    claim: "We ask for your consent, and you can refuse on the first layer."
    pages: [/framed/, /framed/hidden/]
    expect:
      banner: {visible: true, has_reject: true}"""
# per-category choices and withdrawal in the site's language
CHOICE_CHECKS = """
  - id: allow-analytics-klaro-de
    claim: "Allow only visitor statistics: they run."
    when: {consent: {allow: [analytics]}}
    pages: [/klaro-de/]
    expect:
      requests: {present: [google-analytics.com]}
  - id: withdrawal-vanilla-fr
    claim: "You can withdraw your consent at any time."
    when: after_withdrawal
    pages: [/vanilla-fr/]
    expect:
      requests: {none_of: [analytics, marketing]}"""


def _spec(checks: str) -> str:
    return f"""version: 1
site:
  base_url: https://oss.test
consent:
  cmp: auto
classify:
  cookies:
    - {{name: "re:^(cc_cookie|cc_frame|site_consent|tarteaucitron|cookieconsent_status|klaro)$",
        category: necessary}}
checks:{checks}
"""


# A team's conftest that takes Klaro's adapter away (an adapter of the same name replaces the
# built-in one): what is left to operate Klaro is the general engine.
NO_KLARO_ADAPTER = '''
from pytest_privacy.consent.base import Adapter


def pytest_privacy_cmp_adapters(config):
    return [Adapter(name="klaro", banner=(), accept=(), reject=())]
'''


def _assert_judged(run, sites: tuple[str, ...], bad: bool = True) -> None:  # type: ignore[no-untyped-def]
    for site in sites:
        for check in ("before", "reject", "accept"):
            assert run.outcome(f"{check}-{site}[/{site}/]") == "PASSED", (site, check, run.text)
        if bad:
            assert run.outcome(f"before-{site}[/{site}/bad/]") == "FAILED", (site, run.text)
            assert run.outcome(f"reject-bad-{site}[/{site}/bad/]") == "FAILED", (site, run.text)


def _actions(folder: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The consent action of each visit, by (page path, state)."""
    out = {}
    for path in folder.rglob("*.json"):
        evidence = json.loads(path.read_text())
        if evidence.get("consent"):
            out[(urlsplit(evidence["url"]).path, evidence["state"])] = evidence["consent"]
    return out


def test_real_managers_in_other_languages_and_in_a_consent_frame(run_spec, tmp_path: Path,
                                                                  installed: None) -> None:
    run = run_spec(_spec(_checks((*LANGS, "framed")) + FRAME_CHECKS + CHOICE_CHECKS),
                   "--privacy-evidence", str(tmp_path), "--privacy-concurrency", "4")
    _assert_judged(run, (*LANGS, "framed"))
    # the banner is seen in the frame once the shop shows it; a consent frame its shop never
    # shows is no banner for a visitor, whatever the frame draws inside
    assert run.outcome("banner-framed[/framed/]") == "PASSED", run.text
    assert run.outcome("banner-framed[/framed/hidden/]") == "FAILED", run.text
    assert "no consent banner appeared within" in run.text, run.text
    # Klaro's adapter reads its German banner; the frame's banner, from the consent domain,
    # is the general engine's; the parent is judged
    assert "Consent:  reject via klaro, clicked 'Ich lehne ab'" in run.text, run.text
    assert ("Consent:  reject via engine, clicked 'Reject all' in a frame of "
            "https://consent.oss-frame.test/banner.html") in run.text, run.text
    actions = _actions(tmp_path)
    # German compounds name the category ("Besucherstatistik"); French reopens by the footer
    assert run.outcome("allow-analytics-klaro-de[/klaro-de/]") == "PASSED", run.text
    assert "'Besucherstatistik' on" in actions[("/klaro-de/", "after_allow_analytics")][
        "clicked"], actions
    assert run.outcome("withdrawal-vanilla-fr[/vanilla-fr/]") == "PASSED", run.text
    withdrawn = actions[("/vanilla-fr/", "after_withdrawal")]["clicked"]
    assert "reopened by the page's 'Paramètres des cookies' control" in withdrawn, withdrawn
    for state, label in (("after_accept", "Accept all"), ("after_reject", "Reject all")):
        framed = actions[("/framed/", state)]
        assert framed["frame"].startswith("https://consent.oss-frame.test/banner.html"), framed
        assert framed["path"] == "general engine" and framed["clicked"] == label, framed
        assert "in frame https://consent.oss-frame.test/" in framed["detected_by"], framed
        assert framed["confirmed"] == "the banner is gone", framed


def test_the_general_engine_alone_in_other_languages(run_spec, pytester: pytest.Pytester,
                                                     tmp_path: Path, installed: None) -> None:
    # no adapter for Klaro, no DuckDuckGo rules: the general engine reads every banner in
    # its own language (the violating sites are judged in the test above)
    pytester.makeconftest(NO_KLARO_ADAPTER)
    run = run_spec(_spec(_checks(LANGS, bad=False)), "--privacy-autoconsent", "none",
                   "--privacy-evidence", str(tmp_path / "evidence"),
                   "--privacy-concurrency", "4")
    _assert_judged(run, LANGS, bad=False)
    actions = _actions(tmp_path / "evidence")
    for site, (accept, reject) in ENGINE_CLICKS.items():
        for state, label in (("after_accept", accept), ("after_reject", reject)):
            action = actions[(f"/{site}/", state)]
            assert (action["path"], action["clicked"]) == ("general engine", label), action
