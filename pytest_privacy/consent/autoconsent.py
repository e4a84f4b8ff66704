"""DuckDuckGo's autoconsent (MPL-2.0) for the long tail of consent managers.

Not bundled: the user points --privacy-autoconsent at an unpacked `@duckduckgo/autoconsent`
npm package (its `dist/autoconsent.playwright.js` and `rules/rules.json`), installed from the
npm registry, which checks the tarball's integrity. Its content script runs in every frame and
talks to this host through the `autoconsentSendMessage` binding: it asks for its settings and
rules (`init`), for code of its rules to be evaluated in the page (`eval`), and reports what
it found and did (`cmpDetected`, `popupFound`, `optOutResult` / `optInResult`). Its cosmetic
rules (hiding a banner without answering it) are turned off: hiding is not a choice.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from pytest_privacy.errors import ConfigError, VisitError
from pytest_privacy.evidence import ConsentAction

POLL_MS = 100
VERSION = "16.23.0"  # what `pytest-privacy install-autoconsent` installs
PACKAGE = "@duckduckgo/autoconsent"


def user_dir() -> Path:
    """Where `pytest-privacy install-autoconsent` puts the package for this user."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "pytest-privacy" / "autoconsent"


def discover(rootdir: Path | None = None) -> str | None:
    """An unpacked package found without being named: the project's tests/.vendor/autoconsent
    (scripts/setup.sh), a source checkout's, or the user's (install-autoconsent)."""
    places = [Path(__file__).resolve().parents[2] / "tests" / ".vendor" / "autoconsent",
              user_dir()]
    if rootdir is not None:
        places.insert(0, rootdir / "tests" / ".vendor" / "autoconsent")
    for place in places:
        if (place / "package.json").is_file() and \
                (place / "dist" / "autoconsent.playwright.js").is_file() and \
                (place / "rules" / "rules.json").is_file():
            return str(place)
    return None


def install(target: Path | None = None, version: str = VERSION) -> Path:
    """Fetch the official package from the npm registry (npm checks the tarball's integrity)
    and unpack its content script, rules and licence into `target` (default: user_dir())."""
    target = target or user_dir()
    npm = shutil.which("npm")
    if npm is None:
        raise ConfigError("npm is not installed; install Node.js (which brings npm), then run "
                          "'pytest-privacy install-autoconsent' again.")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([npm, "pack", "--silent", f"{PACKAGE}@{version}"], cwd=tmp,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise ConfigError(f"npm pack {PACKAGE}@{version} failed: "
                              f"{(done.stderr or done.stdout).strip()[:300]}")
        tarball = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        package = Path(tmp) / "package"
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name in ("dist", "rules"):
            shutil.copytree(package / name, target / name)
        for name in ("package.json", "LICENSE"):
            if (package / name).exists():
                shutil.copy(package / name, target / name)
    load_bundle.cache_clear()
    load_bundle(str(target))  # it must be readable
    return target


@dataclass(frozen=True)
class AutoconsentBundle:
    script: str
    rules: str  # JSON text of the rule list
    version: str


@cache
def load_bundle(directory: str) -> AutoconsentBundle:
    """Read the content script and rules of an unpacked @duckduckgo/autoconsent package."""
    root = Path(directory)
    script = root / "dist" / "autoconsent.playwright.js"
    rules = root / "rules" / "rules.json"
    manifest = root / "package.json"
    for path in (script, rules, manifest):
        if not path.is_file():
            raise ConfigError(f"--privacy-autoconsent {directory}: {path.relative_to(root)} is "
                              "missing; point it at an unpacked @duckduckgo/autoconsent package "
                              "(npm pack @duckduckgo/autoconsent, then tar xzf).")
    try:
        package = json.loads(manifest.read_text("utf-8"))
        rule_list = json.loads(rules.read_text("utf-8"))["autoconsent"]
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"--privacy-autoconsent {directory}: cannot read its rules ({exc}).")\
            from None
    if package.get("name") != "@duckduckgo/autoconsent":
        raise ConfigError(f"--privacy-autoconsent {directory}: package.json names "
                          f"{package.get('name')!r}, not @duckduckgo/autoconsent.")
    return AutoconsentBundle(script.read_text("utf-8"), json.dumps(rule_list),
                             str(package.get("version")))


async def operate(page: Page, action: str, bundle: AutoconsentBundle, wait_ms: int,
            started: float) -> ConsentAction:
    """Let autoconsent opt out (reject) or in (accept); raises VisitError unless it succeeds."""
    inbox: list[tuple[Frame, dict[str, Any]]] = []

    def receive(source: dict[str, Any], message: dict[str, Any]) -> None:
        inbox.append((source["frame"], message))

    try:
        await page.expose_binding("autoconsentSendMessage", receive)
    except PlaywrightError:
        pass  # already exposed on this page by an earlier call
    config = json.dumps({"enabled": True, "autoAction": "optOut" if action == "reject" else "optIn",
                         "disabledCmps": [], "enablePrehide": False, "enableCosmeticRules": False,
                         "detectRetries": 20})
    for frame in page.frames:
        await _inject(frame, bundle)
    page.on("framenavigated", lambda frame: inbox.append((frame, {"type": "_navigated"})))
    seen: dict[str, Any] = {}
    deadline = time.monotonic() + wait_ms / 1000
    while time.monotonic() < deadline:
        while inbox:
            frame, message = inbox.pop(0)
            kind = message.get("type")
            if kind == "_navigated":
                await _inject(frame, bundle)
            elif kind == "init":
                await _evaluate(frame, "autoconsentReceiveMessage({type: 'initResp', config: "
                                       f"{config}, rules: {{autoconsent: {bundle.rules}}}}})")
            elif kind == "eval":
                try:
                    result = await frame.evaluate(str(message.get("code", "")))
                except PlaywrightError:
                    result = False
                reply = {"id": message.get("id"), "type": "evalResp", "result": result}
                await _evaluate(frame, f"autoconsentReceiveMessage({json.dumps(reply)})")
            elif kind in ("cmpDetected", "popupFound"):
                seen[kind] = message.get("cmp")
            elif kind in ("optOutResult", "optInResult"):
                if not message.get("result"):
                    raise VisitError(f"autoconsent {bundle.version} found {message.get('cmp')!r} "
                                     f"on {page.url} but its {action} steps failed.")
                return ConsentAction(
                    action=action, adapter=f"autoconsent:{message.get('cmp')}",
                    clicked=f"the rule's {action} steps",
                    detected_by=f"@duckduckgo/autoconsent {bundle.version} rule "
                                f"{message.get('cmp')!r}",
                    frame=frame.url, at_ms=round((time.monotonic() - started) * 1000, 1),
                    path="autoconsent", confirmed=f"the rule's {message.get('type')} said "
                                                  "its steps succeeded")
            elif kind == "autoconsentError":
                raise VisitError(f"autoconsent reported an error on {page.url}: "
                                 f"{message.get('details')}")
        await asyncio.sleep(POLL_MS / 1000)
    found = f"; it saw {seen}" if seen else ""
    raise VisitError(f"autoconsent {bundle.version} found no banner it could {action} on "
                     f"{page.url} within {wait_ms} ms{found}.")


async def _inject(frame: Frame, bundle: AutoconsentBundle) -> None:
    try:
        await frame.evaluate(bundle.script)
    except PlaywrightError:
        pass  # a frame that is gone, or not scriptable


async def _evaluate(frame: Frame, expression: str) -> None:
    try:
        await frame.evaluate(expression)
    except PlaywrightError:
        pass
