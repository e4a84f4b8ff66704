"""The extension hooks, end to end in Chromium: a check kind, a consent-manager adapter and the
browser context of a visit, each added from a conftest.py as the README shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).parent.parent / "README.md"


def readme_block(heading: str) -> str:
    """The first ```python block after `heading` in the README."""
    text = README.read_text("utf-8")
    start = text.index(heading)
    match = re.search(r"```python\n(.*?)```", text[start:], re.S)
    assert match, f"no python example under {heading!r}"
    return match.group(1)


CHECK_KIND_SPEC = """version: 1
name: hooks
checks:
  - id: referrer
    claim: "We never send the pages you read to other sites."
    pages: [https://referrer.test/, https://clean.test/]
    expect:
      referrer_policy: {policy: strict-origin-when-cross-origin}
"""


def test_readme_check_kind_runs_end_to_end(pytester: pytest.Pytester, run_spec) -> None:  # type: ignore[no-untyped-def]
    pytester.makeconftest(readme_block("### Your own check kind"))
    run = run_spec(CHECK_KIND_SPEC)
    assert run.outcome("referrer[https://referrer.test/]") == "PASSED", run.text
    assert run.outcome("referrer[https://clean.test/]") == "FAILED", run.text
    assert "the page says None, not 'strict-origin-when-cross-origin'" in run.text


def test_a_plugin_kind_is_in_the_schema_and_lint(pytester: pytest.Pytester, run_spec) -> None:  # type: ignore[no-untyped-def]
    pytester.makeconftest(readme_block("### Your own check kind"))
    run = run_spec(CHECK_KIND_SPEC.replace("policy: strict", "polcy: strict"), "--collect-only")
    assert "referrer_policy: missing required key 'policy'" in run.text, run.text
    # without the conftest, the key is unknown and the message says which keys exist
    (pytester.path / "conftest.py").unlink()
    run = run_spec(CHECK_KIND_SPEC, "--collect-only")
    assert "unknown key 'referrer_policy'" in run.text, run.text


ADAPTER_SPEC = """version: 1
name: custom banner
consent: {cmp: CMP}
checks:
  - id: reject-honoured
    claim: "If you say no, we measure nothing."
    when: after_reject
    pages: [https://custombanner.test/]
    expect:
      requests: {none_of: [analytics]}
      cookies: {present: [zz_choice]}
  - id: accept-loads
    claim: "If you say yes, we measure our audience."
    when: after_accept
    pages: [https://custombanner.test/]
    expect:
      requests: {present: [www.google-analytics.com]}
"""


def test_readme_adapter_operates_an_unknown_banner(pytester: pytest.Pytester, run_spec) -> None:  # type: ignore[no-untyped-def]
    pytester.makeconftest(readme_block("### Your own consent manager"))
    run = run_spec(ADAPTER_SPEC.replace("CMP", "zz"))
    assert run.outcome("reject-honoured[https://custombanner.test/]") == "PASSED", run.text
    assert run.outcome("accept-loads[https://custombanner.test/]") == "PASSED", run.text


def test_without_the_adapter_the_banner_is_an_error(pytester: pytest.Pytester, run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(ADAPTER_SPEC.replace("CMP", "auto"), "--privacy-banner-timeout", "1500")
    assert run.outcome("reject-honoured[https://custombanner.test/]") == "ERROR", run.text
    run = run_spec(ADAPTER_SPEC.replace("CMP", "zz"), "--collect-only")
    assert "'zz' is not one of" in run.text or "\"zz\" is not one of" in run.text, run.text


CONTEXT_SPEC = """version: 1
name: locale
checks:
  - id: french
    claim: "Nous parlons français."
    pages: [https://locale.test/]
    expect:
      text: {contains: ["language: fr-FR", "time zone: Europe/Paris"]}
"""


def test_readme_context_args_reach_the_page(pytester: pytest.Pytester, run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(CONTEXT_SPEC)
    assert run.outcome("french[https://locale.test/]") == "FAILED", run.text
    pytester.makeconftest(readme_block("### The browser context of a visit"))
    run = run_spec(CONTEXT_SPEC)
    assert run.outcome("french[https://locale.test/]") == "PASSED", run.text
