"""Consent banners: how many of the suite's consent fixtures `cmp: auto` detects, accepts and
rejects, and what a page without any banner costs before and after the early "no banner".

    .venv/bin/python benchmarks/consent.py                  # every fixture, autoconsent if found
    .venv/bin/python benchmarks/consent.py --no-autoconsent # adapters and the general engine
    .venv/bin/python benchmarks/consent.py --json out.json

Offline: the fixture server serves tests/sites (scripts/setup.sh fetches the real open-source
consent managers first). Each fixture is visited three times in a fresh context: observe the
banner, accept, reject. A fixture that offers no refusal ("Got it" only) counts as a reject
success when the harness refuses with the "no refusal" error (it must, per the contract).
"No banner" is timed on visitor.test/none/ with the early decision (after) and with it
turned off (before: the whole --privacy-banner-timeout, 8 s by default).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import Browser, async_playwright  # noqa: E402

from pytest_privacy.browser.provider import (  # noqa: E402
    VISITOR_FLAGS,
    find_system_chromium,
    visitor_user_agent,
)
from pytest_privacy.consent import autoconsent, engine, operate  # noqa: E402
from pytest_privacy.errors import VisitError  # noqa: E402
from pytest_privacy.fixtureserver import FixtureServer  # noqa: E402
from pytest_privacy.spec.model import ConsentConfig  # noqa: E402

# (url, what its reject should do: "reject" or "refuse" (no refusal offered))
FIXTURES = [
    *[(f"https://cmps.test/{cmp}/{variant}", "reject")
      for cmp in ("onetrust", "cookiebot", "didomi", "usercentrics", "tcf", "klaro",
                  "cookieyes", "complianz")
      for variant in ("", "bad/")],
    ("https://cmps.test/onetrust/second-layer/", "reject"),
    ("https://scan.test/", "reject"),
    ("https://consent.test/kept/", "reject"),
    ("https://consent.test/sticky/", "reject"),
    *[(f"https://oss.test/{lib}/{variant}", "reject")
      for lib in ("vanilla", "tarteaucitron", "osano", "orejime", "eubanner")
      for variant in ("", "bad/", "changed/") if (lib, variant) != ("osano", "changed/")],
    ("https://oss.test/osano/changed/", "refuse"),
    ("https://visitor.test/shy/", "reject"),
    ("https://visitor.test/late/", "reject"),
    ("https://visitor.test/late-handlers/", "reject"),
    *[(f"https://cmps-b.test/{cmp}/{variant}", "reject")
      for cmp in ("iubenda", "axeptio", "termly", "cookiescript") for variant in ("", "bad/")],
    *[(f"https://cmps-a.test/{cmp}/{variant}", "reject")
      for cmp in ("trustarc", "quantcast", "sourcepoint", "osano")
      for variant in ("", "bad/")],
    ("https://cmps-a.test/quantcast/no-disagree/", "reject"),
    *[(f"https://cmps-c.test/{cmp}/{variant}", "reject")
      for cmp in ("borlabs", "consentmanager", "ketch", "transcend")
      for variant in ("", "bad/")],
    ("https://cmps-c.test/consentmanager/save-only/", "reject"),
    # real managers in the site's language, and one in a cross-origin consent frame
    *[(f"https://oss.test/{site}/{variant}", "reject")
      for site in ("klaro-de", "vanilla-fr", "tarteaucitron-it", "osano-pl", "framed")
      for variant in ("", "bad/")],
]
BANNER_MS = 8000


@dataclass
class Row:
    url: str
    detected: bool
    detected_by: str
    accept: str  # "ok" or the error
    reject: str
    accept_path: str = ""
    reject_path: str = ""


async def _visit(browser: Browser, url: str, agent: str) -> tuple[object, object]:
    context = await browser.new_context(ignore_https_errors=True, user_agent=agent or None)
    page = await context.new_page()
    await page.goto(url, wait_until="load")
    return context, page


async def measure(browser: Browser, url: str, expect: str, agent: str,
                  autoconsent_dir: str | None) -> Row:
    consent = ConsentConfig(cmp="auto")
    context, page = await _visit(browser, url, agent)
    banner = await operate.observe_banner(page, consent, BANNER_MS)  # type: ignore[arg-type]
    await context.close()  # type: ignore[attr-defined]
    row = Row(url, banner.visible, banner.detected_by, "", "")
    for action in ("accept", "reject"):
        context, page = await _visit(browser, url, agent)
        started = time.monotonic()
        try:
            done = await operate.perform_consent(page, action, consent,  # type: ignore[arg-type]
                                                 started, BANNER_MS, autoconsent_dir)
            outcome, path = "ok", done.path
        except VisitError as exc:
            refused = "offers no refusal" in str(exc)
            outcome = "ok (refused: no refusal offered)" if refused and expect == "refuse" \
                else f"error: {str(exc)[:160]}"
            path = ""
        await context.close()  # type: ignore[attr-defined]
        setattr(row, action, outcome)
        setattr(row, f"{action}_path", path)
    return row


async def no_banner_ms(browser: Browser, agent: str, early: bool) -> float:
    """ms that observing the banner costs on a page without any consent machinery."""
    original = engine.nothing_there
    if not early:
        engine.nothing_there = lambda scans: False  # the old behaviour: wait it out
    try:
        context, page = await _visit(browser, "https://visitor.test/none/", agent)
        started = time.monotonic()
        banner = await operate.observe_banner(page, ConsentConfig(cmp="auto"),  # type: ignore
                                              BANNER_MS)
        took = (time.monotonic() - started) * 1000
        assert not banner.visible
        await context.close()  # type: ignore[attr-defined]
        return round(took)
    finally:
        engine.nothing_there = original


async def main(args: argparse.Namespace) -> dict[str, object]:
    autoconsent_dir = None if args.no_autoconsent else autoconsent.discover(ROOT)
    with FixtureServer(ROOT / "tests" / "sites") as server:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=find_system_chromium(headless=True),
                args=[f"--host-resolver-rules={server.host_map}", *VISITOR_FLAGS])
            agent = await visitor_user_agent(browser) or ""
            rows = [await measure(browser, url, expect, agent, autoconsent_dir)
                    for url, expect in FIXTURES]
            before = await no_banner_ms(browser, agent, early=False)
            after = await no_banner_ms(browser, agent, early=True)
            await browser.close()
    total = len(rows)
    summary = {
        "fixtures": total,
        "autoconsent": autoconsent_dir or "not used",
        "detected": sum(r.detected for r in rows),
        "accepted": sum(r.accept.startswith("ok") for r in rows),
        "rejected": sum(r.reject.startswith("ok") for r in rows),
        "no_banner_ms_before": before,
        "no_banner_ms_after": after,
        "rows": [asdict(r) for r in rows],
    }
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-autoconsent", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    result = asyncio.run(main(args))
    for row in result["rows"]:  # type: ignore[attr-defined]
        print(f"{row['url']:<45} detected={row['detected']!s:<5} accept={row['accept'][:60]}"
              f" [{row['accept_path']}]  reject={row['reject'][:60]} [{row['reject_path']}]")
    n = result["fixtures"]
    print(f"\ndetected {result['detected']}/{n}, accepted {result['accepted']}/{n}, "
          f"rejected {result['rejected']}/{n}")
    print(f"a page without any banner: {result['no_banner_ms_before']} ms before, "
          f"{result['no_banner_ms_after']} ms after")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
