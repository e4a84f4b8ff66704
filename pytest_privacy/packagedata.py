"""Data files shipped inside the package (schema, knowledge base, browser scripts)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def read_text(package: str, name: str) -> str:
    """The text of a file shipped in `package`."""
    return resources.files(package).joinpath(name).read_text("utf-8")


def read_json(package: str, name: str) -> dict[str, Any]:
    """A JSON object shipped in `package`."""
    data: dict[str, Any] = json.loads(read_text(package, name))
    return data
