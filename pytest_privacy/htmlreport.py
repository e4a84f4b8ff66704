"""A self-contained HTML privacy report: failures by claim, every verdict, every visit.

Pure: data in, one HTML string out. Everything that came from a page (cookie names, URLs,
titles, console errors) is escaped; only http(s) URLs become links; cookie and storage
values are redacted unless asked for. The file loads nothing: inline style, an optional
inline filter script (the report reads the same without it), screenshots as data: URIs, and a
Content-Security-Policy that forbids any other load.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pytest_privacy.classify import Classifier, host_of, is_third_party
from pytest_privacy.evidence import CookieRecord, Evidence, RequestRecord, StorageRecord, redact
from pytest_privacy.history import RunRecord
from pytest_privacy.htmlhistory import STYLE as HISTORY_STYLE
from pytest_privacy.htmlhistory import history_chart
from pytest_privacy.htmltimeline import STYLE as TIMELINE_STYLE
from pytest_privacy.htmltimeline import timeline
from pytest_privacy.inventory import Inventory, classify_evidence, site_host
from pytest_privacy.redaction import scrubber
from pytest_privacy.taxonomy import SEVERITY

__all__ = ["MAX_ROWS", "ItemResult", "VisitEntry", "render_report", "write_report"]

MAX_ROWS = 500  # rows per table; the rest is counted in a "N more" line
MAX_LIST = 100  # console errors, dictionary entries
MAX_VALUE = 300  # characters of any single shown value
OUTCOMES = ("passed", "failed", "error", "skipped")
# Which visits' screenshots are embedded: "failures" (a visit with a failed or errored item, or
# one that could not be completed) or "all" (pytest-playwright's --screenshot on).
SCREENSHOTS = ("failures", "all")

REDACTED_NOTE = ("Cookie and storage values are redacted (only their length is shown); "
                 "run with --privacy-show-values to keep them.")
SHOWN_NOTE = ("Cookie and storage values are SHOWN (--privacy-show-values): "
              "this file may contain session tokens and personal data.")

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;
max-width:1400px;padding:0 16px 48px;color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;margin:28px 0 8px;
border-bottom:2px solid #ddd}h3{font-size:15px;margin:22px 0 6px}h4{font-size:14px;
margin:14px 0 4px}
table{border-collapse:collapse;width:100%;margin:4px 0;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top;
word-break:break-word}th{background:#f3f3f3}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:8px;overflow-x:auto;
white-space:pre-wrap;font-size:12.5px}
code{font-size:12.5px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;
margin:4px 0}dt{font-weight:600}dd{margin:0;word-break:break-word}
.totals span{margin-right:14px}.note{background:#fff8e1;border:1px solid #f0d98a;
padding:6px 10px}.claim{border-left:4px solid #c62828;padding:2px 12px;margin:14px 0}
.claim blockquote{font-size:15px;font-style:italic;margin:4px 0}
.o-passed{color:#1b5e20}.o-failed,.o-error{color:#b71c1c;font-weight:600}
.o-skipped{color:#777}.c-marketing{background:#ffebee}.c-analytics{background:#fff3e0}
.c-functional{background:#e3f2fd}.c-unknown{background:#f3e5f5}
.muted{color:#777}.more{color:#555;font-style:italic}
img.shot{max-width:100%;border:1px solid #ccc}
nav a{margin-right:12px}#filter{margin:8px 0;padding:4px;width:320px}
""" + TIMELINE_STYLE + HISTORY_STYLE

# Filtering only; the report is complete without it (the box stays hidden then).
SCRIPT = ("(function(){var f=document.getElementById('filter');f.hidden=false;"
          "f.addEventListener('input',function(){var q=f.value.toLowerCase();"
          "document.querySelectorAll('tbody tr').forEach(function(r){"
          "r.hidden=!!q&&r.textContent.toLowerCase().indexOf(q)<0;});});})();")


@dataclass
class VisitEntry:
    """One visit (page × state) and what it recorded."""

    number: int  # 1-based index, used for anchors (#visit-3)
    url: str
    state: str  # e.g. "before_consent", "after_reject", "gpc"
    evidence: Evidence | None  # None when the visit could not be completed
    error: str | None  # the visit error sentence, when evidence is None
    classifier: Classifier  # the spec's classifier (for categories)
    screenshot: bytes | None = None  # PNG, embedded as a data: URI
    artifacts: list[str] = field(default_factory=list)  # evidence JSON, HAR, trace paths
    seconds: float = 0.0


@dataclass
class ItemResult:
    """The verdict of one pytest item (check × page)."""

    nodeid: str
    check_id: str
    claim: str
    spec_name: str
    policy_url: str | None
    page: str
    state: str
    outcome: str  # "passed" | "failed" | "error" | "skipped"
    details: str  # the plain-text failure/error report ('' when passed)
    visit: int | None  # VisitEntry.number of its visit, when known


def render_report(title: str, visits: list[VisitEntry], items: list[ItemResult], *,
                  show_values: bool = False, generated: str = "",
                  screenshots: str = "failures",
                  drift: Sequence[Sequence[str]] | None = None,
                  history: Sequence[RunRecord] | None = None) -> str:
    """The whole report as one HTML document that loads nothing from anywhere. Screenshots
    are embedded for the visits `screenshots` names (see SCREENSHOTS). `drift`: the changes
    against --privacy-baseline (change, item, key, category, check, page, state), when one
    was given. `history`: the last runs of --privacy-history, oldest first, this one last."""
    known = {v.number for v in visits}
    note = SHOWN_NOTE if show_values else REDACTED_NOTE
    style_hash = _csp_hash(STYLE)
    script_hash = _csp_hash(SCRIPT)
    csp = (f"default-src 'none'; img-src data:; style-src '{style_hash}'; "
           f"script-src '{script_hash}'; base-uri 'none'; form-action 'none'")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<!-- pytest-privacy report. {_comment(note)} -->",
        _header(title, visits, items, note, generated, history is not None),
        '<input id="filter" type="search" placeholder="Filter table rows…" hidden>',
        _history(history) if history is not None else "",
        _failures(items, known),
        _drift(drift) if drift is not None else "",
        _verdicts(items, known),
        _visits(visits, items, show_values, screenshots == "all"),
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def write_report(path: Path, title: str, visits: list[VisitEntry], items: list[ItemResult], *,
                 show_values: bool = False, generated: str = "",
                 screenshots: str = "failures",
                 drift: Sequence[Sequence[str]] | None = None,
                 history: Sequence[RunRecord] | None = None) -> None:
    """Write `render_report(...)` to `path` (UTF-8), creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(title, visits, items, show_values=show_values,
                                  generated=generated, screenshots=screenshots, drift=drift,
                                  history=history),
                    encoding="utf-8")


# --- sections ---------------------------------------------------------------------------------

def _header(title: str, visits: Sequence[VisitEntry], items: Sequence[ItemResult], note: str,
            generated: str, history: bool = False) -> str:
    counts = Counter(i.outcome for i in items)
    broken = sum(1 for v in visits if v.evidence is None)
    spans = [f'<span class="o-{o}">{counts.get(o, 0)} {label}</span>'
             for o, label in (("passed", "passed"), ("failed", "failed"),
                              ("error", "errors"), ("skipped", "skipped"))]
    visit_text = f"{len(visits)} visit{'s' if len(visits) != 1 else ''}"
    if broken:
        visit_text += f" ({broken} could not be completed)"
    out = [f"<header><h1>{_e(title)}</h1>",
           f'<p class="totals"><span><b>{len(items)} checks:</b></span>{"".join(spans)}'
           f"<span>{_e(visit_text)}</span></p>"]
    if generated:
        out.append(f'<p class="muted">Generated {_e(generated)}</p>')
    out.append(f'<p class="note">{_e(note)}</p>')
    out.append("<nav>" + ('<a href="#history">History</a>' if history else "")
               + '<a href="#failures">Failures</a><a href="#verdicts">All verdicts</a>'
               '<a href="#visits">Visits</a></nav></header>')
    return "\n".join(out)


def _failures(items: Sequence[ItemResult], known: set[int]) -> str:
    bad = [i for i in items if i.outcome in ("failed", "error")]
    out = [f'<section id="failures"><h2>Failures by claim ({len(bad)})</h2>']
    if not bad:
        out.append("<p>No check failed.</p></section>")
        return "\n".join(out)
    groups: dict[tuple[str, str, str, str | None], list[ItemResult]] = {}
    for item in bad:
        groups.setdefault((item.claim, item.check_id, item.spec_name, item.policy_url),
                          []).append(item)
    for (claim, check_id, spec_name, policy_url), group in groups.items():
        source = _e(spec_name) + (", " + _link(policy_url) if policy_url else "")
        out.append(f'<div class="claim"><blockquote>“{_e(claim)}”</blockquote>'
                   f"<div>— {source}</div><div>Check <code>{_e(check_id)}</code></div>")
        for item in group:
            out.append(f'<h4><span class="o-{_outcome(item.outcome)}">{_e(item.outcome)}</span>'
                       f" · {_link(item.page)} · state <code>{_e(item.state)}</code> · "
                       f"{_visit_link(item.visit, known)}</h4>")
            out.append(f'<div class="muted"><code>{_e(item.nodeid)}</code></div>')
            if item.details:
                out.append(f"<pre>{_e(item.details)}</pre>")
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def _history(records: Sequence[RunRecord]) -> str:
    """Findings per run over the last runs (--privacy-history)."""
    out = [f'<section id="history"><h2>Findings per run (the last {len(records)})</h2>']
    chart = history_chart(records)
    out.append(chart or '<p class="muted">No run recorded yet.</p>')
    out.append("</section>")
    return "\n".join(out)


def _drift(rows: Sequence[Sequence[str]]) -> str:
    """What appeared and what disappeared since the baseline."""
    new = sum(1 for row in rows if row[0] == "new")
    head = ["change", "item", "key", "category", "check", "page", "state"]
    return (f'<section id="drift"><h2>Against the baseline ({new} new, '
            f"{len(rows) - new} gone)</h2>"
            + _table(head, [[_e(cell) for cell in row] for row in rows])
            + "</section>")


def _verdicts(items: Sequence[ItemResult], known: set[int]) -> str:
    order = {"failed": 0, "error": 1, "skipped": 2, "passed": 3}
    ranked = sorted(items, key=lambda i: order.get(i.outcome, 4))
    rows = [[f'<span class="o-{_outcome(i.outcome)}">{_e(i.outcome)}</span>',
             f"<code>{_e(i.check_id)}</code>", _link(i.page), f"<code>{_e(i.state)}</code>",
             _e(i.claim), _visit_link(i.visit, known)] for i in ranked]
    return (f'<section id="verdicts"><h2>All verdicts ({len(items)})</h2>'
            + _table(["Outcome", "Check", "Page", "State", "Claim", "Visit"], rows)
            + "</section>")


def _visits(visits: Sequence[VisitEntry], items: Sequence[ItemResult], show_values: bool,
            all_screenshots: bool) -> str:
    out = [f'<section id="visits"><h2>Visits ({len(visits)})</h2>']
    if visits:
        index = [[f'<a href="#visit-{v.number}">#{v.number}</a>', _link(v.url),
                  f"<code>{_e(v.state)}</code>",
                  "could not be completed" if v.evidence is None else "recorded",
                  f"{v.seconds:.1f} s"] for v in visits]
        out.append(_table(["Visit", "Page", "State", "", "Time"], index))
    for visit in visits:
        mine = [i for i in items if i.visit == visit.number]
        out.append(_visit(visit, mine, show_values, all_screenshots))
    out.append("</section>")
    return "\n".join(out)


def _visit(visit: VisitEntry, items: Sequence[ItemResult], show_values: bool,
           all_screenshots: bool) -> str:
    out = [f'<section class="visit" id="visit-{visit.number}">',
           f"<h3>Visit #{visit.number}: {_e(visit.url)} × {_e(visit.state)}</h3>"]
    if items:
        counts = Counter(i.outcome for i in items)
        out.append("<p>Checks on this visit: " + ", ".join(
            f'<span class="o-{_outcome(o)}">{n} {_e(o)}</span>'
            for o, n in sorted(counts.items())) + "</p>")
    ev = visit.evidence
    if ev is None:
        out.append(f"<p class=\"o-error\">The visit could not be completed: "
                   f"{_e(visit.error or 'no reason recorded')}</p>")
        out.append(_screenshot(visit, True))
        out.append(_artifacts(visit.artifacts))
        out.append("</section>")
        return "\n".join(out)
    inventory = classify_evidence(ev, visit.classifier)
    summary: list[tuple[str, str]] = [
        ("Page", _link(ev.url)),
        ("Landed on", _link(ev.final_url) if ev.final_url else "—"),
        ("Status", _e(ev.status if ev.status is not None else "—")),
        ("Title", _e(_cut(ev.title))),
        ("Third-party cookies", _e(ev.cookie_policy)),
        ("Browser context", _e(", ".join(f"{k} {v}" for k, v in ev.context.items()) or "—")),
        ("Network settled", "yes" if ev.settled else "no (the settle cap ended the wait)"),
        ("Tries", _e(ev.tries)),
        ("Time", f"{visit.seconds:.1f} s"),
    ]
    out.append(_dl(summary))
    picture = timeline(ev, inventory, visit.number)
    if picture:
        out.append("<h4>Timeline: what loaded before and after the consent action</h4>"
                   if ev.consent else "<h4>Timeline: what loaded when</h4>")
        out.append(picture)
    out.append("<h4>Consent action</h4>")
    if ev.consent:
        c = asdict(ev.consent)
        out.append(_dl([(k, _e(_cut(_text(c.get(k))))) for k in ("action", "adapter", "clicked")]
                       + [("page", _link(str(c.get("page", ""))))]))
        rest = {k: v for k, v in c.items() if k not in ("action", "adapter", "clicked", "page")}
        if rest:
            out.append(_dict_dl(rest))
        out.append('<p class="muted">Only what was set after the consent action counts for '
                   "checks; the rest is marked “before consent”.</p>")
    else:
        out.append("<p>None (no interaction with the banner).</p>")
    if ev.banner:
        out.append("<h4>Banner (before any choice)</h4>" + _dict_dl(asdict(ev.banner)))
    for label, data in (("Consent state (CMP APIs)", ev.consent_state.apis),
                        ("Categories granted", ev.consent_state.categories),
                        ("Privacy signals (__uspapi, __gpp)", ev.privacy_signals),
                        ("Navigator signals", ev.navigator_signals)):
        if data:
            out.append(f"<h4>{_e(label)}</h4>" + _dict_dl(data))
    for path, p in ev.probes.items():
        out.append(f"<h4>{_e(path)}</h4>" + _dl([
            ("URL", _link(p.url)), ("Status", _e(p.status if p.status is not None else "—")),
            ("Error", _e(p.error or "—")), ("Body", f"<code>{_e(_cut(p.body))}</code>")]))
    out.append(_cookies(ev, inventory, show_values))
    out.append(_requests(ev, inventory))
    out.append(_storage(ev, inventory, show_values))
    out.append(_links(ev))
    if ev.fingerprinting:
        out.append(_fingerprinting(ev, visit.classifier))
    if ev.interaction is not None:
        out.append(_interaction(ev, visit.classifier, show_values))
    if ev.console_errors:
        out.append(f"<h4>Console errors ({len(ev.console_errors)})</h4><ul>"
                   + "".join(f"<li><code>{_e(_cut(m))}</code></li>"
                             for m in ev.console_errors[:MAX_LIST])
                   + _more_li(len(ev.console_errors) - MAX_LIST) + "</ul>")
    if ev.timings:
        out.append("<h4>Timings</h4>" + _dl([(k, f"{v:.0f} ms" if isinstance(v, (int, float))
                                              else _e(v)) for k, v in ev.timings.items()]))
    if ev.problems:
        out.append("<h4>Problems</h4>" + _dict_dl(ev.problems))
    failing = any(i.outcome in ("failed", "error") for i in items)
    out.append(_screenshot(visit, all_screenshots or failing))
    paths = list(visit.artifacts)
    if ev.path and ev.path not in paths:
        paths.insert(0, ev.path)
    out.append(_artifacts(paths))
    out.append("</section>")
    return "\n".join(out)


# --- visit tables -----------------------------------------------------------------------------

def _phase(ev: Evidence, phase: str) -> str:
    if ev.consent and phase != "after_consent":
        return f"{_e(phase)} <span class=\"muted\">(before consent, not counted)</span>"
    return _e(phase)


def _cookies(ev: Evidence, inventory: Inventory, show_values: bool) -> str:
    rows: list[tuple[tuple[int, int, int], list[str], str]] = []
    for n, seen in enumerate(inventory.cookies):
        cookie = seen.record
        assert isinstance(cookie, CookieRecord)
        third = seen.third_party
        cat = seen.category
        setter = "—"
        if cookie.set_by:
            how = "script" if cookie.set_by_kind == "script" else "response"
            setter = f"{how} {_link(cookie.set_by)}"
        rows.append(((_rank(cat), not third, n), [
            f"<code>{_e(cookie.name)}</code>",
            _e(cookie.domain) + (' <span class="muted">(3rd party)</span>' if third else ""),
            _e(cat), _e(seen.verdict.source), setter, _phase(ev, cookie.phase),
            _value(cookie.value, show_values)], _cat_class(cat)))
    return _sorted_table(f"Cookies ({len(ev.cookies)})",
                         ["Name", "Domain", "Category", "Category source", "Set by", "Phase",
                          "Value"], rows)


def _requests(ev: Evidence, inventory: Inventory) -> str:
    rows: list[tuple[tuple[int, int, int], list[str], str]] = []
    for n, seen in enumerate(inventory.requests):
        request = seen.record
        assert isinstance(request, RequestRecord)
        third = bool(seen.where) and seen.third_party
        cat = seen.category
        status = _e(request.status) if request.status is not None else (
            f'<span class="o-error">{_e(_cut(request.failure))}</span>' if request.failure
            else "—")
        rows.append(((_rank(cat), not third, n), [
            f"{_e(request.method)} {_link(request.url)}",
            _e(request.resource_type), _e(cat), _e(seen.verdict.source),
            _phase(ev, request.phase), status], _cat_class(cat)))
    return _sorted_table(f"Requests ({len(ev.requests)}; third-party and not strictly "
                         "necessary first)",
                         ["URL", "Type", "Category", "Category source", "Phase", "Status"], rows)


def _storage(ev: Evidence, inventory: Inventory, show_values: bool) -> str:
    rows: list[tuple[tuple[int, int, int], list[str], str]] = []
    for n, seen in enumerate(inventory.storage):
        item = seen.record
        assert isinstance(item, StorageRecord)
        cat = seen.category
        rows.append(((_rank(cat), 0, n), [
            _e(item.kind), _e(item.origin), f"<code>{_e(item.key)}</code>", _e(cat),
            _e(seen.verdict.source), _link(item.set_by) if item.set_by else "—",
            _phase(ev, item.phase), _value(item.value, show_values)], _cat_class(cat)))
    return _sorted_table(f"Storage ({len(ev.storage)})",
                         ["Kind", "Origin", "Key", "Category", "Category source", "Set by",
                          "Phase", "Value"], rows)


def _links(ev: Evidence) -> str:
    rows = []
    for link in ev.links[:MAX_ROWS]:
        probe = _e(link.status) if link.status is not None else _e(link.probe_error or "—")
        rows.append([_e(_cut(link.text)), _link(link.href), _e(", ".join(link.scopes)), probe])
    return (f"<h4>Links ({len(ev.links)})</h4>"
            + _table(["Text", "Href", "Within", "Probe"], rows, len(ev.links) - MAX_ROWS))


def _fingerprinting(ev: Evidence, classifier: Classifier) -> str:
    """Scripts that used canvas, WebGL, audio or font probing in a fingerprinting pattern
    (browser/fingerprint.js), with the party and category of each script."""
    site = site_host(ev)
    rows: list[tuple[tuple[int, int, int], list[str], str]] = []
    for n, record in enumerate(ev.fingerprinting):
        verdict = classifier.request(record.script, site, "script")
        host = host_of(record.script)
        third = bool(host) and is_third_party(host, site)
        rows.append(((_rank(verdict.category), not third, n), [
            _link(record.script), "third party" if third else "first party",
            _e(verdict.category), f"<code>{_e(record.technique)}</code>",
            _e(_cut(record.detail)), _link(record.frame), _phase(ev, record.phase)],
            _cat_class(verdict.category)))
    return _sorted_table(f"Fingerprinting ({len(ev.fingerprinting)})",
                         ["Script", "Party", "Category", "Technique", "Detail", "Frame",
                          "Phase"], rows)


def _interaction(ev: Evidence, classifier: Classifier, show_values: bool) -> str:
    """The visitor's part at the end of the visit: the fields typed into (made-up canaries,
    never submitted) and what the page sent after typing began, to which host. Cookie and
    storage values inside what was sent are redacted unless asked for."""
    record = ev.interaction
    assert record is not None
    scrub = (lambda text: text) if show_values else scrubber(
        [c.value for c in ev.cookies] + [s.value for s in ev.storage])
    out = ["<h4>Interaction (after everything above was recorded)</h4>", _dl([
        ("Began", f"{record.started_ms:.0f} ms"),
        ("First key typed", f"{record.typing_ms:.0f} ms" if record.typing_ms is not None
         else "— (no field to type into)"),
        ("Waited afterwards", f"{record.waited_ms:.0f} ms"
         + ("" if record.settled else " (the cap ended the wait)")),
        ("Problems", _e("; ".join(record.problems)) if record.problems else "—")])]
    fields = [[_e(_cut(f.field)), _e(f.kind), f"<code>{_e(f.canary)}</code>",
               _link(f.frame_url) if f.frame_url else "—"] for f in record.fields[:MAX_ROWS]]
    out.append(f"<h4>Fields typed into ({len(record.fields)}; never submitted)</h4>"
               + _table(["Field", "Kind", "Typed", "Frame"], fields,
                        len(record.fields) - MAX_ROWS))
    site = site_host(ev)
    after = [s for s in record.sent if s.after_typing]
    rows: list[tuple[tuple[int, int, int], list[str], str]] = []
    for n, sent in enumerate(after):
        verdict = classifier.request(sent.url, site, sent.resource_type or "other")
        host = host_of(sent.url)
        third = bool(host) and is_third_party(host, site)
        what = {"beacon": "sendBeacon", "websocket": "WebSocket frame"}.get(
            sent.channel, sent.method or "GET")
        url = scrub(sent.url)
        rows.append(((_rank(verdict.category), not third, n), [
            _e(what), _link(url), _e(host) + (' <span class="muted">(3rd party)</span>'
                                              if third else ""),
            _e(verdict.category), _link(sent.script) if sent.script else "—",
            f"<code>{_e(_cut(scrub(sent.body)))}</code>" if sent.body else "—"],
            _cat_class(verdict.category)))
    before = len(record.sent) - len(after)
    out.append(_sorted_table(f"Sent after typing began ({len(after)})",
                             ["How", "URL", "Host", "Category", "Sent by", "Body"], rows))
    if before:
        out.append(f'<p class="muted">{before} more sent during the interaction before the '
                   "first key was typed.</p>")
    return "\n".join(out)


def _sorted_table(heading: str, head: list[str],
                  rows: list[tuple[tuple[int, int, int], list[str], str]]) -> str:
    rows.sort(key=lambda r: r[0])
    shown = rows[:MAX_ROWS]
    return (f"<h4>{_e(heading)}</h4>"
            + _table(head, [r[1] for r in shown], len(rows) - len(shown),
                     [r[2] for r in shown]))


def _screenshot(visit: VisitEntry, embed: bool) -> str:
    """The visit's screenshot, embedded only when asked: a report of many passing visits
    stays small."""
    if not visit.screenshot:
        return ""
    if not embed:
        return ('<p class="muted">Screenshot not embedded: every check on this visit passed '
                "(pytest-playwright's --screenshot on embeds every visit's).</p>")
    encoded = base64.b64encode(visit.screenshot).decode("ascii")
    return (f'<h4>Screenshot</h4><img class="shot" alt="screenshot of visit '
            f'#{visit.number}" src="data:image/png;base64,{encoded}">')


def _artifacts(paths: Iterable[str]) -> str:
    paths = list(paths)
    if not paths:
        return ""
    return ("<h4>Artifacts</h4><ul>"
            + "".join(f"<li><code>{_e(p)}</code></li>" for p in paths) + "</ul>")


# --- small helpers ----------------------------------------------------------------------------

def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _comment(text: str) -> str:
    return text.replace("--", "- -")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _link(url: str | None, text: str | None = None) -> str:
    """An anchor for http(s) URLs only; anything else (javascript:, data:, file:) is text."""
    if not url:
        return "—"
    shown = _e(_cut(text if text is not None else url))
    if url.strip().lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url.strip())}" rel="noopener noreferrer">{shown}</a>'
    return shown


def _visit_link(number: int | None, known: set[int]) -> str:
    if number is None:
        return '<span class="muted">no visit</span>'
    if number in known:
        return f'<a href="#visit-{number}">visit #{number}</a>'
    return f"visit #{number}"


def _outcome(outcome: str) -> str:
    return outcome if outcome in OUTCOMES else "skipped"


def _rank(category: str) -> int:
    return SEVERITY.index(category) if category in SEVERITY else 2


def _cat_class(category: str) -> str:
    return f"c-{category}" if category in SEVERITY else ""


def _value(value: str, show_values: bool) -> str:
    if show_values:
        return f"<code>{_e(_cut(value))}</code>"
    return f'<span class="muted">{_e(redact(value))}</span>'


def _cut(value: str | None, limit: int = MAX_VALUE) -> str:
    value = value or ""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def _dl(pairs: Iterable[tuple[str, str]]) -> str:
    """Pairs of (label, already-escaped HTML)."""
    return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>"


def _dict_dl(data: dict[str, Any]) -> str:
    items = list(data.items())
    out = _dl((str(k), f"<code>{_e(_cut(_text(v)))}</code>") for k, v in items[:MAX_LIST])
    if len(items) > MAX_LIST:
        out += f'<p class="more">… and {len(items) - MAX_LIST} more</p>'
    return out


def _more_li(more: int) -> str:
    return f'<li class="more">… and {more} more</li>' if more > 0 else ""


def _table(head: list[str], rows: Sequence[list[str]], more: int = 0,
           classes: Sequence[str] | None = None) -> str:
    """Cells are already-escaped HTML; `more` rows were left off."""
    if not rows:
        return '<p class="muted">None.</p>'
    out = ["<table><thead><tr>", "".join(f"<th>{_e(h)}</th>" for h in head),
           "</tr></thead><tbody>"]
    for n, row in enumerate(rows):
        cls = classes[n] if classes else ""
        attr = f' class="{cls}"' if cls else ""
        out.append(f"<tr{attr}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table>")
    if more > 0:
        out.append(f'<p class="more">… and {more} more (see the evidence file)</p>')
    return "".join(out)
