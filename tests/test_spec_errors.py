"""Bad specs: one readable sentence each, with file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_privacy.errors import SpecError
from pytest_privacy.spec import load_spec

GOOD_HEAD = "version: 1\nsite:\n  base_url: https://shop.test\n  pages: [/]\n"


def problems(tmp_path: Path, text: str) -> str:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    return str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="spec file not found"):
        load_spec(tmp_path / "nope.yaml")


def test_empty_file(tmp_path: Path) -> None:
    assert problems(tmp_path, "\n# nothing\n").endswith(
        "spec.yaml:1: spec file is empty; start it with 'version: 1' and a 'checks:' list.")


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "spec.yaml:1: a spec must be a mapping" in problems(tmp_path, "- a\n- b\n")


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    text = problems(tmp_path, "version: 1\nchecks:\n  - id: a\n    claim: [unclosed\n")
    assert "spec.yaml:5: YAML syntax error" in text or "spec.yaml:4: YAML syntax error" in text


def test_tabs_are_explained(tmp_path: Path) -> None:
    assert "indent with spaces, not tabs" in problems(tmp_path, "version: 1\nchecks:\n\t- id: a\n")


def test_several_documents(tmp_path: Path) -> None:
    assert "several YAML documents" in problems(tmp_path, "version: 1\n---\nversion: 1\n")


def test_python_tags_are_refused(tmp_path: Path) -> None:
    text = problems(tmp_path, "version: !!python/object/apply:os.system ['true']\nchecks: []\n")
    assert "spec.yaml:1: cannot use YAML tag" in text


def test_billion_laughs_is_bounded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    assert "expands too far" in problems(tmp_path, "\n".join(lines) + "\n")


def test_wrong_version(tmp_path: Path) -> None:
    text = problems(tmp_path, "version: 2\nchecks: [{id: a, claim: c, expect: {text: "
                              "{contains: [x]}}}]\nsite: {base_url: https://x.test, pages: [/]}\n")
    assert "spec.yaml:1: at version: spec format version 2 is not supported" in text


def test_all_errors_at_once_with_lines_and_did_you_mean(tmp_path: Path) -> None:
    text = problems(tmp_path, GOOD_HEAD + """checks:
  - id: one
    claim: c
    when: after_rejct
    expect:
      cookie: {none_of: [marketing]}
  - id: two
    claim: c
    pages: [nope]
    expect:
      cookies: {none_of: [market]}
""")
    lines = text.splitlines()
    assert len(lines) == 4, text
    assert lines[0].endswith("spec.yaml:8: at checks[0].when: expected one of the presets "
                             "before_consent, after_reject, after_accept, gpc, or a mapping "
                             "{consent: none|reject|accept, gpc: true|false, dnt: true|false}; "
                             'got "after_rejct"')
    assert lines[1].endswith("spec.yaml:10: at checks[0].expect: unknown key 'cookie' (expected "
                             "one of: banner, consent_state, cookies, gpc, links, requests, "
                             "storage, text); did you mean 'cookies'?")
    assert "spec.yaml:13: at checks[1].pages[0]: page \"nope\" is neither a path" in lines[2]
    assert "spec.yaml:15: at checks[1].expect.cookies.none_of[0]: \"market\" is not one of" \
        in lines[3]


def test_duplicate_ids_and_bad_regex(tmp_path: Path) -> None:
    text = problems(tmp_path, GOOD_HEAD + """classify:
  cookies:
    - {name: "re:(unclosed", category: marketing}
checks:
  - id: same
    claim: c
    expect: {text: {contains: [x]}}
  - id: same
    claim: c
    expect: {text: {matches: ["[a-"]}}
""")
    assert "spec.yaml:12: at checks[1].id: duplicate check id 'same' (first used on line 9)" \
        in text
    assert "spec.yaml:7: at classify.cookies[0].name: invalid regular expression '(unclosed'" \
        in text
    assert "spec.yaml:14: at checks[1].expect.text.matches[0]: invalid regular expression" in text


def test_base_url_must_be_http(tmp_path: Path) -> None:
    text = problems(tmp_path, "version: 1\nsite: {base_url: ftp://x}\nchecks: [{id: a, claim: c,"
                              " pages: [/], expect: {text: {contains: [x]}}}]\n")
    assert "spec.yaml:2: at site.base_url: base_url \"ftp://x\" must start with http://" in text


def test_check_id_pytest_cannot_use(tmp_path: Path) -> None:
    text = problems(tmp_path, GOOD_HEAD + "checks: [{id: 'a b[1]', claim: c, expect: "
                                          "{text: {contains: [x]}}}]\n")
    assert "check id \"a b[1]\" may hold only letters" in text


def test_deep_nesting_is_a_sentence(tmp_path: Path) -> None:
    text = problems(tmp_path, "version: 1\nchecks: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in text
