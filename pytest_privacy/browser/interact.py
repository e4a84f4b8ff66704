"""The interaction phase: at the end of a visit whose checks ask for it (Needs.interact), the
browser behaves like a visitor on the item's page. It moves the pointer and scrolls, types a
distinct canary into every visible, enabled input and textarea of every frame (an e-mail
address into e-mail fields, a phone number into tel fields, a name, a password, text
elsewhere; chosen by type and autocomplete hints), never submits (no Enter, no form submit),
blurs each field, then waits (bounded) for what the page sends.

Everything else in the evidence was recorded before this phase began. What the page sends
from then on is kept apart, in `Evidence.interaction`: requests with their bodies, what
`navigator.sendBeacon` was given, and WebSocket frames (those are kept from the page's
first load on, marked by whether typing had begun)."""

from __future__ import annotations

import asyncio
import gzip
import time
import zlib
from typing import Any

from playwright.async_api import BrowserContext, ElementHandle, Frame, Page, Request, WebSocket
from playwright.async_api import Error as PlaywrightError

from pytest_privacy.errors import first_line
from pytest_privacy.evidence import FieldRecord, InteractionRecord, SentRecord
from pytest_privacy.packagedata import read_text

RECORDERS_JS = read_text("pytest_privacy.browser", "recorders.js")
FIELDS_JS = read_text("pytest_privacy.browser", "interact.js")
PAGE_TEXT_JS = read_text("pytest_privacy.browser", "page_text.js")

MIN_WAIT_S = 2.5  # recorders batch what they record and send it every second or two
CAP_S = 8.0  # the wait after typing ends, at most
QUIET_S = 0.5  # no request in flight for this long: the page has sent what it had
BUDGET_S = 60.0  # the whole phase, typing included
READ_S = 10.0  # reading the page hooks afterwards
FIELD_TIMEOUT_MS = 2000
MAX_FIELDS = 50
MAX_SENT = 2000
MAX_EARLY_FRAMES = 500  # of them, frames sent before the interaction
MAX_BODY = 65536
MAX_URL = 4096


def canary(kind: str, number: int) -> str:
    """What is typed into the `number`th field (1-based) of this kind: distinct per field,
    none a part of another, unlikely to occur on any page."""
    tag = f"{number:02d}"
    letters = "".join(chr(ord("a") + int(d)) for d in tag)
    return {
        "email": f"zq{tag}x.visitor@example.com",
        "tel": f"+1 202 555 01{tag}",
        "name": f"Quilla Zarvek{letters}",
        "password": f"Pw!zq{tag}-Canary",
        "number": f"9071{tag}",
    }.get(kind, f"canary zq{tag} text")


def body_text(data: bytes | str | None) -> str:
    """A request body or frame as text: UTF-8 where it is, gzip and deflate unpacked, other
    bytes as latin-1; the first MAX_BODY characters."""
    if data is None:
        return ""
    if isinstance(data, str):
        return data[:MAX_BODY]
    raw = data
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error):
            pass
    elif raw[:1] == b"\x78":
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            pass
    try:
        return raw.decode("utf-8")[:MAX_BODY]
    except UnicodeDecodeError:
        return raw[:MAX_BODY].decode("latin-1")


class Interaction:
    """Watches what the page sends, from `attach` on; `run` is the visitor's part."""

    def __init__(self, started: float, epoch_start: float) -> None:
        self.started = started  # time.monotonic() when the visit began
        self.epoch_start = epoch_start  # Date.now() then, for page-side times
        self.begun: float | None = None  # monotonic time the interaction phase began
        self.typing: float | None = None  # monotonic time the first key was typed
        self.sent: list[SentRecord] = []
        self.scripts: list[str] = []
        self.early_frames = 0  # WebSocket frames sent before the interaction began
        # requests in flight and when the last one began or was answered: a request counts as
        # done once answered (a fetch whose body the page never reads never "finishes")
        self.inflight: set[int] = set()
        self.last_activity = time.monotonic()

    def ms(self, at: float | None = None) -> float:
        return round(((at if at is not None else time.monotonic()) - self.started) * 1000, 1)

    async def prepare(self, context: BrowserContext) -> None:
        """Before the first page exists: the page hooks that tell who sent what."""
        await context.add_init_script(RECORDERS_JS)

    def attach(self, context: BrowserContext, page: Page) -> None:
        context.on("request", self._on_request)
        context.on("response", lambda response: self._done(response.request))
        context.on("requestfinished", self._done)
        context.on("requestfailed", self._done)
        page.on("websocket", self._on_websocket)

    def _keep(self, record: SentRecord) -> None:
        if len(self.sent) < MAX_SENT:
            self.sent.append(record)

    def _done(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        self.inflight.discard(id(request))

    def _on_request(self, request: Request) -> None:
        if self.begun is None:
            return
        self.last_activity = time.monotonic()
        self.inflight.add(id(request))
        if request.resource_type == "script" and len(self.scripts) < MAX_SENT:
            self.scripts.append(request.url[:MAX_URL])
        try:
            body = body_text(request.post_data_buffer)
        except PlaywrightError:
            body = ""
        self._keep(SentRecord(
            channel="request", url=request.url[:MAX_URL], method=request.method, body=body,
            resource_type=request.resource_type, time_ms=self.ms(),
            after_typing=self.typing is not None))

    def _on_websocket(self, socket: WebSocket) -> None:
        def framesent(payload: str | bytes) -> None:
            if self.begun is None:  # a chatty socket leaves room for the interaction
                self.early_frames += 1
                if self.early_frames > MAX_EARLY_FRAMES:
                    return
            self._keep(SentRecord(
                channel="websocket", url=socket.url[:MAX_URL], body=body_text(payload),
                time_ms=self.ms(), after_typing=self.typing is not None))
        socket.on("framesent", framesent)

    async def run(self, page: Page) -> InteractionRecord:
        """Pointer, scroll, typing, then the bounded wait; never raises for the page's sake
        (what went wrong is in the record's problems)."""
        self.begun = time.monotonic()
        record = InteractionRecord(started_ms=self.ms(self.begun))
        try:
            await asyncio.wait_for(self._visitor(page, record), BUDGET_S)
        except asyncio.TimeoutError:
            record.problems.append(f"the interaction did not finish within {BUDGET_S:.0f} s; "
                                   "what was sent until then is kept")
        except PlaywrightError as exc:
            record.problems.append(f"the interaction stopped: {first_line(exc)}")
        try:
            await asyncio.wait_for(self._page_sent(page, record), READ_S)
        except asyncio.TimeoutError:
            record.problems.append(f"the page hooks could not be read within {READ_S:.0f} s")
        record.sent = list(self.sent)
        record.scripts = list(dict.fromkeys(self.scripts))
        return record

    async def _visitor(self, page: Page, record: InteractionRecord) -> None:
        try:
            record.page_text = list(await page.main_frame.evaluate(PAGE_TEXT_JS))
        except PlaywrightError:
            pass
        await _wander(page)
        for frame in list(page.frames):
            await self._type_into(frame, record)
        if self.typing is not None:
            record.typing_ms = self.ms(self.typing)
        waited = time.monotonic()
        await asyncio.sleep(MIN_WAIT_S)
        record.settled = await self._quiet(CAP_S - MIN_WAIT_S)
        record.waited_ms = round((time.monotonic() - waited) * 1000, 1)

    async def _type_into(self, frame: Frame, record: InteractionRecord) -> None:
        try:
            found = await frame.evaluate_handle(FIELDS_JS)
            meta: list[dict[str, str]] = await found.evaluate(
                "(a) => a.map((x) => ({label: x.label, kind: x.kind}))")
            handles = await found.get_properties()
        except PlaywrightError:
            return  # a detached or navigating frame
        for index, info in enumerate(meta):
            if len(record.fields) >= MAX_FIELDS:
                return
            item = handles.get(str(index))
            element = (await item.get_property("element")).as_element() if item else None
            if element is None:
                continue
            kind = info["kind"]
            number = 1 + sum(1 for f in record.fields if f.kind == kind)
            text = canary(kind, number)
            if await self._type(frame.page, element, text):
                record.fields.append(FieldRecord(field=info["label"], kind=kind, canary=text,
                                                 frame_url=frame.url[:MAX_URL]))

    async def _type(self, page: Page, element: ElementHandle, text: str) -> bool:
        """Click into the field as a visitor would (focus it if something covers it), type
        key by key, then leave it (blur); False when the field could not be reached."""
        try:
            await element.scroll_into_view_if_needed(timeout=FIELD_TIMEOUT_MS)
            try:
                await element.click(timeout=FIELD_TIMEOUT_MS)
            except PlaywrightError:
                await element.focus()
            if self.typing is None:
                self.typing = time.monotonic()
            await page.keyboard.type(text, delay=10)
            await element.evaluate("(e) => e.blur()")
        except PlaywrightError:
            return False
        return True

    async def _quiet(self, cap_s: float) -> bool:
        """Wait until no request is in flight for QUIET_S, at most cap_s; False at the cap."""
        deadline = time.monotonic() + cap_s
        while True:
            now = time.monotonic()
            if not self.inflight and now - self.last_activity >= QUIET_S:
                return True
            if now >= deadline:
                return False
            await asyncio.sleep(0.05)

    async def _page_sent(self, page: Page, record: InteractionRecord) -> None:
        """What the page hooks saw: sendBeacon payloads (the network may not show them),
        and which script sent each request or frame."""
        senders: dict[tuple[str, str], str] = {}
        begun = self.epoch_start + (record.started_ms or 0.0)
        typing = self.epoch_start + record.typing_ms if record.typing_ms is not None else None
        for frame in page.frames:
            try:
                seen: list[dict[str, Any]] = await frame.evaluate(
                    "() => window.__privacySent || []")
            except PlaywrightError:
                continue
            for item in seen:
                url, script = str(item.get("url", "")), item.get("script")
                if script:
                    senders.setdefault((str(item.get("channel")), url), str(script))
                if item.get("channel") == "beacon" and float(item.get("t", 0)) >= begun:
                    at = float(item["t"])
                    self._keep(SentRecord(
                        channel="beacon", url=url[:MAX_URL], method="POST",
                        body=str(item.get("body", ""))[:MAX_BODY], resource_type="beacon",
                        time_ms=round(at - self.epoch_start, 1),
                        after_typing=typing is not None and at >= typing,
                        script=str(script) if script else None))
        for sent in self.sent:
            if sent.script is None:
                sent.script = senders.get((sent.channel, sent.url)) or \
                    senders.get(("beacon", sent.url))


async def _wander(page: Page) -> None:
    """Move the pointer across the page and scroll down and back, as a reader does."""
    size = page.viewport_size or {"width": 1280, "height": 720}
    width, height = size["width"], size["height"]
    for x, y in ((0.3, 0.3), (0.6, 0.45), (0.5, 0.7), (0.4, 0.5)):
        await page.mouse.move(width * x, height * y, steps=6)
    await page.mouse.wheel(0, height)
    await asyncio.sleep(0.3)
    await page.mouse.wheel(0, -height)
    await asyncio.sleep(0.2)


AUTOMATION_JS = "() => ({webdriver: navigator.webdriver === true, user_agent: navigator.userAgent})"


async def read_automation(page: Page) -> dict[str, Any]:
    """What the page can tell about the browser being automated: navigator.webdriver and
    the user agent."""
    try:
        found: dict[str, Any] = await page.main_frame.evaluate(AUTOMATION_JS)
    except PlaywrightError as exc:
        return {"error": first_line(exc)}
    found["headless_in_user_agent"] = "HeadlessChrome" in str(found.get("user_agent", ""))
    return found
