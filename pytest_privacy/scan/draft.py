"""The draft spec inferred from the scan: only expectations today's evidence keeps, and beside
each check what was left out of it and why (a promise the site breaks today stays visible in
the file that gets committed), plus `classify` rules proposed for the site's own cookies that
nothing classifies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_privacy.checks import CheckContext, Kinds, run_expectations
from pytest_privacy.checks.draft import DraftContext
from pytest_privacy.evidence import Evidence
from pytest_privacy.inventory import Item
from pytest_privacy.scan.listing import POLICY_LINK, ordered
from pytest_privacy.scan.visits import StateResult
from pytest_privacy.spec.model import ConsentConfig

CLAIM = "TODO: quote the policy sentence this check enforces"
INVENTORY = ("cookies", "requests", "storage")  # the inventory's parts, for "seen today"
# Each visited state gets one check, with every kind's drafted expectation for it.
STATE_CHECKS = {"before_consent": "before-consent", "after_reject": "after-reject",
                "after_accept": "after-accept", "gpc": "gpc"}
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


def _seen_comment(evidence: Evidence, ctx: CheckContext) -> str:
    parts = []
    for kind in INVENTORY:
        counts = Counter(o.category for o in ctx.inventory(evidence).of(kind))
        parts.append(f"{kind} " + (", ".join(f"{c} {counts[c]}" for c in ordered(counts))
                                   or "none"))
    return "seen today: " + "; ".join(parts)


def _state_comments(state: str, evidence: Evidence, ctx: CheckContext) -> list[str]:
    comments = []
    if evidence.consent is not None:
        comments.append(f"clicked {evidence.consent.clicked!r}")
    comments.append(_seen_comment(evidence, ctx))
    if state == "after_accept":
        comments.append("present: what accepting brought that no state without consent showed")
    return comments


def make_draft(url: str, results: list[StateResult], consent: ConsentConfig,
               ctx: CheckContext, kinds: Kinds | None = None) -> Draft:
    """The draft spec of the states that were visited: each check kind drafts its own
    expectation for each state (CheckKind.draft); the scan names no kind."""
    kinds = kinds or Kinds.builtin()
    evidence = {r.name: r.evidence for r in results if r.evidence is not None}
    checks: list[DraftCheck] = []
    own: dict[str, DraftCheck] = {}  # checks of their own (a claim of their own), by id
    for state, ev in evidence.items():
        check = DraftCheck(STATE_CHECKS[state], state, {}, _state_comments(state, ev, ctx))
        checks.append(check)
        others = {s: e for s, e in evidence.items() if s != state}
        for kind in kinds.by_key.values():
            if kind.draft is None:
                continue
            for drafted in kind.draft(DraftContext(state, ev, others, ctx)):
                target = check
                if drafted.check is not None:
                    if drafted.check in own:
                        continue  # the first state visited drafts it
                    target = own[drafted.check] = DraftCheck(
                        drafted.check, state, {}, [drafted.comment] if drafted.comment else [])
                if drafted.params:
                    target.expect[kind.key] = dict(drafted.params)
                for why in drafted.left_out:
                    target.leave_out(kind.key, why)
    checks.extend(own.values())
    _verify(checks, evidence, ctx, kinds)
    policy_url, policy_link = _policy_url(evidence)
    return Draft(url, consent, [c for c in checks if c.expect],
                 [c for c in checks if not c.expect], propose_classify(results, ctx),
                 policy_url, policy_link)


def _verify(checks: list[DraftCheck], evidence: Mapping[str, Evidence],
            ctx: CheckContext, kinds: Kinds) -> None:
    """Each expectation run against today's evidence; one that does not hold is left out."""
    for check in checks:
        for key, params in list(check.expect.items()):
            findings = run_expectations(evidence[check.state], {key: params}, ctx, kinds)
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
