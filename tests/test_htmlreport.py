"""The HTML report: pure rendering checks, then the file opened in a real headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from pytest_privacy.classify import Classifier
from pytest_privacy.evidence import (
    BannerRecord,
    ConsentAction,
    CookieRecord,
    Evidence,
    FieldRecord,
    FingerprintRecord,
    InteractionRecord,
    LinkRecord,
    RequestRecord,
    SentRecord,
    StorageRecord,
)
from pytest_privacy.htmlreport import MAX_ROWS, ItemResult, VisitEntry, render_report, write_report

SECRET = "s3cr3t-VALUE-123"
IMG_XSS = "<img src=x onerror=alert(1)>"
SCRIPT_XSS = "<script>window.__pwned=1</script>"
# A 1×1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


def cookie(name: str, domain: str = "shop.test", value: str = "v", phase: str = "initial",
           set_by: str | None = None, seen_ms: float = 1.0) -> CookieRecord:
    return CookieRecord(name=name, domain=domain, path="/", value=value, secure=True,
                        http_only=False, same_site="Lax", expires=-1, phase=phase,
                        seen_ms=seen_ms, set_by=set_by,
                        set_by_kind="script" if set_by else None)


def request(url: str, phase: str = "initial", status: int | None = 200,
            time_ms: float = 1.0) -> RequestRecord:
    return RequestRecord(url=url, method="GET", resource_type="script", frame_url="",
                         phase=phase, time_ms=time_ms, status=status)


def evidence(state: str = "before_consent", **kwargs: object) -> Evidence:
    return Evidence(url="https://shop.test/", state=state, final_url="https://shop.test/",
                    status=200, **kwargs)  # type: ignore[arg-type]


UID = "uid-VALUE-987654"  # a cookie value that the page then sends while the visitor types
FP_SCRIPT = "https://fp.vendor.test/fp.js"
CANARY = "canary.k7@example.com"


def detections() -> Evidence:
    """A visit with fingerprinting records and an interaction (what the four detection kinds
    read), carrying page data to escape and a cookie value to redact."""
    return evidence(
        cookies=[cookie("uid", value=UID)],
        fingerprinting=[
            FingerprintRecord(FP_SCRIPT, "canvas", f"toDataURL of a 240x60 canvas {IMG_XSS}",
                              "https://shop.test/", "initial"),
            FingerprintRecord("https://shop.test/", "fonts",
                              "text measured in 50 or more font families",
                              "https://shop.test/", "initial")],
        interaction=InteractionRecord(
            started_ms=2000.0, typing_ms=2150.0, waited_ms=2500.0,
            fields=[FieldRecord(f"E-mail {SCRIPT_XSS}", "email", CANARY),
                    FieldRecord("Phone", "tel", "+1 555 0100 731",
                                frame_url="https://forms.widget.test/signup")],
            sent=[SentRecord("request", f"https://www.google-analytics.com/g/collect?uid={UID}",
                             method="POST", body=f'{{"uid":"{UID}","em":"{CANARY}",'
                             f'"note":"{IMG_XSS}"}}', resource_type="xhr",
                             script="https://www.googletagmanager.com/gtag/js"),
                  SentRecord("beacon", "https://shop.test/log", body="x", resource_type="ping"),
                  SentRecord("websocket", "wss://shop.test/live", body="hello",
                             after_typing=False)]))


def sample() -> tuple[list[VisitEntry], list[ItemResult]]:
    classifier = Classifier()
    first = evidence(
        title=f"Shop {SCRIPT_XSS}",
        cookies=[cookie("session_id", value=SECRET),
                 cookie("_fbp", set_by="https://connect.facebook.net/en_US/fbevents.js"),
                 cookie(IMG_XSS, value="x"), cookie(SCRIPT_XSS, value="y")],
        requests=[request("https://shop.test/app.js"),
                  request("https://www.google-analytics.com/collect?v=1"),
                  request("https://connect.facebook.net/en_US/fbevents.js")],
        storage=[StorageRecord(kind="local", origin="https://shop.test", key="cart",
                               value=SECRET, phase="initial")],
        links=[LinkRecord(text="Privacy Policy", href="https://shop.test/privacy",
                          scopes=["footer"], status=200),
               LinkRecord(text="Evil", href="javascript:window.__pwned=1")],
        console_errors=[f"Uncaught {IMG_XSS}"],
        banner=BannerRecord(visible=True, adapter="onetrust", has_reject=True),
        timings={"initial_ms": 812.4, "visit_ms": 1900.0},
        problems={"footer": "'footer' matched nothing"},
    )
    # Before the click at 1200 ms: the page, Google Analytics and its cookie; after it (the
    # page loaded again): the page and the consent manager's own record.
    after = evidence(
        state="after_reject",
        cookies=[cookie("_ga", phase="initial", seen_ms=350.0),
                 cookie("OptanonConsent", phase="after_consent", seen_ms=1300.0)],
        requests=[request("https://shop.test/", time_ms=100.0),
                  request("https://www.google-analytics.com/g/collect", time_ms=300.0),
                  request("https://shop.test/", phase="after_consent", time_ms=1500.0),
                  request("https://shop.test/app.js", phase="after_consent", time_ms=1800.0)],
        consent=ConsentAction(action="reject", adapter="onetrust", clicked="Reject All",
                              page="https://shop.test/", layer=1, at_ms=1200.0),
    )
    visits = [
        VisitEntry(1, "https://shop.test/", "before_consent", first, None, classifier,
                   screenshot=PNG, artifacts=["privacy-evidence/visit-1.json"], seconds=2.5),
        VisitEntry(2, "https://shop.test/", "after_reject", after, None, classifier,
                   screenshot=PNG),
        VisitEntry(3, "https://shop.test/broken", "before_consent", None,
                   f"https://shop.test/broken answered 500 {SCRIPT_XSS}.", classifier),
        VisitEntry(4, "https://shop.test/signup", "before_consent", detections(), None,
                   classifier),
    ]
    items = [
        ItemResult("spec.yaml::no-ads[/]", "no-ads",
                   "We only set advertising cookies after you agree.", "Shop policy",
                   "https://shop.test/privacy", "https://shop.test/", "before_consent", "failed",
                   "Broken:   cookies: none_of ['marketing'] — 1 cookie(s)\n"
                   f"  - cookie _fbp … {IMG_XSS}", 1),
        ItemResult("spec.yaml::reject[/]", "reject", "Reject means reject.", "Shop policy",
                   "https://shop.test/privacy", "https://shop.test/", "after_reject",
                   "passed", "", 2),
        ItemResult("spec.yaml::no-ads[/broken]", "no-ads",
                   "We only set advertising cookies after you agree.", "Shop policy",
                   "javascript:alert(1)", "https://shop.test/broken", "before_consent", "error",
                   "VisitError: https://shop.test/broken answered 500.", 3),
    ]
    return visits, items


# --- pure -------------------------------------------------------------------------------------

def test_loads_nothing_from_anywhere() -> None:
    visits, items = sample()
    page = render_report("Report", visits, items)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"\bsrc\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"@import|url\(", page, re.I)
    assert "default-src 'none'" in page


def test_values_are_redacted_unless_asked_for() -> None:
    visits, items = sample()
    page = render_report("Report", visits, items)
    assert SECRET not in page
    assert f"&lt;redacted: {len(SECRET)} chars&gt;" in page
    assert "<!-- pytest-privacy report. Cookie and storage values are redacted" in page
    shown = render_report("Report", visits, items, show_values=True)
    assert shown.count(SECRET) == 2  # the cookie and the storage item
    assert "SHOWN" in shown


def test_page_data_is_escaped_and_only_http_links_are_links() -> None:
    visits, items = sample()
    page = render_report("Report", visits, items)
    assert SCRIPT_XSS not in page and IMG_XSS not in page
    assert html_escaped(SCRIPT_XSS) in page and html_escaped(IMG_XSS) in page
    assert 'href="javascript:' not in page
    assert "javascript:window.__pwned=1" in page  # shown as text
    assert '<a href="https://shop.test/privacy" rel="noopener noreferrer">' in page


def test_tables_are_capped_and_tracking_comes_first() -> None:
    many = [request(f"https://shop.test/img/{n}.png") for n in range(MAX_ROWS + 20)]
    many.append(request("https://www.google-analytics.com/collect"))
    visits = [VisitEntry(1, "https://shop.test/", "before_consent", evidence(requests=many),
                         None, Classifier())]
    page = render_report("Report", visits, [])
    assert "… and 21 more (see the evidence file)" in page
    table = page[page.index("Requests ("):]
    assert table.index("google-analytics.com") < table.index("/img/0.png")


def test_fingerprinting_and_interaction_sections_escaped_and_redacted() -> None:
    visits, items = sample()
    page = render_report("Report", visits, items)
    visit4 = page[page.index('id="visit-4"'):]
    assert "<h4>Fingerprinting (2)</h4>" in visit4
    assert "<h4>Fields typed into (2; never submitted)</h4>" in visit4
    assert "<h4>Sent after typing began (2)</h4>" in visit4
    assert "1 more sent during the interaction before the first key was typed" in visit4
    assert html_escaped(f"toDataURL of a 240x60 canvas {IMG_XSS}") in visit4
    assert html_escaped(f"E-mail {SCRIPT_XSS}") in visit4
    assert IMG_XSS not in page and SCRIPT_XSS not in page
    assert UID not in page and f"&lt;redacted: {len(UID)} chars&gt;" in visit4
    assert CANARY in visit4  # the harness's made-up value, not the visitor's: shown
    others = page[page.index('id="visit-1"'):page.index('id="visit-4"')]  # recorded neither
    assert "Fingerprinting (" not in others and "Fields typed into" not in others
    shown = render_report("Report", visits, items, show_values=True)
    assert shown.count(UID) == 4  # the cookie, the URL (link and text) and the body


def test_screenshots_of_passing_visits_are_left_out_unless_asked() -> None:
    visits, items = sample()  # visit 1 has a failed item, visit 2 only a passed one
    page = render_report("Report", visits, items)
    assert page.count("data:image/png;base64,") == 1
    visit2 = page[page.index('id="visit-2"'):page.index('id="visit-3"')]
    assert "data:image/png" not in visit2 and "Screenshot not embedded" in visit2
    everything = render_report("Report", visits, items, screenshots="all")
    assert everything.count("data:image/png;base64,") == 2


def test_write_report_creates_folders(tmp_path: Path) -> None:
    visits, items = sample()
    path = tmp_path / "deep" / "er" / "report.html"
    write_report(path, "Report", visits, items, generated="2026-01-01 12:00")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Generated 2026-01-01 12:00" in text


def html_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;").replace("'", "&#x27;")


# --- in a real browser ------------------------------------------------------------------------

def _executable(default: str) -> str | None:
    """Playwright's own Chromium when installed, else the system's (as the provider does)."""
    if Path(default).exists():
        return None
    try:
        from pytest_privacy.browser.provider import find_system_chromium
        found = find_system_chromium(headless=True)
    except ImportError:
        found = shutil.which("chromium") or shutil.which("google-chrome")
    if found is None:
        pytest.skip("no Chromium: install one (python -m playwright install chromium)")
    return found


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as pw:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        browser = pw.chromium.launch(executable_path=_executable(pw.chromium.executable_path),
                                     headless=True, args=args)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    visits, items = sample()
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(path, "Shop privacy report", visits, items)
    return path


@pytest.fixture(scope="module")
def opened(chromium: Browser, report_file: Path) -> Iterator[tuple[Page, list[str], list[str]]]:
    context = chromium.new_context()
    page = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # let any onerror handler that could fire, fire
    try:
        yield page, requests, dialogs
    finally:
        context.close()


def test_report_renders_in_chromium(opened: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = opened
    assert page.title() == "Shop privacy report"
    failures = page.locator("#failures").inner_text()
    assert "We only set advertising cookies after you agree." in failures
    assert "Reject means reject." not in failures
    assert page.locator("#verdicts tbody tr").count() == 3
    assert page.locator("#visit-3").inner_text().count("could not be completed") == 1
    shot = page.locator("#visit-1 img.shot")
    assert shot.evaluate("img => img.complete && img.naturalWidth") == 1
    # the failure links to its visit section
    assert page.locator("#failures a[href='#visit-1']").count() == 1


def test_tables_have_the_expected_rows(opened: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = opened
    tables = page.locator("#visit-1 table")
    cookies = tables.nth(0).locator("tbody tr")
    assert cookies.count() == 4
    assert "_fbp" in cookies.nth(0).inner_text()  # not strictly necessary first
    assert "marketing" in cookies.nth(0).inner_text()
    requests = tables.nth(1).locator("tbody tr")
    assert requests.count() == 3
    assert "shop.test/app.js" in requests.nth(2).inner_text()  # first party, necessary: last
    assert tables.nth(2).locator("tbody tr").count() == 1  # storage
    # after the reject, the cookie set before it is marked as not counted
    after = page.locator("#visit-2 table").nth(0).inner_text()
    assert "not counted" in after and "OptanonConsent" in after
    assert "Reject All" in page.locator("#visit-2").inner_text()


def test_page_data_is_text_and_nothing_ran(opened: tuple[Page, list[str], list[str]]) -> None:
    page, _, dialogs = opened
    names = page.locator("#visit-1 table").nth(0).locator("tbody tr td:first-child")
    texts = [names.nth(n).inner_text() for n in range(names.count())]
    assert IMG_XSS in texts and SCRIPT_XSS in texts
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.locator("#visit-1 img:not(.shot)").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert SECRET not in page.content()


def test_nothing_but_the_file_is_loaded(opened: tuple[Page, list[str], list[str]]) -> None:
    _, requests, _ = opened
    assert requests, "the report itself should be seen as a request"
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []


def test_timeline_renders_its_marks_and_the_click(
        opened: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = opened
    svg = page.locator("#visit-2 svg.timeline")
    assert svg.count() == 1
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 40
    marks = svg.locator(".tl-mark")
    assert svg.locator("circle.tl-mark[data-kind=request]").count() == 4
    assert svg.locator("rect.tl-mark[data-kind=cookie]").count() == 2
    lanes = svg.locator("text.tl-label").all_text_contents()
    assert lanes == ["necessary", "analytics"]  # the taxonomy's order, only what was seen

    def centre_x(selector: str) -> list[float]:
        found = []
        for n in range(svg.locator(selector).count()):
            rect = svg.locator(selector).nth(n).bounding_box()
            assert rect is not None and rect["width"] > 0  # drawn, not just present
            found.append(rect["x"] + rect["width"] / 2)
        return found

    before = centre_x(".tl-mark[data-phase=initial]")
    after = centre_x(".tl-mark[data-phase=after_consent]")
    (click,) = centre_x("line.tl-click")
    assert len(before) == 3 and len(after) == 3 and marks.count() == 6
    assert max(before) < click < min(after)
    assert "Reject All" in (svg.locator("text.tl-click-label").text_content() or "")
    # the report's stylesheet (allowed by its CSP hash) colours the marks by category
    ga = svg.locator(".tl-mark[data-category=analytics]").first
    assert ga.evaluate("e => getComputedStyle(e).fill") == "rgb(239, 108, 0)"
    assert ga.evaluate("e => getComputedStyle(e).fillOpacity") == "0.15"  # not counted
    # a visit without a consent action: marks, no click
    first = page.locator("#visit-1 svg.timeline")
    assert first.locator(".tl-mark").count() == 3 + 4
    assert first.locator(".tl-click").count() == 0


def test_detection_sections_render_as_tables(
        opened: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = opened
    visit = page.locator("#visit-4")
    tables = visit.locator("table")
    fingerprinting = next(tables.nth(n) for n in range(tables.count())
                          if "Technique" in tables.nth(n).locator("thead").inner_text())
    rows = fingerprinting.locator("tbody tr")
    assert rows.count() == 2
    first = rows.nth(0).inner_text()  # third party before first party
    assert FP_SCRIPT in first and "third party" in first and "canvas" in first
    assert IMG_XSS in first  # page data shown as text
    assert "first party" in rows.nth(1).inner_text() and "fonts" in rows.nth(1).inner_text()
    text = visit.inner_text()
    assert f"E-mail {SCRIPT_XSS}" in text and CANARY in text
    assert "forms.widget.test" in text
    sent = next(tables.nth(n) for n in range(tables.count())
                if "Sent by" in tables.nth(n).locator("thead").inner_text())
    sent_rows = sent.locator("tbody tr")
    assert sent_rows.count() == 2
    analytics = sent_rows.nth(0).inner_text()
    assert "POST" in analytics and "www.google-analytics.com" in analytics
    assert "analytics" in analytics and "3rd party" in analytics
    assert "sendBeacon" in sent_rows.nth(1).inner_text()
    assert UID not in page.content()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_a_passing_visit_has_no_screenshot_embedded(
        opened: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = opened
    assert page.locator("#visit-1 img.shot").count() == 1  # its check failed
    assert page.locator("#visit-2 img.shot").count() == 0
    assert page.locator("img[src^='data:image/png']").count() == 1
    assert "Screenshot not embedded" in page.locator("#visit-2").inner_text()


def test_filter_box_works_with_the_inline_script(
        opened: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = opened
    box = page.locator("#filter")
    assert box.is_visible()  # the inline script ran: the CSP hash matches
    box.fill("Reject means")
    assert page.locator("#verdicts tbody tr:visible").count() == 1
    box.fill("")
    assert page.locator("#verdicts tbody tr:visible").count() == 3
