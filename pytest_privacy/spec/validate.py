"""Validation against the shipped JSON Schema, with errors mapped to YAML lines."""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Protocol

import jsonschema
from jsonschema.exceptions import ValidationError

from pytest_privacy.packagedata import read_json
from pytest_privacy.spec.load import Document, JsonPath


class ExpectKinds(Protocol):
    """What the spec stage needs to know of the check kinds (pytest_privacy.checks.Kinds)."""

    def schemas(self) -> dict[str, Mapping[str, Any]]: ...

    def problems(self, key: str, params: Any) -> list[tuple[JsonPath, str]]: ...


@cache
def base_schema() -> dict[str, Any]:
    """The shipped schema.json: spec format v1 without its check kinds."""
    return read_json("pytest_privacy.spec", "schema.json")


def compose_schema(expect: Mapping[str, Mapping[str, Any]],
                   cmps: Iterable[str] = ()) -> dict[str, Any]:
    """The full JSON Schema (Draft 2020-12): the shipped one, each check kind's parameters under
    `expect`, and the names of consent-manager adapters that plugins add."""
    full = copy.deepcopy(base_schema())
    full["$defs"]["check"]["properties"]["expect"]["properties"] = {
        key: copy.deepcopy(dict(node)) for key, node in expect.items()}
    cmp = full["properties"]["consent"]["properties"]["cmp"]
    cmp["enum"] = list(dict.fromkeys([*cmp["enum"], *cmps]))
    return full


def builtin_kinds() -> ExpectKinds:
    from pytest_privacy.checks.kind import Kinds  # the kinds are the checks' to declare

    return Kinds.builtin()


def schema(kinds: ExpectKinds | None = None, cmps: Iterable[str] = ()) -> dict[str, Any]:
    """The JSON Schema of spec format v1 with these (default: the built-in) check kinds."""
    return compose_schema((kinds or builtin_kinds()).schemas(), cmps)


_VALIDATORS: dict[tuple[int, tuple[str, ...]], tuple[object,
                                                     jsonschema.Draft202012Validator]] = {}


def validator(kinds: ExpectKinds | None = None,
              cmps: Iterable[str] = ()) -> jsonschema.Draft202012Validator:
    """A validator per set of kinds and adapters, made once."""
    kinds = kinds or builtin_kinds()
    key = (id(kinds), tuple(cmps))
    cached = _VALIDATORS.get(key)
    if cached is None or cached[0] is not kinds:
        cached = (kinds, jsonschema.Draft202012Validator(schema(kinds, key[1])))
        _VALIDATORS[key] = cached
    return cached[1]


def format_path(path: JsonPath) -> str:
    """`checks[2].expect` style rendering of a JSON path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def schema_problems(doc: Document, kinds: ExpectKinds | None = None,
                    cmps: Iterable[str] = ()) -> list[tuple[int | None, str]]:
    """Every schema problem of the document as (line, sentence), in file order."""
    problems: list[tuple[int | None, str]] = []
    errors = sorted(validator(kinds, cmps).iter_errors(doc.data),
                    key=lambda e: list(map(str, e.path)))
    for error in errors:
        problems.extend(_describe(doc, error))
    unique = list(dict.fromkeys(problems))
    unique.sort(key=lambda item: item[0] or 0)
    return unique


def _describe(doc: Document, error: ValidationError) -> list[tuple[int | None, str]]:
    path: JsonPath = tuple(error.absolute_path)
    where = f"at {format_path(path)}"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        allowed = sorted(properties)
        out = []
        for key in error.instance:
            if key in allowed:
                continue
            guess = difflib.get_close_matches(key, allowed, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            expected = ", ".join(allowed)
            out.append((doc.line_of(path + (key,)),
                        f"{where}: unknown key '{key}' (expected one of: {expected}){hint}"))
        return out
    if error.validator == "oneOf" and path and path[-1] == "when":
        return [(doc.line_of(path), f"{where}: expected one of the presets before_consent, "
                 "after_reject, after_accept, gpc, or a mapping "
                 "{consent: none|reject|accept, gpc: true|false, dnt: true|false}; "
                 f"got {json.dumps(error.instance)}")]
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return [(doc.line_of(path), f"{where}: missing required key '{name}'.")]
    if error.validator == "enum":
        options = ", ".join(str(o) for o in error.validator_value)  # type: ignore[union-attr]
        return [(doc.line_of(path), f"{where}: {json.dumps(error.instance)} is not one of: "
                 f"{options}.")]
    if error.validator == "const" and path == ("version",):
        return [(doc.line_of(path), f"at version: spec format version "
                 f"{json.dumps(error.instance)} is not supported; this plugin reads 'version: 1'.")]
    if error.validator == "pattern" and path and (path[-1] == "pages" or "pages" in path[-2:]):
        return [(doc.line_of(path), f"{where}: page {json.dumps(error.instance)} is neither a "
                 "path starting with '/' nor an absolute http(s) URL.")]
    if error.validator == "pattern" and path and path[-1] == "id":
        return [(doc.line_of(path), f"{where}: check id {json.dumps(error.instance)} may hold only "
                 "letters, digits, '-', '_' and '.', and must start with a letter or digit.")]
    if error.validator == "pattern" and path == ("site", "base_url"):
        return [(doc.line_of(path), f"{where}: base_url {json.dumps(error.instance)} must start "
                 "with http:// or https://.")]
    if error.validator == "type":
        return [(doc.line_of(path), f"{where}: expected {_type_name(error.validator_value)}, got "
                 f"{_type_name(_json_type(error.instance))}.")]
    if error.validator in ("minItems", "minProperties", "minLength"):
        return [(doc.line_of(path), f"{where}: must not be empty.")]
    return [(doc.line_of(path), f"{where}: {error.message}.")]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _type_name(value: Any) -> str:
    names = {"object": "a mapping", "array": "a list", "string": "text", "boolean": "true or false",
             "number": "a number", "integer": "a whole number", "null": "nothing"}
    if isinstance(value, list):
        return " or ".join(names.get(v, str(v)) for v in value)
    return names.get(value, str(value))
