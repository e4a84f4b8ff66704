"""How much of what real pages produce the classifier knows, and how much of it right (issue 16).

    .venv/bin/python benchmarks/classify.py                     # visit, then classify
    .venv/bin/python benchmarks/classify.py --keep DIR          # ... keeping the evidence
    PYTHONPATH=OTHER_CHECKOUT .venv/bin/python benchmarks/classify.py --from DIR
                                                                # another version, same evidence

Three sets of pages, each visited offline in headless Chromium through the fixture server:
- **sdks**: the eleven real SDKs from npm on tests/sites/sdks.test (scripts/setup.sh fetches
  them), each page loading one SDK as its documentation says;
- **demo**: the bundled demo shop, before consent and after accepting its banner;
- **fixtures**: the test suite's fixture sites that set cookies or load trackers (CMP records
  included).
Items: every cookie (name, domain, setter), every storage key and every host other than the
page's own that it reached (third parties, and the site's other subdomains such as a
CNAME-cloaked collector), each counted once per page. "Unknowable": what no knowledge can have (the
site's own cookies and storage, the fixtures' invented host names), whose right answer is
`unknown`. "Classified": the share of the other items given any category but `unknown`.
"Right": the share of all items given the right category (for unknowables: `unknown`). The
labels are the project's own, from what each SDK and fixture is (an SDK's hosts and what its
script writes take the SDK's category; consent records are necessary): SDK_CATEGORY and
SDK_EXCEPTIONS below, and classify_labels.json for the demo and fixture sites. An item
without a label counts as wrong, so the shares never flatter.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_privacy.classify import Classifier

ROOT = Path(__file__).resolve().parent.parent  # the fixture sites; the package is imported

SDK_PAGES = ["mixpanel", "posthog", "amplitude", "segment", "rudderstack", "clarity", "datadog",
             "logrocket", "statsig", "snowplow", "customerio", "index"]
FIXTURE_PAGES = ["https://clean.test/", "https://tracked.test/", "https://consent.test/kept/",
                 "https://gpp.test/", "https://userdb.test/", "https://framed.test/",
                 "https://leftover.test/", "https://scan.test/", "https://widget.test/ad.html",
                 *(f"https://cmps.test/{c}/" for c in ("cookiebot", "didomi", "klaro",
                                                         "onetrust", "tcf", "usercentrics"))]
DEMO_PAGES = ["https://shop.demo.test/", "https://shop.demo.test/products/1"]

# The right category of what the pages produce: (kind, name or host) -> category; "*" as the
# name: every item of that kind on the page set. Per SDK page, everything the SDK writes or
# reaches is the SDK's category.
SDK_CATEGORY = {page: "analytics" for page in SDK_PAGES}
SDK_CATEGORY["customerio"] = "marketing"  # Customer.io: marketing automation
SDK_CATEGORY["index"] = ""
SDK_EXCEPTIONS = {
    ("host", "cloudflare-dns.com"): "necessary",  # a DNS-over-HTTPS resolver (Statsig's probe)
    ("host", "cdn.jsdelivr.net", "index"): "necessary",  # jQuery, on the page without an SDK
    ("cookie", "cookieyes-consent"): "necessary",  # a consent record
    # Customer.io's SDK is Segment's: its ajs_ cookies are analytics identifiers
    ("cookie", "ajs_anonymous_id"): "analytics", ("storage", "ajs_anonymous_id"): "analytics",
    ("storage", "ajs_user_id"): "analytics",
}
# What no knowledge can have (the site's own cookies, invented fixture hosts): "unknown" is
# the right answer, and these items are left out of the "classified" share.
OWN = {("cookie", "cart_id"), ("storage", "shop_recently_viewed")}
FIXTURE_LABELS: dict[tuple[str, str], str] = {}  # filled from classify_labels.json
LABELS_FILE = Path(__file__).with_name("classify_labels.json")


@dataclass(frozen=True)
class Item:
    pages: str  # sdks, demo, fixtures
    page: str
    kind: str  # cookie, storage, host
    name: str
    domain: str = ""
    set_by: str | None = None
    set_by_kind: str | None = None


def visit(out: Path) -> None:
    """Visit every page and keep its evidence as JSON in `out`."""
    from pytest_privacy.browser.provider import find_system_chromium
    from pytest_privacy.browser.runner import Visits
    from pytest_privacy.browser.visit import VisitKey
    from pytest_privacy.fixtureserver import FixtureServer
    from pytest_privacy.options import PrivacyConfig
    from pytest_privacy.spec.model import PRESETS, ConsentConfig, State

    none = ConsentConfig(cmp="none")
    demo = ConsentConfig(cmp="selectors", banner="#cookie-banner", accept="#accept-all",
                         reject="#reject-all")
    plans = {
        ("sdks", ROOT / "tests" / "sites"): [
            (f"https://sdks.test/{p}.html", "before_consent", none) for p in SDK_PAGES],
        ("fixtures", ROOT / "tests" / "sites"): [
            (url, "before_consent", ConsentConfig(cmp="auto")) for url in FIXTURE_PAGES],
        ("demo", ROOT / "pytest_privacy" / "demo" / "site"): [
            (url, state, demo) for url in DEMO_PAGES
            for state in ("before_consent", "after_accept")],
    }
    out.mkdir(parents=True, exist_ok=True)
    for (name, root), pages in plans.items():
        with FixtureServer(root) as server:
            cfg = PrivacyConfig(host_map=server.host_map, ignore_https_errors=True,
                                settle_ms=500, browser_path=find_system_chromium(headless=True))
            visits = Visits(cfg)
            try:
                keys = []
                for url, state, consent in pages:
                    key = VisitKey(url=url, state=State(*PRESETS[state]), consent=consent)
                    visits.plan(key)
                    keys.append((url, state, key))
                for number, (url, state, key) in enumerate(keys):
                    try:
                        evidence = visits.get(key)
                    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
                        print(f"  {url} ({state}): not visited: {exc}", file=sys.stderr)
                        continue
                    data = json.loads(evidence.to_json())
                    data["benchmark"] = {"pages": name, "state": state}
                    (out / f"{name}-{number:02d}.json").write_text(json.dumps(data), "utf-8")
            finally:
                visits.close()


def items(folder: Path) -> Iterator[Item]:
    for path in sorted(folder.glob("*.json")):
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
        pages, url = data["benchmark"]["pages"], data["url"]
        page = url.rsplit("/", 1)[-1].removesuffix(".html") if pages == "sdks" else url
        site = url.split("/")[2]
        seen: set[tuple[str, str]] = set()
        for cookie in data["cookies"]:
            if ("cookie", cookie["name"]) not in seen:
                seen.add(("cookie", cookie["name"]))
                yield Item(pages, page, "cookie", cookie["name"], cookie["domain"],
                           cookie.get("set_by"), cookie.get("set_by_kind"))
        for entry in data["storage"]:
            if ("storage", entry["key"]) not in seen:
                seen.add(("storage", entry["key"]))
                yield Item(pages, page, "storage", entry["key"], set_by=entry.get("set_by"))
        for request in data["requests"]:
            host = request["url"].split("/")[2] if "://" in request["url"] else ""
            if host and host != site and ("host", host) not in seen:
                seen.add(("host", host))
                yield Item(pages, page, "host", request["url"])


def classify(classifier: Classifier, item: Item, site: str) -> str:
    """The category this version of the package gives (older versions lack set_by)."""
    if item.kind == "host":
        return classifier.request(item.name, site, "script").category
    try:
        if item.kind == "cookie":
            return classifier.cookie(item.name, item.domain, site, set_by=item.set_by,
                                     set_by_kind=item.set_by_kind).category
        return classifier.storage(item.name, set_by=item.set_by, site_host=site).category
    except TypeError:  # a version before the setter was known
        if item.kind == "cookie":
            return classifier.cookie(item.name, item.domain, site).category
        return classifier.storage(item.name).category


def expected(item: Item) -> str | None:
    """The right category, '' for 'unknown is right', None when no label says."""
    name = item.name.split("/")[2] if item.kind == "host" else item.name
    if (item.kind, name) in OWN:
        return ""
    if item.pages == "sdks":
        for key in ((item.kind, name, item.page), (item.kind, name)):
            if key in SDK_EXCEPTIONS:
                return SDK_EXCEPTIONS[key]
        return SDK_CATEGORY[item.page] or None
    label = FIXTURE_LABELS.get((item.kind, name))
    return "" if label == "unknown" else label


def measure(folder: Path) -> dict[str, dict[str, float]]:
    if LABELS_FILE.exists():
        for row in json.loads(LABELS_FILE.read_text("utf-8"))["labels"]:
            FIXTURE_LABELS[(row["kind"], row["name"])] = row["category"]
    classifier = Classifier()
    table: dict[str, dict[str, float]] = {}
    wrong: list[str] = []
    for item in items(folder):
        site = "sdks.test" if item.pages == "sdks" else item.page.split("/")[2]
        got = classify(classifier, item, site)
        want = expected(item)
        row = table.setdefault(item.pages, {"items": 0, "classified": 0, "right": 0,
                                            "own": 0})
        row["items"] += 1
        if want == "":
            row["own"] += 1
            row["right"] += got == "unknown"
            continue
        row["classified"] += got != "unknown"
        row["right"] += got == want
        if got != want:
            wrong.append(f"  {item.pages}: {item.kind} {item.name[:90]} -> {got}, "
                         f"expected {want or 'no label'}")
    for line in wrong:
        print(line)
    return table


def report(table: dict[str, dict[str, float]]) -> None:
    print(f"{'pages':<10} {'items':>6} {'unknowable':>11} {'classified':>11} {'right':>7}")
    total = {"items": 0.0, "classified": 0.0, "right": 0.0, "own": 0.0}
    for name in ("sdks", "demo", "fixtures"):
        row = table.get(name)
        if not row:
            continue
        for key in total:
            total[key] += row[key]
        _line(name, row)
    _line("all", total)


def _line(name: str, row: dict[str, float]) -> None:
    knowable = row["items"] - row["own"]
    print(f"{name:<10} {int(row['items']):>6} {int(row['own']):>11} "
          f"{row['classified'] / knowable:>10.0%} {row['right'] / row['items']:>7.0%}")


def knowledge_size() -> str:
    from pytest_privacy.classify.knowledge import (
        builtin,
        builtin_patterns,
        known_data,
        open_cookie_database,
    )

    data = known_data()
    patterns = builtin_patterns().patterns
    return (f"knowledge: hand-kept {len(data['cookies'])} cookies, {len(data['storage'])} "
            f"storage keys, {len(data['domains'])} domains ({len(builtin()[0].cookies)} "
            f"consent records pinned); catalogue: {len(patterns.cookies)} cookie and "
            f"{len(patterns.storage)} storage name formats, {len(patterns.hosts)} host globs, "
            f"{len(patterns.urls)} URL signatures; Open Cookie Database "
            f"{len(open_cookie_database().cookies)} names")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the evidence in this folder")
    parser.add_argument("--from", dest="source", type=Path,
                        help="classify the evidence kept by an earlier run (no visits)")
    args = parser.parse_args()
    if args.source:
        folder = args.source
    else:
        folder = args.keep or Path(tempfile.mkdtemp(prefix="classify-bench-"))
        visit(folder)
    report(measure(folder))
    try:
        print(knowledge_size())
    except ImportError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
