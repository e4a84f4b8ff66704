"""The fingerprinting check on hand-written evidence, and the visit's needs."""

from __future__ import annotations

from pytest_privacy.checks import CheckContext, run_expectations
from pytest_privacy.checks.kind import Kinds
from pytest_privacy.evidence import ConsentAction, Evidence, FingerprintRecord
from pytest_privacy.needs import Needs

FP = "https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js"
ALL = ["canvas", "webgl", "audio", "fonts"]


def record(technique: str, script: str = FP, phase: str = "initial") -> FingerprintRecord:
    return FingerprintRecord(script=script, technique=technique, detail=f"{technique} detail",
                             frame="https://shop.test/", phase=phase)


def evidence(*records: FingerprintRecord, consent: bool = False) -> Evidence:
    return Evidence(url="https://shop.test/", state="before_consent",
                    final_url="https://shop.test/", fingerprinting=list(records),
                    consent=ConsentAction("accept", "selectors", "Accept") if consent else None)


def test_a_finding_names_script_party_category_and_technique() -> None:
    ev = evidence(record("canvas"), record("fonts"),
                  record("webgl", "https://shop.test/static/app.js"))
    findings = run_expectations(ev, {"fingerprinting": {"none_of": ALL}}, CheckContext())
    assert [f.rule for f in findings] == ["fingerprinting: none_of canvas",
                                          "fingerprinting: none_of webgl",
                                          "fingerprinting: none_of fonts"]
    assert findings[0].items[0].startswith(f"canvas: script {FP} (third party, unknown")
    assert "(first party, necessary" in findings[1].items[0]


def test_only_the_techniques_named() -> None:
    ev = evidence(record("fonts"), record("audio"))
    findings = run_expectations(ev, {"fingerprinting": {"none_of": ["canvas", "webgl"]}},
                                CheckContext())
    assert findings == []


def test_allow_exact_and_regex() -> None:
    ev = evidence(record("canvas"), record("canvas", "https://js.stripe.com/v3/fraud.js"))
    params = {"none_of": ALL, "allow": [FP, r"re:^https://js\.stripe\.com/"]}
    assert run_expectations(ev, {"fingerprinting": params}, CheckContext()) == []
    params = {"none_of": ALL, "allow": ["https://openfpcdn.io/"]}  # exact: not a prefix
    assert len(run_expectations(ev, {"fingerprinting": params}, CheckContext())) == 1


def test_after_a_consent_action_only_what_followed_counts() -> None:
    ev = evidence(record("canvas"), record("audio", phase="after_consent"), consent=True)
    findings = run_expectations(ev, {"fingerprinting": {"none_of": ALL}}, CheckContext())
    assert [f.rule for f in findings] == ["fingerprinting: none_of audio"]


def test_needs_the_init_script_once_whatever_the_checks() -> None:
    kinds = Kinds.builtin()
    one = kinds.needs({"fingerprinting": {"none_of": ["canvas"]}})
    both = one | kinds.needs({"fingerprinting": {"none_of": ["fonts"]}}) | Needs()
    assert [name for name, _ in both.init_scripts] == ["fingerprint"]
    assert "__privacyFingerprint" in both.init_scripts[0][1]
    assert kinds.needs({"cookies": {"none_of": ["marketing"]}}).init_scripts == ()


def test_allow_patterns_are_linted() -> None:
    problems = Kinds.builtin().problems("fingerprinting", {"none_of": ALL, "allow": ["re:("]})
    assert problems and problems[0][0] == ("allow", 0)
