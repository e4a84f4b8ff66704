"""The stages stay apart: the pure ones load no Playwright, the browser stage no pytest, and a
built-in check kind is one module that nothing else in the package names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "pytest_privacy"


def loaded_after(module: str) -> set[str]:
    """Top-level packages in sys.modules after importing `module` in a fresh interpreter."""
    code = (f"import sys, json, {module}; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("module", [
    "pytest_privacy.checks", "pytest_privacy.classify", "pytest_privacy.evidence",
    "pytest_privacy.inventory", "pytest_privacy.report", "pytest_privacy.htmlreport",
    "pytest_privacy.needs", "pytest_privacy.settings", "pytest_privacy.spec",
    "pytest_privacy.consent.onetrust", "pytest_privacy.derive.cli", "pytest_privacy.declared",
])
def test_pure_stages_load_no_playwright(module: str) -> None:
    assert "playwright" not in loaded_after(module)


@pytest.mark.parametrize("module", ["pytest_privacy.browser.runner",
                                    "pytest_privacy.browser.visit",
                                    "pytest_privacy.browser.provider"])
def test_browser_stage_loads_no_pytest(module: str) -> None:
    loaded = loaded_after(module)
    assert "playwright" in loaded  # the test would prove nothing otherwise
    assert "pytest" not in loaded and "_pytest" not in loaded


def test_every_builtin_kind_is_one_module_nothing_else_names() -> None:
    from pytest_privacy.checks import builtin_kinds

    kinds = {kind.key for kind in builtin_kinds()}
    assert kinds >= {"cookies", "requests", "storage", "links", "text", "banner",
                     "consent_state", "gpc"}
    modules = {p.stem for p in (PACKAGE / "checks" / "kinds").glob("*.py")} - {"__init__"}
    assert kinds == modules
    schema = json.loads((PACKAGE / "spec" / "schema.json").read_text("utf-8"))
    assert schema["$defs"]["check"]["properties"]["expect"]["properties"] == {}
