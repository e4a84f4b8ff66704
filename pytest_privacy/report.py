"""How a broken promise reads in the terminal: claim, rule, what was seen, where."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from pytest_privacy.checks import CheckContext, Finding
from pytest_privacy.evidence import Evidence
from pytest_privacy.inventory import Item
from pytest_privacy.spec import CheckSpec, Spec

MAX_ITEMS = 20


def headline(findings: list[Finding]) -> str:
    """What broke, in one line: the first line of a failure, which pytest's short summary
    (`FAILED spec.yaml::check[/] - ...`) shows."""
    if not findings:
        return "every expectation held"
    first = findings[0]
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return f"{first.rule} — {first.message}{more}"


def render_failure(spec: Spec, check: CheckSpec, url: str, evidence: Evidence,
                   findings: list[Finding]) -> str:
    source = spec.name + (f", {spec.policy_url}" if spec.policy_url else "")
    landed = ""
    if evidence.final_url and evidence.final_url != url:
        landed = f" (landed on {evidence.final_url})"
    lines = [
        f'Claim:    "{check.claim}"',
        f"          — {source}",
        f"Check:    {check.id} ({spec.path.name}:{check.line})",
        f"Page:     {url} in state {evidence.state}{landed}",
    ]
    if evidence.context:
        lines.append("Context:  " + ", ".join(f"{name} {value}"
                                              for name, value in evidence.context.items()))
    if evidence.consent:
        where = evidence.consent.page
        on = f" on {where}" if where and where != url else ""
        frame = evidence.consent.frame
        inside = f" in a frame of {frame[:120]}" if frame and \
            urlsplit(frame).netloc != urlsplit(where or url).netloc else ""
        lines.append(f"Consent:  {evidence.consent.action} via {evidence.consent.adapter}, "
                     f"clicked {evidence.consent.clicked!r}{inside}{on}; counted what was set "
                     "after it")
    for finding in findings:
        lines.append(f"Broken:   {finding.rule} — {finding.message}")
        for item in finding.items[:MAX_ITEMS]:
            lines.append(f"  - {item}")
        if len(finding.items) > MAX_ITEMS:
            lines.append(f"  … and {len(finding.items) - MAX_ITEMS} more (see the evidence file)")
    if evidence.tries > 1:
        lines.append(f"Note:     this visit {evidence.problems.get('retried', '')}")
    if not evidence.settled:
        lines.append("Note:     the network never went quiet; the cap of --privacy-settle-cap "
                     "ended the wait.")
    if evidence.path:
        lines.append(f"Evidence: {evidence.path}")
    else:
        lines.append("Evidence: not kept; run with --privacy-evidence DIR to keep it")
    return "\n".join(lines) + artifact_lines(evidence.artifacts)


ARTIFACT_LABELS = {"screenshot": "Screenshot", "trace": "Trace", "video": "Video", "har": "HAR",
                   # the context that answered the banner for this state (browser/seed.py)
                   "consent_trace": "Consent trace", "consent_video": "Consent video",
                   "consent_har": "Consent HAR"}


def artifact_lines(artifacts: dict[str, str]) -> str:
    """The files a visit left, one per line (evidence JSON is named on its own)."""
    lines = []
    for kind, label in ARTIFACT_LABELS.items():
        path = artifacts.get(kind)
        if path:
            hint = f"  (open: playwright show-trace {path})" if kind.endswith("trace") else ""
            lines.append(f"\n{(label + ': ') if len(label) > 8 else (label + ':'):<10}{path}{hint}")
    return "".join(lines)


def _tracking(items: Sequence[Item]) -> dict[str, str]:
    """Name -> description of what is not strictly necessary."""
    return {o.name: o.description for o in items if o.category != "necessary"}


def render_comparison(with_signal: Evidence, without: Evidence, ctx: CheckContext) -> str:
    """What the GPC signal removed, and what it did not, on the same page."""
    lines = ["Without GPC (same page, same consent state), for comparison:"]
    for kind in ("cookies", "requests"):
        before = _tracking(ctx.inventory(without).of(kind))
        after = _tracking(ctx.inventory(with_signal).of(kind))
        removed = [name for name in before if name not in after]
        kept = [name for name in before if name in after]
        added = [name for name in after if name not in before]
        lines.append(f"  {kind}: GPC removed {len(removed)}, left {len(kept)}, added {len(added)}"
                     " (not strictly necessary ones)")
        for label, names in (("removed", removed), ("left", kept), ("added", added)):
            for name in names[:MAX_ITEMS]:
                lines.append(f"    {label}: {(before.get(name) or after[name])}")
    return "\n".join(lines)
