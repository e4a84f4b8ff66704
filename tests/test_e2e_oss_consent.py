"""The general banner engine on six real open-source consent managers from the npm registry
(fetched by scripts/setup.sh, served unmodified from cdn.consent-oss.test): each in its
default configuration and one a site owner changed, each with a site that keeps its promise
and one that breaks it; per-category choices and withdrawal on vanilla-cookieconsent and
Klaro."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SITES = Path(__file__).parent / "sites"
LIBS = {"vanilla": "vanilla-cookieconsent/dist/cookieconsent.umd.js",
        "tarteaucitron": "tarteaucitronjs/tarteaucitron.js",
        "osano": "cookieconsent/build/cookieconsent.min.js",
        "orejime": "orejime/dist/orejime-standard-de.js",
        "eubanner": "cookies-eu-banner/dist/cookies-eu-banner.global.js"}


@pytest.fixture
def oss_installed() -> None:
    missing = [name for name, path in LIBS.items()
               if not (SITES / "cdn.consent-oss.test" / path).exists()]
    missing += ["klaro"] if not (SITES / "cdn.klaro.test" / "klaro.js").exists() else []
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing; scripts/setup.sh fetches them with npm.")
        pytest.skip(f"{', '.join(missing)} not installed (scripts/setup.sh fetches them)")


def _per_lib() -> str:
    out = []
    for lib in LIBS:
        out.append(f"""
  - id: before-{lib}
    claim: "No advertising cookies before you choose."
    pages: [/{lib}/, /{lib}/bad/]
    expect:
      cookies: {{none_of: [marketing]}}
      requests: {{none_of: [marketing, analytics]}}
  - id: reject-{lib}
    claim: "After Reject all, nothing tracks."
    when: after_reject
    pages: [/{lib}/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: reject-bad-{lib}
    claim: "After Reject all, nothing tracks."
    when: after_reject
    pages: [/{lib}/bad/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: accept-{lib}
    claim: "Analytics run after you accept."
    when: after_accept
    pages: [/{lib}/]
    expect:
      requests: {{present: [google-analytics.com]}}""")
    return "".join(out)


SPEC = f"""version: 1
site:
  base_url: https://oss.test
consent:
  cmp: auto
classify:
  cookies:
    - {{name: "re:^(cc_cookie|tarteaucitron|cookieconsent_status|eu-consent|klaro|hasConsent)$",
        category: necessary}}
checks:{_per_lib()}
  - id: changed-reject-vanilla
    claim: "After Reject all, nothing tracks."
    when: after_reject
    pages: [/vanilla/changed/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: changed-reject-tarteaucitron
    claim: "After Reject all, nothing tracks."
    when: after_reject
    pages: [/tarteaucitron/changed/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: changed-reject-osano
    claim: "After Reject all, nothing tracks."
    when: after_reject
    pages: [/osano/changed/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: changed-reject-orejime
    claim: "After Reject all, nothing tracks."
    when: after_reject
    pages: [/orejime/changed/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: changed-reject-eubanner
    claim: "After Reject all, nothing tracks."
    when: after_reject
    pages: [/eubanner/changed/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: changed-before
    claim: "Nothing tracks before you choose."
    pages: [/orejime/changed/, /vanilla/changed/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
  - id: changed-banner
    claim: "You can refuse on the first layer."
    pages: [/vanilla/, /osano/changed/]
    expect:
      banner: {{visible: true, has_reject: true}}
  - id: allow-analytics
    claim: "Allow only analytics: no advertising."
    when: {{consent: {{allow: [analytics]}}}}
    pages: [/vanilla/]
    expect:
      requests: {{present: [google-analytics.com], none_of: [marketing]}}
  - id: allow-functional
    claim: "Without analytics consent, no analytics."
    when: {{consent: {{allow: [functional]}}}}
    pages: [/vanilla/changed/]
    expect:
      requests: {{none_of: [analytics, marketing]}}
  - id: withdrawal
    claim: "You can withdraw your consent at any time."
    when: after_withdrawal
    pages: [/vanilla/]
    expect:
      requests: {{none_of: [analytics, marketing]}}
  - id: klaro-allow-analytics
    claim: "Allow only analytics: analytics run."
    when: {{consent: {{allow: [analytics]}}}}
    pages: ["https://cmps.test/klaro/"]
    expect:
      requests: {{present: [google-analytics.com]}}
  - id: klaro-allow-functional
    claim: "Without analytics consent, no analytics."
    when: {{consent: {{allow: [functional]}}}}
    pages: ["https://cmps.test/klaro/"]
    expect:
      requests: {{none_of: [analytics, marketing]}}
  - id: klaro-withdrawal
    claim: "You can withdraw your consent at any time."
    when: after_withdrawal
    pages: ["https://cmps.test/klaro/"]
    expect:
      requests: {{none_of: [analytics, marketing]}}
"""


def test_real_consent_managers_operated_by_the_general_engine(run_spec,
                                                               oss_installed: None) -> None:
    # the engine alone: DuckDuckGo's rules (tried before it when present) are turned off
    # (four visits at once: they mostly wait, so the run is shorter)
    run = run_spec(SPEC, "--privacy-autoconsent", "none", "--privacy-concurrency", "4")
    for lib in LIBS:
        assert run.outcome(f"before-{lib}[/{lib}/]") == "PASSED", (lib, run.text)
        assert run.outcome(f"before-{lib}[/{lib}/bad/]") == "FAILED", (lib, run.text)
        assert run.outcome(f"reject-{lib}[/{lib}/]") == "PASSED", (lib, run.text)
        assert run.outcome(f"reject-bad-{lib}[/{lib}/bad/]") == "FAILED", (lib, run.text)
        assert run.outcome(f"accept-{lib}[/{lib}/]") == "PASSED", (lib, run.text)
    # reject only on the second layer (vanilla: toggles off and save; tarteaucitron: its panel)
    assert run.outcome("changed-reject-vanilla[/vanilla/changed/]") == "PASSED", run.text
    assert run.outcome("changed-reject-tarteaucitron[/tarteaucitron/changed/]") == "PASSED", \
        run.text
    # purposes pre-ticked: Orejime runs them before any choice (a reject still works)
    assert run.outcome("changed-before[/orejime/changed/]") == "FAILED", run.text
    assert run.outcome("changed-before[/vanilla/changed/]") == "PASSED", run.text
    assert run.outcome("changed-reject-orejime[/orejime/changed/]") == "PASSED", run.text
    # handlers attached late: Cookies EU banner started 1.5 s after load is still operated
    assert run.outcome("changed-reject-eubanner[/eubanner/changed/]") == "PASSED", run.text
    # an info-only banner ("Got it!") offers no refusal: an error for reject states, and a
    # failing has_reject
    assert run.outcome("changed-reject-osano[/osano/changed/]") == "ERROR", run.text
    assert "offers no refusal at all (it offers only 'Got it!')" in run.text
    assert run.outcome("changed-banner[/vanilla/]") == "PASSED", run.text
    assert run.outcome("changed-banner[/osano/changed/]") == "FAILED", run.text
    assert run.outcome("allow-analytics[/vanilla/]") == "PASSED", run.text
    assert run.outcome("allow-functional[/vanilla/changed/]") == "PASSED", run.text
    assert run.outcome("withdrawal[/vanilla/]") == "PASSED", run.text
    klaro = "[https://cmps.test/klaro/]"
    for check in ("klaro-allow-analytics", "klaro-allow-functional", "klaro-withdrawal"):
        assert run.outcome(check + klaro) == "PASSED", (check, run.text)
    # the report names the path that acted and what it clicked
    assert "Consent:  reject via engine, clicked 'Ablehnen'" in run.text, run.text
