"""The general banner engine: any consent banner, operated as a visitor would, without knowing
its consent manager.

A banner is a visible floating element (fixed, sticky, a dialog; in any frame and open shadow
root) whose text speaks of cookies or consent (vocabulary.py, 13 languages). Its controls are
classified accept / reject / settings / save by their labels (or attributes). A reject where
the first layer has none opens the settings layer, switches every optional toggle off and
saves. Each click is confirmed (the banner is gone, a consent record was written, or the
CMP's API changed) and repeated when the page ignored it (handlers attached late).

Approach after reading how BannerClick (visibility + word lists), Priv-Accept (keyword
clicking) and Consent-O-Matic (per-CMP rules with toggles) work; no code or lists copied."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from pytest_privacy.consent.vocabulary import category_of, classify_control, is_consent_text
from pytest_privacy.errors import VisitError, first_line
from pytest_privacy.packagedata import read_text

_SCRIPT = read_text("pytest_privacy.consent", "engine.js")
POLL_MS = 150
VERIFY_MS = 3000
RETRY_AFTER_MS = 800  # a click that changed nothing by then is made again
CLICKS = 3
LAYER_MS = 3000  # how long a settings layer may take to open
# "No banner" is decided early when the page has no consent machinery at all, it loaded at
# least this long ago, and its network has been quiet this long.
NOTHING_AFTER_LOAD_MS = 2500
NOTHING_QUIET_MS = 1000

StateReader = Callable[[], Awaitable[dict[str, Any]]]


@dataclass
class Control:
    cid: str
    label: str
    kind: str | None


@dataclass
class Toggle:
    cid: str
    label: str
    checked: bool
    disabled: bool

    @property
    def category(self) -> str | None:
        return category_of(self.label)


@dataclass
class Banner:
    frame: Frame
    text: str
    controls: list[Control]
    toggles: list[Toggle] = field(default_factory=list)

    def first(self, kind: str) -> Control | None:
        return next((c for c in self.controls if c.kind == kind), None)

    @property
    def kinds(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for control in self.controls:
            if control.kind and control.kind not in out:
                out[control.kind] = control.label or control.kind
        return out

    @property
    def signature(self) -> tuple[str, ...]:
        return tuple(sorted(f"{c.kind}:{c.label}" for c in self.controls if c.kind))


@dataclass
class FrameScan:
    frame: Frame
    banners: list[Banner]
    layers: list[Banner]  # every floating element with consent controls, vocabulary or not
    machinery: list[str]
    since_load: float
    quiet: float
    top: bool


def banners_of(frame: Frame, result: dict[str, Any], loose: bool = False) -> list[Banner]:
    """The consent banners among a frame's floating elements, most controls first. `loose`:
    without the consent vocabulary (a settings layer that opened from a banner is one)."""
    out = []
    for candidate in result.get("candidates", []):
        if not loose and not is_consent_text(candidate["text"]):
            continue
        controls = [Control(c["cid"], c["label"], classify_control(c["label"], c["attrs"]))
                    for c in candidate["controls"]]
        toggles = [Toggle(t["cid"], t["label"], bool(t["checked"]), bool(t["disabled"]))
                   for t in candidate["toggles"]]
        banner = Banner(frame, candidate["text"], controls, toggles)
        if banner.kinds or toggles:
            out.append(banner)
    out.sort(key=lambda b: -len(b.kinds))
    return out


# Whether the visitor can see a frame's <iframe> element, asked in the frame that holds it: a
# cross-origin frame cannot know that its embedder hid it (display or visibility, opacity, no
# area, placed off the page to the left or top).
_SHOWN_JS = """(el) => {
  const opts = {checkOpacity: true, checkVisibilityCSS: true};
  if (el.checkVisibility && !el.checkVisibility(opts)) return false;
  const r = el.getBoundingClientRect();
  return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0;
}"""


async def frame_shown(frame: Frame) -> bool:
    """Whether a visitor can see `frame`: its <iframe> and every enclosing one are shown. What
    a frame draws inside an <iframe> its page keeps hidden is no banner for a visitor."""
    child = frame
    while child.parent_frame is not None:
        try:
            element = await child.frame_element()
            try:
                shown = bool(await element.evaluate(_SHOWN_JS))
            finally:
                await element.dispose()
        except PlaywrightError:
            return False  # detached meanwhile
        if not shown:
            return False
        child = child.parent_frame
    return True


async def scan(frame: Frame) -> FrameScan | None:
    try:
        result: dict[str, Any] = await frame.evaluate(_SCRIPT)
    except PlaywrightError:
        return None  # navigated or closed meanwhile
    banners, layers = banners_of(frame, result), banners_of(frame, result, True)
    if (banners or layers) and not await frame_shown(frame):
        banners, layers = [], []  # drawn in a frame its page hides: its machinery still counts
    return FrameScan(frame, banners, layers,
                     list(result.get("machinery", [])), float(result.get("since_load", 0)),
                     float(result.get("quiet", 0)), bool(result.get("top")))


async def scan_page(page: Page) -> list[FrameScan]:
    scans = []
    for frame in list(page.frames):
        found = await scan(frame)
        if found is not None:
            scans.append(found)
    return scans


def nothing_there(scans: list[FrameScan]) -> bool:
    """True when no frame has consent machinery or a banner-like element, the page loaded a
    while ago and its network is quiet: no banner will come."""
    top = next((s for s in scans if s.top), None)
    if top is None:
        return False
    if any(s.banners or s.machinery for s in scans):
        return False
    return top.since_load >= NOTHING_AFTER_LOAD_MS and top.quiet >= NOTHING_QUIET_MS


def best(scans: list[FrameScan], loose: bool = False) -> Banner | None:
    """The banner to operate: the one with the most kinds of controls, any frame."""
    banners = [b for s in scans for b in (s.layers if loose else s.banners) if b.kinds]
    banners.sort(key=lambda b: -len(b.kinds))
    return banners[0] if banners else None


def describe(banner: Banner) -> str:
    kinds = ", ".join(f"{kind} {label!r}" for kind, label in banner.kinds.items())
    where = "" if banner.frame.parent_frame is None else f" in frame {banner.frame.url}"
    return f"general engine: a consent banner{where} with {kinds}"


@dataclass
class Outcome:
    clicked: str
    confirmed: str
    layer: int = 1


class Engine:
    """Operates one page's banner; `state` reads the CMP APIs (to see a click take effect)."""

    def __init__(self, page: Page, state: StateReader) -> None:
        self.page = page
        self.state = state

    async def _snapshot(self) -> tuple[dict[tuple[str, str], str], dict[str, Any]]:
        try:
            jar = {(c["name"], c["domain"]): c["value"] for c in
                   await self.page.context.cookies()}
        except PlaywrightError:
            jar = {}
        return jar, await self.state()

    async def _find(self, frame: Frame | None, want: Callable[[Banner], bool],
                    wait_ms: int, loose: bool = False) -> Banner | None:
        deadline = time.monotonic() + wait_ms / 1000
        while True:
            frames = [frame] if frame is not None else list(self.page.frames)
            for f in frames:
                found = await scan(f)
                for banner in (found.layers if loose else found.banners) if found else []:
                    if want(banner):
                        return banner
            if time.monotonic() >= deadline:
                return None
            await asyncio.sleep(POLL_MS / 1000)

    async def _click(self, banner: Banner, control: Control) -> None:
        try:
            await banner.frame.locator(f'[data-privacy-cid="{control.cid}"]').first.click(
                timeout=5000)
        except PlaywrightError:
            # re-rendered since the scan: find the same label again and click that
            again = await self._find(banner.frame, lambda b: any(
                c.label == control.label and c.kind == control.kind for c in b.controls), 1000)
            target = next((c for c in again.controls if c.label == control.label), None) \
                if again else None
            if again is None or target is None:
                raise VisitError(f"the general engine could not click {control.label!r}: it "
                                 "disappeared from the banner before the click.") from None
            try:
                await again.frame.locator(f'[data-privacy-cid="{target.cid}"]').first.click(
                    timeout=5000)
            except PlaywrightError as exc:
                raise VisitError(f"the general engine could not click {control.label!r}: "
                                 f"{first_line(exc)}") from None

    async def _changed(self, banner: Banner, before: tuple[dict[tuple[str, str], str],
                                                            dict[str, Any]]) -> str | None:
        """Why we believe the click took effect, or None when nothing changed (yet)."""
        found = await scan(banner.frame)
        still = found is not None and any(b.signature == banner.signature
                                          for b in found.layers)
        if not still:
            return "the banner is gone"
        jar, state = await self._snapshot()
        new = [name for (name, domain), value in jar.items()
               if before[0].get((name, domain)) != value]
        if new:
            return f"a consent record was written (cookie {new[0]})"
        if state != before[1]:
            return "the consent manager's API changed"
        return None

    async def click_confirmed(self, banner: Banner, control: Control) -> str:
        """Click `control` until the page shows it took effect; why we believe it did."""
        before = await self._snapshot()
        for attempt in range(CLICKS):
            await self._click(banner, control)
            deadline = time.monotonic() + (RETRY_AFTER_MS if attempt < CLICKS - 1
                                           else VERIFY_MS) / 1000
            while time.monotonic() < deadline:
                why = await self._changed(banner, before)
                if why:
                    return why + (f" (after {attempt + 1} clicks: the first were ignored)"
                                  if attempt else "")
                await asyncio.sleep(POLL_MS / 1000)
        raise VisitError(f"clicked {control.label!r} {CLICKS} times on the consent banner on "
                         f"{self.page.url}, but nothing changed: the banner is still shown, "
                         "no consent record was written and the consent API says the same.")

    async def _second_layer(self, banner: Banner, allow: frozenset[str] | None) -> Outcome:
        """Open settings, set every optional toggle (off, or on for `allow`), save."""
        settings = banner.first("settings")
        if settings is None:
            raise VisitError(f"the consent banner on {self.page.url} has no settings control "
                             f"the general engine recognises ({_offers(banner)}), so no "
                             "category can be chosen; set consent.settings to its selector.")
        first = banner.signature

        def opened(b: Banner) -> bool:
            return b.signature != first and bool(b.toggles or b.first("save")
                                                 or b.first("reject"))

        layer = None
        for attempt in range(CLICKS):  # a handler attached late ignores the first clicks
            try:
                await self._click(banner, settings)
            except VisitError:
                if attempt == 0:
                    raise
                # the control went away: the layer is opening after all
            layer = await self._find(None, opened, RETRY_AFTER_MS if attempt < CLICKS - 1
                                     else LAYER_MS, loose=True)
            if layer is not None:
                break
        if layer is None:
            raise VisitError(f"clicked {settings.label!r} on the consent banner on "
                             f"{self.page.url}, but no settings layer with toggles or a save "
                             "control appeared.")
        switched = await self._set_toggles(layer, allow)
        layer = await self._find(layer.frame, lambda b: b.signature != first and bool(
            b.first("save") or b.first("reject")), 1000, loose=True) or layer
        target = (layer.first("reject") if allow is None else None) or layer.first("save")
        if target is None:
            raise VisitError(f"the settings layer of the consent banner on {self.page.url} has "
                             "no save or reject control the general engine recognises.")
        confirmed = await self.click_confirmed(layer, target)
        note = f" (after switching {switched})" if switched else ""
        return Outcome(f"{settings.label!r} then {target.label!r}{note}", confirmed, 2)

    async def _set_toggles(self, layer: Banner, allow: frozenset[str] | None) -> str:
        """Switch each optional toggle to its wanted position; what was switched."""
        changed = []
        for toggle in layer.toggles:
            category = toggle.category
            if toggle.disabled or category == "necessary":
                continue
            want = False if allow is None else (category in allow)
            if toggle.checked == want:
                continue
            try:
                locator = layer.frame.locator(f'[data-privacy-cid="{toggle.cid}"]').first
                await locator.click(timeout=3000, force=True)
            except PlaywrightError:
                continue
            changed.append(f"{toggle.label[:40]!r} {'on' if want else 'off'}")
        return ", ".join(changed)

    async def operate(self, banner: Banner, action: str,
                      allow: frozenset[str] | None = None) -> Outcome:
        """Accept, reject or allow the categories in `allow` through `banner`."""
        if action == "accept":
            control = banner.first("accept")
            if control is None:
                raise VisitError(f"the consent banner on {self.page.url} has no control the "
                                 f"general engine reads as accept ({_offers(banner)}); set "
                                 "consent.accept to its selector.")
            return Outcome(control.label, await self.click_confirmed(banner, control))
        if action == "allow":
            if banner.toggles:
                switched = await self._set_toggles(banner, allow)
                save = banner.first("save")
                if save is not None:
                    confirmed = await self.click_confirmed(banner, save)
                    return Outcome(f"{save.label!r} (after switching {switched})", confirmed)
            return await self._second_layer(banner, allow)
        reject = banner.first("reject")
        if reject is not None:
            return Outcome(reject.label, await self.click_confirmed(banner, reject))
        if banner.first("settings") is not None:
            return await self._second_layer(banner, None)
        save = banner.first("save")
        if save is not None and banner.toggles:
            # a preference layer shown on its own (reopened): everything optional off, save
            switched = await self._set_toggles(banner, None)
            confirmed = await self.click_confirmed(banner, save)
            note = f" (after switching {switched})" if switched else ""
            return Outcome(f"{save.label!r}{note}", confirmed)
        raise no_refusal(banner, self.page.url)


PERSISTENT_JS = """(pattern) => {
  const re = new RegExp(pattern, 'i');
  const roots = [document];
  for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  for (const root of roots) {
    for (const el of root.querySelectorAll('a, button, [role=button], [role=link]')) {
      const text = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('title') || '')
        .replace(/\\s+/g, ' ').trim();
      if (!text || text.length > 60 || !re.test(text)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      for (const old of document.querySelectorAll('[data-privacy-reopen]')) {
        old.removeAttribute('data-privacy-reopen');
      }
      el.setAttribute('data-privacy-reopen', '1');
      return text;
    }
  }
  return null;
}"""
# The control a consent manager leaves on the page after a choice, to change it.
PERSISTENT = (r"^(cookie|cookies|privacy|consent) ?(settings|preferences|choices|policy settings)"
              r"$|^your privacy (choices|options)$|^manage (cookies|consent|privacy|cookie "
              r"preferences)$|^(change|update|withdraw) (my |your )?(consent|cookie|privacy)"
              r"( settings| preferences| choices)?$|^cookie-einstellungen$|"
              r"^datenschutz-?einstellungen$|^param[èe]tres (des )?cookies$|^gérer (les )?cookies$"
              r"|^(configuración|preferencias) de cookies$|^impostazioni (dei )?cookie$|"
              r"^ustawienia (plików )?cookie(s)?$|^cookie-?instellingen$|^setări cookie(-uri)?$|"
              r"^(definições|preferências) de cookies$|^nastavení cookies$|"
              r"^süti ?beállítások$|^cookie-?inställningar$|^ρυθμίσεις cookies$")


async def persistent_control(page: Page) -> str | None:
    """Click the page's own "Cookie settings" / "Your Privacy Choices" control, if one is
    shown; its label."""
    try:
        label = await page.main_frame.evaluate(PERSISTENT_JS, PERSISTENT)
        if not label:
            return None
        await page.locator("[data-privacy-reopen]").first.click(timeout=5000)
        return str(label)
    except PlaywrightError:
        return None


def offers_refusal(banner: Banner) -> bool:
    """Whether a banner has any way to refuse: a reject, settings, or toggles with a save."""
    return bool(banner.first("reject") or banner.first("settings")
                or (banner.toggles and banner.first("save")))


def no_refusal(banner: Banner, url: str) -> VisitError:
    return VisitError(f"the consent banner on {url} offers no refusal at all "
                      f"({_offers(banner)}): neither a reject control nor settings where "
                      "one could refuse. A reject state cannot be reached; the banner "
                      "itself breaks the promise of a choice.")


def _offers(banner: Banner) -> str:
    kinds = banner.kinds
    if not kinds:
        return "no control it recognises"
    return "it offers only " + ", ".join(f"{label!r}" for label in kinds.values())
