"""Google Consent Mode as Google's tags state it in their requests: which requests are
Google tag hits, and what their `gcs` and `gcd` parameters say. Pure: URLs in, states out.

`gcs=G1xy`: x is ad_storage, y analytics_storage; 1 granted, 0 denied, - not set.
`gcd` (Consent Mode v2), e.g. `13r3r3r2l1`: a version character, then one pair per consent
type (ad_storage, analytics_storage, ad_user_data, ad_personalization), each a digit and a
letter, then trailing characters. The letter is a base64url digit whose bits 2-3 hold the
default and bits 0-1 the update: 1 not set, 2 denied, 3 granted. So `l` = nothing set,
`p` denied by default, `q` denied by default and by update, `t` granted by default, `r`
denied by default and granted by update, `m` denied by update only, `n` granted by update
only, `u` granted by default and denied by update, `v` granted by default and by update
(Simo Ahava and Markus Baersch, "Consent Mode V2 For Google Tags",
https://www.simoahava.com/analytics/consent-mode-v2-google-tags/)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from pytest_privacy.classify.party import domain_matches

TYPES = ("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization")
BASE64URL = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
_VALUES = {2: "denied", 3: "granted"}  # 0 and 1: not set

# (domain, path prefix): "" matches every path. Hosts match their subdomains.
ENDPOINTS = (
    ("google-analytics.com", "/g/collect"),
    ("region1.google-analytics.com", ""),
    ("analytics.google.com", "/g/collect"),
    ("googletagmanager.com", ""),
    ("googleadservices.com", "/pagead/conversion"),
    ("google.com", "/pagead/1p-user-list"),
    ("doubleclick.net", "/pagead/"),
    ("doubleclick.net", "/ccm/"),
    ("googlesyndication.com", ""),
)
# Loading a tag's library is not a tag request: it states no consent, whatever the state.
LIBRARY_PATHS = ("/gtag/js", "/gtm.js", "/gtag/destination", "/ns.html")


@dataclass(frozen=True)
class Letter:
    """One consent type in gcd: its default, its update, and what holds (the update if
    there was one, else the default); None where not set."""

    letter: str
    default: str | None
    update: str | None

    @property
    def state(self) -> str | None:
        return self.update or self.default

    def describe(self) -> str:
        parts = [f"{self.default or 'not set'} by default"]
        if self.update:
            parts.append(f"{self.update} by update")
        return f"gcd {self.letter!r}: " + ", ".join(parts)


@dataclass(frozen=True)
class ConsentParams:
    """What one request states: gcs and gcd as sent, and each consent type decoded."""

    gcs: str | None
    gcd: str | None
    states: dict[str, str]  # consent type -> granted | denied, where stated
    how: dict[str, str]  # consent type -> where the state was read, for reports

    @property
    def implemented(self) -> bool:
        """Some consent type is set (gtag without any consent command sends none, or a gcd
        of only `l`: nothing set)."""
        return bool(self.states)

    def why_not(self) -> str:
        if self.gcs is None and self.gcd is None:
            return "no gcs or gcd parameter"
        sent = ", ".join(f"{name} {value!r}" for name, value in
                         (("gcs", self.gcs), ("gcd", self.gcd)) if value is not None)
        return f"{sent}: no consent type set"


def is_google_tag(url: str) -> bool:
    """A request to a Google tag endpoint (a hit, not the loading of a tag library)."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path or "/"
    if path in LIBRARY_PATHS or path.endswith(".js"):
        return False
    return any(domain_matches(host, domain) and path.startswith(prefix)
               for domain, prefix in ENDPOINTS)


def decode_letter(letter: str) -> Letter | None:
    """One gcd letter; None when it is not a base64url digit."""
    index = BASE64URL.find(letter) if len(letter) == 1 else -1
    if index < 0:
        return None
    return Letter(letter, _VALUES.get((index >> 2) & 3), _VALUES.get(index & 3))


def decode_gcd(gcd: str) -> dict[str, Letter]:
    """gcd -> consent type -> Letter, for the types it encodes (none when malformed)."""
    out: dict[str, Letter] = {}
    for position, kind in enumerate(TYPES):
        index = 2 + 2 * position
        if index >= len(gcd):
            break
        decoded = decode_letter(gcd[index])
        if decoded is not None:
            out[kind] = decoded
    return out


def decode_gcs(gcs: str) -> dict[str, str]:
    """gcs (G1xy) -> ad_storage and analytics_storage where stated."""
    out: dict[str, str] = {}
    if len(gcs) == 4 and gcs.startswith("G1"):
        for kind, digit in zip(TYPES[:2], gcs[2:], strict=True):
            if digit in "01":
                out[kind] = "granted" if digit == "1" else "denied"
    return out


def consent_params(url: str) -> ConsentParams:
    """The Consent Mode parameters of one request's URL, decoded."""
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    gcs = query["gcs"][0] if "gcs" in query else None
    gcd = query["gcd"][0] if "gcd" in query else None
    states: dict[str, str] = {}
    how: dict[str, str] = {}
    if gcs is not None:
        for kind, state in decode_gcs(gcs).items():
            states[kind], how[kind] = state, f"gcs {gcs!r}"
    if gcd is not None:  # the richer of the two: where it states a type, it decides
        for kind, letter in decode_gcd(gcd).items():
            if letter.state is not None:
                states[kind], how[kind] = letter.state, letter.describe()
    return ConsentParams(gcs, gcd, states, how)
