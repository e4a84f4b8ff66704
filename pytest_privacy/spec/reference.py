"""The spec reference, generated from the JSON Schema: `python -m pytest_privacy.spec.reference`.

docs/spec-reference.md is its output, kept in sync by a test."""

from __future__ import annotations

import json
from typing import Any

from pytest_privacy.spec.validate import schema


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        merged = dict(root["$defs"][name])
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        node = merged
    return node


def _type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    if "oneOf" in node:
        return " or ".join(_type(option) for option in node["oneOf"])
    kind = node.get("type", "")
    if kind == "array":
        items = node.get("items", {})
        return f"list of {_type(items) if isinstance(items, dict) else 'values'}"
    if kind == "object":
        return "mapping"
    names = {"string": "text", "boolean": "true/false", "integer": "whole number"}
    return names.get(str(kind), str(kind))


def _rows(node: dict[str, Any], root: dict[str, Any], path: str, out: list[str]) -> None:
    node = _resolve(node, root)
    for key, child in node.get("properties", {}).items():
        child = _resolve(child, root)
        if child.get("type") == "array" and isinstance(child.get("items"), dict):
            child = {**child, "items": _resolve(child["items"], root)}
        where = f"{path}.{key}" if path else key
        required = key in node.get("required", [])
        default = f"`{json.dumps(child['default'])}`" if "default" in child else ""
        example = child.get("examples", [None])[0] if child.get("examples") else None
        example_text = f"`{json.dumps(example)}`" if example is not None else ""
        description = child.get("description", "").replace("|", "\\|")
        kind = _type(child).replace("|", "\\|")
        out.append(f"| `{where}` | {kind} | {'yes' if required else ''} | {default} | "
                   f"{example_text} | {description} |")
        target = child.get("items", child) if child.get("type") == "array" else child
        if isinstance(target, dict) and target.get("properties"):
            _rows(target, root, where + ("[]" if child.get("type") == "array" else ""), out)


def render() -> str:
    root = schema()
    out = ["# Spec reference (format v1)", "",
           "Generated from `pytest_privacy/spec/schema.json` by "
           "`python -m pytest_privacy.spec.reference`; do not edit by hand.", "",
           "| key | type | required | default | example | meaning |",
           "|---|---|---|---|---|---|"]
    _rows(root, root, "", out)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render(), end="")
