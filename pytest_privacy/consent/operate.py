"""Find the consent banner and operate it as a visitor would: wait for it (it often comes
seconds after load, in an iframe or a shadow root), click the visible control, open the
second layer when the first has no reject, and check that the click changed something."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from pytest_privacy.consent import (
    autoconsent,
    cookiebot,
    didomi,
    klaro,
    onetrust,
    tcf,
    usercentrics,
)
from pytest_privacy.consent.base import Adapter, selectors_adapter
from pytest_privacy.errors import VisitError, first_line
from pytest_privacy.evidence import BannerRecord, ConsentAction
from pytest_privacy.packagedata import read_text
from pytest_privacy.spec.model import ConsentConfig

ADAPTERS: dict[str, Adapter] = {a.name: a for a in (
    onetrust.ADAPTER, cookiebot.ADAPTER, didomi.ADAPTER, usercentrics.ADAPTER, klaro.ADAPTER,
    tcf.ADAPTER)}

_ACCEPT = (r"^(accept|allow|agree|i agree|i accept|accept all|allow all|accept all cookies|"
           r"allow all cookies|accept cookies|accept and (close|continue)|agree and "
           r"(close|continue)|yes, i agree)[.!]?$")
_REJECT = (r"^(reject|reject all|decline|decline all|deny|deny all|disagree|disagree to all|"
           r"refuse|refuse all|disable all|reject all cookies|reject cookies|decline cookies|"
           r"reject non-essential( cookies)?|only (strictly )?necessary( cookies)?|"
           r"(strictly )?necessary (cookies )?only|use (only )?necessary cookies( only)?|"
           r"continue without (accepting|agreeing))[.!]?$")
_SETTINGS = (r"^(cookie settings|cookies settings|settings|preferences|manage (cookies|"
             r"preferences|options|settings)|customi[sz]e|more options|options|learn more)$")
# Texts of the visible buttons, by kind: (pattern, pattern that must not match).
TEXTS = {"accept": (_ACCEPT, None), "reject": (_REJECT, _ACCEPT),
         "settings": (_SETTINGS, _ACCEPT), "reject_second": (_REJECT, _ACCEPT)}

_SCAN = read_text("pytest_privacy.consent", "scan.js")
POLL_MS = 150
VERIFY_MS = 3000
CLICK_MS = 5000
CLICK_TRIES = 3


@dataclass(frozen=True)
class Detection:
    adapter: Adapter | None  # None: found by the texts of its buttons
    frame: Frame
    how: str
    controls: dict[str, str]


def known(extra: tuple[Adapter, ...] = ()) -> dict[str, Adapter]:
    """The built-in adapters and those plugins add (pytest_privacy_cmp_adapters), by name."""
    return {**ADAPTERS, **{a.name: a for a in extra}}


def candidates(consent: ConsentConfig,
               extra: tuple[Adapter, ...] = ()) -> tuple[list[Adapter], bool]:
    """The adapters to try, in order, and whether button texts may be used as a last resort."""
    spec = selectors_adapter(consent.accept, consent.reject, consent.banner, consent.settings)
    has_spec = bool(spec.accept or spec.reject or spec.banner)
    if consent.cmp == "selectors":
        return [spec], False
    if consent.cmp in ("auto", "autoconsent"):
        adapters = list(known(extra).values())
        return adapters + ([spec] if has_spec else []), True
    named = known(extra)[consent.cmp]
    return [named] + ([spec] if has_spec else []), consent.cmp == "tcf"


def _source(adapters: list[Adapter]) -> str:
    detectors = ", ".join(f"{json.dumps(a.name)}: () => ({a.detect_js})"
                          for a in adapters if a.detect_js)
    return _SCAN.replace("/*DETECT*/", "{" + detectors + "}")


async def _scan(frame: Frame, adapters: list[Adapter], use_text: bool,
          mark: tuple[str, str] | None = None) -> dict[str, Any] | None:
    args = {
        "adapters": [{"name": a.name, "banner": list(a.banner), "accept": list(a.accept),
                      "reject": list(a.reject), "settings": list(a.settings),
                      "reject_second": list(a.reject_second)} for a in adapters],
        "text": TEXTS if use_text else {},
        "mark": list(mark) if mark else None,
    }
    try:
        result: dict[str, Any] = await frame.evaluate(_source(adapters), args)
        return result
    except PlaywrightError:
        return None  # a frame that navigated or closed meanwhile


async def detect(page: Page, adapters: list[Adapter], use_text: bool,
           wait_ms: int) -> tuple[Detection | None, list[str]]:
    """Wait up to `wait_ms` for a banner; also returns the CMP scripts seen on the page."""
    deadline = time.monotonic() + wait_ms / 1000
    scripts: list[str] = []
    while True:
        text_hit: Detection | None = None
        for frame in list(page.frames):
            result = await _scan(frame, adapters, use_text)
            if result is None:
                continue
            for adapter in adapters:
                state = result["adapters"].get(adapter.name, {})
                if state.get("detected") and adapter.name not in scripts:
                    scripts.append(adapter.name)
                if state.get("banner") or state.get("controls", {}).get("accept") or \
                        state.get("controls", {}).get("reject"):
                    how = "banner visible" if state.get("banner") else "controls visible"
                    if state.get("detected"):
                        how += ", script present"
                    return Detection(adapter, frame, f"{adapter.name}: {how}",
                                     state.get("controls", {})), scripts
            texts = result.get("texts", {})
            if text_hit is None and (texts.get("accept") or texts.get("reject")):
                shown = ", ".join(repr(t) for t in texts.values())
                text_hit = Detection(None, frame, f"buttons by their text: {shown}", texts)
        if text_hit is not None:
            return text_hit, scripts
        if time.monotonic() >= deadline:
            return None, scripts
        await asyncio.sleep(POLL_MS / 1000)


async def _click(page: Page, detection: Detection, kind: str) -> str | None:
    """Click the visible control of `kind`; its label, or None when there is none.

    A banner that re-renders between the scan and the click (consent managers do) loses the
    mark the scan set: the control is looked for again, up to CLICK_TRIES times."""
    failure = ""
    for _ in range(CLICK_TRIES):
        found = await _mark(page, detection, kind)
        if found is None:
            return None if not failure else _click_failed(kind, failure)
        frame, label = found
        try:
            await frame.locator("[data-privacy-target]").first.click(timeout=CLICK_MS)
            return label
        except PlaywrightError as exc:
            failure = first_line(exc, "error")
            failure = f"{label!r}: {failure}"
    return _click_failed(kind, failure)


def _click_failed(kind: str, failure: str) -> str:
    raise VisitError(f"could not click the {kind} control {failure}")


async def _mark(page: Page, detection: Detection, kind: str) -> tuple[Frame, str] | None:
    """Mark the visible control of `kind` (data-privacy-target) in the banner's frame first."""
    adapter = detection.adapter
    frames = [detection.frame] + [f for f in page.frames if f is not detection.frame]
    for frame in frames:
        if adapter is not None:
            result = await _scan(frame, [adapter], False, (adapter.name, kind))
            label = result and result["adapters"][adapter.name]["controls"].get(kind)
        else:
            result = await _scan(frame, [], True, ("text", kind))
            label = result and result["texts"].get(kind)
        if label:
            return frame, str(label)
    return None


async def _uncheck_optional(page: Page, detection: Detection) -> int:
    """Before saving a second layer, switch off every optional toggle of the banner."""
    containers = list(detection.adapter.banner) if detection.adapter else []
    if not containers:
        return 0
    script = """(containers) => {
      let n = 0;
      for (const sel of containers) for (const box of document.querySelectorAll(
          sel + ' input[type=checkbox]:checked:not([disabled])')) { box.click(); n++; }
      return n;
    }"""
    count = 0
    for frame in page.frames:
        try:
            count += int(await frame.evaluate(script, containers))
        except PlaywrightError:
            continue
    return count


async def _gone(page: Page, detection: Detection) -> bool:
    """True once the banner and its first-layer controls are no longer shown."""
    deadline = time.monotonic() + VERIFY_MS / 1000
    while True:
        shown = False
        for frame in page.frames:
            if detection.adapter is not None:
                result = await _scan(frame, [detection.adapter], False)
                state = result["adapters"][detection.adapter.name] if result else {}
                controls = state.get("controls", {}) if state else {}
                shown = shown or bool(state.get("banner") or controls.get("accept")
                                      or controls.get("reject"))
            else:
                result = await _scan(frame, [], True)
                texts = result.get("texts", {}) if result else {}
                shown = shown or bool(texts.get("accept") or texts.get("reject"))
        if not shown:
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(POLL_MS / 1000)


async def perform_consent(page: Page, action: str, consent: ConsentConfig, started: float,
                          wait_ms: int, autoconsent_dir: str | None = None,
                          extra: tuple[Adapter, ...] = ()) -> ConsentAction:
    """Accept or reject through the banner; a record of what was done.

    Raises VisitError when no banner or control is found, or the click changed nothing: a
    consent state that could not be reached must never pass."""
    if consent.cmp == "none":
        raise VisitError(f"this check needs the banner's {action!r} control, but the spec says "
                         "'consent: {cmp: none}'; use a before_consent or gpc check instead.")
    if consent.cmp == "autoconsent":
        if not autoconsent_dir:
            raise VisitError("the spec says 'cmp: autoconsent' but --privacy-autoconsent is not "
                             "set; point it at an unpacked @duckduckgo/autoconsent package.")
        return await autoconsent.operate(page, action, autoconsent.load_bundle(autoconsent_dir),
                                   wait_ms, started)
    adapters, use_text = candidates(consent, extra)
    detection, scripts = await detect(page, adapters, use_text, wait_ms)
    if autoconsent_dir and consent.cmp == "auto" and (detection is None or
                                                      detection.adapter is None):
        # No built-in adapter knows this banner: DuckDuckGo's rules before button texts.
        try:
            return await autoconsent.operate(page, action, autoconsent.load_bundle(autoconsent_dir),
                                       wait_ms if detection is None else VERIFY_MS, started)
        except VisitError:
            if detection is None:
                raise
    if detection is None:
        tried = ", ".join(a.name for a in adapters) + (", button texts" if use_text else "")
        seen = f" (scripts seen: {', '.join(scripts)})" if scripts else ""
        raise VisitError(f"cmp: {consent.cmp} found no consent banner on {page.url} within "
                         f"{wait_ms} ms{seen}; tried {tried}; set consent.{action} to the "
                         "selector of the banner's control, or raise --privacy-banner-timeout.")
    layer = 1
    label = await _click(page, detection, action)
    if label is None and action == "reject":
        opened = await _click(page, detection, "settings")
        if opened is not None:
            layer = 2
            await asyncio.sleep(POLL_MS / 1000)
            deadline = time.monotonic() + VERIFY_MS / 1000
            while label is None and time.monotonic() < deadline:
                unchecked = await _uncheck_optional(page, detection)
                label = await _click(page, detection, "reject_second")
                if label is None:
                    await asyncio.sleep(POLL_MS / 1000)
            if label is not None:
                label = f"{opened!r} then {label!r}" + (
                    f" (after switching off {unchecked} toggles)" if unchecked else "")
    name = detection.adapter.name if detection.adapter else "text"
    if label is None:
        raise VisitError(f"the {name} banner on {page.url} has no {action} control that could be "
                         f"found ({detection.how}); set consent.{action} to its selector.")
    if not await _gone(page, detection):
        raise VisitError(f"clicked {label!r} on the {name} banner, but the banner is still shown "
                         f"after {VERIFY_MS} ms: the click changed nothing.")
    return ConsentAction(
        action=action, adapter=name, clicked=label, detected_by=detection.how,
        scripts=scripts, layer=layer, frame=detection.frame.url,
        at_ms=round((time.monotonic() - started) * 1000, 1))


async def observe_banner(page: Page, consent: ConsentConfig, wait_ms: int,
                         extra: tuple[Adapter, ...] = ()) -> BannerRecord:
    """Whether a banner is shown before any choice, and whether its first layer can reject."""
    adapters, use_text = candidates(consent, extra)
    detection, scripts = await detect(page, adapters, use_text, wait_ms)
    if detection is None:
        return BannerRecord(visible=False, scripts=scripts, waited_ms=wait_ms)
    reject = detection.controls.get("reject")
    if reject is None and detection.adapter is not None:
        # the adapter's own selectors found the banner; its reject may be a plain text button
        result = await _scan(detection.frame, [], True)
        reject = result.get("texts", {}).get("reject") if result else None
    return BannerRecord(
        visible=True, waited_ms=wait_ms,
        adapter=detection.adapter.name if detection.adapter else "text",
        detected_by=detection.how, scripts=scripts, has_reject=reject is not None,
        reject_control=reject, accept_control=detection.controls.get("accept"))


async def read_state(page: Page, extra: tuple[Adapter, ...] = ()) -> dict[str, Any]:
    """What every consent API on the page says now (main frame)."""
    state: dict[str, Any] = {}
    for adapter in known(extra).values():
        if adapter.state_js is None:
            continue
        try:
            value = await page.main_frame.evaluate(adapter.state_js)
        except PlaywrightError:
            continue
        if value is not None:
            state[adapter.name] = value
    return state


def categories(state: dict[str, Any], extra: tuple[Adapter, ...] = ()) -> dict[str, bool]:
    """Taxonomy categories granted, merged over the CMPs that expose them."""
    out: dict[str, bool] = {}
    adapters = known(extra)
    for name, value in state.items():
        mapped = adapters[name].categories(value) if name in adapters else None
        for category, granted in (mapped or {}).items():
            out[category] = out.get(category, False) or granted
    return out
