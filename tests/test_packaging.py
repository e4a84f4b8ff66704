"""Shipping: the CLI's lint and schema, the generated spec reference, and a wheel that
carries the LICENSE and runs the demo from a fresh virtual environment, away from the
source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from pytest_privacy import __version__
from pytest_privacy.cli import main
from pytest_privacy.spec import reference
from pytest_privacy.spec.validate import schema

ROOT = Path(__file__).parent.parent


def test_lint_exit_codes_and_lines(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["lint", str(ROOT / "specs")]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nchecks:\n  - id: a\n    claim: c\n    expect: {cookie: {}}\n")
    assert main(["lint", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:5: at checks[0].expect: unknown key 'cookie'" in err


def test_schema_command_prints_the_shipped_schema(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "checks" in printed["properties"]


def test_spec_reference_is_in_sync() -> None:
    assert (ROOT / "docs" / "spec-reference.md").read_text() == reference.render(), (
        "docs/spec-reference.md is stale: python -m pytest_privacy.spec.reference > "
        "docs/spec-reference.md")


def test_schema_for_editors_is_in_sync() -> None:
    printed = json.dumps(schema(), indent=2) + "\n"
    assert (ROOT / "docs" / "spec.schema.json").read_text() == printed, (
        "docs/spec.schema.json is stale: pytest-privacy schema > docs/spec.schema.json")


def test_example_specs_point_editors_at_a_schema_that_exists() -> None:
    specs = [*sorted((ROOT / "specs").glob("*.yaml")), ROOT / "pytest_privacy/demo/demo.yaml"]
    assert len(specs) >= 3
    for spec in specs:
        assert not spec.is_symlink(), f"{spec}: an editor resolves $schema from the link's folder"
        first = spec.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), spec
        target = (spec.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{spec}: $schema points at {target}, which does not exist"
        assert json.loads(target.read_text())["properties"]["checks"], spec
        if spec.parent == ROOT / "specs":
            assert target == (ROOT / "docs" / "spec.schema.json").resolve(), spec
        else:  # inside the package, which ships its schema but not docs/
            assert target == (ROOT / "pytest_privacy" / "spec" / "schema.json").resolve()


def test_the_demo_spec_in_specs_is_the_bundled_one() -> None:
    def body(path: Path) -> list[str]:
        lines = path.read_text().splitlines()
        while lines and lines[0].startswith("#"):
            lines.pop(0)
        return lines

    assert body(ROOT / "specs" / "demo.yaml") == body(ROOT / "pytest_privacy/demo/demo.yaml"), (
        "specs/demo.yaml differs from pytest_privacy/demo/demo.yaml: copy the bundled one over "
        "it and keep its first three comment lines")


def test_wheel_installs_and_runs_the_demo_outside_the_source_tree(tmp_path: Path) -> None:
    # Offline: the wheel is built with the test environment's setuptools, and the fresh venv
    # borrows the test environment's dependencies through a .pth file; only pytest-privacy
    # itself comes from the wheel.
    dist = tmp_path / "dist"
    build = tmp_path / "build"
    shutil.copytree(ROOT, build, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "*.egg-info", "__pycache__", ".vendor", "cdn.klaro.test"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "-q", "-w", str(dist), str(build)], check=True,
                   capture_output=True)
    wheel = next(dist.glob("pytest_privacy-*.whl"))
    assert __version__ in wheel.name
    with zipfile.ZipFile(wheel) as archive:
        licenses = [name for name in archive.namelist()
                    if name.endswith(".dist-info/licenses/LICENSE")]
        assert licenses, archive.namelist()
        assert archive.read(licenses[0]).decode() == (ROOT / "LICENSE").read_text()
        metadata = next(name for name in archive.namelist()
                        if name.endswith(".dist-info/METADATA"))
        assert "License-Expression: MIT" in archive.read(metadata).decode()
    # A PYTHONPATH pointing at a checkout would import that instead of the wheel.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site_dir = subprocess.run([str(python), "-c", "import sysconfig; "
                               "print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True, env=env).stdout.strip()
    deps = [p for p in sys.path if p.endswith("site-packages")]
    Path(site_dir, "borrowed-deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True, timeout=600, env=env)
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(python), "-c",
                            "import pytest_privacy; print(pytest_privacy.__file__)"],
                           cwd=work, capture_output=True, text=True, check=True, env=env).stdout
    assert str(env_dir) in where and str(ROOT) not in where
    result = subprocess.run([str(env_dir / "bin" / "pytest-privacy"), "demo"], cwd=work,
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Demo finished as designed" in result.stdout
    assert "Warning" not in result.stdout + result.stderr
    shutil.rmtree(env_dir)
