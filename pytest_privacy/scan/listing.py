"""What one state's visit saw, as printed lines: read from the classified inventory
(pytest_privacy.inventory through CheckContext.inventory), never classified again here."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks import CheckContext
from pytest_privacy.checks.kinds.gpc import WELL_KNOWN, opt_out_signals, well_known_problems
from pytest_privacy.checks.kinds.links import privacy_links
from pytest_privacy.classify import host_of, is_third_party
from pytest_privacy.evidence import BannerRecord, Evidence
from pytest_privacy.inventory import Item, short_url, site_host
from pytest_privacy.scan.visits import STATE_HELP, StateResult
from pytest_privacy.taxonomy import CATEGORIES

POLICY_LINK = re.compile(r"privacy (policy|notice|statement)|^privacy$|datenschutz", re.I)


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
        lines.append("banner: " + banner_line(evidence.banner))
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
    lines.extend(_fingerprinting(evidence, ctx))
    lines.extend(_interaction(evidence, ctx))
    links = privacy_links(evidence)
    lines.append("privacy links in the footer: " + (", ".join(f"{t!r}" for t in links["footer"])
                                                    or "none found"))
    if links["page"]:
        lines.append("privacy links elsewhere on the page: "
                     + ", ".join(f"{t!r}" for t in links["page"]))
    if result.name == "gpc" or result.key.state.gpc:
        lines.extend(_gpc_lines(evidence))
    return lines


def banner_line(banner: BannerRecord) -> str:
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
    for category in ordered(by_category):
        out.append(f"  {category}:")
        out.extend(f"    {line}" for line in by_category[category])
    return out


def ordered(categories: Mapping[str, Any] | set[str]) -> list[str]:
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
    for category in ordered(categories):
        out.append(f"  {category}:")
        for (cat, host), count in sorted(hosts.items(), key=lambda pair: pair[0][1]):
            if cat == category:
                out.append(f"    {host} ×{count} — {sources[(cat, host)]}")
    return out


def _fingerprinting(evidence: Evidence, ctx: CheckContext) -> list[str]:
    """Scripts that used canvas, WebGL, audio or font probing in a fingerprinting pattern."""
    if not evidence.fingerprinting:
        return ["fingerprinting: none seen (canvas, WebGL, audio, fonts)"]
    site = site_host(evidence)
    out = [f"fingerprinting ({len(evidence.fingerprinting)}):"]
    for record in evidence.fingerprinting:
        verdict = ctx.classifier.request(record.script, site, "script")
        host = host_of(record.script)
        party = "third party" if host and is_third_party(host, site) else "first party"
        before = " (before consent, not counted)" if evidence.consent and \
            record.phase != "after_consent" else ""
        out.append(f"  {record.technique}: {short_url(record.script)} ({party}, "
                   f"{verdict.category}){before} — {record.detail}")
    return out


def _interaction(evidence: Evidence, ctx: CheckContext) -> list[str]:
    """The visitor's part: the fields typed into, and where what was sent then went."""
    record = evidence.interaction
    if record is None:
        return ["interaction: none (--no-interact)"]
    fields = ", ".join(f"{f.field!r} ({f.kind})" for f in record.fields)
    typed = f"typed into {fields} (never submitted)" if fields else \
        "no visible field to type into"
    out = [f"interaction: pointer, scroll; {typed}; waited {record.waited_ms / 1000:.1f} s"]
    site = site_host(evidence)
    hosts: Counter[tuple[str, str]] = Counter()
    for sent in record.sent:
        if sent.after_typing:
            verdict = ctx.classifier.request(sent.url, site, sent.resource_type or "other")
            hosts[(verdict.category, host_of(sent.url))] += 1
    if not hosts:
        out.append("  sent after typing: nothing")
    for (category, host), count in sorted(hosts.items(), key=lambda p: (p[0][1], p[0][0])):
        out.append(f"  sent after typing: {host} ×{count} ({category})")
    out.extend(f"  problem: {problem}" for problem in record.problems)
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
