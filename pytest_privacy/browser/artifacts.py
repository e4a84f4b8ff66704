"""The files a visit leaves beside its evidence: screenshot, trace, HAR, video."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from pytest_privacy.browser.recorder import Recorder


@dataclass
class Artifacts:
    """Files a visit writes beside its evidence, and the screenshot kept for the HTML report."""

    directory: Path | None = None  # screenshot.png, trace.zip go here (--output)
    har: Path | None = None  # the visit's HAR (--privacy-evidence)
    screenshot: bool = False  # take one at the end of the visit (or when it fails)
    full_page: bool = False  # the screenshot of the whole page (--full-page-screenshot)
    tracing: bool = False
    paths: dict[str, str] = field(default_factory=dict)  # kind -> path written
    png: bytes | None = None


async def finish(context: BrowserContext, page: Page | None, artifacts: Artifacts,
                  recorder: Recorder) -> None:
    """Screenshot, trace and HAR (best effort: a crashed page has no screenshot), then close."""
    try:
        if artifacts.screenshot and page is not None and not recorder.crashed:
            try:
                artifacts.png = await page.screenshot(timeout=10_000,
                                                      full_page=artifacts.full_page)
            except PlaywrightError:
                artifacts.png = None
            if artifacts.png is not None and artifacts.directory is not None:
                artifacts.directory.mkdir(parents=True, exist_ok=True)
                path = artifacts.directory / "screenshot.png"
                path.write_bytes(artifacts.png)
                artifacts.paths["screenshot"] = str(path)
        if artifacts.tracing and artifacts.directory is not None:
            artifacts.directory.mkdir(parents=True, exist_ok=True)
            path = artifacts.directory / "trace.zip"
            try:
                await context.tracing.stop(path=str(path))
                artifacts.paths["trace"] = str(path)
            except PlaywrightError:
                pass
    finally:
        try:
            await context.close()  # writes the HAR
        except PlaywrightError:
            pass
    if artifacts.har is not None and artifacts.har.exists():
        artifacts.paths["har"] = str(artifacts.har)
    video = page.video if page is not None else None
    if video is not None:  # saved when the context closed
        try:
            path = Path(await video.path())
        except PlaywrightError:
            return
        if path.exists():
            artifacts.paths["video"] = str(path)
