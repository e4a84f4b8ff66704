"""Fingerprinting instrumentation: the init script a visit installs in every frame when a
check asks for it (Needs.init_scripts), and the detections read back from the page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_privacy.evidence import FingerprintRecord
from pytest_privacy.packagedata import read_text

if TYPE_CHECKING:
    from playwright.async_api import Page

NAME = "fingerprint"  # its name in Needs.init_scripts
TECHNIQUES = ("canvas", "webgl", "audio", "fonts")
MAX_RECORDS = 500
READ = "() => (window.__privacyFingerprint || {detections: []}).detections.slice(0, 500)"


def script() -> str:
    """The page-side instrumentation (fingerprint.js)."""
    return read_text("pytest_privacy.browser", "fingerprint.js")


def wanted(init_scripts: tuple[tuple[str, str], ...]) -> bool:
    return any(name == NAME for name, _ in init_scripts)


def records(raw: list[Any], phase: str) -> list[FingerprintRecord]:
    """Detections as the page reported them -> records (malformed ones are dropped)."""
    out = []
    for item in raw:
        if not isinstance(item, dict) or item.get("technique") not in TECHNIQUES:
            continue
        out.append(FingerprintRecord(
            script=str(item.get("script", ""))[:2048], technique=str(item["technique"]),
            detail=str(item.get("detail", ""))[:300], frame=str(item.get("frame", ""))[:2048],
            phase=phase))
    return out


async def collect(page: Page, phase: str) -> list[FingerprintRecord]:
    """Every frame's detections, each (script, technique) once. A frame shares its record
    with its top-most same-origin ancestor, so helper frames already removed still count."""
    from playwright.async_api import Error as PlaywrightError

    seen: dict[tuple[str, str], FingerprintRecord] = {}
    for frame in page.frames:
        try:
            raw = await frame.evaluate(READ)
        except PlaywrightError:
            continue
        for record in records(raw if isinstance(raw, list) else [], phase):
            seen.setdefault((record.script, record.technique), record)
            if len(seen) >= MAX_RECORDS:
                return list(seen.values())
    return list(seen.values())
