"""A consent visit's banner is answered once per state, as a visitor would: the first page of
the state answers it in a context of its own, and each page then starts from the cookies,
localStorage and sessionStorage that answer left, loading only itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytest_privacy.fixtureserver import FixtureServer

SPEC = """version: 1
site:
  base_url: https://seeded.test
  pages: [/a/, /b/, /c/]
consent:
  cmp: auto
classify:
  cookies:
    - {name: site_choice, category: necessary}
checks:
  - id: before
    claim: "No analytics before you choose."
    expect:
      requests: {none_of: [analytics]}
  - id: accept
    claim: "Analytics run on every page once you accept."
    when: after_accept
    expect:
      requests: {present: [google-analytics.com]}
  - id: reject
    claim: "After Reject all, only necessary cookies, on every page."
    when: after_reject
    expect:
      cookies: {only: [necessary]}
      requests: {none_of: [analytics]}
  - id: fails-on-purpose
    claim: "No analytics at all."
    when: after_accept
    pages: [/a/, /c/]
    expect:
      requests: {none_of: [analytics]}
"""


def test_the_banner_is_answered_once_per_state(run_spec, fixture_server: FixtureServer,
                                               tmp_path: Path) -> None:
    fixture_server.reset()
    evidence = tmp_path / "evidence"
    output = tmp_path / "output"
    run = run_spec(SPEC, "--privacy-evidence", str(evidence), "--tracing", "retain-on-failure",
                   "--output", str(output))
    for page in ("/a/", "/b/", "/c/"):  # the choice held: by cookie, localStorage, tab storage
        for check in ("before", "accept", "reject"):
            assert run.outcome(f"{check}[{page}]") == "PASSED", (check, page, run.text)
    # Each visit loads its page once; the banner was answered once per state, on /a/ (the
    # evidence of /b/ says how often answering it loaded /a/: autoconsent's rules, tried
    # first on a banner no adapter knows, fail here, and the page is loaded again for the
    # general engine).
    loads = {page: fixture_server.count("seeded.test", page) for page in ("/a/", "/b/", "/c/")}
    answering = 0
    for state in ("after_accept", "after_reject"):
        data = _evidence(evidence, "b", state)
        answering += sum(1 for r in data["requests"] if r["url"] == "https://seeded.test/a/"
                         and r["resource_type"] == "document")
    assert loads == {"/a/": 3 + answering, "/b/": 3, "/c/": 3}, loads
    assert 2 <= answering <= 4
    run.result.stdout.fnmatch_lines(["privacy: 9 page visits in *"])

    # The answer to the banner has its own trace, named by the failing visit, and kept
    # because a visit that started from it failed; the other state's answer is dropped
    # with its passing visits (retain-on-failure).
    assert run.outcome("fails-on-purpose[/c/]") == "FAILED"
    answer = output / "consent__seeded_test_a__after_accept" / "trace.zip"
    run.result.stdout.fnmatch_lines([f"Consent trace: {answer}*"])
    assert answer.is_file()
    assert (evidence / "consent__seeded_test_a__after_accept.har").is_file()
    assert not (output / "consent__seeded_test_a__after_reject").exists()
    assert not (output / "seeded_test_b__after_accept").exists()

    # /b/'s evidence starts with the entry page's records, and names the script on /a/ that
    # wrote _ga (the cookie came with the consent; /b/ only loaded with it).
    data = _evidence(evidence, "b", "after_accept")
    assert data["consent"]["page"] == "https://seeded.test/a/"
    assert data["consent"]["action"] == "accept"
    entry = [r for r in data["requests"] if r["url"] == "https://seeded.test/a/"]
    assert entry and entry[0]["phase"] == "initial", data["requests"]
    [ga] = [c for c in data["cookies"] if c["name"] == "_ga"]
    assert ga["phase"] == "after_consent"
    assert ga["set_by"] == "https://seeded.test/cmp.js" and ga["set_by_kind"] == "script"
    own = [r for r in data["requests"] if r["url"] == "https://seeded.test/b/"]
    assert own and own[0]["time_ms"] > entry[0]["time_ms"]  # one clock: the page came after


def _evidence(folder: Path, page: str, state: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / f"seeded_test_{page}__{state}.json").read_text())
    return data
