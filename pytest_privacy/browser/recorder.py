"""The network as a visit sees it: every request and response of the context, console
errors and a renderer crash, recorded while the visit runs."""

from __future__ import annotations

import time
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Request, Response

from pytest_privacy.errors import VisitError
from pytest_privacy.evidence import RequestRecord

MAX_REQUESTS = 20_000
MAX_URL = 4096  # a URL is kept to its first 4 KiB (hosts and paths, not megabytes of query)


class Recorder:
    """Listens to the context's network while a visit runs."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.phase = "initial"
        # requests in flight, for the settle rule: a request is done once its response has
        # arrived (status and headers), or it failed. Playwright's "requestfinished" waits
        # for the body, and a fetch() whose body the page never reads (a beacon, a
        # fire-and-forget call) never finishes: the visit would wait until the settle cap.
        self.inflight: set[int] = set()
        self.last_activity = time.monotonic()
        self.requests: dict[int, RequestRecord] = {}
        self.responses: list[tuple[Response, float]] = []
        self.console_errors: list[str] = []
        self.set_cookie_names: dict[int, set[str]] = {}  # per response, fetched on demand
        self.crashed = False
        self.login: str | None = None  # the user name of the context's HTTP credentials

    async def cookie_names_set_by(self, response: Response) -> set[str]:
        """Names of the cookies a response's Set-Cookie headers sent (one round trip, once)."""
        key = id(response)
        if key not in self.set_cookie_names:
            names: set[str] = set()
            try:
                for value in await response.header_values("set-cookie"):
                    for line in value.split("\n"):
                        names.add(line.split(";")[0].split("=")[0].strip())
            except PlaywrightError:
                pass
            self.set_cookie_names[key] = names
        return self.set_cookie_names[key]

    def ms(self) -> float:
        return round((time.monotonic() - self.started) * 1000, 1)

    def on_request(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        if len(self.requests) >= MAX_REQUESTS:
            return
        self.inflight.add(id(request))
        try:
            frame_url = request.frame.url
        except PlaywrightError:
            frame_url = ""  # service worker requests have no frame
        frame_url = frame_url[:MAX_URL]
        self.requests[id(request)] = RequestRecord(
            url=request.url[:MAX_URL], method=request.method,
            resource_type=request.resource_type, frame_url=frame_url, phase=self.phase,
            time_ms=self.ms(), initiator=frame_url or None)

    def on_response(self, response: Response) -> None:
        self.last_activity = time.monotonic()
        self.inflight.discard(id(response.request))
        record = self.requests.get(id(response.request))
        if record is not None:
            record.status = response.status
        if len(self.responses) < MAX_REQUESTS:
            self.responses.append((response, self.ms()))

    def on_done(self, request: Request) -> None:
        """The request finished (body read) or failed (a failure after the response, e.g. a
        body cut off, is still recorded by on_failed)."""
        self.last_activity = time.monotonic()
        self.inflight.discard(id(request))

    def on_failed(self, request: Request) -> None:
        self.on_done(request)
        record = self.requests.get(id(request))
        if record is not None:
            record.failure = request.failure

    def on_console(self, message: Any) -> None:
        if message.type == "error" and len(self.console_errors) < 200:
            self.console_errors.append(message.text[:500])

    def on_crash(self, page: Page) -> None:
        self.crashed = True


def crash_error(url: str) -> VisitError:
    return VisitError(f"the page {url} crashed the browser's renderer (out of memory, or a "
                      "browser bug); nothing it did can be judged. Open it headed "
                      "(--headed) or keep a trace (--tracing retain-on-failure) to see why.")
