"""`pytest-privacy derive POLICY [-o FILE]`: a draft spec with one check per observable promise
of a privacy policy (a .txt, .html or .md file, or a URL loaded in the browser)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pytest_privacy.derive.draft import derive
from pytest_privacy.derive.families import FAMILIES
from pytest_privacy.derive.render import render
from pytest_privacy.derive.source import Document, read_policy
from pytest_privacy.errors import PrivacyError
from pytest_privacy.settings import OPTIONS, PrivacyConfig


def _same_as(name: str) -> str:
    return next(o.help for o in OPTIONS if o.name == name)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("policy", help="the policy: a .txt, .html or .md file, or an http(s) URL")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="where to write the draft (default: print it)")
    parser.add_argument("--force", action="store_true", help="replace the output file if it "
                        "exists")
    parser.add_argument("--host-map", metavar="RULES", help=_same_as("host-map"))
    parser.add_argument("--ignore-https-errors", action="store_true",
                        help=_same_as("ignore-https-errors"))
    parser.add_argument("--browser-path", metavar="PATH", help=_same_as("browser-path"))
    parser.add_argument("--timeout", type=int, default=PrivacyConfig().timeout_ms, metavar="MS",
                        help="navigation timeout for a URL (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output and args.output != "-" else None
    if output is not None and output.exists() and not args.force:
        print(f"pytest-privacy derive: {output} exists; pass --force to replace it.",
              file=sys.stderr)
        return 2
    source = args.policy
    is_url = urlsplit(source).scheme in ("http", "https")
    try:
        if is_url:
            cfg = PrivacyConfig(host_map=args.host_map,
                                ignore_https_errors=args.ignore_https_errors,
                                browser_path=args.browser_path, timeout_ms=args.timeout)
            doc = load_url(source, cfg)
        else:
            path = Path(source)
            if not path.is_file():
                print(f"pytest-privacy derive: {source} is not a file or an http(s) URL.",
                      file=sys.stderr)
                return 2
            doc = read_policy(path)
    except PrivacyError as exc:
        print(f"pytest-privacy derive: {exc}", file=sys.stderr)
        return 1
    derived = derive(doc, source if is_url else None)
    text = render(derived, source if is_url else Path(source).name)
    if not derived.checks:
        # A spec needs at least one check: nothing is written, the sentences are shown.
        print(f"pytest-privacy derive: {source} makes no promise a browser can observe, so no "
              "draft was written. Sentences to review by hand:", file=sys.stderr)
        print("".join(line + "\n" for line in text.splitlines() if line.startswith("# -")),
              end="", file=sys.stderr)
        return 1
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    counts = {f: sum(c.family == f for c in derived.checks) for f in FAMILIES}
    found = ", ".join(f"{f} {n}" for f, n in counts.items() if n)
    print(f"pytest-privacy derive: {len(derived.checks)} check(s) ({found}); "
          f"{len(derived.declared)} declared cookie(s); {len(derived.notes)} sentence(s) no "
          f"browser can observe, as comments" + (f"; written to {output}." if output else "."),
          file=sys.stderr)
    return 0


def load_url(url: str, cfg: PrivacyConfig) -> Document:
    """The policy page as the plugin's browser renders it (its scripts run, so a consent
    manager's cookie list is in the HTML)."""
    from pytest_privacy.derive.html import parse_html

    html = asyncio.run(_render(url, cfg))
    doc = parse_html(html)
    return doc


async def _render(url: str, cfg: PrivacyConfig) -> str:
    # Imported here: deriving from a file never loads the browser stack.
    from playwright.async_api import Error as PlaywrightError

    from pytest_privacy.browser.provider import BrowserProvider
    from pytest_privacy.errors import VisitError

    provider = BrowserProvider(cfg)
    try:
        browser = await provider.browser()
        context = await browser.new_context(ignore_https_errors=cfg.ignore_https_errors)
        try:
            page = await context.new_page()
            try:
                await page.goto(url, wait_until="load", timeout=cfg.timeout_ms)
                try:
                    await page.wait_for_load_state("networkidle", timeout=3000)
                except PlaywrightError:
                    pass  # a page that never goes quiet: read what is there
                return await page.content()
            except PlaywrightError as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise VisitError(f"cannot load {url}: {first}") from None
        finally:
            await context.close()
    finally:
        await provider.close()
