"""`pytest-privacy scan URL`: one page visited in each consent state, its inventory printed,
and a draft spec written that passes against the site as it is today.

The draft is the first step of writing a spec for a new site: every expectation in it was
checked against the evidence of the scan (with the same check functions pytest runs), so it
records today's behaviour; the user replaces each TODO claim with the policy sentence it
enforces and deletes what the policy does not promise."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shlex
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pytest_privacy.checks import CheckContext, Needs, run_expectations
from pytest_privacy.checks.kinds.gpc import WELL_KNOWN, opt_out_signals, well_known_problems
from pytest_privacy.classify import Classifier
from pytest_privacy.errors import PrivacyError, SpecError
from pytest_privacy.evidence import BannerRecord, Evidence
from pytest_privacy.inventory import Item
from pytest_privacy.settings import OPTIONS, PrivacyConfig
from pytest_privacy.spec import load_spec
from pytest_privacy.spec.model import PRESETS, ConsentConfig, State
from pytest_privacy.spec.validate import schema
from pytest_privacy.taxonomy import CATEGORIES
from pytest_privacy.textmatch import normalise

if TYPE_CHECKING:
    from pytest_privacy.browser.visit import VisitKey

DEFAULTS = PrivacyConfig()
STATE_NAMES = tuple(PRESETS)  # before_consent, after_reject, after_accept, gpc
STATE_HELP = {
    "before_consent": "no interaction",
    "after_reject": "the banner rejected, then the page loaded again",
    "after_accept": "the banner accepted, then the page loaded again",
    "gpc": "Global Privacy Control on, no interaction",
}
# Categories a draft promises the absence of, where none was seen ("unknown" is not a
# category a policy speaks about).
OPTIONAL = ("functional", "analytics", "marketing")
CLAIM = "TODO: quote the policy sentence this check enforces"
PRIVACY_LINK = re.compile(
    r"privacy|cookie|do not sell|do not share|opt[ -]?out|personal (data|information)|"
    r"data protection|your (privacy )?choices|ad ?choices|consent|gdpr|ccpa|california|"
    r"datenschutz|confidentialit|privacidad", re.I)
POLICY_LINK = re.compile(r"privacy (policy|notice|statement)|^privacy$|datenschutz", re.I)
MAX_NAMES = 15  # per `present:` list


@dataclass
class StateResult:
    name: str  # a preset of PRESETS
    key: VisitKey
    evidence: Evidence | None = None
    error: str | None = None


@dataclass
class Draft:
    text: str
    checks: int
    notes: list[str] = field(default_factory=list)


class UsageError(Exception):
    """A command line that cannot be run; one sentence, exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cmps = schema()["properties"]["consent"]["properties"]["cmp"]["enum"]
    parser.add_argument("url", help="the page to scan (http or https)")
    parser.add_argument("--states", default=None, metavar="LIST",
                        help="comma-separated states to visit (default: "
                        f"{','.join(STATE_NAMES)}; before_consent,gpc with --cmp none)")
    parser.add_argument("--cmp", default="auto", choices=cmps,
                        help="consent manager to operate (default: auto)")
    parser.add_argument("--accept", metavar="SELECTOR", help="selector of the accept control "
                        "(cmp: selectors, and fallback for the others)")
    parser.add_argument("--reject", metavar="SELECTOR", help="selector of the reject control")
    parser.add_argument("--banner", metavar="SELECTOR", help="selector of the banner")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="where to write the draft spec (default: HOST.privacy.yaml in the "
                        "current folder; '-' prints it)")
    parser.add_argument("--force", action="store_true",
                        help="replace the output file if it exists")
    parser.add_argument("--host-map", metavar="RULES", help=_same_as("host-map"))
    parser.add_argument("--ignore-https-errors", action="store_true",
                        help=_same_as("ignore-https-errors"))
    parser.add_argument("--settle", type=_ms, default=DEFAULTS.settle_ms, metavar="MS",
                        help=f"network quiet time after load (default: {DEFAULTS.settle_ms})")
    parser.add_argument("--timeout", type=_ms, default=DEFAULTS.timeout_ms, metavar="MS",
                        help=f"navigation timeout (default: {DEFAULTS.timeout_ms})")
    parser.add_argument("--banner-timeout", type=_ms, default=DEFAULTS.banner_timeout_ms,
                        metavar="MS", help="how long to wait for a consent banner (default: "
                        f"{DEFAULTS.banner_timeout_ms})")
    parser.add_argument("--autoconsent", metavar="DIR", help=_same_as("autoconsent"))
    parser.add_argument("--browser-path", metavar="PATH", help=_same_as("browser-path"))
    parser.add_argument("--show-values", action="store_true",
                        help="print cookie and storage values (redacted by default)")


def _same_as(name: str) -> str:
    """The help of the plugin's --privacy-NAME, for the scan's --NAME."""
    return next(o.help for o in OPTIONS if o.name == name)


def _ms(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of "
                                         "milliseconds") from None
    if value < 0:
        raise argparse.ArgumentTypeError("milliseconds must not be negative")
    return value


def run(args: argparse.Namespace) -> int:
    """The scan command: 0 when every state was visited, 1 when one could not be, 2 for
    a command line that cannot be run."""
    try:
        url = _check_url(args.url)
        states = _states(args.states, args.cmp)
        output = _output(args.output, url, args.force)
    except UsageError as exc:
        print(f"pytest-privacy scan: {exc}")
        return 2
    consent = ConsentConfig(cmp=args.cmp, accept=args.accept, reject=args.reject,
                            banner=args.banner)
    cfg = PrivacyConfig(host_map=args.host_map, ignore_https_errors=args.ignore_https_errors,
                        settle_ms=args.settle, timeout_ms=args.timeout,
                        banner_timeout_ms=args.banner_timeout, autoconsent=args.autoconsent,
                        browser_path=args.browser_path, show_values=args.show_values)
    print(f"pytest-privacy scan: {url} in {len(states)} state(s), consent: cmp {args.cmp}",
          flush=True)
    print("Cookie and storage values are " + ("shown." if args.show_values else
                                               "not shown; --show-values prints them."))
    try:
        results = visit_states(url, states, consent, cfg)
    except PrivacyError as exc:  # e.g. an --autoconsent folder that is not the package
        print(f"pytest-privacy scan: {exc}")
        return 2
    except KeyboardInterrupt:
        print("pytest-privacy scan: interrupted; nothing was written.")
        return 130
    classifier = Classifier()
    ctx = CheckContext(classifier)
    for result in results:
        print()
        print("\n".join(inventory(result, ctx, args.show_values)))
    failed = [r for r in results if r.evidence is None]
    print()
    if len(failed) == len(results):
        print("No state could be visited, so no draft was written.")
        return 1
    draft = make_draft(url, results, consent, ctx, args)
    code = _write(draft, output, ctx, results, args)
    if failed:
        print(f"{len(failed)} of {len(results)} state(s) could not be visited "
              f"({', '.join(r.name for r in failed)}); the draft has no checks for them.")
        return 1
    return code


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url!r} is not an http(s) URL; pass the page's full address, "
                         "e.g. https://shop.example/.")
    return url


def _states(text: str | None, cmp: str) -> list[str]:
    if text is None:
        return ["before_consent", "gpc"] if cmp == "none" else list(STATE_NAMES)
    names = list(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in PRESETS]
    if unknown or not names:
        raise UsageError(f"--states {text!r}: {', '.join(unknown) or 'no state'} is not a "
                         f"state; use a comma-separated list of {', '.join(STATE_NAMES)}.")
    return names


def _output(name: str | None, url: str, force: bool) -> Path | None:
    """The draft's path (None: print it); an existing file is kept unless --force."""
    if name == "-":
        return None
    host = re.sub(r"[^A-Za-z0-9.-]+", "_", urlsplit(url).hostname or "site")
    path = Path(name) if name else Path(f"{host}.privacy.yaml")
    if path.exists() and not force:
        raise UsageError(f"{path} exists; pass --force to replace it, or --output to write "
                         "the draft elsewhere.")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist.")
    return path


def visit_states(url: str, states: Sequence[str], consent: ConsentConfig,
                 cfg: PrivacyConfig) -> list[StateResult]:
    """Every state's visit: all planned first, then made."""
    # Imported here: the other commands (lint, schema) never load the browser stack.
    from pytest_privacy.browser.runner import Visits
    from pytest_privacy.browser.visit import VisitKey

    results = []
    visits = Visits(cfg)
    try:
        for name in states:
            key = VisitKey(url=url, state=State(*PRESETS[name]), consent=consent)
            # privacy links: footer first, the page otherwise
            visits.plan(key, Needs(
                link_scopes=frozenset({"footer"}),
                banner=name == "before_consent" and consent.cmp != "none",
                probes=frozenset({WELL_KNOWN}) if name == "gpc" else frozenset()))
            results.append(StateResult(name, key))
        for result in results:
            try:
                result.evidence = visits.get(result.key)
            except PrivacyError as exc:
                result.error = str(exc)
    finally:
        visits.close()
    return results


# -- the inventory ---------------------------------------------------------------------------


def inventory(result: StateResult, ctx: CheckContext, show_values: bool) -> list[str]:
    """What one state's visit saw, grouped by category, as printed lines."""
    lines = [f"== {result.name}: {STATE_HELP[result.name]} =="]
    evidence = result.evidence
    if evidence is None:
        lines.append(f"visit error: {result.error}")
        return lines
    seconds = evidence.timings.get("visit_ms", 0) / 1000
    status = f"HTTP {evidence.status}" if evidence.status else "no status"
    landed = f", landed on {evidence.final_url}" if evidence.final_url not in ("",
                                                                              result.key.url) \
        else ""
    lines.append(f"loaded {result.key.url} ({status}{landed}) in {seconds:.1f} s"
                 + ("" if evidence.settled else "; the network never went quiet"))
    if evidence.banner:
        lines.append("banner: " + _banner_line(evidence.banner))
    if evidence.consent:
        consent = evidence.consent
        layer = consent.layer
        lines.append(f"consent: {consent.action} by {consent.adapter}: clicked "
                     f"{consent.clicked!r}" + (f" (layer {layer})" if layer else "")
                     + (f"; detected by {consent.detected_by}" if consent.detected_by else ""))
        lines.append("  counted below: what exists after the choice, the page loaded again")
    lines.extend(_cookies(evidence, ctx, show_values))
    lines.extend(_requests(evidence, ctx))
    lines.extend(_storage(evidence, ctx, show_values))
    links = privacy_links(evidence)
    lines.append("privacy links in the footer: " + (", ".join(f"{t!r}" for t in links["footer"])
                                                    or "none found"))
    if links["page"]:
        lines.append("privacy links elsewhere on the page: "
                     + ", ".join(f"{t!r}" for t in links["page"]))
    if result.name == "gpc" or result.key.state.gpc:
        lines.extend(_gpc_lines(evidence))
    return lines


def _banner_line(banner: BannerRecord) -> str:
    if not banner.visible:
        return f"none shown within {banner.waited_ms} ms"
    reject = banner.reject_control
    return (f"shown, {banner.adapter} (detected by {banner.detected_by}); "
            + (f"reject on the first layer: {reject!r}" if banner.has_reject
               else "no reject control on the first layer"))


def _grouped(kind: str, lines: list[tuple[str, str]]) -> list[str]:
    """(category, line) pairs under one heading per category, in the taxonomy's order."""
    if not lines:
        return [f"{kind}: none"]
    out = [f"{kind} ({len(lines)}):"]
    by_category: dict[str, list[str]] = {}
    for category, line in lines:
        by_category.setdefault(category, []).append(line)
    for category in _ordered(by_category):
        out.append(f"  {category}:")
        out.extend(f"    {line}" for line in by_category[category])
    return out


def _ordered(categories: Mapping[str, Any] | set[str]) -> list[str]:
    return sorted(categories, key=lambda c: (CATEGORIES.index(c) if c in CATEGORIES else 99, c))


def _value_text(item: Item, show_values: bool) -> str:
    value = getattr(item.record, "value", None)
    return f" = {value!r}" if show_values and value is not None else ""


def _setter_text(item: Item) -> str:
    return f"; set by {item.set_by_kind or 'response'} {item.set_by}" if item.set_by else ""


def _cookies(evidence: Evidence, ctx: CheckContext, show_values: bool) -> list[str]:
    lines = [(item.category, f"{item.name} ({item.where}, {item.party})"
              f"{_value_text(item, show_values)} — {item.verdict.source}{_setter_text(item)}")
             for item in ctx.inventory(evidence).of("cookies")]
    return _grouped("cookies", lines)


def _storage(evidence: Evidence, ctx: CheckContext, show_values: bool) -> list[str]:
    lines = []
    for item in ctx.inventory(evidence).of("storage"):
        kind = getattr(item.record, "kind", "local")
        lines.append((item.category, f"{kind}Storage {item.name} ({item.where})"
                      f"{_value_text(item, show_values)} — {item.verdict.source}"
                      f"{_setter_text(item)}"))
    return _grouped("storage", lines)


def third_party_hosts(evidence: Evidence, ctx: CheckContext) -> dict[tuple[str, str], int]:
    """(category, host) of every third-party request counted in this state, with counts."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in ctx.inventory(evidence).of("requests"):
        if item.where and item.third_party:
            counts[(item.category, item.where)] += 1
    return dict(counts)


def _requests(evidence: Evidence, ctx: CheckContext) -> list[str]:
    hosts = third_party_hosts(evidence, ctx)
    requests = ctx.inventory(evidence).of("requests")
    first = sum(1 for o in requests if o.where and not o.third_party)
    if not hosts:
        return [f"third-party requests: none ({first} first-party)"]
    sources: dict[tuple[str, str], str] = {}
    for item in requests:
        sources.setdefault((item.category, item.where), item.verdict.source)
    out = [f"third-party requests ({sum(hosts.values())} to {len(hosts)} host(s); "
           f"{first} first-party):"]
    categories = {category for category, _ in hosts}
    for category in _ordered(categories):
        out.append(f"  {category}:")
        for (cat, host), count in sorted(hosts.items(), key=lambda pair: pair[0][1]):
            if cat == category:
                out.append(f"    {host} ×{count} — {sources[(cat, host)]}")
    return out


def _gpc_lines(evidence: Evidence) -> list[str]:
    out = []
    if WELL_KNOWN in evidence.probes:
        problems = well_known_problems(evidence)
        out.append("/.well-known/gpc.json: " + ('says {"gpc": true}' if not problems
                                                 else problems[0]))
    signals = opt_out_signals(evidence)
    if not signals:
        out.append("opt-out signals: none found (__uspapi, usprivacy cookie, __gpp, OneTrust)")
    for signal in signals:
        out.append(f"opt-out signal: {signal.where} says "
                   f"{'opted out' if signal.opted_out else 'NOT opted out'} ({signal.detail})")
    return out


def privacy_links(evidence: Evidence) -> dict[str, list[str]]:
    """Texts of privacy-looking links: {'footer': [...], 'page': [...]}, 'page' holding those
    outside the footer."""
    found: dict[str, dict[str, str]] = {"footer": {}, "page": {}}
    for link in evidence.links:
        text = " ".join(link.text.split())
        if not text or len(text) > 80 or not text.isprintable() or \
                not PRIVACY_LINK.search(text):
            continue
        scope = "footer" if "footer" in link.scopes else "page"
        found[scope].setdefault(normalise(text), text)
    for folded in found["footer"]:
        found["page"].pop(folded, None)
    return {scope: list(texts.values()) for scope, texts in found.items()}


# -- the draft -------------------------------------------------------------------------------


@dataclass
class _Check:
    id: str
    state: str
    expect: dict[str, dict[str, Any]]
    comments: list[str]
    record: bool = False


KINDS = ("cookies", "requests", "storage")


def _categories(items: Sequence[Item]) -> set[str]:
    return {o.category for o in items}


def _absence(evidence: Evidence, ctx: CheckContext, when: str,
             notes: list[str]) -> dict[str, dict[str, Any]]:
    """none_of the optional categories nothing was seen in, per kind; a note for the rest."""
    expect: dict[str, dict[str, Any]] = {}
    seen_names: dict[str, list[str]] = {}
    for kind in KINDS:
        items = ctx.inventory(evidence).of(kind)
        seen = _categories(items)
        unseen = [c for c in OPTIONAL if c not in seen]
        if unseen:
            expect[kind] = {"none_of": unseen}
        for category in OPTIONAL:
            names = sorted({o.where if kind == "requests" else o.name
                            for o in items if o.category == category})
            if names:
                seen_names.setdefault(category, []).append(f"{kind} {_short_list(names)}")
    for category, found in seen_names.items():
        notes.append(f"{when}: {category} seen ({'; '.join(found)}), so the draft does not "
                     f"promise its absence.")
    return expect


def _short_list(names: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _seen_comment(evidence: Evidence, ctx: CheckContext) -> str:
    parts = []
    for kind in KINDS:
        counts = Counter(o.category for o in ctx.inventory(evidence).of(kind))
        parts.append(f"{kind} " + (", ".join(f"{c} {counts[c]}" for c in _ordered(counts))
                                   or "none"))
    return "seen today: " + "; ".join(parts)


def make_draft(url: str, results: list[StateResult], consent: ConsentConfig,
               ctx: CheckContext, args: argparse.Namespace) -> Draft:
    """The draft spec: only expectations today's evidence keeps."""
    evidence = {r.name: r.evidence for r in results if r.evidence is not None}
    notes: list[str] = []
    checks: list[_Check] = []
    before = evidence.get("before_consent")
    if before is not None:
        checks.append(_Check("before-consent", "before_consent",
                             _absence(before, ctx, "before_consent", notes),
                             [_seen_comment(before, ctx)]))
        banner = before.banner
        if banner is not None and banner.visible:
            expect: dict[str, Any] = {"visible": True}
            if banner.has_reject:
                expect["has_reject"] = True
            checks.append(_Check("consent-banner", "before_consent", {"banner": expect},
                                 [f"banner: {_banner_line(banner)}"]))
    reject = evidence.get("after_reject")
    if reject is not None:
        expect_r = _absence(reject, ctx, "after_reject", notes)
        denied = [c for c in OPTIONAL if reject.consent_categories.get(c) is False]
        if denied:
            expect_r["consent_state"] = {"denied": denied}
        checks.append(_Check("after-reject", "after_reject", expect_r,
                             [f"clicked {reject.consent.clicked if reject.consent else None!r}",
                              _seen_comment(reject, ctx)]))
    accept = evidence.get("after_accept")
    if accept is not None:
        checks.append(_accept_check(accept, [e for e in (before, reject) if e is not None], ctx))
    gpc = evidence.get("gpc")
    if gpc is not None:
        expect_g = _absence(gpc, ctx, "gpc", notes)
        gpc_expect: dict[str, Any] = {}
        if not well_known_problems(gpc):
            gpc_expect["well_known"] = True
        signals = opt_out_signals(gpc)
        if signals and all(s.opted_out for s in signals):
            gpc_expect["opt_out"] = True
        if gpc_expect:
            expect_g["gpc"] = gpc_expect
        checks.append(_Check("gpc", "gpc", expect_g, [_seen_comment(gpc, ctx)]))
    link_state = "before_consent" if before is not None else next(iter(evidence))
    for scope, texts in privacy_links(evidence[link_state]).items():
        if texts:
            footer = scope == "footer"
            checks.append(_Check(
                "privacy-links" if footer else "privacy-links-on-page", link_state,
                {"links": {"within": scope, "present": texts[:MAX_NAMES]}},
                [f"privacy-looking link texts {'in' if footer else 'outside'} the footer"]))
    kept = _verified(checks, evidence, ctx, notes)
    text = _render(url, consent, kept, evidence, args)
    return Draft(text, len(kept), notes)


def _accept_check(accept: Evidence, others: list[Evidence], ctx: CheckContext) -> _Check:
    """What accepting enables: non-necessary cookies and third-party hosts seen neither before
    any choice nor after rejecting."""
    other_cookies = {o.name for e in others for o in ctx.inventory(e).of("cookies")}
    other_hosts = {host for e in others for _, host in third_party_hosts(e, ctx)}
    cookies = sorted({o.name for o in ctx.inventory(accept).of("cookies")
                      if o.category != "necessary" and o.name not in other_cookies})
    hosts = sorted({host for category, host in third_party_hosts(accept, ctx)
                    if category != "necessary" and host not in other_hosts})
    granted = [c for c in OPTIONAL if accept.consent_categories.get(c) is True]
    expect: dict[str, dict[str, Any]] = {}
    if cookies:
        expect["cookies"] = {"present": cookies[:MAX_NAMES]}
    if hosts:
        expect["requests"] = {"present": hosts[:MAX_NAMES]}
    if granted:
        expect["consent_state"] = {"granted": granted}
    clicked = accept.consent.clicked if accept.consent else None
    comments = [f"clicked {clicked!r}", _seen_comment(accept, ctx)]
    if expect:
        compared = " or ".join(e.state for e in others) or "no other state"
        comments.append(f"what accepting enables: not seen in {compared}")
        return _Check("after-accept", "after_accept", expect, comments)
    comments.append("accepting enabled nothing new; record: true reports what is there "
                    "without failing")
    return _Check("after-accept", "after_accept",
                  {"cookies": {"only": ["necessary"]}, "requests": {"only": ["necessary"]}},
                  comments, record=True)


def _verified(checks: list[_Check], evidence: Mapping[str, Evidence], ctx: CheckContext,
              notes: list[str]) -> list[_Check]:
    """Each expectation run against today's evidence; one that does not hold is dropped."""
    kept = []
    for check in checks:
        if not check.record:
            for key, params in list(check.expect.items()):
                findings = run_expectations(evidence[check.state], {key: params}, ctx)
                if findings:
                    del check.expect[key]
                    notes.append(f"{check.id}: left out {key} ({findings[0].message}).")
        if check.expect:
            kept.append(check)
    return kept


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", text) and text.lower() not in (
            "true", "false", "yes", "no", "on", "off", "null", "y", "n"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _render(url: str, consent: ConsentConfig, checks: list[_Check],
            evidence: Mapping[str, Evidence], args: argparse.Namespace) -> str:
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    page = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    policy, policy_note = _policy_url(evidence)
    today = datetime.date.today().isoformat()
    lines = [
        f"# Draft written by `pytest-privacy scan {url}` on {today}. Every check passed",
        "# against the site then. Replace each TODO claim with the policy sentence the check",
        "# enforces, and delete what the policy does not promise.",
        "version: 1",
        f"name: {_scalar(f'{parts.hostname} privacy policy (draft, scanned {today})')}",
        "policy:",
        f"  url: {_scalar(policy)}{policy_note}",
        "site:",
        f"  base_url: {_scalar(base)}",
        f"  pages: [{_scalar(page)}]",
        f"consent: {_flow({k: v for k, v in vars(consent).items() if v is not None})}",
        "checks:",
    ]
    for check in checks:
        lines.extend(f"  # {comment}" for comment in check.comments)
        lines.append(f"  - id: {check.id}")
        lines.append(f"    claim: {_scalar(CLAIM)}")
        lines.append(f"    when: {check.state}")
        if check.record:
            lines.append("    record: true")
        lines.append("    expect:")
        for key, params in check.expect.items():
            inline = f"      {key}: {_flow(params)}"
            if len(inline) <= 100:
                lines.append(inline)
            else:
                lines.append(f"      {key}:")
                lines.extend(f"        {k}: {_flow(v)}" for k, v in params.items())
    return "\n".join(lines) + "\n"


def _policy_url(evidence: Mapping[str, Evidence]) -> tuple[str, str]:
    """The privacy policy's address guessed from a link, or a placeholder."""
    for state in evidence.values():
        for link in state.links:
            if POLICY_LINK.search(" ".join(link.text.split())) and \
                    link.href.startswith(("http://", "https://")):
                return link.href, f"  # TODO: check; guessed from the link {link.text.strip()!r}"
    return "TODO: the address of the privacy policy", ""


def _write(draft: Draft, output: Path | None, ctx: CheckContext,
           results: list[StateResult], args: argparse.Namespace) -> int:
    """Validate the draft as pytest would read it, then write or print it."""
    handle, name = tempfile.mkstemp(prefix="pytest-privacy-scan-", suffix=".yaml")
    temp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(draft.text)
        try:
            spec = load_spec(temp)
        except SpecError as exc:
            print(f"internal error: the draft does not validate, so it was not written "
                  f"(please report it):\n{exc}")
            return 1
        evidence = {r.key.state: r.evidence for r in results if r.evidence is not None}
        broken = [check.id for check in spec.checks if not check.record and
                  run_expectations(evidence[check.state], check.expect, ctx)]
        if broken:
            print(f"internal error: the draft's checks {', '.join(broken)} do not hold on "
                  "today's evidence, so it was not written (please report it).")
            return 1
        if output is None:
            print("== draft spec ==")
            print(draft.text, end="")
        else:
            output.write_text(draft.text, encoding="utf-8")
    finally:
        temp.unlink(missing_ok=True)
    if draft.notes:
        print("Left out of the draft (if the policy promises otherwise, it is broken today):")
        print("\n".join(f"  - {note}" for note in draft.notes))
    spec_name = str(output) if output is not None else "DRAFT.yaml"
    where = f"Draft spec written to {output}" if output is not None else \
        "Draft spec printed above (save it as DRAFT.yaml)"
    print(f"{where}: {draft.checks} check(s), each passed against today's site. Run it with:")
    print("  " + shlex.join(pytest_command(spec_name, args)))
    return 0


def pytest_command(spec: str, args: argparse.Namespace) -> list[str]:
    """The pytest command line that checks the draft with the scan's own settings."""
    command = ["pytest", "--privacy-spec", spec]
    if args.host_map:
        command += ["--privacy-host-map", args.host_map]
    if args.ignore_https_errors:
        command.append("--privacy-ignore-https-errors")
    for flag, value, default in (("settle", args.settle, DEFAULTS.settle_ms),
                                 ("timeout", args.timeout, DEFAULTS.timeout_ms),
                                 ("banner-timeout", args.banner_timeout,
                                  DEFAULTS.banner_timeout_ms)):
        if value != default:
            command += [f"--privacy-{flag}", str(value)]
    if args.autoconsent:
        command += ["--privacy-autoconsent", args.autoconsent]
    if args.browser_path:
        command += ["--privacy-browser-path", args.browser_path]
    return command
