"""The README's promises: the demo ends as designed, the shipped specs and the README's spec
example validate, and .ci/run runs the README's test command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_privacy.options import OPTIONS
from pytest_privacy.spec import load_spec

ROOT = Path(__file__).parent.parent


def test_demo_command_ends_as_designed() -> None:
    result = subprocess.run([sys.executable, "-m", "pytest_privacy.cli", "demo", "-p",
                             "no:hypothesispytest"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "6 passed" in out and "1 failed" in out
    assert 'Claim:    "We only set advertising cookies after you agree."' in out
    assert ("cookie _fbp (domain shop.demo.test, first party) — marketing, built-in: Meta Pixel,"
            " set by script https://connect.facebook.net/en_US/fbevents.js") in out
    assert "Demo finished as designed" in out
    # In-process, pytest warned that it could not rewrite the already imported plugin.
    assert "Warning" not in out + result.stderr


@pytest.mark.parametrize("name", ["demo.yaml", "bluejeans.yaml"])
def test_shipped_specs_validate(name: str) -> None:
    spec = load_spec(ROOT / "specs" / name)
    assert spec.checks and all(check.claim for check in spec.checks)


def test_readme_spec_example_validates(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert blocks
    for index, block in enumerate(blocks):
        path = tmp_path / f"example{index}.yaml"
        path.write_text(block)
        assert load_spec(path).checks


def test_readme_starts_with_the_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert first_block and readme.index("```sh") < 40
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_walkthrough(tmp_path: Path) -> None:
    """The five-minute walk-through, as written: serve-demo, the spec, the run."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Five minutes", 1)[1].split("\n## ", 1)[0]
    spec = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]
    (tmp_path / "shop.privacy.yaml").write_text(spec)
    server = subprocess.Popen([sys.executable, "-m", "pytest_privacy.cli", "serve-demo"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        banner = "".join(server.stdout.readline() for _ in range(3))
        flags = re.search(r'--privacy-host-map "([^"]+)"', banner)
        assert flags, banner
        result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                                 "--privacy-host-map", flags.group(1),
                                 "--privacy-ignore-https-errors"],
                                cwd=tmp_path, capture_output=True, text=True, timeout=300)
    finally:
        server.terminate()
        server.wait(10)
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    assert 'Claim:    "We only set advertising cookies after you agree."' in result.stdout
    assert "cookie _fbp" in result.stdout


def test_every_fixture_host_is_described() -> None:
    """tests/sites/README.md has a row for every fixture host (and the demo's), and the test
    files it names exist."""
    readme = (ROOT / "tests" / "sites" / "README.md").read_text()
    rows = re.findall(r"^\| `([^`]+)` \|.*\| ([^|]+) \|$", readme, re.M)
    described = {host for host, _ in rows}
    hosts = {path.name for path in (ROOT / "tests" / "sites").iterdir() if path.is_dir()}
    demo = {path.name for path in (ROOT / "pytest_privacy" / "demo" / "site").iterdir()
            if path.is_dir()}
    missing = sorted((hosts | demo) - described)
    assert not missing, f"describe these hosts in tests/sites/README.md: {missing}"
    for host, used_by in rows:
        for name in re.findall(r"test_\w+\.py", used_by):
            assert (ROOT / "tests" / name).is_file(), (host, name)


def _options_table() -> dict[str, tuple[str, str]]:
    """README's options table: flag -> (metavar, default), as written."""
    section = (ROOT / "README.md").read_text().split("\n## Options\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(--privacy-[a-z-]+)((?: [^`]+)?)` \| ([^|]+) \|", section, re.M)
    return {flag: (metavar.strip().replace("\\|", "|"), default.strip())
            for flag, metavar, default in rows}


def test_readme_options_table_matches_the_plugins_options() -> None:
    """Every --privacy-* option has a row with its metavar and default, and every row is an
    option: the table cannot drift from pytest_privacy/options.py."""
    table = _options_table()
    for opt in OPTIONS:
        metavar = "|".join(opt.choices) if opt.choices else (opt.metavar or "")
        default = ("off" if opt.kind == "bool" else "—" if opt.default is None
                   else str(opt.default))
        cell = f"{opt.flag} {metavar}".strip().replace("|", "\\|")
        row = f"| `{cell}` | {default} | {opt.help} |"
        assert opt.flag in table, f"README's options table has no row for {opt.flag}; add:\n{row}"
        assert table[opt.flag] == (metavar, default), f"fix README's row:\n{row}"
    assert set(table) == {opt.flag for opt in OPTIONS}, "README lists options the plugin lacks"


def test_readme_is_a_users_document() -> None:
    readme = (ROOT / "README.md").read_text()
    headings = re.findall(r"^## (.+)$", readme, re.M)
    wanted = ["Install", "Five minutes", "Writing a spec", "Running in CI and nightly",
              "Options", "Troubleshooting"]
    found = [next(i for i, h in enumerate(headings) if h.startswith(w)) for w in wanted]
    assert found == sorted(found), headings
    for moved in ("Performance", "How it works", "More cores, more machines"):
        assert moved not in headings, f"'{moved}' belongs in docs/, linked from the README"


def test_docs_links_resolve() -> None:
    """Relative links in the README and docs/ point at files that exist."""
    for page in [ROOT / "README.md", ROOT / "tests" / "sites" / "README.md",
                 *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)}: {target}"


def test_no_install_from_an_index_that_does_not_have_it() -> None:
    """pytest-privacy is not on a package index: every documented or shipped install of it
    names a git URL, a wheel or a checkout."""
    texts = {path: path.read_text() for path in [
        ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
        *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]}
    for path, text in texts.items():
        blocks = (re.findall(r"```(?:sh|bash)\n(.*?)```", text, re.S) if path.suffix == ".md"
                  else [text])
        for block in blocks:
            for line in block.splitlines():
                if re.search(r"pip install\b.*pytest-privacy", line):
                    assert "@ git+" in line or ".whl" in line, f"{path.name}: {line.strip()}"
