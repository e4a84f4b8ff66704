"""Drift: --privacy-baseline FILE, --privacy-baseline-update and `no_new` under cookies,
requests and storage. Keys (pure), then a round trip in Chromium on a generated site: record,
an unchanged run passes, a new tracker fails naming it, a removed one is listed."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_privacy.baseline import Baseline, Entry, Row, changes, drift_key, observed
from pytest_privacy.checks import CheckContext, run_expectations
from pytest_privacy.classify import Classifier
from pytest_privacy.evidence import CookieRecord, Evidence, RequestRecord, StorageRecord
from pytest_privacy.fixtureserver import FixtureServer
from pytest_privacy.inventory import classify_evidence

SITES = Path(__file__).parent / "sites"
HOST = "drift.test"


def _evidence(host: str = "staging.shop.test") -> Evidence:
    ev = Evidence(url=f"https://{host}/", state="before_consent", final_url=f"https://{host}/")
    ev.cookies = [
        CookieRecord(name="sid", value="x", domain=host, path="/", expires=-1,
                     http_only=True, secure=True, same_site="Lax", phase="initial", seen_ms=1),
        CookieRecord(name="IDE", value="y", domain=".ads.doubleclick.net", path="/",
                     expires=-1, http_only=False, secure=True, same_site="None",
                     phase="initial", seen_ms=2, set_by="https://ads.doubleclick.net/px",
                     set_by_kind="response"),
    ]
    ev.requests = [RequestRecord(url=f"https://{host}/app.js", method="GET",
                                 resource_type="script", frame_url=ev.url, phase="initial",
                                 time_ms=1),
                   RequestRecord(url=f"https://static.{host.split('.', 1)[1]}/a.css",
                                 method="GET", resource_type="stylesheet", frame_url=ev.url,
                                 phase="initial", time_ms=2),
                   RequestRecord(url="https://ads.doubleclick.net/px", method="GET",
                                 resource_type="image", frame_url=ev.url, phase="initial",
                                 time_ms=3)]
    ev.storage = [StorageRecord(kind="local", origin=f"https://{host}", key="_hjid",
                                value="z", phase="initial")]
    return ev


def test_keys_leave_out_the_sites_own_host() -> None:
    ev = _evidence()
    inv = classify_evidence(ev, Classifier())
    keys = observed(inv, "staging.shop.test")
    assert set(keys["cookies"]) == {"sid (first party)", "IDE (third party, doubleclick.net)"}
    assert set(keys["requests"]) == {"static.(site)", "ads.doubleclick.net"}
    assert set(keys["storage"]) == {"_hjid"}
    assert keys["cookies"]["IDE (third party, doubleclick.net)"] == "marketing"
    # production: the same keys
    prod = observed(classify_evidence(_evidence("www.shop.test"), Classifier()), "www.shop.test")
    assert prod == keys
    assert drift_key(inv.requests[0], "staging.shop.test") is None


def _run(ev: Evidence, expect: dict[str, dict[str, object]], entry: Entry) -> list[str]:
    found = run_expectations(ev, expect, CheckContext(Classifier(), baseline=entry))
    return [f"{f.rule}: {f.message} {list(f.items)}" + (" INCONCLUSIVE" if f.inconclusive
                                                          else "") for f in found]


def test_no_new_rule() -> None:
    ev = _evidence()
    keys = observed(classify_evidence(ev, Classifier()), "staging.shop.test")
    expect: dict[str, dict[str, object]] = {"cookies": {"no_new": True},
                                            "requests": {"no_new": True},
                                            "storage": {"no_new": True}}
    assert _run(ev, expect, Entry("listed", keys)) == []
    assert _run(ev, expect, Entry("recording")) == []
    without = {**keys, "requests": {"static.(site)": "necessary"},
               "cookies": {"sid (first party)": "unknown"}}
    lines = _run(ev, expect, Entry("listed", without))
    assert len(lines) == 2
    assert "1 new request host(s), not in the baseline" in lines[1]
    assert "new: ads.doubleclick.net" in lines[1]
    assert "IDE (third party, doubleclick.net)" in lines[0]
    assert "marketing" in lines[0]
    assert "set by response https://ads.doubleclick.net/px" in lines[0]
    assert all("INCONCLUSIVE" in line for line in _run(ev, expect, Entry("none")))
    assert "lists nothing for this check, page and state" in _run(ev, {"storage": {"no_new": True}},
                                           Entry("unlisted"))[0]


def test_file_round_trip_and_changes(tmp_path: Path) -> None:
    row = Row("c", "/", "before_consent", {"cookies": {"a (first party)": "unknown"},
                                           "requests": {"t.test": "marketing"}, "storage": {}})
    path = tmp_path / "b.json"
    Baseline().updated([row]).write(path)
    loaded = Baseline.load(path)
    assert loaded.entry("c", "/", "before_consent") == Entry("listed", row.keys)
    assert loaded.entry("c", "/x", "before_consent").status == "unlisted"
    later = Row("c", "/", "before_consent", {"cookies": {}, "requests": {"t.test": "marketing",
                                                                        "u.test": "unknown"},
                                             "storage": {}})
    found = {(c.change, c.key) for c in changes(loaded, [later])}
    assert found == {("new", "u.test"), ("gone", "a (first party)")}
    path.write_text("{}")
    with pytest.raises(Exception, match="not a baseline file"):
        Baseline.load(path)


# --- round trip in Chromium -------------------------------------------------------------------

PAGE = ("<!doctype html><html><head><title>Drift</title></head><body><main><h1>Drift</h1>"
        "{pixels}</main></body></html>")
SPEC = f"""
version: 1
name: drift
site: {{base_url: "https://{HOST}", pages: [/]}}
consent: {{cmp: none}}
checks:
  - id: nothing-new
    claim: "We tell you before we add a tracker."
    expect:
      cookies: {{no_new: true}}
      requests: {{no_new: true}}
"""


def _pixels(root: Path, *hosts: str) -> None:
    tags = "".join(f"<img src='https://{h}/px' alt='' width='1' height='1'>" for h in hosts)
    (root / HOST / "index.html").write_text(PAGE.format(pixels=tags), encoding="utf-8")


@pytest.fixture
def drift_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, FixtureServer]]:
    root = tmp_path_factory.mktemp("driftsite")
    (root / HOST).mkdir()
    shutil.copytree(SITES / "ads.doubleclick.net", root / "ads.doubleclick.net")
    (root / "pixel.newtracker.test").mkdir()
    shutil.copy(SITES / "ads.doubleclick.net" / "px", root / "pixel.newtracker.test" / "px")
    (root / "pixel.newtracker.test" / "px.headers").write_text(
        "Content-Type: image/gif\nSet-Cookie: nt_uid=7; Domain=.newtracker.test; Path=/; "
        "Max-Age=3600; SameSite=None; Secure\n")
    _pixels(root, "ads.doubleclick.net")
    with FixtureServer(root) as server:
        yield root, server


def test_baseline_round_trip(run_spec, drift_site: tuple[Path, FixtureServer],  # type: ignore[no-untyped-def]
                             tmp_path: Path) -> None:
    root, server = drift_site
    baseline = tmp_path / "baseline.json"
    args = ("--privacy-baseline", str(baseline))

    run = run_spec(SPEC, *args, "--privacy-baseline-update", host_map=server.host_map)
    assert run.outcome("nothing-new[/]") == "PASSED", run.text
    run.result.stdout.fnmatch_lines([f"privacy: baseline {baseline} written: 2 new, 0 gone"])
    data = json.loads(baseline.read_text())
    [entry] = data["entries"]
    assert (entry["check"], entry["page"], entry["state"]) == ("nothing-new", "/",
                                                               "before_consent")
    assert entry["requests"] == {"ads.doubleclick.net": "marketing"}
    assert entry["cookies"] == {"IDE (third party, doubleclick.net)": "marketing"}

    unchanged = run_spec(SPEC, *args, host_map=server.host_map)
    assert unchanged.outcome("nothing-new[/]") == "PASSED", unchanged.text
    unchanged.result.stdout.fnmatch_lines([f"privacy: baseline {baseline} compared: 0 new, "
                                           "0 gone"])

    _pixels(root, "pixel.newtracker.test")  # a new tracker, and doubleclick gone
    report = tmp_path / "report.html"
    changed = run_spec(SPEC, *args, "--privacy-report", str(report), host_map=server.host_map)
    assert changed.outcome("nothing-new[/]") == "FAILED", changed.text
    changed.result.stdout.fnmatch_lines([
        "*cookies: no_new — 1 new cookie(s), not in the baseline*",
        "*new: nt_uid (third party, newtracker.test) — cookie nt_uid*set by response "
        "https://pixel.newtracker.test/px*",
        "*requests: no_new — 1 new request host(s), not in the baseline*",
        "*new: pixel.newtracker.test — GET https://pixel.newtracker.test/px (image)*",
        f"privacy: baseline {baseline} compared: 2 new, 2 gone",
        "    new  request host pixel.newtracker.test (unknown): check nothing-new on / "
        "(before_consent)",
        "    gone request host ads.doubleclick.net (marketing): check nothing-new on / "
        "(before_consent)",
    ])
    assert json.loads(baseline.read_text()) == data  # only an update writes it
    html = report.read_text()
    assert '<section id="drift"><h2>Against the baseline (2 new, 2 gone)</h2>' in html
    assert ("<td>gone</td><td>request host</td><td>ads.doubleclick.net</td>"
            "<td>marketing</td><td>nothing-new</td><td>/</td><td>before_consent</td>") in html


def test_no_new_without_a_baseline_is_an_error(run_spec, drift_site) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(SPEC, host_map=drift_site[1].host_map)
    assert run.outcome("nothing-new[/]") == "ERROR", run.text
    run.result.stdout.fnmatch_lines(["*no baseline to compare with; pass --privacy-baseline*"])


def test_missing_baseline_file_is_a_usage_error(run_spec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(SPEC, "--privacy-baseline", str(tmp_path / "none.json"))
    assert run.result.ret == pytest.ExitCode.USAGE_ERROR
    run.result.stderr.fnmatch_lines(["*none.json: cannot be read*--privacy-baseline-update*"])


def test_crawled_baseline_under_xdist(run_spec, drift_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two workers collect the same crawled pages (one discovers, the other reads its
    answer) and the controller alone writes the baseline of both workers' items."""
    root, server = drift_site
    for n in (1, 2, 3):
        (root / HOST / f"p{n}").mkdir(exist_ok=True)
        (root / HOST / f"p{n}" / "index.html").write_text(PAGE.format(pixels=f"Page {n}"))
    (root / HOST / "index.html").write_text(PAGE.format(pixels="".join(
        f"<a href='/p{n}/'>Page {n}</a>" for n in (1, 2, 3))))
    baseline = tmp_path / "baseline.json"
    spec = SPEC.replace("pages: [/]}", "pages: [/], crawl: {depth: 1}}")
    answers = set(Path(tempfile.gettempdir()).glob("pytest-privacy-pages-*"))
    run = run_spec(spec, "-n", "2", "--privacy-baseline", str(baseline),
                   "--privacy-baseline-update", host_map=server.host_map)
    run.result.assert_outcomes(passed=4)
    pages = sorted(e["page"] for e in json.loads(baseline.read_text())["entries"])
    assert pages == ["/", "/p1/", "/p2/", "/p3/"]
    assert sum(server.count(HOST, f"/p{n}/") for n in (1, 2, 3)) == 3 + 3  # 1 fetch + 1 visit
    assert set(Path(tempfile.gettempdir()).glob("pytest-privacy-pages-*")) == answers


def test_update_without_a_no_new_check_says_so(run_spec, drift_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = SPEC.replace("cookies: {no_new: true}\n      requests: {no_new: true}",
                        "cookies: {none_of: [analytics]}")
    baseline = tmp_path / "b.json"
    run = run_spec(spec, "--privacy-baseline", str(baseline), "--privacy-baseline-update",
                   host_map=drift_site[1].host_map)
    run.result.stdout.fnmatch_lines([f"privacy: baseline {baseline} not written: no item with "
                                     "no_new: true completed its visit"])
    assert not baseline.exists()
