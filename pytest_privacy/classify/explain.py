"""`pytest-privacy explain NAME_OR_HOST`: every source's opinion of a cookie name, storage key,
host or URL, and which one wins (the classifier's own rules: classifier.decide)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pytest_privacy.classify.classifier import Classifier, Opinion, decide
from pytest_privacy.classify.sdks import sdk_behind

_HOST = re.compile(r"^(?!_)[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$", re.IGNORECASE)


def looks_like_host(text: str) -> bool:
    return bool(_HOST.match(text))


def _section(title: str, opinions: Iterable[Opinion], fallback: str) -> list[str]:
    listed = list(opinions)
    lines = [title]
    if not listed:
        return [*lines, f"  no source has an opinion: {fallback}"]
    winner = decide(listed)
    width = max(len(o.source) for o in listed)
    for opinion in listed:
        mark = "  <- wins" if opinion is winner else ""
        lines.append(f"  {opinion.source:<{width}}  {opinion.verdict.category:<10} "
                     f"{opinion.verdict.source} [{opinion.what}]{mark}")
    return lines


def explain(subject: str, classifier: Classifier, *, domain: str = "", site: str = "",
            set_by: str | None = None) -> list[str]:
    """The lines `explain` prints for one subject."""
    lines: list[str] = []
    if subject.startswith(("http://", "https://")):
        lines += _section(f"{subject} as a request:",
                          classifier.request_opinions(subject, site),
                          f"{classifier.request(subject, site).category}")
        return lines
    where = f" (stored for {domain})" if domain else ""
    lines += _section(f"{subject} as a cookie{where}:",
                      classifier.cookie_opinions(subject, domain, site, set_by=set_by),
                      classifier.cookie(subject, domain, site, set_by=set_by).source)
    lines += _section(f"{subject} as a storage key:",
                      classifier.storage_opinions(subject, set_by=set_by, site_host=site),
                      classifier.storage(subject, set_by=set_by, site_host=site).source)
    sdk = sdk_behind(subject, set_by, storage=True)
    if sdk:
        lines.append(f"SDK: {sdk} (its documented name format or script)")
    if looks_like_host(subject):
        url = f"https://{subject}/"
        lines += _section(f"{subject} as a host:", classifier.request_opinions(url, site),
                          classifier.request(url, site).source)
    return lines
