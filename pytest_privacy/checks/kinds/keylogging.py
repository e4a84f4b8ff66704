"""keylogging: none_of (categories): no request, sendBeacon payload or WebSocket frame sent
after typing began, to a host of these categories, carries what was typed into a field (the
visit types a distinct canary into every visible field and never submits).

A canary counts as typed, URL-encoded, base64 (alone, or inside a base64 payload), or as the
MD5 / SHA-1 / SHA-256 hex of its trimmed lower-case form (how pixels "hash" e-mails and
phone numbers), in the URL or the body."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.draft import DraftContext, Drafted, keep_if_it_holds
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.classify import host_of
from pytest_privacy.evidence import Evidence, SentRecord
from pytest_privacy.needs import Needs
from pytest_privacy.taxonomy import canonical_category

SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["none_of"],
    "properties": {
        "none_of": {"$ref": "#/$defs/categories",
                    "description": "No host of these categories may receive what was typed."},
    },
}
BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
MAX_RUNS = 200  # base64 runs decoded per text
SHOWN_URL = 160


def encodings(canary: str) -> dict[str, str]:
    """How a canary may travel, by name: the text to look for (lower-case, as the search
    is case-insensitive)."""
    norm = canary.strip().lower().encode()
    forms = {
        "as typed": canary,
        "URL-encoded": quote(canary, safe=""),
        "URL-encoded (form)": quote_plus(canary),
        "base64": base64.b64encode(canary.encode()).decode().rstrip("="),
        "base64url": base64.urlsafe_b64encode(canary.encode()).decode().rstrip("="),
        "MD5 hex": hashlib.md5(norm).hexdigest(),  # noqa: S324  (what pixels send)
        "SHA-1 hex": hashlib.sha1(norm).hexdigest(),  # noqa: S324
        "SHA-256 hex": hashlib.sha256(norm).hexdigest(),
    }
    return {name: text.lower() for name, text in forms.items()}


def _decoded(text: str) -> Iterator[tuple[str, str]]:
    """(how it was unpacked, the text): the text itself, URL-decoded, and each run of base64
    in either, decoded (a payload base64-encoded as a whole hides a canary typed as is)."""
    yield "", text
    plain = unquote_plus(text) if "%" in text or "+" in text else text
    if plain != text:
        yield "URL-encoded", plain
    for source in dict.fromkeys((text, plain)):
        for match in BASE64_RUN.findall(source)[:MAX_RUNS]:
            chunk = match.replace("-", "+").replace("_", "/").rstrip("=")
            try:
                raw = base64.b64decode(chunk + "=" * (-len(chunk) % 4), validate=True)
            except (binascii.Error, ValueError):
                continue
            decoded = raw.decode("utf-8", errors="ignore")
            if decoded:
                yield "base64", decoded


def find_canary(text: str, forms: Mapping[str, str]) -> str | None:
    """The encoding under which a canary appears in `text`, if it does."""
    for unpacked, candidate in _decoded(text):
        lowered = candidate.lower()
        for name, needle in forms.items():
            if needle and needle in lowered:
                return name if not unpacked or name != "as typed" else unpacked
    return None


def _describe(sent: SentRecord) -> str:
    url = sent.url if len(sent.url) <= SHOWN_URL else sent.url[:SHOWN_URL] + "..."
    beacon = sent.channel == "beacon" or sent.resource_type == "ping"
    what = f"sendBeacon {url}" if beacon else {
        "request": f"{sent.method or 'GET'} {url}",
        "websocket": f"WebSocket frame to {url}"}.get(sent.channel, url)
    return what + (f" (sent by {sent.script})" if sent.script else "")


def check_keylogging(evidence: Evidence, params: Mapping[str, Any],
                     ctx: CheckContext) -> list[Finding]:
    banned = {canonical_category(c) for c in params["none_of"]}
    rule = f"keylogging: none_of {sorted(banned)}"
    interaction = evidence.interaction
    if interaction is None:
        return [Finding(rule, "the visit did not interact with the page, so nothing was typed "
                        "and nothing can be judged", inconclusive=True)]
    if not interaction.fields:
        why = "; ".join(interaction.problems)
        return [Finding(rule, "the page has no visible, enabled field to type into; a page "
                        "without one proves nothing about keylogging (check a page with a "
                        "form)" + (f" ({why})" if why else ""), inconclusive=True)]
    site = host_of(evidence.final_url or evidence.url)
    forms = [(f, encodings(f.canary)) for f in interaction.fields]
    items: list[str] = []
    hit: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    for sent in interaction.sent:
        if not sent.after_typing:
            continue
        verdict = ctx.classifier.request(sent.url, site, sent.resource_type or "other")
        if verdict.category not in banned:
            continue
        for typed, wanted in forms:
            found = find_canary(sent.url + "\n" + sent.body, wanted)
            key = (typed.canary, sent.url, found or "")
            if found is None or key in seen:
                continue
            seen.add(key)
            hit.add(typed.canary)
            frame = f" in the frame {typed.frame_url}" if typed.frame_url and \
                typed.frame_url != (evidence.final_url or evidence.url) else ""
            items.append(f"field '{typed.field}' ({typed.kind}){frame}: typed {typed.canary!r}, "
                         f"sent {found} in {_describe(sent)}; {host_of(sent.url)} is "
                         f"{verdict.category} ({verdict.source})")
    if not items:
        return []
    return [Finding(rule, f"what a visitor typed into {len(hit)} field(s) left for a host in a "
                    "forbidden category before anything was submitted", tuple(items))]


DRAFT: Mapping[str, Any] = {"none_of": ["analytics", "marketing"]}


def draft_keylogging(d: DraftContext) -> list[Drafted]:
    """No canary left for an analytics or marketing host in this state: promise it."""
    return keep_if_it_holds(d, DRAFT, check_keylogging)


KIND = CheckKind(
    "keylogging", SCHEMA, check_keylogging,
    needs=lambda params: Needs(interact=True), draft=draft_keylogging, draft_params=DRAFT,
    doc="Nothing typed into a form (never submitted) is sent to hosts of these categories.")
