"""Is the page a bot wall or an empty page rather than the site? A pure, cheap heuristic.

A visit that lands on a bot challenge (Cloudflare, Akamai, DataDome, PerimeterX, Imperva,
AWS WAF) or on a page that rendered nothing has not seen the site: a check that passes there
proves nothing. `looks_blocked` says so in one sentence, or returns None for a normal page.

It errs on the side of None. Markers found in HTML or visible text count only on a thin page
(little visible text), because real pages embed bot-management scripts and CAPTCHA widgets in
their forms and articles quote challenge pages; only a challenge page's own title counts on
its own. Only the first 200 KB of the HTML and of the text are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HTML_SCAN = 200_000
TEXT_SCAN = 200_000
# A page with fewer letters and digits than this is thin: a challenge page, not an article.
THIN_CHARS = 600
# A nearly bare page: a marker that real pages also carry counts only there.
BARE_CHARS = 20
# An empty page: no letter or digit at all, and at most this many elements in its body.
EMPTY_ELEMENTS = 5
# Content that shows without text: a body made only of these is not empty.
_EMBEDS = ("<iframe", "<frame", "<img", "<video", "<canvas", "<object", "<embed", "<picture",
           "<svg")
_MEANINGFUL = re.compile(r"[^\W_]")
_INPUT = re.compile(r"<input\b[^>]*>")
_INPUT_TYPE = re.compile(r"""\btype\s*=\s*["']?([a-z-]+)""")
_FIELD_TYPES = {"text", "email", "password", "tel", "search", "number", "url", "date"}
_CAPTCHA_ANSWERS = ("g-recaptcha-response", "h-captcha-response", "cf-turnstile-response")
_SUFFIX = ", not the site; the checks cannot judge it."


@dataclass(frozen=True)
class _Marker:
    vendor: str
    where: str  # "title" (the whole title, case-folded), "title^" (a prefix), "html", "text"
    needle: str  # case-folded
    shown: str  # how the reason quotes it
    alone: bool = False  # enough without a thin page
    bare: bool = False  # only on a nearly bare page (fewer than BARE_CHARS letters)
    also: str | None = None  # a second needle that must be in the text too


_MARKERS = (
    _Marker("Cloudflare", "title^", "attention required! | cloudflare",
            "Attention Required! | Cloudflare", alone=True),
    _Marker("Cloudflare", "title", "just a moment...", "Just a moment..."),
    _Marker("Cloudflare", "title", "just a moment\u2026", "Just a moment..."),
    _Marker("Cloudflare", "text", "checking your browser before accessing",
            "Checking your browser before accessing"),
    _Marker("Cloudflare", "text", "needs to review the security of your connection",
            "needs to review the security of your connection"),
    _Marker("Cloudflare", "html", "cf_chl_", "cf_chl_"),
    _Marker("Cloudflare", "html", "cf-chl-", "cf-chl-"),
    _Marker("Cloudflare", "html", "/cdn-cgi/challenge-platform/h/", "challenge-platform"),
    _Marker("Akamai", "title", "access denied", "Access Denied ... Reference #",
            also="reference #"),
    _Marker("DataDome", "html", "captcha-delivery.com", "captcha-delivery.com"),
    _Marker("PerimeterX", "html", "px-captcha", "px-captcha"),
    _Marker("PerimeterX", "text", "press & hold", "Press & Hold"),
    _Marker("Imperva", "html", "_incapsula_resource", "_Incapsula_Resource"),
    _Marker("Imperva", "text", "incapsula incident id", "Incapsula incident ID"),
    _Marker("AWS WAF", "html", "gokuprops", "gokuProps"),
    # the AWS WAF SDK is also loaded by normal pages to get a token
    _Marker("AWS WAF", "html", "awswaf", "awswaf", bare=True),
)

# A CAPTCHA widget is not a wall: sites put them in forms. It is one on a nearly empty page
# (fewer than WALL_CHARS letters, at most WALL_ELEMENTS elements, no field to fill in) that
# asks the visitor to prove they are human.
WALL_CHARS = 200
WALL_ELEMENTS = 40
_CAPTCHAS = (("g-recaptcha", "reCAPTCHA"), ("google.com/recaptcha", "reCAPTCHA"),
             ("recaptcha/api.js", "reCAPTCHA"), ("h-captcha", "hCaptcha"),
             ("hcaptcha.com", "hCaptcha"), ("challenges.cloudflare.com/turnstile", "Turnstile"))
_HUMAN_PHRASES = ("verify you are human", "verify you are a human", "verifying you are human",
                  "not a robot", "are you a robot", "are you human", "unusual traffic",
                  "security check", "human verification", "prove you are human",
                  "prove you're human", "confirm you are human", "complete the captcha",
                  "solve the captcha", "automated access")


def looks_blocked(title: str, text: str, html: str, elements: int,
                  status: int | None) -> str | None:
    """Why the page looks like a bot wall or an empty page, in one sentence; None if not.

    `title` and `text` are the document's title and its body's visible text, `html` its
    markup (only the first 200 KB is read), `elements` the number of elements in its body,
    `status` the HTTP status of the document (None when unknown)."""
    letters = _count_meaningful(text, THIN_CHARS)
    thin = letters < THIN_CHARS
    folded_title = " ".join(title.split()).casefold()
    head = html[:HTML_SCAN].casefold()
    folded_text = " ".join(text[:TEXT_SCAN].split()).casefold() if thin else ""
    http = f" (HTTP {status})" if status is not None and status >= 400 else ""

    for marker in _MARKERS:
        if not (marker.alone or thin) or (marker.bare and letters >= BARE_CHARS):
            continue
        if marker.where == "title":
            found = folded_title == marker.needle
        elif marker.where == "title^":
            found = folded_title.startswith(marker.needle)
        elif marker.where == "html":
            found = marker.needle in head
        else:
            found = marker.needle in folded_text
        if found and marker.also is not None:
            found = marker.also in folded_text
        if found:
            return (f"the page looks like {_a(marker.vendor)} bot challenge{http} "
                    f"('{marker.shown}')" + _SUFFIX)

    if letters < WALL_CHARS and elements <= WALL_ELEMENTS and not _has_fields(head):
        widget = next((name for needle, name in _CAPTCHAS if needle in head), None)
        phrase = next((p for p in _HUMAN_PHRASES if p in folded_text or p in folded_title),
                      None)
        if widget is not None and phrase is not None:
            return f"the page looks like a {widget} wall{http} ('{phrase}')" + _SUFFIX

    body = head[max(head.find("<body"), 0):]
    if letters == 0 and elements <= EMPTY_ELEMENTS and not any(e in body for e in _EMBEDS):
        shown = "no element" if elements == 0 else (
            "1 element" if elements == 1 else f"{elements} elements")
        return (f"the page is empty{http} (no visible text, {shown} in its body): it did not "
                "render, or was blocked; the checks cannot judge it.")
    return None


def _a(name: str) -> str:
    return ("an " if name[0] in "AEIOU" else "a ") + name


def _has_fields(head: str) -> bool:
    """Does the (case-folded) markup have a field a visitor fills in: a form, not a wall?"""
    for tag in _INPUT.findall(head):
        kind = _INPUT_TYPE.search(tag)
        if kind is None or kind.group(1) in _FIELD_TYPES:
            return True
    if "<select" in head:
        return True
    for match in re.finditer(r"<textarea\b[^>]*>", head):
        if not any(answer in match.group(0) for answer in _CAPTCHA_ANSWERS):
            return True
    return False


def _count_meaningful(text: str, limit: int) -> int:
    """Letters and digits in `text`, counted up to `limit` (cheap on a long text)."""
    count = 0
    for _ in _MEANINGFUL.finditer(text, 0, TEXT_SCAN):
        count += 1
        if count >= limit:
            break
    return count
