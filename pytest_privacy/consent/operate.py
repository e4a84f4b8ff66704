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
    axeptio,
    borlabs,
    complianz,
    consentmanager,
    cookiebot,
    cookiescript,
    cookieyes,
    didomi,
    engine,
    iubenda,
    ketch,
    klaro,
    onetrust,
    osano,
    quantcast,
    sourcepoint,
    tcf,
    termly,
    transcend,
    trustarc,
    usercentrics,
)
from pytest_privacy.consent.base import Adapter, selectors_adapter
from pytest_privacy.errors import VisitError, first_line
from pytest_privacy.evidence import BannerRecord, ConsentAction
from pytest_privacy.packagedata import read_text
from pytest_privacy.spec.model import ConsentConfig

ADAPTERS: dict[str, Adapter] = {a.name: a for a in (
    onetrust.ADAPTER, cookiebot.ADAPTER, didomi.ADAPTER, usercentrics.ADAPTER, klaro.ADAPTER,
    trustarc.ADAPTER, quantcast.ADAPTER, sourcepoint.ADAPTER, cookieyes.ADAPTER,
    complianz.ADAPTER, osano.ADAPTER, iubenda.ADAPTER, axeptio.ADAPTER, termly.ADAPTER,
    cookiescript.ADAPTER, borlabs.ADAPTER, consentmanager.ADAPTER, ketch.ADAPTER,
    transcend.ADAPTER,
    tcf.ADAPTER)}

_SCAN = read_text("pytest_privacy.consent", "scan.js")
POLL_MS = 150
VERIFY_MS = 3000
CLICK_MS = 5000
CLICK_TRIES = 3


@dataclass(frozen=True)
class Detection:
    adapter: Adapter | None  # None: found by the general engine (engine.py)
    frame: Frame
    how: str
    controls: dict[str, str]
    banner: engine.Banner | None = None  # what the general engine found


def known(extra: tuple[Adapter, ...] = ()) -> dict[str, Adapter]:
    """The built-in adapters and those plugins add (pytest_privacy_cmp_adapters), by name."""
    return {**ADAPTERS, **{a.name: a for a in extra}}


def candidates(consent: ConsentConfig,
               extra: tuple[Adapter, ...] = ()) -> tuple[list[Adapter], bool]:
    """The adapters to try, in order, and whether the general engine may be used last."""
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


async def _scan(frame: Frame, adapters: list[Adapter],
                mark: tuple[str, str] | None = None) -> dict[str, Any] | None:
    args = {
        "adapters": [{"name": a.name, "banner": list(a.banner), "accept": list(a.accept),
                      "reject": list(a.reject), "settings": list(a.settings),
                      "reject_second": list(a.reject_second)} for a in adapters],
        "mark": list(mark) if mark else None,
    }
    try:
        result: dict[str, Any] = await frame.evaluate(_source(adapters), args)
        return result
    except PlaywrightError:
        return None  # a frame that navigated or closed meanwhile


async def detect(page: Page, adapters: list[Adapter], use_engine: bool,
                 wait_ms: int) -> tuple[Detection | None, list[str], str]:
    """Wait up to `wait_ms` for a banner; also returns the consent machinery seen on the page.

    A page with no consent machinery at all (no CMP script, global, frame or banner-like
    element) once it has loaded and its network is quiet is decided early: no banner."""
    deadline = time.monotonic() + wait_ms / 1000
    scripts: list[str] = []
    while True:
        found: Detection | None = None
        for frame in list(page.frames):
            result = await _scan(frame, adapters)
            if result is None:
                continue
            for adapter in adapters:
                state = result["adapters"].get(adapter.name, {})
                if state.get("detected") and adapter.name not in scripts:
                    scripts.append(adapter.name)
                if (state.get("banner") or state.get("controls", {}).get("accept") or
                        state.get("controls", {}).get("reject")) and \
                        await engine.frame_shown(frame):
                    how = "banner visible" if state.get("banner") else "controls visible"
                    if state.get("detected"):
                        how += ", script present"
                    return Detection(adapter, frame, f"{adapter.name}: {how}",
                                     state.get("controls", {})), scripts, ""
        scans = await engine.scan_page(page) if use_engine or not scripts else []
        if use_engine:
            banner = engine.best(scans)
            if banner is not None:
                found = Detection(None, banner.frame, engine.describe(banner), banner.kinds,
                                  banner)
                # the banner may have appeared after the adapters looked: they go first
                known = await _adapter_hit(banner.frame, adapters)
                if known is not None:
                    return known, scripts, ""
        if found is not None:
            return found, scripts, ""
        if not scripts and scans and engine.nothing_there(scans):
            return None, scripts, (
                f"no consent machinery on the page (no CMP script, global, frame or banner-like "
                f"element) {engine.NOTHING_QUIET_MS} ms after its network went quiet")
        machinery = sorted({m for scan in scans for m in scan.machinery})
        for item in machinery[:5]:
            if item not in scripts and len(scripts) < 20:
                scripts.append(item)
        if time.monotonic() >= deadline:
            return None, scripts, ""
        await asyncio.sleep(POLL_MS / 1000)


async def _adapter_hit(frame: Frame, adapters: list[Adapter]) -> Detection | None:
    result = await _scan(frame, adapters)
    for adapter in adapters:
        state = (result or {}).get("adapters", {}).get(adapter.name, {})
        controls = state.get("controls", {})
        if (state.get("banner") or controls.get("accept") or controls.get("reject")) and \
                await engine.frame_shown(frame):
            return Detection(adapter, frame, f"{adapter.name}: banner visible", controls)
    return None


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
        if adapter is None:
            return None
        result = await _scan(frame, [adapter], (adapter.name, kind))
        label = result and result["adapters"][adapter.name]["controls"].get(kind)
        if label:
            return frame, str(label)
    return None


async def _uncheck_optional(page: Page, detection: Detection) -> int:
    """Before saving a second layer, switch off every optional toggle of the banner."""
    containers = list(detection.adapter.banner) if detection.adapter else []
    if not containers:
        return 0
    # checkboxes, and the ARIA switches many consent managers draw instead
    script = """(containers) => {
      let n = 0;
      for (const sel of containers) {
        for (const box of document.querySelectorAll(
            sel + ' input[type=checkbox]:checked:not([disabled])')) { box.click(); n++; }
        for (const box of document.querySelectorAll(sel + ' [role=switch][aria-checked=true],'
            + sel + ' [role=checkbox][aria-checked=true]')) {
          if (box.matches('input, [aria-disabled=true], [disabled]')) continue;
          box.click(); n++;
        }
      }
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
            if detection.adapter is None:
                continue
            result = await _scan(frame, [detection.adapter])
            state = result["adapters"][detection.adapter.name] if result else {}
            controls = state.get("controls", {}) if state else {}
            shown = shown or (bool(state.get("banner") or controls.get("accept")
                                   or controls.get("reject")) and await engine.frame_shown(frame))
        if not shown:
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(POLL_MS / 1000)


async def perform_consent(page: Page, action: str, consent: ConsentConfig, started: float,
                          wait_ms: int, autoconsent_dir: str | None = None,
                          extra: tuple[Adapter, ...] = (),
                          allow: tuple[str, ...] = ()) -> ConsentAction:
    """Accept, reject, allow some categories (`allow`) or withdraw through the banner; a
    record of what was done, by which path, and why the harness believes it worked.

    Raises VisitError when no banner or control is found, or the click changed nothing: a
    consent state that could not be reached must never pass."""
    if consent.cmp == "none":
        raise VisitError(f"this check needs the banner's {action!r} control, but the spec says "
                         "'consent: {cmp: none}'; use a before_consent or gpc check instead.")
    if action == "withdraw":
        return await _withdraw(page, consent, started, wait_ms, autoconsent_dir, extra)
    if consent.cmp == "autoconsent":
        if not autoconsent_dir:
            raise VisitError("the spec says 'cmp: autoconsent' but no @duckduckgo/autoconsent "
                             "package was found; install it with 'pytest-privacy "
                             "install-autoconsent' or point --privacy-autoconsent at one.")
        if action not in ("accept", "reject"):
            raise VisitError(f"cmp: autoconsent can only accept or reject, not {action!r}.")
        return await autoconsent.operate(page, action, autoconsent.load_bundle(autoconsent_dir),
                                         wait_ms, started)
    adapters, use_engine = candidates(consent, extra)
    detection, scripts, nothing = await detect(page, adapters, use_engine, wait_ms)
    if action in ("reject", "withdraw") and detection is not None and \
            detection.banner is not None and not engine.offers_refusal(detection.banner):
        raise engine.no_refusal(detection.banner, page.url)  # "Got it" is no choice
    if autoconsent_dir and consent.cmp == "auto" and action in ("accept", "reject") and (
            detection is None or detection.adapter is None) and not nothing:
        # No adapter knows this banner: DuckDuckGo's rules before the general engine.
        try:
            return await autoconsent.operate(page, action, autoconsent.load_bundle(autoconsent_dir),
                                             VERIFY_MS, started)
        except VisitError:
            if detection is None:
                raise
        # the rules failed part-way, perhaps with a layer left open: start again from a fresh
        # load, as a visitor who reloads would, and let the general engine find the banner
        try:
            await page.reload(wait_until="load")
        except PlaywrightError as exc:
            raise VisitError(f"reloading {page.url} failed: {first_line(exc)}") from None
        detection, scripts, nothing = await detect(page, adapters, use_engine, wait_ms)
    if detection is None:
        tried = ", ".join(a.name for a in adapters) + (", the general engine" if use_engine
                                                       else "")
        seen = f" (seen: {', '.join(scripts)})" if scripts else ""
        waited = f"({nothing})" if nothing else f"within {wait_ms} ms{seen}"
        raise VisitError(f"cmp: {consent.cmp} found no consent banner on {page.url} {waited}; "
                         f"tried {tried}; set consent.{action} to the selector of the banner's "
                         "control, or raise --privacy-banner-timeout.")
    def at() -> float:
        return round((time.monotonic() - started) * 1000, 1)

    async def state() -> dict[str, Any]:
        return await read_state(page, extra)

    if detection.adapter is None or action == "allow":
        operator = engine.Engine(page, state)
        banner = detection.banner
        if detection.adapter is not None:
            # an adapter found it; the engine reads its layers for the categories
            banner = await _engine_banner(page, detection)
        if banner is None:
            raise VisitError(f"the {detection.adapter.name if detection.adapter else ''} "
                             f"banner on {page.url} could not be read by the general engine "
                             f"to set categories ({detection.how}).")
        outcome = await operator.operate(banner, action, frozenset(allow)
                                         if action == "allow" else None)
        return ConsentAction(
            action=action if action != "allow" else f"allow {', '.join(allow) or 'nothing'}",
            adapter="engine" if detection.adapter is None else detection.adapter.name,
            clicked=outcome.clicked, detected_by=detection.how, scripts=scripts,
            layer=outcome.layer, frame=detection.frame.url, at_ms=at(),
            path="general engine", confirmed=outcome.confirmed)
    layer = 1
    label = await _click(page, detection, action)
    if label is None and action == "reject":
        opened = await _click(page, detection, "settings")
        if opened is None and detection.controls.get("reject_second"):
            opened = ""  # the second layer is what is shown (reopened after a choice)
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
                label = (f"{opened!r} then {label!r}" if opened else label) + (
                    f" (after switching off {unchecked} toggles)" if unchecked else "")
    name = detection.adapter.name
    if label is None:
        # the adapter's selectors know no such control here: the general engine reads the
        # banner the adapter found
        banner = await _engine_banner(page, detection)
        if banner is not None:
            operator = engine.Engine(page, state)
            outcome = await operator.operate(banner, action)
            return ConsentAction(
                action=action, adapter=name, clicked=outcome.clicked, detected_by=detection.how,
                scripts=scripts, layer=outcome.layer, frame=detection.frame.url, at_ms=at(),
                path="general engine", confirmed=outcome.confirmed)
        raise VisitError(f"the {name} banner on {page.url} has no {action} control that could be "
                         f"found ({detection.how}); set consent.{action} to its selector.")
    if not await _gone(page, detection):
        raise VisitError(f"clicked {label!r} on the {name} banner, but the banner is still shown "
                         f"after {VERIFY_MS} ms: the click changed nothing.")
    return ConsentAction(
        action=action, adapter=name, clicked=label, detected_by=detection.how,
        scripts=scripts, layer=layer, frame=detection.frame.url, at_ms=at(),
        path=f"adapter {name}", confirmed="the banner is gone")


async def _engine_banner(page: Page, detection: Detection) -> engine.Banner | None:
    """The general engine's view of a banner an adapter found (for its toggles and layers)."""
    found = await engine.scan(detection.frame)
    banners = (found.banners or found.layers) if found else []
    return banners[0] if banners else engine.best(await engine.scan_page(page), loose=True)


async def _withdraw(page: Page, consent: ConsentConfig, started: float, wait_ms: int,
                    autoconsent_dir: str | None, extra: tuple[Adapter, ...]) -> ConsentAction:
    """Accept, load the page again, reopen the consent manager as a visitor would (its
    persistent control, or its API where none exists), reject all."""
    accepted = await perform_consent(page, "accept", consent, started, wait_ms,
                                     autoconsent_dir, extra)
    await asyncio.sleep(POLL_MS / 1000)
    try:
        await page.reload(wait_until="load")
    except PlaywrightError as exc:
        raise VisitError(f"reloading {page.url} after accepting failed: {first_line(exc)}"
                         ) from None
    adapters, _ = candidates(consent, extra)
    how = await reopen(page, adapters, wait_ms)
    rejected = await perform_consent(page, "reject", consent, started, wait_ms, None, extra)
    return ConsentAction(
        action="withdraw", adapter=rejected.adapter,
        clicked=f"accepted with {accepted.clicked}; reopened by {how}; rejected with "
                f"{rejected.clicked}",
        detected_by=rejected.detected_by, scripts=rejected.scripts, layer=rejected.layer,
        frame=rejected.frame, at_ms=round((time.monotonic() - started) * 1000, 1),
        path=rejected.path, confirmed=rejected.confirmed)


REOPEN_JS = """(sources) => {
  for (const [name, source] of sources) {
    try { if (new Function('return (' + source + ')')()) return name; } catch (e) {}
  }
  return null;
}"""


async def reopen(page: Page, adapters: list[Adapter], wait_ms: int) -> str:
    """Open the consent manager again after a choice: its persistent control on the page
    (an adapter's, or a link or button that reads like "Cookie settings" / "Your Privacy
    Choices"), else the CMP's own API. How it was reopened. A control whose handler is not
    attached yet is clicked again."""
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        how = await _reopen_once(page, adapters)
        if how is not None:
            shown, _, _ = await detect(page, adapters, True, engine.RETRY_AFTER_MS)
            if shown is not None:
                return how
        if time.monotonic() >= deadline:
            tried = f" ({how} showed nothing)" if how else ""
            raise VisitError(f"after accepting on {page.url}, nothing reopens the consent "
                             "manager: no persistent 'Cookie settings' / 'Your Privacy "
                             "Choices' control and no consent-manager API that shows it "
                             f"again{tried}. A visitor could not withdraw consent.")
        await asyncio.sleep(POLL_MS / 1000)


async def _reopen_once(page: Page, adapters: list[Adapter]) -> str | None:
    for adapter in adapters:
        for selector in adapter.reopen:
            locator = page.locator(selector).first
            try:
                if await locator.count() and await locator.is_visible():
                    await locator.click(timeout=5000)
                    return f"{adapter.name}'s control {selector}"
            except PlaywrightError:
                continue
    control = await engine.persistent_control(page)
    if control is not None:
        return f"the page's {control!r} control"
    sources = [[a.name, a.reopen_js] for a in adapters if a.reopen_js]
    if sources:
        try:
            name = await page.main_frame.evaluate(REOPEN_JS, sources)
        except PlaywrightError:
            name = None
        if name:
            return f"{name}'s API (the page has no visible control to reopen it)"
    return None


async def observe_banner(page: Page, consent: ConsentConfig, wait_ms: int,
                         extra: tuple[Adapter, ...] = ()) -> BannerRecord:
    """Whether a banner is shown before any choice, and whether its first layer can reject."""
    adapters, use_engine = candidates(consent, extra)
    waited = time.monotonic()
    detection, scripts, nothing = await detect(page, adapters, use_engine, wait_ms)
    waited_ms = round((time.monotonic() - waited) * 1000)
    if detection is None:
        return BannerRecord(visible=False, scripts=scripts, waited_ms=waited_ms,
                            detected_by=nothing)
    reject = detection.controls.get("reject")
    if reject is None and detection.adapter is not None:
        # the adapter's own selectors found the banner; its reject may be a plain text button
        banner = await _engine_banner(page, detection)
        found = banner.first("reject") if banner else None
        reject = found.label if found else None
    return BannerRecord(
        visible=True, waited_ms=waited_ms,
        adapter=detection.adapter.name if detection.adapter else "engine",
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
