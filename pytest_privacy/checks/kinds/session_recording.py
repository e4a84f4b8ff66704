"""session_recording: none: true: no session-replay service records the visit, i.e. no
recorder is loaded and sends what it recorded (the visit moves the pointer, scrolls and types
first, since several recorders send nothing until a visitor acts).

Known services are recognised by their scripts and recording endpoints (requests, beacons
and WebSocket frames alike); unknown ones by what they send to a third party: serialized DOM
nodes, DOM mutation records, or the page's own text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.draft import DraftContext, Drafted, keep_if_it_holds
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.checks.kinds.keylogging import _decoded
from pytest_privacy.classify import host_of, is_third_party
from pytest_privacy.classify.party import registrable_domain
from pytest_privacy.evidence import Evidence, SentRecord
from pytest_privacy.needs import Needs

SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["none"],
    "properties": {
        "none": {"const": True, "description": "No session-replay service records the visit."},
    },
}
SENDING = {"xhr", "fetch", "ping", "websocket", "eventsource", "other", "beacon", "image"}
SHOWN_URL = 160


@dataclass(frozen=True)
class Recorder:
    """A session-replay service: regexes searched in script URLs and in the URLs that receive
    recordings; `body`, when set, must also be found in what was sent (decoded)."""

    service: str
    scripts: tuple[str, ...]
    endpoints: tuple[str, ...]
    body: str | None = None


RECORDERS = (
    Recorder("Hotjar", (r"//static\.hotjar\.com/", r"//script\.hotjar\.com/"),
             (r"^wss?://ws\d*\.hotjar\.com/", r"//(in|vc|content)\.hotjar\.(com|io)/")),
    Recorder("FullStory", (r"//edge\.fullstory\.com/s/fs", r"//[^/]*fullstory\.com/s/fs"),
             (r"//rs\.fullstory\.com/rec/",)),
    Recorder("Microsoft Clarity", (r"//www\.clarity\.ms/tag/", r"//[^/]*\.clarity\.ms/s/"),
             (r"//[^/]*\.clarity\.ms/collect",)),
    Recorder("LogRocket",
             (r"//cdn\.(logrocket\.io|lr-ingest\.(io|com)|lr-in\.com|lr-in-prod\.com|"
              r"lgrckt-in\.com|logr-in\.com|logr-ingest\.com)/",),
             (r"//r\.(logrocket\.io|lr-ingest\.(io|com)|lr-in\.com|lr-in-prod\.com|"
              r"lgrckt-in\.com|logr-in\.com|logr-ingest\.com)/i",)),
    Recorder("Smartlook", (r"//(web-sdk|rec)\.smartlook\.com/",),
             (r"//[^/]*\.smartlook\.cloud/", r"//[^/]*\.smartlook\.com/(rec|v\d)/")),
    Recorder("Mouseflow", (r"//cdn\.mouseflow\.com/",), (r"//o\d*\.mouseflow\.com/",)),
    Recorder("Inspectlet", (r"//cdn\.inspectlet\.com/",), (r"//hn\.inspectlet\.com/",)),
    Recorder("Lucky Orange", (r"//[^/]*\.luckyorange\.com/[^?]*\.js",),
             (r"//[^/]*\.luckyorange\.net/",)),
    Recorder("PostHog session recording",
             (r"//[^/]*posthog\.com/static/", r"/static/(lazy-)?recorder(-v2)?\.js"),
             (r"^https?://[^/]+/s/?(\?|$)",), body=r"\$snapshot"),
    Recorder("OpenReplay", (r"//static\.openreplay\.com/", r"openreplay[^/?]*\.js"),
             (r"/ingest/v1/web/i(\?|$)",)),
    Recorder("Sentry session replay",
             (r"//browser\.sentry-cdn\.com/[^/]+/bundle[^/]*replay", r"//js\.sentry-cdn\.com/"),
             (r"/api/\d+/envelope/",), body=r"\"type\"\s*:\s*\"replay_(event|recording)\""),
    Recorder("Datadog RUM session replay",
             (r"//www\.datadoghq-browser-agent\.com/[^?]*datadog-rum(?!-slim)",),
             (r"//browser-intake-[^/]*datadoghq\.(com|eu)/api/v2/replay",
              r"ddforward=%2Fapi%2Fv2%2Freplay")),
    Recorder("Contentsquare", (r"//t\.contentsquare\.net/uxa/",),
             (r"//(?!t\.)[^/]*\.contentsquare\.net/",)),
    Recorder("Quantum Metric", (r"//cdn\.quantummetric\.com/",),
             (r"//[^/]*quantummetric\.com/horizon/", r"-app\.quantummetric\.com/")),
)
# What an unknown recorder sends: serialized DOM nodes (rrweb and its kin), mutation records.
DOM_NODES = (re.compile(r"\"tagName\"\s*:"), re.compile(r"\"childNodes\"\s*:"))
MUTATIONS = (re.compile(r"\"adds\"\s*:\s*\["), re.compile(r"\"removes\"\s*:\s*\["))
PAGE_TEXT_MIN = 2  # distinct passages of the page's text in one payload
PAGE_TEXT_PREFIX = 40


def _short(url: str) -> str:
    return url if len(url) <= SHOWN_URL else url[:SHOWN_URL] + "..."


def _where(sent: SentRecord) -> str:
    channel = "beacon" if sent.resource_type == "ping" else sent.channel
    how = {"websocket": "WebSocket frames to ", "beacon": "sendBeacon to "}.get(
        channel, f"{sent.method or 'GET'} " if sent.method else "")
    return how + _short(sent.url)


def _sent(evidence: Evidence) -> list[SentRecord]:
    """Everything the page sent that can carry a recording: requests from before the
    interaction (no bodies kept) and what was sent during it (with bodies)."""
    out = [SentRecord(channel="request", url=r.url, method=r.method,
                      resource_type=r.resource_type, time_ms=r.time_ms, after_typing=False)
           for r in evidence.requests if r.resource_type in SENDING]
    if evidence.interaction is not None:
        out += [s for s in evidence.interaction.sent if s.resource_type in SENDING
                or s.channel != "request"]
    return out


def _scripts(evidence: Evidence) -> list[str]:
    found = [r.url for r in evidence.requests if r.resource_type == "script"]
    if evidence.interaction is not None:
        found += evidence.interaction.scripts
    return list(dict.fromkeys(found))


def _known(recorder: Recorder, scripts: list[str],
           sent: list[SentRecord]) -> tuple[list[str], list[SentRecord]]:
    loaded = [s for s in scripts if any(re.search(p, s) for p in recorder.scripts)]
    body = re.compile(recorder.body) if recorder.body else None
    received = [s for s in sent if any(re.search(p, s.url) for p in recorder.endpoints)
                and (body is None or any(body.search(text) for _, text in _decoded(s.body)))]
    return loaded, received


def _unknown_signs(sent: SentRecord, page_text: Iterable[str]) -> str | None:
    """What in a payload to a third party looks like a recording, if anything does."""
    passages = [p[:PAGE_TEXT_PREFIX].lower() for p in page_text]
    for _, text in _decoded(sent.body):
        if all(p.search(text) for p in DOM_NODES):
            return "serialized DOM nodes (tagName, childNodes)"
        if all(p.search(text) for p in MUTATIONS):
            return "DOM mutation records (adds, removes)"
        lowered = text.lower()
        if sum(1 for p in passages if p and p in lowered) >= PAGE_TEXT_MIN:
            return "the page's own text"
    return None


def check_session_recording(evidence: Evidence, params: Mapping[str, Any],
                            ctx: CheckContext) -> list[Finding]:
    rule = "session_recording: none"
    if evidence.interaction is None:
        return [Finding(rule, "the visit did not interact with the page; recorders that wait "
                        "for a visitor would not have shown themselves", inconclusive=True)]
    scripts, sent = _scripts(evidence), _sent(evidence)
    site = host_of(evidence.final_url or evidence.url)
    findings: list[Finding] = []
    claimed: set[int] = set()
    for recorder in RECORDERS:
        loaded, received = _known(recorder, scripts, sent)
        if not received or not (loaded or recorder.body):
            continue
        claimed.update(id(s) for s in received)
        script = loaded[0] if loaded else (next((s.script for s in received if s.script), None)
                                           or "no known script of it (bundled in the site's?)")
        endpoints = list(dict.fromkeys(_where(s) for s in received))
        findings.append(Finding(
            rule, f"{recorder.service} records the visit: its script {_short(script)} "
            f"sent the recording to {endpoints[0]}", tuple(
                [f"service: {recorder.service}", f"script: {script}"]
                + [f"endpoint: {e}" for e in endpoints])))
    unknown: dict[str, list[str]] = {}
    for item in sent:
        if id(item) in claimed or not item.body or not site or \
                not is_third_party(host_of(item.url), site):
            continue
        sign = _unknown_signs(item, evidence.interaction.page_text)
        if sign is None:
            continue
        domain = registrable_domain(host_of(item.url))
        lines = unknown.setdefault(domain, [])
        if not lines:
            sender = item.script or next(
                (s for s in scripts if registrable_domain(host_of(s)) == domain), None)
            recorders = [s for s in scripts if "rrweb" in s.lower()]
            lines.append(f"script: {sender or 'not identified'}"
                         + (f" (recorder library loaded: {', '.join(recorders)})"
                            if recorders else ""))
            lines.append(f"sent: {sign}")
        entry = f"endpoint: {_where(item)}"
        if entry not in lines:
            lines.append(entry)
    for domain, lines in unknown.items():
        findings.append(Finding(
            rule, f"an unknown session recorder sends the page to {domain}: "
            f"{lines[1].removeprefix('sent: ')}",
            (f"service: unknown ({domain})", *lines)))
    return findings


DRAFT: Mapping[str, Any] = {"none": True}


def draft_session_recording(d: DraftContext) -> list[Drafted]:
    """No recorder sent a recording in this state: promise it."""
    return keep_if_it_holds(d, DRAFT, check_session_recording)


KIND = CheckKind(
    "session_recording", SCHEMA, check_session_recording,
    needs=lambda params: Needs(interact=True), draft=draft_session_recording,
    draft_params=DRAFT,
    doc="No session-replay service records the visit (known services, and unknown ones by "
        "what they send).")
