"""Safe YAML loading that remembers the line of every key and list item."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pytest_privacy.errors import SpecError

JsonPath = tuple[str | int, ...]

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
        raise SpecError(path, [(None, f"spec file is not UTF-8 text ({exc.reason}).")]) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = ""
        if "expected a single document" in str(exc.context):
            problem, hint = "the file holds several YAML documents", "; keep one spec per file"
        elif "\\t" in str(exc.problem) or "tab" in str(problem):
            hint = "; indent with spaces, not tabs"
        raise SpecError(path, [(line, f"YAML syntax error: {problem}{hint}.")]) from None
    except yaml.YAMLError as exc:
        raise SpecError(path, [(None, f"YAML syntax error: {exc}.")]) from None
    except RecursionError:
        raise SpecError(path, [(None, "spec is nested too deeply to read; a spec needs only a "
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
        raise SpecError(path, [(None, "spec is nested too deeply to read; a spec needs only a "
                                      "few levels of lists and mappings.")]) from None
    return Document(path=path, data=data, lines=builder.lines)


class _Builder:
    """Turns composed YAML nodes into plain data, recording lines, with a node budget."""

    def __init__(self, path: Path, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.loader = loader
        self.lines: dict[JsonPath, int] = {}
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
                    raise self.fail(key_node, f"key '{key}' appears twice in the same mapping.")
                self.lines[path + (key,)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            raise self.fail(node, f"cannot read the value {node.value!r} ({exc}).") from None
