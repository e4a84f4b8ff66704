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

# Words people use for a category that is not an alias: suggested, never accepted.
CATEGORY_SYNONYMS = {
    "essential": "necessary", "strictlynecessary": "necessary", "required": "necessary",
    "technical": "necessary", "security": "necessary", "ads": "marketing", "ad": "marketing",
    "tracking": "marketing", "social": "marketing", "socialmedia": "marketing",
    "stats": "analytics", "measurement": "analytics", "functionality": "functional",
}
_MISSING_SPACE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(\S.*)$")


def _folded(text: str) -> str:
    return re.sub(r"[\s_-]+", "", text.lower())


def did_you_mean(value: Any, options: list[str]) -> str | None:
    """The option `value` was most likely meant to be: the same word in another spelling
    (case, '-' for '_'), a synonym of a category, or a close match."""
    if not isinstance(value, str) or not options:
        return None
    folded = _folded(value)
    for option in options:
        if _folded(option) == folded:
            return option
    synonym = CATEGORY_SYNONYMS.get(folded)
    if synonym in options:
        return synonym
    close = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return close[0] if close else None


def _hint(value: Any, options: list[str]) -> str:
    guess = did_you_mean(value, options)
    return f"; did you mean '{guess}'?" if guess else "."


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
            expected = ", ".join(allowed)
            if key.startswith("-") and key[1:] in allowed:
                hint = f"; a list item needs a space after its '-': write '- {key[1:]}:'."
            else:
                hint = _hint(key, allowed)
                hint = "" if hint == "." else hint
            out.append((doc.line_of(path + (key,)),
                        f"{where}: unknown key '{key}' (expected one of: {expected}){hint}"))
        return out
    if error.validator == "oneOf" and path and path[-1] == "when":
        return _describe_when(doc, error, path)
    if error.validator == "oneOf" and isinstance(error.validator_value, list):
        # a value that is a word or a mapping (when.consent): told as the branch of its kind
        kind = "object" if isinstance(error.instance, dict) else "enum"
        branch = next((i for i, b in enumerate(error.validator_value) if isinstance(b, dict)
                       and (kind in b or b.get("type") == kind)), None)
        inner = [e for e in error.context or () if e.schema_path and e.schema_path[0] == branch]
        out = [problem for e in inner for problem in _describe(doc, e)]
        if out:
            return out
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return [(doc.line_of(path), f"{where}: missing required key '{name}'.")]
    if error.validator == "enum":
        values = [str(o) for o in error.validator_value]  # type: ignore[union-attr]
        return [(doc.line_of(path), f"{where}: {json.dumps(error.instance)} is not one of: "
                 f"{', '.join(values)}{_hint(error.instance, values)}")]
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
        wanted = error.validator_value if isinstance(error.validator_value, (str, list)) else ""
        slip = _MISSING_SPACE.match(error.instance) if isinstance(error.instance, str) else None
        if slip and "object" in wanted:
            return [(doc.line_of(path), f"{where}: expected a mapping, got the text "
                     f"{json.dumps(error.instance)}: a space is missing after the colon; write "
                     f"'{slip.group(1)}: {slip.group(2)}'.")]
        dashed = [k for k in error.instance if k.startswith("-")] \
            if isinstance(error.instance, dict) and "array" in wanted else []
        if dashed:
            return [(doc.line_of(path), f"{where}: expected a list, got a mapping with the key "
                     f"'{dashed[0]}': a list item needs a space after its '-'; write "
                     f"'- {dashed[0][1:]}:'.")]
        return [(doc.line_of(path), f"{where}: expected {_type_name(error.validator_value)}, got "
                 f"{_type_name(_json_type(error.instance))}{_empty_hint(doc, path, error)}")]
    if error.validator in ("minItems", "minProperties", "minLength"):
        return [(doc.line_of(path), f"{where}: must not be empty.")]
    return [(doc.line_of(path), f"{where}: {error.message}.")]


def _empty_hint(doc: Document, path: JsonPath, error: ValidationError) -> str:
    """Why a value came out empty: a '#' that began a comment, or lines not indented under it."""
    if error.instance is not None or not path:
        return "."
    written = doc.source_line(doc.line_of(path))
    comment = re.search(r":\s+(#\S*)", written)
    if comment:
        return (f": '{comment.group(1)}' after a space starts a comment in YAML; put the value "
                f"in quotes (\"{comment.group(1)}\").")
    wanted = error.validator_value if isinstance(error.validator_value, (str, list)) else ""
    if isinstance(path[-1], str) and ("object" in wanted or "array" in wanted):
        return (f"; nothing follows '{path[-1]}:' on its line, so indent the lines that belong "
                "to it further than it.")
    return "."


def _describe_when(doc: Document, error: ValidationError,
                   path: JsonPath) -> list[tuple[int | None, str]]:
    """`when` is a preset or a mapping: say what is wrong with the one the spec wrote."""
    branches = error.validator_value if isinstance(error.validator_value, list) else []
    presets = [str(p) for b in branches if isinstance(b, dict) for p in b.get("enum", [])]
    if isinstance(error.instance, dict):
        mapping = next((i for i, b in enumerate(branches)
                        if isinstance(b, dict) and b.get("type") == "object"), None)
        inner = [e for e in error.context or () if e.schema_path and e.schema_path[0] == mapping]
        out = [problem for e in inner for problem in _describe(doc, e)]
        if out:
            return out
    hint = _hint(error.instance, presets)
    return [(doc.line_of(path), f"at {format_path(path)}: expected one of the presets "
             f"{', '.join(presets)}, or a mapping {{consent: none|reject|accept|withdraw|"
             f"{{allow: [categories]}}, gpc: true|false, dnt: true|false}}; got "
             f"{json.dumps(error.instance)}"
             f"{'' if hint == '.' else hint}")]


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
