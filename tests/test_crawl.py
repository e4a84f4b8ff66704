"""More pages (site.crawl, site.sitemap): discovery on hand-made answers (pure), then a
generated fixture site crawled at collection by a real Chromium through the host map."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from pytest_privacy.discover import (
    REDIRECTED,
    DiscoveryError,
    Fetched,
    Robots,
    dangerous,
    discover,
    links_of,
    sitemap_locations,
)
from pytest_privacy.fixtureserver import FixtureServer
from pytest_privacy.spec.model import CrawlSpec

HOST = "crawl.test"
SITE = f"https://{HOST}"
PAGES = 30  # /p/N/: 1-10 linked from the home page, 11-20 from those, 21-30 in the sitemap
SMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><main><h1>{title}</h1>{body}</main></body></html>")


def write_site(root: Path) -> None:
    """The generated crawl.test: a home page whose links lead to the numbered pages, the
    ones that must never be followed (log out, delete, sign out by its text, robots-disallowed,
    another site, a PDF, a fragment of itself), a sitemap index of two sitemaps, robots.txt."""
    site = root / HOST
    links = "".join(f"<a href='/p/{n}/'>Page {n}</a> " for n in range(1, 11))
    links += ("<a href='/logout'>Log out</a> <a href='/account/delete/'>Close</a> "
              "<a href='/session/end/'>Sign out</a> <a href='/private/'>Private</a> "
              "<a href='https://other.test/'>Elsewhere</a> <a href='/files/terms.pdf'>PDF</a> "
              "<a href='/#top'>Top</a> <a href='/p/1/#again'>Page 1 again</a>")
    (site / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(_page("Home", links), encoding="utf-8")
    for n in range(1, PAGES + 1):
        below = f"<a href='/p/{n + 10}/'>Page {n + 10}</a>" if n <= 10 else ""
        folder = site / "p" / str(n)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(_page(f"Page {n}", below + "<a href='/'>Home</a>"),
                                           encoding="utf-8")
    for name in ("logout", "account/delete", "session/end", "private"):
        (site / name).mkdir(parents=True, exist_ok=True)
        (site / name / "index.html").write_text(_page(name, "must not be visited"))
    (site / "files").mkdir(exist_ok=True)
    (site / "files" / "terms.pdf").write_bytes(b"%PDF-1.4\n")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\nDisallow: /p/30/\n")
    # a browser context that sends X-Team: yes (a plugin's context args) reads another one
    (site / "robots.txt.headers").write_text("When-Header: X-Team=yes robots-team.txt\n")
    (site / "robots-team.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (site / "sitemap.xml").write_text(
        f"<?xml version='1.0'?><sitemapindex {SMAP_NS}>"
        f"<sitemap><loc>{SITE}/sitemaps/a.xml</loc></sitemap>"
        f"<sitemap><loc>{SITE}/sitemaps/b.xml</loc></sitemap></sitemapindex>")
    (site / "sitemaps").mkdir(exist_ok=True)
    for name, numbers in (("a", range(21, 26)), ("b", range(26, 31))):
        urls = "".join(f"<url><loc>{SITE}/p/{n}/</loc></url>" for n in numbers)
        (site / "sitemaps" / f"{name}.xml").write_text(
            f"<?xml version='1.0'?><urlset {SMAP_NS}>{urls}<url><loc>{SITE}/logout</loc></url>"
            "</urlset>")


@pytest.fixture(scope="module")
def crawl_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FixtureServer]:
    root = tmp_path_factory.mktemp("crawlsite")
    write_site(root)
    with FixtureServer(root) as server:
        yield server


# --- pure: discovery on hand-made answers ---------------------------------------------------

def _fake(site: dict[str, tuple[int, str, str]]):  # type: ignore[no-untyped-def]
    """A fetch over {url: (status, content type, body)}; anything else is a 404."""
    asked: list[str] = []

    async def fetch(urls: Sequence[str]) -> list[Fetched]:
        asked.extend(urls)
        return [Fetched(u, u, *site.get(u, (404, "text/html", ""))) for u in urls]

    return fetch, asked


def test_links_in_document_order_with_text_and_base() -> None:
    html = ("<base href='https://a.test/x/'><a href='y'>Why</a><a href='/z#f'><b>Zed</b></a>"
            "<a href='mailto:a@b'>m</a><area href='/map' alt='Map'><a href='/f' download>f</a>")
    assert links_of(html, "https://a.test/") == [("https://a.test/x/y", "Why"),
                                                  ("https://a.test/z", "Zed"),
                                                  ("https://a.test/map", "Map")]


def test_dangerous_links_by_path_query_or_text() -> None:
    assert dangerous("https://a.test/logout") == "logout"
    assert dangerous("https://a.test/account?action=delete") == "delete"
    assert dangerous("https://a.test/bye", "Sign out") == "sign out"
    assert dangerous("https://a.test/products/1", "Shoes") is None


def test_robots_groups_wildcards_and_precedence() -> None:
    robots = Robots("User-agent: Googlebot\nDisallow: /\n\n"
                    "User-agent: *\nDisallow: /private/\nDisallow: /*?sort=\n"
                    "Disallow: /*.json$\nAllow: /private/open/\n")
    allowed = {path: robots.allowed("https://a.test" + path) for path in (
        "/", "/private/x", "/private/open/y", "/list?sort=price", "/list?page=2", "/a.json",
        "/a.json.html")}
    assert allowed == {"/": True, "/private/x": False, "/private/open/y": True,
                       "/list?sort=price": False, "/list?page=2": True, "/a.json": False,
                       "/a.json.html": True}
    assert Robots("User-agent: pytest-privacy\nDisallow: /\n").allowed("https://a.test/x") \
        is False
    assert Robots("User-agent: *\nDisallow:\n").allowed("https://a.test/x")


def test_sitemap_and_index() -> None:
    assert sitemap_locations(f"<urlset {SMAP_NS}><url><loc> https://a.test/1 </loc></url>"
                             "</urlset>") == (["https://a.test/1"], [])
    assert sitemap_locations(f"<sitemapindex {SMAP_NS}><sitemap><loc>https://a.test/s.xml</loc>"
                             "</sitemap></sitemapindex>") == ([], ["https://a.test/s.xml"])
    with pytest.raises(ValueError, match="not a sitemap"):
        sitemap_locations("<html></html>")


def test_breadth_first_deterministic_limited() -> None:
    html = "text/html"
    fetch, _ = _fake({
        "https://a.test/robots.txt": (200, "text/plain", "User-agent: *\nDisallow: /no/"),
        "https://a.test/": (200, html, "<a href='/b'>b</a><a href='/a'>a</a><a href='/no/x'>x</a>"
                                       "<a href='/gone'>g</a><a href='/pic.png'>p</a>"),
        "https://a.test/b": (200, html, "<a href='/c'>c</a>"),
        "https://a.test/a": (200, html, "<a href='/d'>d</a>"),
        "https://a.test/c": (200, html, ""), "https://a.test/d": (200, html, ""),
    })
    found = asyncio.run(discover(["https://a.test/"], CrawlSpec(limit=4, depth=2), fetch))
    assert found.pages == ["/", "/b", "/a", "/c"]
    assert "disallowed by robots.txt: /no/x" in found.notes
    assert any("/gone" in note and "404" in note for note in found.notes)
    unlimited = asyncio.run(discover(["https://a.test/"], CrawlSpec(limit=50, depth=2,
                                                                     robots=False), fetch))
    assert unlimited.pages == ["/", "/b", "/a", "/c", "/d"]  # /no/x answers 404


def test_unreachable_site_is_an_error() -> None:
    async def down(urls: Sequence[str]) -> list[Fetched]:
        return [Fetched(u, error="net::ERR_CONNECTION_REFUSED") for u in urls]

    with pytest.raises(DiscoveryError, match="cannot be reached.*ERR_CONNECTION_REFUSED"):
        asyncio.run(discover(["https://a.test/"], CrawlSpec(depth=1), down))


def test_a_start_page_that_leaves_the_origin_is_an_error() -> None:
    async def moved(urls: Sequence[str]) -> list[Fetched]:
        return [Fetched(u, u, 0, error=REDIRECTED) for u in urls]

    with pytest.raises(DiscoveryError, match="redirects to another origin; make the address"):
        asyncio.run(discover(["http://a.test/"], CrawlSpec(depth=1, robots=False), moved))


def test_time_bound_keeps_what_was_found() -> None:
    ticks = iter(range(1000))
    fetch, _ = _fake({"https://a.test/": (200, "text/html", "<a href='/b'>b</a>"),
                      "https://a.test/b": (200, "text/html", "")})
    found = asyncio.run(discover(["https://a.test/"], CrawlSpec(depth=1, seconds=1,
                                                                robots=False), fetch,
                                 clock=lambda: float(next(ticks))))
    assert found.pages == ["/"]
    assert any("stopped after 1 s" in note for note in found.notes)


# --- end to end: a real Chromium crawls the generated site at collection ----------------------

SPEC = f"""
version: 1
name: crawl
site:
  base_url: {SITE}
  pages: [/]
  crawl: {{limit: 40, depth: 2}}
  sitemap: /sitemap.xml
consent: {{cmp: none}}
checks:
  - id: everywhere
    claim: "No marketing cookies."
    expect:
      cookies: {{none_of: [marketing]}}
  - id: home-only
    claim: "A heading on the home page."
    pages: [/]
    expect:
      text: {{contains: ["Home"]}}
"""


def test_crawl_in_chromium(run_spec, crawl_server: FixtureServer) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(SPEC, "--collect-only", "-q", "-q", host_map=crawl_server.host_map)
    ids = [line.split("::", 1)[1] for line in run.text.splitlines() if "::" in line]
    expected = (["everywhere[/]"] + [f"everywhere[/p/{n}/]" for n in range(1, 30)]
                + ["home-only[/]"])
    assert ids == expected, run.text
    assert not any(crawl_server.count(HOST, path) for path in
                   ("/logout", "/account/delete/", "/session/end/", "/private/", "/p/30/"))
    again = run_spec(SPEC, "--collect-only", "-q", "-q", host_map=crawl_server.host_map)
    assert [line.split("::", 1)[1] for line in again.text.splitlines() if "::" in line] == ids


def test_crawled_pages_are_visited(run_spec, crawl_server: FixtureServer) -> None:  # type: ignore[no-untyped-def]
    spec = SPEC.replace("{limit: 40, depth: 2}", "{limit: 4, depth: 1}").replace(
        "  sitemap: /sitemap.xml\n", "")
    run = run_spec(spec, host_map=crawl_server.host_map)
    assert run.outcomes and set(run.outcomes.values()) == {"PASSED"}, run.text
    run.result.stdout.fnmatch_lines([f"privacy: 4 pages of {SITE} discovered for spec.yaml; "
                                     "*notes:", "    not followed: /logout ('logout')"])
    assert sorted(run.outcomes) == sorted(
        f"spec.yaml::{name}" for name in ("everywhere[/]", "everywhere[/p/1/]",
                                          "everywhere[/p/2/]", "everywhere[/p/3/]",
                                          "home-only[/]"))


def test_discovery_uses_the_visits_browser_context(run_spec, pytester,  # type: ignore[no-untyped-def]
                                                   crawl_server: FixtureServer) -> None:
    """The spec's context and the plugins' context args (a log-in, credentials, a proxy)
    apply to discovery too: here a header that makes the site serve a more open robots.txt."""
    pytester.makeconftest("def pytest_privacy_context_args(key, args):\n"
                          "    return {'extra_http_headers': {'X-Team': 'yes'}}\n")
    run = run_spec(SPEC, "--collect-only", "-q", "-q", host_map=crawl_server.host_map)
    assert "everywhere[/p/30/]" in run.text, run.text


def test_unreachable_site_is_one_collection_error(run_spec, crawl_server: FixtureServer) -> None:  # type: ignore[no-untyped-def]
    spec = SPEC.replace(SITE, "https://nothing-here.test")
    run = run_spec(spec, host_map="MAP * 127.0.0.1:9")  # nothing listens on port 9
    run.result.assert_outcomes(errors=1)
    run.result.stdout.fnmatch_lines(["*https://nothing-here.test cannot be reached to discover "
                                     "pages*"])
