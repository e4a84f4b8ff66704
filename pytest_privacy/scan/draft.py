"""The draft spec inferred from the scan: only expectations today's evidence keeps, and beside
each check what was left out of it and why (a promise the site breaks today stays visible in
the file that gets committed), plus `classify` rules proposed for the site's own cookies that
nothing classifies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_privacy.checks import CheckContext, run_expectations
from pytest_privacy.checks.kinds.gpc import opt_out_signals, well_known_problems
from pytest_privacy.evidence import Evidence
from pytest_privacy.inventory import Item
from pytest_privacy.scan.listing import (
    POLICY_LINK,
    banner_line,
    ordered,
    privacy_links,
    third_party_hosts,
)
from pytest_privacy.scan.visits import StateResult
from pytest_privacy.spec.model import ConsentConfig

# Categories a draft promises the absence of, where none was seen ("unknown" is not a
# category a policy speaks about).
OPTIONAL = ("functional", "analytics", "marketing")
CLAIM = "TODO: quote the policy sentence this check enforces"
MAX_NAMES = 15  # per `present:` list
KINDS = ("cookies", "requests", "storage")
# States in which a cookie that exists was set without the visitor's consent.
UNCONSENTED = ("before_consent", "after_reject", "gpc")


@dataclass
class DraftCheck:
    id: str
    state: str
    expect: dict[str, dict[str, Any]]
    comments: list[str]  # above the check
    # expect key -> why a promise about it is not in the draft (a broken promise, if the
    # policy makes it); written beside that key, or above `expect:` when the key is gone
    left_out: dict[str, list[str]] = field(default_factory=dict)
    record: bool = False

    def leave_out(self, key: str, why: str) -> None:
        self.left_out.setdefault(key, []).append(why)


@dataclass(frozen=True)
class ClassifyProposal:
    """A `classify.cookies` rule for one of the site's own cookies nothing classifies."""

    name: str
    category: str
    why: str


@dataclass
class Draft:
    url: str
    consent: ConsentConfig
    checks: list[DraftCheck]  # the kept ones: each has at least one expectation
    dropped: list[DraftCheck]  # no expectation held: only their comments are written
    proposals: list[ClassifyProposal]
    policy_url: str | None  # guessed from a link
    policy_link: str = ""  # the text of that link

    def notes(self) -> list[str]:
        """Everything left out, one line each, for the terminal."""
        return [f"{check.id}: {key}: {why}" for check in self.checks + self.dropped
                for key, whys in check.left_out.items() for why in whys]


def _short_list(names: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _absence(check: DraftCheck, evidence: Evidence, ctx: CheckContext) -> None:
    """none_of the optional categories nothing was seen in, per kind; the categories that were
    seen are left out, each with what was seen."""
    for kind in KINDS:
        items = ctx.inventory(evidence).of(kind)
        seen = {o.category for o in items}
        unseen = [c for c in OPTIONAL if c not in seen]
        if unseen:
            check.expect[kind] = {"none_of": unseen}
        for category in OPTIONAL:
            names = sorted({o.where if kind == "requests" else o.name
                            for o in items if o.category == category})
            if names:
                check.leave_out(kind, f"{category} seen ({_short_list(names)}), so the draft "
                                "does not promise its absence")


def _seen_comment(evidence: Evidence, ctx: CheckContext) -> str:
    parts = []
    for kind in KINDS:
        counts = Counter(o.category for o in ctx.inventory(evidence).of(kind))
        parts.append(f"{kind} " + (", ".join(f"{c} {counts[c]}" for c in ordered(counts))
                                   or "none"))
    return "seen today: " + "; ".join(parts)


def make_draft(url: str, results: list[StateResult], consent: ConsentConfig,
               ctx: CheckContext) -> Draft:
    """The draft spec of the states that were visited."""
    evidence = {r.name: r.evidence for r in results if r.evidence is not None}
    checks: list[DraftCheck] = []
    before = evidence.get("before_consent")
    if before is not None:
        check = DraftCheck("before-consent", "before_consent", {}, [_seen_comment(before, ctx)])
        _absence(check, before, ctx)
        checks.append(check)
        banner = before.banner
        if banner is not None and banner.visible:
            expect: dict[str, Any] = {"visible": True}
            if banner.has_reject:
                expect["has_reject"] = True
            else:
                check.leave_out("banner", "the banner has no reject control on its first "
                                "layer, so has_reject is not drafted")
            checks.append(DraftCheck("consent-banner", "before_consent", {"banner": expect},
                                     [f"banner: {banner_line(banner)}"]))
        elif banner is not None and consent.cmp != "none":
            check.leave_out("banner", f"no consent banner shown within {banner.waited_ms} ms, "
                            "so no banner check is drafted")
    reject = evidence.get("after_reject")
    if reject is not None:
        clicked = reject.consent.clicked if reject.consent else None
        check = DraftCheck("after-reject", "after_reject", {},
                           [f"clicked {clicked!r}", _seen_comment(reject, ctx)])
        _absence(check, reject, ctx)
        denied = [c for c in OPTIONAL if reject.consent_categories.get(c) is False]
        if denied:
            check.expect["consent_state"] = {"denied": denied}
        checks.append(check)
    accept = evidence.get("after_accept")
    if accept is not None:
        checks.append(_accept_check(accept, [e for e in (before, reject) if e is not None], ctx))
    gpc = evidence.get("gpc")
    if gpc is not None:
        checks.append(_gpc_check(gpc, ctx))
    link_state = "before_consent" if before is not None else next(iter(evidence))
    for scope, texts in privacy_links(evidence[link_state]).items():
        if texts:
            footer = scope == "footer"
            checks.append(DraftCheck(
                "privacy-links" if footer else "privacy-links-on-page", link_state,
                {"links": {"within": scope, "present": texts[:MAX_NAMES]}},
                [f"privacy-looking link texts {'in' if footer else 'outside'} the footer"]))
    _verify(checks, evidence, ctx)
    policy_url, policy_link = _policy_url(evidence)
    return Draft(url, consent, [c for c in checks if c.expect],
                 [c for c in checks if not c.expect], propose_classify(results, ctx),
                 policy_url, policy_link)


def _accept_check(accept: Evidence, others: list[Evidence], ctx: CheckContext) -> DraftCheck:
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
        return DraftCheck("after-accept", "after_accept", expect, comments)
    comments.append("accepting enabled nothing new; record: true reports what is there "
                    "without failing")
    return DraftCheck("after-accept", "after_accept",
                      {"cookies": {"only": ["necessary"]}, "requests": {"only": ["necessary"]}},
                      comments, record=True)


def _gpc_check(gpc: Evidence, ctx: CheckContext) -> DraftCheck:
    check = DraftCheck("gpc", "gpc", {}, [_seen_comment(gpc, ctx)])
    _absence(check, gpc, ctx)
    expect: dict[str, Any] = {}
    problems = well_known_problems(gpc)
    if problems:
        check.leave_out("gpc", f"well_known: {problems[0]}")
    else:
        expect["well_known"] = True
    signals = opt_out_signals(gpc)
    if signals and all(s.opted_out for s in signals):
        expect["opt_out"] = True
    elif signals:
        check.leave_out("gpc", "opt_out: " + "; ".join(
            f"{s.where} says not opted out" for s in signals if not s.opted_out))
    if expect:
        check.expect["gpc"] = expect
    return check


def _verify(checks: list[DraftCheck], evidence: Mapping[str, Evidence],
            ctx: CheckContext) -> None:
    """Each expectation run against today's evidence; one that does not hold is left out."""
    for check in checks:
        if check.record:
            continue
        for key, params in list(check.expect.items()):
            findings = run_expectations(evidence[check.state], {key: params}, ctx)
            if findings:
                del check.expect[key]
                check.leave_out(key, f"does not hold today: {findings[0].message}")


def propose_classify(results: Sequence[StateResult],
                     ctx: CheckContext) -> list[ClassifyProposal]:
    """A rule for each of the site's own (first-party) cookies nothing classifies. One the site
    sets without consent is proposed as necessary (if it is not, the site breaks its promise),
    one that only accepting sets as functional; the user confirms either."""
    states: dict[str, list[str]] = {}
    items: dict[str, Item] = {}
    for result in results:
        if result.evidence is None:
            continue
        for item in ctx.inventory(result.evidence).of("cookies"):
            if item.category == "unknown" and not item.third_party:
                states.setdefault(item.name, []).append(result.name)
                items.setdefault(item.name, item)
    proposals = []
    for name, seen in states.items():
        unconsented = any(s in UNCONSENTED for s in seen)
        setter = items[name].set_by
        why = (f"first party, seen {', '.join(seen)}"
               + (f"; set by {items[name].set_by_kind or 'response'} {setter}" if setter else ""))
        proposals.append(ClassifyProposal(name, "necessary" if unconsented else "functional",
                                          why))
    return proposals


def _policy_url(evidence: Mapping[str, Evidence]) -> tuple[str | None, str]:
    """The privacy policy's address guessed from a link, and the link's text."""
    for state in evidence.values():
        for link in state.links:
            if POLICY_LINK.search(" ".join(link.text.split())) and \
                    link.href.startswith(("http://", "https://")):
                return link.href, link.text.strip()
    return None, ""
