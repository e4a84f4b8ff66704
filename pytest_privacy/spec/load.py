"""Safe YAML loading that remembers the line of every key and list item."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pytest_privacy.errors import SpecError
from pytest_privacy.spec.yamlwords import Problem, explain, unreadable_characters

JsonPath = tuple[str | int, ...]
SPEC_SUFFIXES = (".yaml", ".yml")
NAMED_SUFFIXES = (".privacy.yaml", ".privacy.yml")

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge"))


@dataclass(frozen=True)
class Document:
    """A spec file's data and the line (1-based) where each path starts."""

    path: Path
    data: Any
    lines: dict[JsonPath, int]
    problems: tuple[Problem, ...] = ()  # found while reading, reported with the schema's
    text: str = ""

    def source_line(self, line: int | None) -> str:
        """The text of a (1-based) line of the file, for explaining what is written there."""
        lines = self.text.splitlines()
        return lines[line - 1] if line and 0 < line <= len(lines) else ""

    def line_of(self, path: JsonPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def read_document(path: Path) -> Document:
    """Read and safe-load one spec file; every problem is a SpecError with a line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problem = "spec file not found; check the --privacy-spec path."
        raise SpecError(path, [(None, problem)]) from None
    except OSError as exc:
        raise SpecError(path, [(None, f"cannot read the spec file: {exc.strerror}.")]) from None
    if len(raw) > MAX_BYTES:
        raise SpecError(path, [(None, f"spec file is {len(raw)} bytes, more than the {MAX_BYTES}"
                                      " a spec may have; split it into several files.")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SpecError(path, [(line, f"spec file is not UTF-8 text ({exc.reason} at byte "
                                      f"{exc.start}); save it as UTF-8.")]) from None
    unreadable = unreadable_characters(text)
    if unreadable:
        raise SpecError(path, unreadable)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        where, problem = explain(exc, text)
        raise SpecError(path, [(where or 1, problem)]) from None
    except yaml.YAMLError as exc:
        raise SpecError(path, [(1, f"YAML cannot read this file ({exc}).")]) from None
    except RecursionError:
        raise SpecError(path, [(1, "spec is nested too deeply to read; a spec needs only a "
                                   "few levels of lists and mappings.")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise SpecError(path, [(1, "spec file is empty; start it with 'version: 1' and a "
                                   "'checks:' list.")])
    builder = _Builder(path, loader)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise SpecError(path, [(1, "spec is nested too deeply to read; a spec needs only a "
                                   "few levels of lists and mappings.")]) from None
    return Document(path=path, data=data, lines=builder.lines, problems=tuple(builder.problems),
                    text=text)


class _Builder:
    """Turns composed YAML nodes into plain data, recording lines, with a node budget."""

    def __init__(self, path: Path, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.loader = loader
        self.lines: dict[JsonPath, int] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def fail(self, node: yaml.Node, text: str) -> SpecError:
        return SpecError(self.path, [(node.start_mark.line + 1, text)])

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"spec is too large or expands too far (more than {MAX_NODES} "
                                  "values, e.g. through nested aliases); write it out plainly.")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"cannot use YAML tag {node.tag!r} here; specs hold plain "
                                  "text, numbers, lists and mappings only.")
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "a mapping key must be plain text.")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "YAML merge keys ('<<') are not supported in specs; "
                                              "write the keys out.")
                key = str(key_node.value)
                if key in result:
                    first = self.lines.get(path + (key,))
                    self.problems.append((key_node.start_mark.line + 1, (
                        f"key '{key}' appears twice in one mapping (first on line {first}); "
                        "keep one of them.")))
                    continue
                self.lines[path + (key,)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as exc:
            raise self.fail(node, f"cannot read the value {node.value!r} ({exc}).") from None


_TOP_KEY = re.compile(r"^(['\"]?)(version|checks)\1[ \t]*:", re.MULTILINE)


def declares_spec(path: Path) -> bool:
    """The rule for YAML files found in a spec folder: a spec is named *.privacy.yaml (or
    .yml), or has the top-level keys 'version:' and 'checks:', each at the start of a line.
    Read as text, not parsed, so a spec with a YAML slip still counts (and shows its errors)
    while an OpenAPI or docker-compose file beside it does not."""
    if path.name.endswith(NAMED_SUFFIXES):
        return True
    if path.suffix not in SPEC_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return {match.group(2) for match in _TOP_KEY.finditer(text)} == {"version", "checks"}


def find_specs(paths: Iterable[str | Path]) -> list[Path]:
    """The spec files among `paths`: a file named is always a spec (its errors are shown);
    a folder contributes the YAML files under it that declares_spec accepts."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and declares_spec(p)))
        else:
            found.append(path)
    return found
