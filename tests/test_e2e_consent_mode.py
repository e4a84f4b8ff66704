"""consent_mode end to end in Chromium: pages whose gtag.js replica sends what Google's tags
send in each consent state (tests/sites/www.googletagmanager.com/gtag/js)."""

from __future__ import annotations

SPEC = """version: 1
consent:
  cmp: selectors
  banner: "#cm-banner"
  accept: "#cm-accept"
  reject: "#cm-reject"
classify:
  storage:
    - {name: cm_choice, category: necessary}
checks:
  - id: denied-before-consent
    claim: "Google's tags are told that nothing is consented to until you choose."
    pages: ["https://consentmode.test/", "https://consentmode.test/granted/",
            "https://consentmode.test/none/", "https://consentmode.test/nogoogle/"]
    expect:
      consent_mode: {ad_storage: denied, analytics_storage: denied, ad_user_data: denied,
                     ad_personalization: denied}
  - id: granted-after-accept
    claim: "When you accept, Google's tags are told so."
    when: after_accept
    pages: ["https://consentmode.test/"]
    expect:
      consent_mode: {ad_storage: granted, analytics_storage: granted, ad_user_data: granted,
                     ad_personalization: granted}
  - id: denied-after-reject
    claim: "When you reject, Google's tags are told so."
    when: after_reject
    pages: ["https://consentmode.test/"]
    expect:
      consent_mode: {ad_storage: denied, ad_user_data: denied}
"""


def test_consent_mode(run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(SPEC, "-rA")
    assert run.outcome("denied-before-consent[https://consentmode.test/]") == "PASSED", run.text
    assert run.outcome("denied-before-consent[https://consentmode.test/granted/]") == "FAILED"
    assert run.outcome("denied-before-consent[https://consentmode.test/none/]") == "FAILED"
    assert run.outcome("denied-before-consent[https://consentmode.test/nogoogle/]") == "PASSED"
    assert run.outcome("granted-after-accept[https://consentmode.test/]") == "PASSED", run.text
    assert run.outcome("denied-after-reject[https://consentmode.test/]") == "PASSED", run.text
    text = run.text
    assert "Consent Mode not implemented: 2 of 2 Google tag request(s) state no consent" in text
    assert "https://region1.google-analytics.com/g/collect: no gcs or gcd parameter" in text
    assert ("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123456789/ "
            "(gcs=G111 gcd=13t3t2t2t1): ad_storage granted (gcd 't': granted by default)"
            in text)
