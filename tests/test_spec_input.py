"""Spec input as a user meets it through pytest and `pytest-privacy lint`: which files are
specs, bad specs as one sentence each, the native TOML table, --version."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_privacy import __version__
from pytest_privacy.cli import main
from pytest_privacy.spec.load import declares_spec, find_specs

SPEC = """version: 1
site: {base_url: https://shop.test, pages: [/]}
checks:
  - id: footer
    claim: "You can opt out."
    expect:
      text: {contains: [opt out]}
"""
OPENAPI = "openapi: 3.0.0\ninfo: {title: Shop, version: '1'}\npaths: {}\n"
COMPOSE = "version: '3'\nservices:\n  web: {image: nginx}\n"


def test_control_character_at_collection_is_one_sentence(pytester: pytest.Pytester) -> None:
    spec = pytester.makefile(".yaml", site=SPEC.replace("opt out.", "opt\x07 out."))
    result = pytester.runpytest_subprocess("--privacy-spec", str(spec), "--collect-only")
    result.stdout.fnmatch_lines([
        "*site.yaml:5: column 24 holds a control character (U+0007, BEL), which YAML does not "
        "allow; delete it (such characters come in with text pasted from a terminal or another "
        "program)."])
    text = result.stdout.str() + result.stderr.str()
    assert "ReaderError" not in text and "Traceback" not in text and "yaml/" not in text
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_cmp_none_and_duplicate_pages_fail_collection(pytester: pytest.Pytester) -> None:
    spec = pytester.makefile(".yaml", site=SPEC.replace("pages: [/]}", "pages: [/, /]}\n"
                                                        "consent: {cmp: none}") +
                             "    when: after_reject\n")
    result = pytester.runpytest_subprocess("--privacy-spec", str(spec), "--collect-only")
    result.stdout.fnmatch_lines([
        "*site.yaml:2: at site.pages?1?: page '/' is listed twice (first on line 2); list each "
        "page once.",
        "*site.yaml:9: at checks?0?.when: this check needs a consent action (reject), but "
        "'consent: {cmp: none}' says the site has no consent manager, so the plugin cannot "
        "click anything; *"])
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_the_spec_file_rule(tmp_path: Path) -> None:
    for name, text in {"shop.yaml": SPEC, "openapi.yaml": OPENAPI, "compose.yml": COMPOSE,
                       "shop.privacy.yml": OPENAPI, "broken.yaml": "version: 1\nchecks:\n\t- x\n",
                       "quoted.yaml": "'version': 1\n\"checks\": []\n",
                       "nested.yaml": "x:\n  version: 1\n  checks: []\n",
                       "notes.txt": SPEC}.items():
        (tmp_path / name).write_text(text)
    assert {p.name for p in tmp_path.iterdir() if declares_spec(p)} == {
        "shop.yaml", "shop.privacy.yml", "broken.yaml", "quoted.yaml"}
    assert [p.name for p in find_specs([tmp_path])] == [
        "broken.yaml", "quoted.yaml", "shop.privacy.yml", "shop.yaml"]
    # A file named is always a spec.
    assert find_specs([tmp_path / "openapi.yaml"]) == [tmp_path / "openapi.yaml"]


def test_spec_folder_skips_other_yaml(pytester: pytest.Pytester) -> None:
    specs = pytester.mkdir("specs")
    (specs / "shop.yaml").write_text(SPEC)
    (specs / "openapi.yaml").write_text(OPENAPI)
    (specs / "docker-compose.yml").write_text(COMPOSE)
    (specs / "broken.yaml").write_text("version: 1\nchecks:\n  - id: a\n   - id: b\n")
    result = pytester.runpytest_subprocess("--privacy-spec", "specs", "--collect-only", "-q")
    result.stdout.fnmatch_lines([
        "specs/shop.yaml::footer?/?",
        "*specs/broken.yaml:4: this list item is indented differently from the ones before; "
        "the '-' of one list must line up."])
    assert "openapi" not in result.stdout.str() and "compose" not in result.stdout.str()
    (specs / "broken.yaml").unlink()
    result = pytester.runpytest_subprocess("--privacy-spec", "specs", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["specs/shop.yaml::footer?/?", "1 test collected*"])
    assert result.ret == pytest.ExitCode.OK
    # Named on its own, a file is a spec, and its problems are shown.
    result = pytester.runpytest_subprocess("--privacy-spec", "specs/openapi.yaml",
                                           "--collect-only")
    result.stdout.fnmatch_lines(["*openapi.yaml:1: at the top level: missing required key*"])


def test_lint_follows_the_same_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "shop.yaml").write_text(SPEC)
    (tmp_path / "openapi.yaml").write_text(OPENAPI)
    assert main(["lint", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "pytest-privacy lint: 1 spec(s), 0 with problems\n"
    (tmp_path / "bell.yaml").write_text(SPEC.replace("opt out.", "opt\x07 out."))
    assert main(["lint", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert out.err == (f"{tmp_path / 'bell.yaml'}:5: column 24 holds a control character "
                       "(U+0007, BEL), which YAML does not allow; delete it (such characters "
                       "come in with text pasted from a terminal or another program).\n")
    assert out.out == "pytest-privacy lint: 2 spec(s), 1 with problems\n"
    assert main(["lint", str(tmp_path / "openapi.yaml")]) == 1
    capsys.readouterr()
    # pre-commit names every file its pattern matches: --filter applies the folder rule.
    assert main(["lint", "--filter", str(tmp_path / "openapi.yaml"),
                 str(tmp_path / "shop.yaml")]) == 0
    assert capsys.readouterr().out == "pytest-privacy lint: 1 spec(s), 0 with problems\n"


def test_native_toml_table_takes_ints_and_booleans(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", site=SPEC)
    pytester.makepyprojecttoml("""[tool.pytest]
privacy_spec = ["site.yaml"]
privacy_settle = 800
privacy_retries = 2
privacy_ignore_https_errors = true
privacy_show_values = false
privacy_third_party_cookies = "block"
""")
    pytester.makeconftest("""
from pytest_privacy.options import read_config

def pytest_report_header(config):
    cfg = read_config(config)
    return (f"cfg: settle={cfg.settle_ms} retries={cfg.retries} "
            f"https={cfg.ignore_https_errors} values={cfg.show_values} "
            f"cookies={cfg.third_party_cookies}")
""")
    result = pytester.runpytest_subprocess("--collect-only", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines([
        "cfg: settle=800 retries=2 https=True values=False cookies=block",
        "*<PrivacyItem footer?/?>", "*1 test collected*"])
    assert result.ret == pytest.ExitCode.OK


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"pytest-privacy {__version__}\n"
