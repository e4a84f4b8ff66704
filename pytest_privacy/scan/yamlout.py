"""The draft as YAML, written with ruamel.yaml (quoting, flow style and comments done by the
library, not by hand): the header, the proposed `classify` rules as a commented block, and
beside each check what was left out of it."""

from __future__ import annotations

import datetime
import io
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pytest_privacy.scan.draft import CLAIM, ClassifyProposal, Draft, DraftCheck

WIDTH = 96  # comment lines are wrapped to this
LEFT_OUT = "left out of the draft"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    return yaml


def _flow(value: Any) -> Any:
    """Mappings and lists in flow style ({a: [b]}), as a person writes a spec."""
    if isinstance(value, Mapping):
        out = CommentedMap((k, _flow(v)) for k, v in value.items())
        out.fa.set_flow_style()
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_flow(v) for v in value)
        seq.fa.set_flow_style()
        return seq
    return value


def _wrap(lines: Iterable[str], indent: str = "", hang: str = "  ") -> str:
    """Comment text (without '# '), wrapped, continuation lines indented by `hang`; ruamel
    adds the '# '."""
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, WIDTH - len(indent) - 2, subsequent_indent=hang,
                                 break_on_hyphens=False, break_long_words=False) or [""])
    return "\n".join(out)


def _left_out_lines(key: str, whys: Sequence[str]) -> list[str]:
    return [f"{LEFT_OUT}: {key}: {why}" for why in whys]


def _check(check: DraftCheck) -> CommentedMap:
    node = CommentedMap()
    node["id"] = check.id
    node["claim"] = CLAIM
    node["when"] = check.state
    expect = CommentedMap()
    for key, params in check.expect.items():
        inline = _flow(params)
        expect[key] = inline if len(str(dict(params))) <= 80 else CommentedMap(
            (k, _flow(v)) for k, v in params.items())
        if key in check.left_out:
            expect.yaml_set_comment_before_after_key(
                key, before=_wrap(_left_out_lines(key, check.left_out[key]), " " * 6),
                indent=6)
    node["expect"] = expect
    gone = [line for key, whys in check.left_out.items() if key not in check.expect
            for line in _left_out_lines(key, whys)]
    if gone:
        node.yaml_set_comment_before_after_key("expect", before=_wrap(gone, " " * 4), indent=4)
    return node


def _proposals(proposals: Sequence[ClassifyProposal]) -> str:
    """The proposed classify block, as comment text: a person confirms each rule."""
    rules = CommentedSeq()
    for n, proposal in enumerate(proposals):
        rules.append(_flow({"name": proposal.name, "category": proposal.category}))
        rules.yaml_add_eol_comment(proposal.why, n)
    stream = io.StringIO()
    _yaml().dump({"classify": {"cookies": rules}}, stream)
    intro = ["Proposed classify rules: the site's own cookies that nothing classifies. A cookie "
             "set without consent is proposed as necessary (if it is not, the site sets it "
             "without consent), one only accepting sets as functional. Confirm or change each "
             "category, then uncomment the block."]
    return _wrap(intro, hang="") + "\n" + stream.getvalue().rstrip("\n")


def render(draft: Draft, command: str) -> str:
    """The draft spec as YAML text."""
    parts = urlsplit(draft.url)
    base = f"{parts.scheme}://{parts.netloc}"
    page = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    today = datetime.date.today().isoformat()
    doc = CommentedMap()
    doc["version"] = 1
    doc["name"] = f"{parts.hostname} privacy policy (draft, scanned {today})"
    policy = CommentedMap(url=draft.policy_url or "TODO: the address of the privacy policy")
    if draft.policy_url:
        policy.yaml_add_eol_comment(f"TODO: check; guessed from the link {draft.policy_link!r}",
                                    "url")
    doc["policy"] = policy
    doc["site"] = CommentedMap(base_url=base, pages=_flow([page]))
    doc["consent"] = _flow({k: v for k, v in vars(draft.consent).items() if v is not None})
    checks = CommentedSeq(_check(check) for check in draft.checks)
    doc["checks"] = checks
    for n, check in enumerate(draft.checks):
        if check.comments:
            checks.yaml_set_comment_before_after_key(n, before=_wrap(check.comments, "  "),
                                                     indent=2)
    header = [f"Draft written by `{command}` on {today}. Every check passed against the site "
              "then. Replace each TODO claim with the policy sentence the check enforces, and "
              "delete what the policy does not promise. Comments that start with "
              f"'{LEFT_OUT}' name what the site did that a policy usually forbids: if the "
              "policy promises otherwise, that promise is broken today."]
    doc.yaml_set_start_comment(_wrap(header, hang=""))
    if draft.proposals:
        doc.yaml_set_comment_before_after_key("checks", before=_proposals(draft.proposals))
    stream = io.StringIO()
    _yaml().dump(doc, stream)
    text = stream.getvalue()
    dropped = [line for check in draft.dropped for line in
               [f"no {check.id} check: nothing it would promise holds today"]
               + [f"  {LEFT_OUT}: {key}: {why}" for key, whys in check.left_out.items()
                  for why in whys]]
    if dropped:
        text += "".join(f"  # {line}\n" for line in _wrap(dropped, "  ").splitlines())
    return text
