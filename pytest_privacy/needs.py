"""What a visit must record beyond its default evidence: each check kind says what it needs,
and the needs of every item sharing a visit are merged into one plan for that visit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Needs:
    """One check's (or one visit's merged) needs. Plain data: no Playwright, no pytest."""

    banner: bool = False  # observe the consent banner before any choice
    link_scopes: frozenset[str] = frozenset()  # `within` scopes links are sorted into
    probe_links: frozenset[tuple[str, str]] = frozenset()  # (within, link text) to probe
    probes: frozenset[str] = frozenset()  # site paths fetched outside the visit
    page_scripts: tuple[tuple[str, str], ...] = ()  # (name, JS function) -> evidence.facts
    init_scripts: tuple[tuple[str, str], ...] = ()  # (name, JS source) run before page scripts
    interact: bool = False  # behave like a visitor at the end (browser/interact.py)

    def __or__(self, other: Needs) -> Needs:
        scripts = dict(self.page_scripts)
        scripts.update(other.page_scripts)
        init = dict(self.init_scripts)
        init.update(other.init_scripts)
        return Needs(
            banner=self.banner or other.banner,
            link_scopes=self.link_scopes | other.link_scopes,
            probe_links=self.probe_links | other.probe_links,
            probes=self.probes | other.probes,
            page_scripts=tuple(sorted(scripts.items())),
            init_scripts=tuple(sorted(init.items())),
            interact=self.interact or other.interact,
        )
