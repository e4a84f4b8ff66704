"""The draft as YAML: values written by PyYAML (so quoting is always right), the comments
placed between them by hand (PyYAML keeps none)."""

from __future__ import annotations

import textwrap
from typing import Any
from urllib.parse import urlsplit

import yaml

from pytest_privacy.derive.draft import Derived
from pytest_privacy.derive.families import Drafted
from pytest_privacy.derive.sentences import Sentence

WIDTH = 100
MAX_NOTES = 60


class _Dumper(yaml.SafeDumper):
    """Short lists of scalars in flow style ([analytics, marketing]), everything else block."""


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    short = all(not isinstance(x, (list, dict)) and len(str(x)) <= 40 for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=short)


_Dumper.add_representer(list, _list)


def _dump(value: Any, indent: int, flow: bool | None = False) -> str:
    text = yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH,
                     default_flow_style=flow)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line
                   for line in text.splitlines(keepends=True))


def _comment(text: str, indent: int) -> str:
    pad = " " * indent + "# "
    return "\n".join(textwrap.wrap(text, WIDTH - len(pad), initial_indent=pad,
                                   subsequent_indent=pad, break_on_hyphens=False)) + "\n"


def check_mapping(check: Drafted) -> dict[str, Any]:
    data: dict[str, Any] = {"id": check.id, "claim": check.claim_text or check.claim}
    if check.when is not None:
        data["when"] = check.when
    if check.pages:
        data["pages"] = check.pages
    if check.record:
        data["record"] = True
    data["tags"] = [check.family]
    data["expect"] = check.expect
    return data


def render(derived: Derived, source: str) -> str:
    parts = [
        _comment(f"Drafted by `pytest-privacy derive` from {source}. Every check quotes the "
                 "sentence it holds the site to; read each one against the policy before "
                 "relying on it, and delete what your reading of the policy does not support.",
                 0),
        "version: 1\n",
    ]
    name = derived.title or "Privacy policy"
    if derived.policy_url:
        name += f" of {urlsplit(derived.policy_url).netloc}"
    if derived.updated:
        name += f" ({derived.updated})"
    parts.append(_dump({"name": name}, 0, flow=False))
    policy = {k: v for k, v in (("url", derived.policy_url), ("updated", derived.updated)) if v}
    if policy:
        parts.append(_dump({"policy": policy}, 0, flow=False))
    site: dict[str, Any] = {}
    if derived.policy_url:
        url = urlsplit(derived.policy_url)
        site["base_url"] = f"{url.scheme}://{url.netloc}"
    else:
        parts.append("\n" + _comment("The policy does not say where it lives: set site.base_url "
                                     "or pass --base-url.", 0))
    site["pages"] = ["/"]
    parts.append(_dump({"site": site}, 0))
    consent: dict[str, Any] = {"cmp": "auto"}
    if derived.reject_control:
        consent["reject"] = f"text={derived.reject_control}"
    if derived.accept_control:
        consent["accept"] = f"text={derived.accept_control}"
    if len(consent) > 1:
        parts.append("\n" + _comment("The controls the policy names, used when the consent "
                                     "manager is not recognised.", 0))
    parts.append(_dump({"consent": consent}, 0, flow=False))
    if derived.declared:
        parts.append("\n" + _comment(f"The policy's own cookie list ({derived.declared_where}).",
                                     0))
        rows = []
        for d in derived.declared:
            row = {"name": d.name, "category": d.category}
            if d.provider:
                row["provider"] = d.provider
            if d.domain:
                row["domain"] = d.domain
            rows.append(row)
        parts.append("declared:\n  cookies:\n")
        for row in rows:
            parts.append("    - " + _flow(row) + "\n")
    parts.append("\nchecks:\n")
    for check in derived.checks:
        if check.comment:
            parts.append(_comment(check.comment, 2))
        parts.append(_comment(f"{check.family}: {check.sentence.place}", 2))
        parts.append(_dump([check_mapping(check)], 2).replace("  -   ", "  - ", 1))
        parts.append("\n")
    if derived.notes:
        parts.append(_comment("Sentences that sound like promises but no browser can observe "
                              "(kept here to review by hand):", 0))
        first: dict[str, tuple[Sentence, str]] = {}
        for sentence, topic in derived.notes:
            first.setdefault(sentence.text, (sentence, topic))
        notes = list(first.values())
        for sentence, topic in notes[:MAX_NOTES]:
            parts.append(_comment(f"- {sentence.place} ({topic}): “{sentence.text}”", 0))
        if len(notes) > MAX_NOTES:
            parts.append(_comment(f"... and {len(notes) - MAX_NOTES} more.", 0))
    return "".join(parts)


def _flow(row: dict[str, str]) -> str:
    return yaml.safe_dump(row, default_flow_style=True, allow_unicode=True, sort_keys=False,
                          width=10_000).strip()
