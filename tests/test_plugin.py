"""The plugin as pytest users meet it: options, collection, ids, markers, spec linting."""

from __future__ import annotations

from pathlib import Path

import pytest

SPEC = """version: 1
name: Shop
site:
  base_url: https://shop.test
  pages: [/, /about]
checks:
  - id: footer-links
    claim: "You can opt out by visiting Your Privacy Choices."
    pages: [/]
    tags: [footer]
    expect:
      links: {within: footer, present: ["Your Privacy Choices"]}
  - id: no-marketing
    claim: "No advertising cookies before consent."
    tags: [consent, nightly]
    expect:
      cookies: {none_of: [marketing]}
  - id: gpc-file
    claim: "We honor GPC."
    pages: [/]
    expect:
      gpc: {well_known: true}
"""


def test_help_shows_privacy_group_and_ini_twins(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["privacy checks (pytest-privacy):", "*--privacy-spec=PATH*",
                                 "*--privacy-host-map=RULES*", "*--privacy-settle=MS*"])
    text = result.stdout.str()
    for name in ("spec", "evidence", "host_map", "ignore_https_errors", "connect", "settle",
                 "timeout", "browser_path", "third_party_cookies", "show_values", "full_trace"):
        assert f"privacy_{name} " in text or f"privacy_{name}(" in text, name
    # Browser flags and --base-url belong to pytest-playwright and pytest-base-url.
    assert text.count("--headed") == 1 and text.count("--base-url") == 1


def test_collects_one_item_per_check_and_page(pytester: pytest.Pytester) -> None:
    spec = pytester.makefile(".yaml", site=SPEC)
    result = pytester.runpytest_subprocess("--privacy-spec", str(spec), "--collect-only", "-q")
    result.stdout.fnmatch_lines([
        "site.yaml::footer-links[/]",
        "site.yaml::no-marketing[/]",
        "site.yaml::no-marketing[/about]",
        "site.yaml::gpc-file[/]",
        "4 tests collected*",
    ])


def test_folder_of_specs_and_privacy_yaml_files(pytester: pytest.Pytester) -> None:
    pytester.mkdir("specs")
    (pytester.path / "specs" / "a.yaml").write_text(SPEC)
    (pytester.path / "shop.privacy.yaml").write_text(SPEC)
    (pytester.path / "other.yaml").write_text("not: a spec\n")
    result = pytester.runpytest_subprocess("--privacy-spec", "specs", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["specs/a.yaml::footer-links[/]", "*4 tests collected*"])
    result = pytester.runpytest_subprocess("--collect-only", "-q")
    result.stdout.fnmatch_lines(["shop.privacy.yaml::footer-links[/]", "*4 tests collected*"])
    assert "other.yaml" not in result.stdout.str()


def test_tags_become_markers_and_k_selects(pytester: pytest.Pytester) -> None:
    spec = pytester.makefile(".yaml", site=SPEC)
    result = pytester.runpytest_subprocess("--privacy-spec", str(spec), "--collect-only", "-q",
                                           "-m", "nightly", "--strict-markers")
    result.stdout.fnmatch_lines(["site.yaml::no-marketing[/]", "site.yaml::no-marketing[/about]",
                                 "2/4 tests collected*"])
    result = pytester.runpytest_subprocess("--privacy-spec", str(spec), "--collect-only", "-q",
                                           "-k", "footer")
    result.stdout.fnmatch_lines(["site.yaml::footer-links[/]", "1/4 tests collected*"])


def test_no_base_url_anywhere(pytester: pytest.Pytester) -> None:
    spec = pytester.makefile(".yaml", site=SPEC.replace("  base_url: https://shop.test\n", ""))
    result = pytester.runpytest_subprocess("--privacy-spec", str(spec), "--collect-only")
    result.stdout.fnmatch_lines([
        "*site.yaml:6: check 'footer-links': page '/' is a path but no base URL is set; add "
        "'site.base_url' to the spec or pass --base-url."])
    assert "Traceback" not in result.stdout.str()
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_collect_only_lints_a_bad_spec(pytester: pytest.Pytester) -> None:
    spec = pytester.makefile(".yaml", bad=SPEC.replace("links:", "link:"))
    result = pytester.runpytest_subprocess("--privacy-spec", str(spec), "--collect-only")
    from pytest_privacy.checks import builtin_kinds

    keys = ", ".join(sorted(kind.key for kind in builtin_kinds()))
    assert (f"bad.yaml:12: at checks[0].expect: unknown key 'link' (expected one of: {keys}); "
            "did you mean 'links'?") in result.stdout.str()
    assert "Traceback" not in result.stdout.str()
    assert result.ret != 0


def test_missing_spec_path_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--privacy-spec", "nope.yaml")
    result.stderr.fnmatch_lines(["*--privacy-spec nope.yaml: no such file or folder*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_ini_twin_is_read(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", site=SPEC)
    pytester.makeini("[pytest]\nprivacy_spec = site.yaml\nprivacy_settle = abc\n")
    result = pytester.runpytest_subprocess("--collect-only")
    result.stderr.fnmatch_lines(["*privacy_settle = 'abc' is not a whole number*"])
    pytester.makeini("[pytest]\nprivacy_spec = site.yaml\n")
    result = pytester.runpytest_subprocess("--collect-only", "-q")
    result.stdout.fnmatch_lines(["*4 tests collected*"])


def test_browser_servers_are_chosen_per_worker() -> None:
    from pytest_privacy.browser.provider import choose_endpoint

    grid = "ws://a:3000/, ws://b:3000/,ws://c:3000/"
    assert choose_endpoint(grid, "") == "ws://a:3000/"
    assert [choose_endpoint(grid, f"gw{n}") for n in range(4)] == [
        "ws://a:3000/", "ws://b:3000/", "ws://c:3000/", "ws://a:3000/"]
    assert choose_endpoint("ws://only:3000/", "gw5") == "ws://only:3000/"


def test_headless_runs_prefer_a_headless_shell(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless: a headless shell on PATH first; headed: never a shell (it has no window)."""
    from pytest_privacy.browser.provider import find_system_chromium

    for name in ("chromium", "chromium-headless-shell"):
        exe = tmp_path / name
        exe.write_text("#!/bin/sh\n")
        exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_system_chromium(headless=True) == str(tmp_path / "chromium-headless-shell")
    assert find_system_chromium() == str(tmp_path / "chromium")


def test_strict_markers_and_warnings_as_errors_without_xdist(pytester: pytest.Pytester) -> None:
    """No marker that only pytest-xdist registers: the items of a visit are grouped by the
    plugin's scheduler alone."""
    spec = pytester.makefile(".yaml", site=SPEC)
    result = pytester.runpytest_subprocess("-p", "no:xdist", "--privacy-spec", str(spec),
                                           "--collect-only", "-q", "--strict-markers",
                                           "-W", "error")
    result.stdout.fnmatch_lines(["4 tests collected*"])
    assert "Warning" not in result.stdout.str()
    assert result.ret == 0
