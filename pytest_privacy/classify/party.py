"""First and third party by registrable domain (eTLD+1 from the Public Suffix List)."""

from __future__ import annotations

import ipaddress
from functools import cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def host_of(url: str) -> str:
    """The lower-case host name of a URL ('' when it has none)."""
    return (urlsplit(url).hostname or "").lower()


@cache
def registrable_domain(host: str) -> str:
    """eTLD+1 of a host; IP addresses, localhost and bare suffixes stand for themselves."""
    host = host.lower().strip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    if "." not in host:
        return host
    return _psl().privatesuffix(host) or host


def is_third_party(host: str, site_host: str) -> bool:
    """True when `host` belongs to another registrable domain than the site's."""
    return registrable_domain(host) != registrable_domain(site_host)


def domain_matches(host: str, domain: str) -> bool:
    """True when `host` is `domain` or one of its subdomains."""
    host, domain = host.lower().strip("."), domain.lower().strip(".")
    return host == domain or host.endswith("." + domain)
