"""Cookie and storage values out of the files a visit leaves behind (HAR, Playwright trace).

Two passes: by structure (Cookie / Set-Cookie headers, HAR cookie lists), and by value (every
cookie or storage value the visit recorded, wherever it appears: a URL, a request body, a
script). Values shorter than MIN_SECRET characters are only removed by structure: searching
for "1" everywhere would ruin the file and hide nothing."""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

from pytest_privacy.evidence import redact

MIN_SECRET = 4
NOTE = ("pytest-privacy: cookie and storage values in this file are redacted (Cookie and "
        "Set-Cookie headers, cookie lists, and every recorded value of at least "
        f"{MIN_SECRET} characters); run with --privacy-show-values to keep them.")
NOTE_NAME = "pytest-privacy-redaction.txt"
_HEADER_NAMES = {"cookie", "set-cookie", "authorization", "proxy-authorization"}


def _forms(value: str) -> set[str]:
    """A value as it may be written down: as is, inside a JS/JSON string, URL-encoded."""
    return {value, json.dumps(value)[1:-1], quote(value, safe=""), quote_plus(value)}


def _pattern(secrets: Iterable[str]) -> re.Pattern[str] | None:
    values = sorted({form for s in secrets if len(s) >= MIN_SECRET for form in _forms(s)},
                    key=len, reverse=True)
    if not values:
        return None
    return re.compile("|".join(re.escape(v) for v in values))


def _scrub(text: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None:
        return text
    return pattern.sub(lambda m: redact(m.group(0)), text)


def scrubber(secrets: Iterable[str]) -> Callable[[str], str]:
    """A function that redacts every one of these values (of at least MIN_SECRET characters,
    in any of their written forms) wherever it appears in a text."""
    pattern = _pattern(secrets)
    return lambda text: _scrub(text, pattern)


def _walk(node: Any, pattern: re.Pattern[str] | None) -> Any:
    """A copy of JSON data with header and cookie values redacted, and secrets scrubbed."""
    if isinstance(node, dict):
        out = {k: _walk(v, pattern) for k, v in node.items()}
        name = node.get("name")
        if isinstance(name, str) and name.lower() in _HEADER_NAMES and \
                isinstance(node.get("value"), str):
            out["value"] = redact(node["value"])
        for key in ("cookies",):
            if isinstance(node.get(key), list):
                out[key] = [dict(_walk(c, pattern), value=redact(str(c.get("value", ""))))
                            if isinstance(c, dict) else c for c in node[key]]
        # Playwright's trace keeps some headers as a {name: value} mapping
        for header in list(out):
            if header.lower() in _HEADER_NAMES and isinstance(out[header], str):
                out[header] = redact(out[header])
        return out
    if isinstance(node, list):
        return [_walk(v, pattern) for v in node]
    if isinstance(node, str):
        return _scrub(node, pattern)
    return node


def redact_har(path: Path, secrets: Iterable[str] = ()) -> None:
    """Rewrite a HAR file in place with its values redacted, saying so in `log.comment`."""
    data = json.loads(path.read_text("utf-8"))
    data = _walk(data, _pattern(secrets))
    data.setdefault("log", {})["comment"] = NOTE
    _replace(path, json.dumps(data, indent=1).encode("utf-8"))


def _redact_text(name: str, raw: bytes, pattern: re.Pattern[str] | None) -> bytes:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw  # images and other binary resources carry no cookie text
    if name.endswith((".trace", ".network", ".stacks")):
        lines = []
        for line in text.split("\n"):
            try:
                lines.append(json.dumps(_walk(json.loads(line), pattern)) if line else line)
            except ValueError:
                lines.append(_scrub(line, pattern))
        return "\n".join(lines).encode("utf-8")
    return _scrub(text, pattern).encode("utf-8")


def redact_trace(path: Path, secrets: Iterable[str] = ()) -> None:
    """Rewrite a Playwright trace (zip) with its values redacted and a note file added."""
    pattern = _pattern(secrets)
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
            for info, raw in members:
                if info.filename == NOTE_NAME:
                    continue
                target.writestr(info.filename, _redact_text(info.filename, raw, pattern))
            target.writestr(NOTE_NAME, NOTE + "\n")
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _replace(path: Path, content: bytes) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_bytes(content)
    os.replace(temp, path)
