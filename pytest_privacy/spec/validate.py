"""Validation against the shipped JSON Schema, with errors mapped to YAML lines."""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from pytest_privacy.packagedata import read_json
from pytest_privacy.spec.load import Document, JsonPath


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of spec format v1."""
    return read_json("pytest_privacy.spec", "schema.json")


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def format_path(path: JsonPath) -> str:
    """`checks[2].expect` style rendering of a JSON path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def schema_problems(doc: Document) -> list[tuple[int | None, str]]:
    """Every schema problem of the document as (line, sentence), in file order."""
    problems: list[tuple[int | None, str]] = []
    errors = sorted(_validator().iter_errors(doc.data), key=lambda e: list(map(str, e.path)))
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
