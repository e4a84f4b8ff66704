"""The rules shared by the cookies, requests and storage kinds: none_of, only, absent,
present, over the classified inventory."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pytest_privacy.baseline import Entry, new_items
from pytest_privacy.checks.base import CheckContext, Finding, name_matcher
from pytest_privacy.checks.draft import (
    MAX_NAMES,
    OPTIONAL,
    DraftContext,
    Drafted,
    Drafter,
    short_list,
)
from pytest_privacy.checks.kind import CheckKind, Problem
from pytest_privacy.classify import host_of
from pytest_privacy.classify.party import domain_matches
from pytest_privacy.evidence import Evidence
from pytest_privacy.inventory import Item, site_host
from pytest_privacy.spec.regex import regex_problem
from pytest_privacy.taxonomy import canonical_category

SCHEMA: Mapping[str, Any] = {"$ref": "#/$defs/inventory"}
LABEL = {"cookies": "cookie", "requests": "request", "storage": "storage item"}
BASE_LABEL = {"cookies": "cookie", "requests": "request host", "storage": "storage key"}


def _request_matcher(pattern: str) -> Callable[[str], bool]:
    """For requests, a bare entry is a domain (subdomains included); re: searches the URL."""
    if pattern.startswith("re:"):
        return name_matcher(pattern)
    return lambda url: domain_matches(host_of(url), pattern)


def inventory_rules(kind: str, items: Sequence[Item], params: Mapping[str, Any],
                    site: str = "", baseline: Entry | None = None) -> list[Finding]:
    """`site`: the host the visit landed on; `baseline`: the drift baseline's entry of the
    item (for no_new)."""
    findings: list[Finding] = []
    seen_label = LABEL[kind]
    if "none_of" in params:
        banned = {canonical_category(c) for c in params["none_of"]}
        hits = [o for o in items if o.category in banned]
        if hits:
            findings.append(Finding(
                f"{kind}: none_of {sorted(banned)}",
                f"{len(hits)} {seen_label}(s) in a forbidden category", _unique(hits)))
    if "only" in params:
        allowed = {canonical_category(c) for c in params["only"]}
        hits = [o for o in items if o.category not in allowed]
        if hits:
            findings.append(Finding(
                f"{kind}: only {sorted(allowed)}",
                f"{len(hits)} {seen_label}(s) outside the allowed categories", _unique(hits)))
    match = _request_matcher if kind == "requests" else name_matcher
    for pattern in params.get("absent", []):
        test = match(pattern)
        hits = [o for o in items if test(o.name)]
        if hits:
            findings.append(Finding(f"{kind}: absent {pattern!r}",
                                    f"{seen_label} {pattern!r} is present", _unique(hits)))
    for pattern in params.get("present", []):
        test = match(pattern)
        if not any(test(o.name) for o in items):
            findings.append(Finding(f"{kind}: present {pattern!r}",
                                    f"no {seen_label} matches {pattern!r} "
                                    f"({len(items)} {kind} seen)"))
    if params.get("no_new"):
        findings.extend(_no_new(kind, items, site, baseline or Entry("none")))
    return findings


def _no_new(kind: str, items: Sequence[Item], site: str, baseline: Entry) -> list[Finding]:
    """What the baseline does not list for this check, page and state."""
    if baseline.status == "none":
        return [Finding(f"{kind}: no_new", "no baseline to compare with; pass "
                        "--privacy-baseline FILE (record it with --privacy-baseline-update)",
                        inconclusive=True)]
    if baseline.status == "recording":
        return []
    new = new_items(kind, items, site, baseline.keys.get(kind, {}))
    if not new:
        return []
    why = ("the baseline lists nothing for this check, page and state yet"
           if baseline.status == "unlisted" else "not in the baseline")
    return [Finding(f"{kind}: no_new", f"{len(new)} new {BASE_LABEL[kind]}(s), {why}",
                    tuple(f"new: {key} — {item.description}" for key, item in new))]


def pattern_problems(params: Any) -> list[Problem]:
    """`re:` patterns under absent/present that do not compile."""
    problems: list[Problem] = []
    if not isinstance(params, Mapping):
        return problems
    for key in ("absent", "present"):
        names = params.get(key)
        for index, name in enumerate(names if isinstance(names, list) else []):
            if isinstance(name, str) and name.startswith("re:"):
                problems.extend(((key, index), text) for text in regex_problem(name[3:]))
    return problems


def _unique(items: Sequence[Item]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.description for o in items))


# The states a scan compares `after_accept` with, to draft what accepting enables.
WITHOUT_CONSENT = ("before_consent", "after_reject")


def _key(kind: str, item: Item) -> str:
    """What a drafted list names: a request by its host, anything else by its name."""
    return item.where if kind == "requests" else item.name


def inventory_drafter(kind: str, present: bool = True) -> Drafter:
    """Draft `none_of` the categories not seen (and say which were seen, so not promised);
    after accepting, with `present`, the non-necessary names that only accepting brought
    (third-party hosts, for requests)."""

    def draft(d: DraftContext) -> list[Drafted]:
        items = d.ctx.inventory(d.evidence).of(kind)
        if d.state == "after_accept":
            if not present:
                return []
            others = [d.others[s] for s in WITHOUT_CONSENT if s in d.others]
            before = {_key(kind, o) for e in others for o in d.ctx.inventory(e).of(kind)}
            names = sorted({_key(kind, o) for o in items if o.category != "necessary"
                            and (o.third_party or kind != "requests") and o.where
                            and _key(kind, o) not in before})
            if names:
                return [Drafted({"present": names[:MAX_NAMES]})]
            compared = " or ".join(s for s in WITHOUT_CONSENT if s in d.others) or "nothing"
            return [Drafted(None, (f"accepting brought no {kind} beyond what {compared} "
                                   "showed, so nothing is drafted as present",))]
        seen = {o.category for o in items}
        unseen = [c for c in OPTIONAL if c not in seen]
        left_out = []
        for category in OPTIONAL:
            names = sorted({_key(kind, o) for o in items if o.category == category})
            if names:
                left_out.append(f"{category} seen ({short_list(names)}), so the draft does "
                                "not promise its absence")
        return [Drafted({"none_of": unseen} if unseen else None, tuple(left_out))]

    return draft


def inventory_kind(kind: str, doc: str, present: bool = True) -> CheckKind:
    """The check kind of `kind` (cookies | requests | storage): the rules over the items of
    the visit that count for its state."""

    def check(evidence: Evidence, params: Mapping[str, Any],
              ctx: CheckContext) -> list[Finding]:
        return inventory_rules(kind, ctx.inventory(evidence).of(kind), params,
                               site_host(evidence), ctx.baseline)

    return CheckKind(kind, SCHEMA, check, lint=pattern_problems,
                     draft=inventory_drafter(kind, present), doc=doc)
