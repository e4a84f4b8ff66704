"""What a visit observed, as plain data that serialises to JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CookieRecord:
    name: str
    domain: str
    path: str
    value: str
    secure: bool
    http_only: bool
    same_site: str
    expires: float  # seconds since the epoch; -1 for a session cookie
    phase: str  # "initial" (before any consent action) or "after_consent"
    seen_ms: float  # ms since the visit started when the cookie was first recorded
    set_by: str | None = None  # URL of the response or script that set it
    set_by_kind: str | None = None  # "response" | "script"


@dataclass
class RequestRecord:
    url: str
    method: str
    resource_type: str
    frame_url: str
    phase: str
    time_ms: float
    status: int | None = None
    failure: str | None = None
    initiator: str | None = None  # the URL of the frame that made the request


@dataclass
class StorageRecord:
    kind: str  # "local" | "session"
    origin: str
    key: str
    value: str
    phase: str
    set_by: str | None = None  # URL of the script that wrote it, when seen


@dataclass
class SdkRecord:
    """An analytics or advertising SDK the page carries, and what gave it away."""

    name: str
    category: str
    via: list[str] = field(default_factory=list)  # "global fbq", "script https://..."


@dataclass
class LinkRecord:
    text: str
    href: str
    scopes: list[str] = field(default_factory=list)  # `within` selectors that contain it
    status: int | None = None  # reachability probe, when a check asked for it
    probe_error: str | None = None


@dataclass
class ProbeRecord:
    """A fetch made by the harness itself, outside the visit (never the page's traffic)."""

    url: str
    status: int | None = None
    error: str | None = None
    content_type: str = ""
    body: str = ""  # first 64 KiB, for small documents such as /.well-known/gpc.json


@dataclass
class BannerRecord:
    """The consent banner as a visitor met it, before any choice."""

    visible: bool
    waited_ms: int | None = None  # how long the harness looked for it
    adapter: str | None = None  # the adapter (or "text") that found it
    detected_by: str = ""
    scripts: list[str] = field(default_factory=list)  # consent managers' scripts seen
    has_reject: bool = False  # a reject control on the first layer
    reject_control: str | None = None
    accept_control: str | None = None


@dataclass
class ConsentAction:
    """The choice the harness made in the banner, and how."""

    action: str  # accept | reject
    adapter: str  # which path acted: an adapter's name, autoconsent:<rule>, or "text"
    clicked: str  # what was clicked, as a visitor would name it
    detected_by: str = ""
    scripts: list[str] = field(default_factory=list)
    layer: int | None = None  # 1: the banner itself, 2: its settings layer
    frame: str = ""  # URL of the frame the banner was in
    at_ms: float = 0.0  # ms after the visit started
    page: str = ""  # the page it was given on
    path: str = ""  # "adapter NAME", "autoconsent", or "general engine"
    confirmed: str = ""  # why the harness believes the click worked


@dataclass
class FingerprintRecord:
    """A script that used a browser API in a fingerprinting pattern (browser/fingerprint.js)."""

    script: str  # URL of the calling script (an inline script: its page's URL)
    technique: str  # canvas | webgl | audio | fonts
    detail: str  # what it did, e.g. "toDataURL of a 240x60 canvas with text in 2 colours"
    frame: str  # URL of the frame whose APIs it used
    phase: str  # "initial" or "after_consent"


@dataclass
class FieldRecord:
    """A field the harness typed into during the interaction phase."""

    field: str  # as a visitor would name it: its label, else name, id or placeholder
    kind: str  # email | tel | name | password | text: what the canary looks like
    canary: str  # exactly what was typed
    frame_url: str = ""


@dataclass
class SentRecord:
    """Something the page sent during the interaction phase: a request (with its body), a
    navigator.sendBeacon payload or a WebSocket frame."""

    channel: str  # "request" | "beacon" | "websocket"
    url: str
    method: str = ""
    body: str = ""  # the first MAX_BODY characters (gzip unpacked, bytes as latin-1)
    resource_type: str = ""
    time_ms: float = 0.0
    after_typing: bool = True  # sent after the first key was typed
    script: str | None = None  # the script that sent it, when the page hooks saw it


@dataclass
class InteractionRecord:
    """The visit behaving like a visitor after everything else was recorded: pointer, scroll,
    typing into every visible field (never submitting), then a bounded wait. The rest of
    the evidence is what existed before it began."""

    started_ms: float
    typing_ms: float | None = None  # when the first key was typed (None: no field found)
    fields: list[FieldRecord] = field(default_factory=list)
    sent: list[SentRecord] = field(default_factory=list)
    waited_ms: float = 0.0
    settled: bool = True  # the network was quiet before the wait's cap
    page_text: list[str] = field(default_factory=list)  # distinctive text of the page
    scripts: list[str] = field(default_factory=list)  # scripts loaded in any frame
    problems: list[str] = field(default_factory=list)


@dataclass
class ConsentState:
    """What the consent managers' own APIs say at the end of the visit."""

    apis: dict[str, Any] = field(default_factory=dict)  # API or adapter -> its answer (plain data)
    categories: dict[str, bool] = field(default_factory=dict)  # granted, by category, merged

    def api(self, name: str) -> Any:
        """What one API answered (None when it was not on the page)."""
        return self.apis.get(name)


@dataclass
class Evidence:
    """Everything one visit (page × state) recorded."""

    url: str
    state: str
    final_url: str = ""
    status: int | None = None
    title: str = ""
    text: str = ""
    cookie_policy: str = "allow-third-party"
    context: dict[str, str] = field(default_factory=dict)  # login, locale, proxy... (no secrets)
    cookies: list[CookieRecord] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)
    storage: list[StorageRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    sdks: list[SdkRecord] = field(default_factory=list)  # analytics / advertising SDKs seen
    console_errors: list[str] = field(default_factory=list)
    consent: ConsentAction | None = None  # the consent action taken, if any
    banner: BannerRecord | None = None  # the banner before any choice, when observed
    consent_state: ConsentState = field(default_factory=ConsentState)  # CMP APIs, at the end
    privacy_signals: dict[str, Any] = field(default_factory=dict)  # __uspapi, __gpp answers
    navigator_signals: dict[str, Any] = field(default_factory=dict)  # per frame: GPC, DNT
    probes: dict[str, ProbeRecord] = field(default_factory=dict)  # site path -> harness fetch
    facts: dict[str, Any] = field(default_factory=dict)  # page scripts' answers, by name
    fingerprinting: list[FingerprintRecord] = field(default_factory=list)  # when instrumented
    timings: dict[str, float] = field(default_factory=dict)
    settled: bool = True
    tries: int = 1  # visits made to get this evidence (--privacy-retries)
    problems: dict[str, str] = field(default_factory=dict)  # e.g. a `within` that is not CSS
    dom_elements: int = 0  # elements in the final page's body
    interaction: InteractionRecord | None = None  # when a check asked for one (Needs.interact)
    automation: dict[str, Any] = field(default_factory=dict)  # navigator.webdriver, user agent
    blocked: str | None = None  # why the page looks like a bot wall or an empty page, if it does
    artifacts: dict[str, str] = field(default_factory=dict)  # screenshot, trace, har -> path
    path: str | None = None  # where the JSON file was written, if it was

    def to_json(self, show_values: bool = False) -> str:
        data = asdict(self)
        if not show_values:
            for item in data["cookies"] + data["storage"]:
                item["value"] = redact(item["value"])
            if data["interaction"] is not None:  # what the page sent may carry those values
                from pytest_privacy.redaction import scrubber

                scrub = scrubber([c.value for c in self.cookies] + [s.value for s in self.storage])
                for sent in data["interaction"]["sent"]:
                    sent["url"], sent["body"] = scrub(sent["url"]), scrub(sent["body"])
        data["values"] = "shown (--privacy-show-values)" if show_values else (
            "redacted; run with --privacy-show-values to keep them")
        return json.dumps(data, indent=2, sort_keys=False)

    def write(self, path: Path, show_values: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(show_values), encoding="utf-8")
        self.path = str(path)


def redact(value: str) -> str:
    """A cookie or storage value as it appears in reports: its length only."""
    return f"<redacted: {len(value)} chars>" if value else ""
