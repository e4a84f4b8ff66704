"""`pytest-privacy scan URL`: the inventory of one page in each state, and a draft spec that
passes against the site as it is (run through pytest here to prove it)."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pytest_privacy.checks import CheckContext
from pytest_privacy.classify import Classifier
from pytest_privacy.evidence import CookieRecord, Evidence
from pytest_privacy.fixtureserver import FixtureServer
from pytest_privacy.scan.options import (
    REFUSED,
    UsageError,
    add_arguments,
    build_config,
    pytest_command,
    refused,
)
from pytest_privacy.settings import OPTIONS
from pytest_privacy.spec import load_spec


def _scan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_privacy.cli", "scan", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=180)


def _section(out: str, state: str) -> str:
    return out.split(f"== {state}:", 1)[1].split("\n== ", 1)[0]


def test_scan_inventories_each_state_and_drafts_a_spec_that_passes(
        tmp_path: Path, fixture_server: FixtureServer, run_spec) -> None:  # type: ignore[no-untyped-def]
    # --no-interact: typing is covered by the scans of keylog.test and fingerprinted.test below
    result = _scan("https://scan.test/", "--host-map", fixture_server.host_map,
                   "--ignore-https-errors", "--settle", "200", "--no-interact", cwd=tmp_path)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert result.stderr == ""
    before, accept = _section(out, "before_consent"), _section(out, "after_accept")
    assert "cookies: none" in before
    assert "banner: shown, onetrust" in before and "'Disable All'" in before
    assert "consent: accept by onetrust: clicked 'Accept All'" in accept
    assert "  marketing:\n    IDE (.doubleclick.net, third party) — built-in: DoubleClick" \
        in accept
    assert "set by response https://ads.doubleclick.net/px" in accept
    assert "ad-id-secret-42" not in out  # values stay redacted
    assert "www.google-analytics.com ×1" in accept
    assert "IDE" not in _section(out, "after_reject")
    assert '/.well-known/gpc.json: says {"gpc": true}' in _section(out, "gpc")

    draft = tmp_path / "scan.test.privacy.yaml"
    assert f"Draft spec written to {draft.name}" in out
    assert (f"pytest --privacy-spec {draft.name} --privacy-host-map "
            f"'{fixture_server.host_map}' --privacy-ignore-https-errors --privacy-settle 200"
            ) in out
    spec = load_spec(draft)
    checks = {check.id: check for check in spec.checks}
    assert set(checks) == {"before-consent", "consent-banner", "after-reject", "after-accept",
                           "gpc", "privacy-links"}
    assert all(check.claim.startswith("TODO:") for check in spec.checks)
    assert checks["before-consent"].expect["cookies"] == {
        "none_of": ["functional", "analytics", "marketing"]}
    assert checks["after-accept"].expect["cookies"] == {"present": ["IDE"]}
    assert checks["gpc"].expect["gpc"] == {"well_known": True}
    assert checks["privacy-links"].expect["links"] == {
        "within": "footer", "present": ["Privacy Policy", "Cookie Notice",
                                        "Your Privacy Choices"]}
    assert spec.policy_url == "https://scan.test/privacy"

    run = run_spec(draft.read_text(encoding="utf-8"))
    assert run.outcomes and set(run.outcomes.values()) == {"PASSED"}, run.text
    assert len(run.outcomes) == 6


def test_scan_connection_refused_is_one_sentence_per_state(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    result = _scan(f"http://127.0.0.1:{port}/", "--states", "before_consent,gpc",
                   cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    refused = [line for line in result.stdout.splitlines() if line.startswith("visit error:")]
    assert len(refused) == 2 and all("connection refused" in line for line in refused)
    assert "No state could be visited, so no draft was written." in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_scan_refuses_a_url_that_is_not_http(tmp_path: Path) -> None:
    result = _scan("ftp://shop.example/", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.strip() == ("pytest-privacy scan: 'ftp://shop.example/' is not an "
                                     "http(s) URL; pass the page's full address, e.g. "
                                     "https://shop.example/.")


def _block(text: str, start: str) -> str:
    """The lines of a check in the draft, from its `- id:` line to the next check."""
    tail = text.split(f"  - id: {start}\n", 1)[1]
    return tail.split("\n  - id: ", 1)[0].split("\n  # ", 1)[0]


def test_scan_keeps_the_broken_promise_in_the_yaml_and_writes_only_yaml_to_stdout(
        tmp_path: Path, fixture_server: FixtureServer, run_spec) -> None:  # type: ignore[no-untyped-def]
    # tracked.test sets the advertising cookie IDE (and _fbp) before any consent, and its
    # own cookie "mystery", which nothing classifies.
    result = _scan("https://tracked.test/", "--cmp", "none", "--states", "before_consent",
                   "--privacy-host-map", fixture_server.host_map,
                   "--privacy-ignore-https-errors", "--privacy-settle", "200", "-o", "-",
                   "--no-interact", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    draft = result.stdout
    assert list(tmp_path.iterdir()) == []  # -o -: no file
    # stdout is the YAML and nothing else; the inventory and the advice went to stderr
    assert yaml.safe_load(draft)["version"] == 1
    assert draft.startswith("# Draft written by `pytest-privacy scan https://tracked.test/`")
    assert "== before_consent" not in draft and "Run it with" not in draft
    assert "== before_consent: no consent choice ==" in result.stderr
    assert "pytest --privacy-spec DRAFT.yaml --privacy-host-map" in result.stderr
    # the before-consent check says, beside its cookies expectation, that marketing was seen
    # and is therefore not promised
    before = _block(draft, "before-consent")
    lines = before.splitlines()
    cookies = next(n for n, line in enumerate(lines) if line.strip().startswith("cookies:"))
    assert lines[cookies].strip() == "cookies: {none_of: [functional, analytics]}"
    comment = " ".join(line.strip().lstrip("# ") for line in lines[:cookies]
                       if line.strip().startswith("#") and "expect:" not in line)
    assert "left out of the draft: cookies: marketing seen (IDE, _fbp), so the draft does " \
        "not promise its absence" in comment
    # a classify rule proposed for the site's own cookie, commented out for the user
    assert "#     - {name: mystery, category: necessary}  # first party, seen " \
        "before_consent; set by response https://tracked.test/" in draft
    spec_file = tmp_path / "draft.privacy.yaml"
    spec_file.write_text(draft, encoding="utf-8")
    assert load_spec(spec_file).cookie_rules == ()  # the proposal is only a comment
    confirmed = "\n".join(line[2:] if line.startswith(("# classify:", "#   ")) else line
                          for line in draft.splitlines())
    spec_file.write_text(confirmed, encoding="utf-8")
    spec = load_spec(spec_file)
    classifier = Classifier(spec.cookie_rules, spec.domain_rules, spec.storage_rules)
    assert classifier.cookie("mystery", "tracked.test", "tracked.test").category == "necessary"
    # and the draft, comments and all, passes in pytest
    run = run_spec(draft)
    assert run.outcomes and set(run.outcomes.values()) == {"PASSED"}, run.text


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(["https://shop.example/", *argv])


SAMPLES = {"http-credentials": "tester:SCAN_TEST_PASSWORD", "geolocation": "52.52,13.405",
           "proxy": "http://127.0.0.1:3128", "locale": "de-DE", "timezone": "Europe/Berlin",
           "baseline-update": None}


def _sample(opt_kind: str, name: str) -> list[str]:
    if name in SAMPLES:
        return [SAMPLES[name]] if SAMPLES[name] else []
    if opt_kind == "bool":
        return []
    if opt_kind == "int":
        return ["7"]
    choices = next(o.choices for o in OPTIONS if o.name == name)
    return [choices[-1]] if choices else [f"/tmp/{name}"]


@pytest.mark.parametrize("opt", [o for o in OPTIONS if o.name not in REFUSED],
                         ids=lambda o: o.name)
def test_scan_takes_every_privacy_flag_pytest_takes(  # type: ignore[no-untyped-def]
        opt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAN_TEST_PASSWORD", "not-a-real-one")
    sample = _sample(opt.kind, opt.name)
    if opt.name == "storage-state":
        sample = [str(tmp_path / "state.json")]
        (tmp_path / "state.json").write_text('{"cookies": [], "origins": []}')
    extra = ["--privacy-baseline", str(tmp_path / "b.json")] if opt.name == "baseline-update" \
        else []
    cfg = build_config(_parse(opt.flag, *sample, *extra))
    default = build_config(_parse(*extra))
    assert cfg != default, f"{opt.flag} did not reach the scan's PrivacyConfig"
    # and the command that runs the draft passes it on
    assert opt.flag in pytest_command("draft.yaml", _parse(opt.flag, *sample, *extra))


def test_old_short_names_are_aliases() -> None:
    args = _parse("--host-map", "MAP * 127.0.0.1:1", "--ignore-https-errors", "--settle", "200",
                  "--timeout", "900", "--banner-timeout", "10", "--show-values")
    cfg = build_config(args)
    assert (cfg.host_map, cfg.ignore_https_errors, cfg.settle_ms, cfg.timeout_ms,
            cfg.banner_timeout_ms, cfg.show_values) == ("MAP * 127.0.0.1:1", True, 200, 900, 10,
                                                        True)
    assert pytest_command("d.yaml", args) == [
        "pytest", "--privacy-spec", "d.yaml", "--privacy-host-map", "MAP * 127.0.0.1:1",
        "--privacy-ignore-https-errors", "--privacy-settle", "200", "--privacy-timeout", "900",
        "--privacy-banner-timeout", "10", "--privacy-show-values"]


@pytest.mark.parametrize("argv", [["--privacy-spec", "x.yaml"], ["--privacy-report", "r.html"],
                                  ["--privacy-pause"]], ids=lambda a: a[0])
def test_options_scan_cannot_honour_are_refused_not_ignored(argv: list[str]) -> None:
    with pytest.raises(UsageError, match=f"^{argv[0]} does not apply to scan: "):
        refused(_parse(*argv))


def test_negative_milliseconds_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parse("--privacy-settle", "-1")
    assert "--privacy-settle must be at least 0" in capsys.readouterr().err


def test_inventory_reads_the_one_classified_inventory() -> None:
    """scan classifies nothing itself: a classifier given to the context decides."""
    from pytest_privacy.browser.visit import VisitKey
    from pytest_privacy.scan.listing import inventory
    from pytest_privacy.scan.visits import StateResult
    from pytest_privacy.spec.model import ConsentConfig, State

    class Counting(Classifier):
        calls = 0

        def cookie(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            Counting.calls += 1
            return super().cookie(*args, **kwargs)

    ev = Evidence(url="https://shop.test/", state="before_consent",
                  final_url="https://shop.test/",
                  cookies=[CookieRecord("_ga", "shop.test", "/", "v", True, False, "Lax", -1,
                                        "initial", 1.0)])
    ctx = CheckContext(Counting())
    key = VisitKey(url=ev.url, state=State("none", False, False), consent=ConsentConfig())
    lines = inventory(StateResult("before_consent", key, ev), ctx, False)
    assert "  analytics:" in lines
    ctx.inventory(ev)
    assert Counting.calls == 1


def test_what_a_draft_leaves_out_is_written_beside_its_check() -> None:
    """Pure: a left-out key that is gone sits above `expect:`, one that stays sits above the
    key, a check with nothing left to promise is a comment at the end; the YAML still loads."""
    from pytest_privacy.scan.draft import ClassifyProposal, Draft, DraftCheck
    from pytest_privacy.scan.yamlout import render
    from pytest_privacy.spec.model import ConsentConfig

    gpc = DraftCheck("gpc", "gpc", {"cookies": {"none_of": ["functional"]}}, ["seen today: x"],
                     {"gpc": ["well_known: /.well-known/gpc.json answered HTTP 404, not 200"],
                      "cookies": ["marketing seen (IDE), so the draft does not promise its "
                                  "absence"]})
    empty = DraftCheck("after-reject", "after_reject", {}, [],
                       {"cookies": ["analytics seen (_ga)"]})
    draft = Draft("https://shop.test/", ConsentConfig(cmp="none"), [gpc], [empty],
                  [ClassifyProposal("weird: name", "necessary", "first party")], None)
    text = render(draft, "pytest-privacy scan https://shop.test/")
    data = yaml.safe_load(text)
    assert data["checks"] == [{"id": "gpc", "claim": data["checks"][0]["claim"], "when": "gpc",
                               "expect": {"cookies": {"none_of": ["functional"]}}}]
    assert "classify" not in data and data["policy"]["url"].startswith("TODO")
    lines = text.splitlines()
    expect = lines.index("    expect:")
    assert lines[expect - 1] == "    # left out of the draft: gpc: well_known: " \
        "/.well-known/gpc.json answered HTTP 404, not 200"
    key = lines.index("      cookies: {none_of: [functional]}")
    assert " ".join(line.strip(" #") for line in lines[expect + 1:key]) == (
        "left out of the draft: cookies: marketing seen (IDE), so the draft does not promise "
        "its absence")
    assert lines[-2:] == ["  # no after-reject check: nothing it would promise holds today",
                          "  #   left out of the draft: cookies: analytics seen (_ga)"]
    assert "#     - {name: 'weird: name', category: necessary}  # first party" in text


def test_each_kind_drafts_its_own_expectation_and_scan_names_none() -> None:
    """A kind with a `draft` function appears in scan's drafts (verified by its own check,
    what does not hold left out beside it); scan's code names no check kind."""
    from pytest_privacy.browser.visit import VisitKey
    from pytest_privacy.checks import CheckKind, Finding, Kinds, builtin_kinds
    from pytest_privacy.checks.draft import DraftContext, Drafted
    from pytest_privacy.scan.draft import make_draft
    from pytest_privacy.scan.visits import StateResult
    from pytest_privacy.spec.model import PRESETS, ConsentConfig, State

    def check(ev: Evidence, params, ctx: CheckContext) -> list[Finding]:  # type: ignore[no-untyped-def]
        return [] if params.get("ok", True) else [Finding("toy: ok", "the toy says no")]

    def draft(d: DraftContext) -> list[Drafted]:
        return [Drafted({"ok": True}, ("half of it",)),
                Drafted({"ok": False}, check="toy-own", comment="a claim of its own")]

    kinds = Kinds((*builtin_kinds(), CheckKind("toy", {"type": "object"}, check, draft=draft)))
    ev = Evidence(url="https://shop.test/", state="before_consent",
                  final_url="https://shop.test/")
    key = VisitKey(url=ev.url, state=State(*PRESETS["before_consent"]),
                   consent=ConsentConfig(cmp="none"))
    draft_spec = make_draft(ev.url, [StateResult("before_consent", key, ev)],
                            ConsentConfig(cmp="none"), CheckContext(Classifier()), kinds)
    (before,) = draft_spec.checks
    assert before.id == "before-consent" and before.expect["toy"] == {"ok": True}
    assert before.left_out["toy"] == ["half of it"]
    (own,) = draft_spec.dropped  # its expectation did not hold: said, not written
    assert own.id == "toy-own" and own.comments == ["a claim of its own"]
    assert own.left_out["toy"] == ["does not hold today: the toy says no"]

    sources = "".join(p.read_text() for p in (Path(__file__).parent.parent / "pytest_privacy"
                                              / "scan").glob("*.py"))
    for kind in builtin_kinds():
        if kind.key not in PRESETS and kind.key not in ("cookies", "requests", "storage"):
            assert f'"{kind.key}"' not in sources, kind.key


# --- what the banner does not show: fingerprinting, keylogging, session recording -----------

CLIENTJS = (Path(__file__).parent / "sites" / "cdnjs.cloudflare.com" / "ajax" / "libs"
            / "ClientJS" / "0.2.1" / "client.min.js")
CLIENTJS_URL = "https://cdnjs.cloudflare.com/ajax/libs/ClientJS/0.2.1/client.min.js"


def test_scan_visits_record_what_the_detection_kinds_draft_from() -> None:
    """Pure: the scan's visits get the drafters' own needs (the fingerprinting instrumentation,
    the interaction phase), and --no-interact drops only the interaction."""
    from pytest_privacy.checks import Kinds
    from pytest_privacy.scan.command import _drafting

    needs = Kinds.builtin().draft_needs()
    assert needs.interact and "fingerprint" in dict(needs.init_scripts)
    quiet = _drafting(no_interact=True)
    assert not quiet.interact and quiet.init_scripts == needs.init_scripts
    assert _parse().no_interact is False and _parse("--no-interact").no_interact  # types by default


def test_detection_kinds_draft_what_holds_and_say_why_not() -> None:
    """Pure: a fingerprinting script leaves its technique out (naming the script), the others
    stay; without the interaction keylogging and session_recording are left out, saying so."""
    from pytest_privacy.browser.visit import VisitKey
    from pytest_privacy.evidence import FingerprintRecord, InteractionRecord
    from pytest_privacy.scan.draft import make_draft
    from pytest_privacy.scan.visits import StateResult
    from pytest_privacy.spec.model import PRESETS, ConsentConfig, State

    def result(state: str, ev: Evidence) -> StateResult:
        key = VisitKey(url=ev.url, state=State(*PRESETS[state]),
                       consent=ConsentConfig(cmp="none"))
        return StateResult(state, key, ev)

    script = "https://fp.vendor.test/fp.js"
    seen = Evidence(url="https://shop.test/", state="before_consent",
                    final_url="https://shop.test/", fingerprinting=[FingerprintRecord(
                        script, "canvas", "toDataURL of a 240x60 canvas", "https://shop.test/",
                        "initial")])
    typed = Evidence(url="https://shop.test/", state="gpc", final_url="https://shop.test/",
                     interaction=InteractionRecord(started_ms=1.0))
    draft = make_draft("https://shop.test/", [result("before_consent", seen),
                                              result("gpc", typed)],
                       ConsentConfig(cmp="none"), CheckContext(Classifier()))
    before, gpc = draft.checks
    assert before.expect["fingerprinting"] == {"none_of": ["webgl", "audio", "fonts"]}
    (why,) = before.left_out["fingerprinting"]
    assert why.startswith(f"canvas: script {script} (third party, ") and "240x60" in why
    assert "keylogging" not in before.expect and "session_recording" not in before.expect
    assert "did not interact" in before.left_out["keylogging"][0]
    assert "did not interact" in before.left_out["session_recording"][0]
    assert gpc.expect["fingerprinting"] == {"none_of": ["canvas", "webgl", "audio", "fonts"]}
    assert gpc.expect["session_recording"] == {"none": True}
    assert "no visible, enabled field" in gpc.left_out["keylogging"][0]  # no pass on nothing


@pytest.mark.skipif(not CLIENTJS.exists(), reason="ClientJS is not installed (scripts/setup.sh)")
def test_scan_leaves_fingerprinting_out_with_a_comment_and_the_draft_passes(
        tmp_path: Path, fixture_server: FixtureServer, run_spec) -> None:  # type: ignore[no-untyped-def]
    result = _scan("https://fingerprinted.test/clientjs/", "--cmp", "none", "--states",
                   "before_consent", "--privacy-host-map", fixture_server.host_map,
                   "--privacy-ignore-https-errors", "--privacy-settle", "200", cwd=tmp_path)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "fingerprinting (2):" in out
    assert f"  canvas: {CLIENTJS_URL} (third party, necessary) — toDataURL" in out
    assert "interaction: pointer, scroll; no visible field to type into; waited" in out
    draft = tmp_path / "fingerprinted.test.privacy.yaml"
    text = draft.read_text(encoding="utf-8")
    (check,) = load_spec(draft).checks
    assert check.expect["fingerprinting"] == {"none_of": ["webgl", "audio"]}
    assert check.expect["session_recording"] == {"none": True}
    assert "keylogging" not in check.expect
    folded = " ".join(line.strip(" #") for line in text.splitlines())
    assert f"left out of the draft: fingerprinting: canvas: script {CLIENTJS_URL} " in folded
    assert "left out of the draft: fingerprinting: fonts: script" in folded
    assert "left out of the draft: keylogging: the page has no visible, enabled field" in folded
    run = run_spec(text)
    assert run.outcomes and set(run.outcomes.values()) == {"PASSED"}, run.text



def test_scan_of_a_clean_form_drafts_the_detection_kinds_and_the_draft_passes(
        tmp_path: Path, fixture_server: FixtureServer, run_spec) -> None:  # type: ignore[no-untyped-def]
    result = _scan("https://keylog.test/quiet/", "--cmp", "none", "--states", "before_consent",
                   "--privacy-host-map", fixture_server.host_map,
                   "--privacy-ignore-https-errors", "--privacy-settle", "200", cwd=tmp_path)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "fingerprinting: none seen" in out
    assert "typed into 'E-mail' (email), 'Your name' (name)" in out
    assert "  sent after typing: nothing" in out
    draft = tmp_path / "keylog.test.privacy.yaml"
    (check,) = load_spec(draft).checks
    assert check.expect["fingerprinting"] == {"none_of": ["canvas", "webgl", "audio", "fonts"]}
    assert check.expect["keylogging"] == {"none_of": ["analytics", "marketing"]}
    assert check.expect["session_recording"] == {"none": True}
    assert "consent_mode" not in check.expect  # no Google tag: nothing to promise
    run = run_spec(draft.read_text(encoding="utf-8"))
    assert run.outcomes and set(run.outcomes.values()) == {"PASSED"}, run.text
