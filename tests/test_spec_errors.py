"""Bad specs: one readable sentence each, with file and line, never a traceback."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_privacy.checks import builtin_kinds
from pytest_privacy.errors import SpecError
from pytest_privacy.spec import load_spec
from pytest_privacy.spec.validate import schema

GOOD_HEAD = "version: 1\nsite:\n  base_url: https://shop.test\n  pages: [/]\n"

# the built-in expect keys, as the unknown-key message lists them
KINDS = ", ".join(sorted(kind.key for kind in builtin_kinds()))


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
    assert text.endswith("spec.yaml:5: the '[' opened on line 4, column 12 is not closed before "
                         "this point, or two of its items have no ',' between them; add the "
                         "missing ']' or ',' (or put a value holding ',', ':', '[' or '{' in "
                         "quotes).")


def test_tabs_are_explained(tmp_path: Path) -> None:
    assert problems(tmp_path, "version: 1\nchecks:\n\t- id: a\n").endswith(
        "spec.yaml:3: a tab at column 1; YAML indents with spaces only, so replace the tab "
        "with spaces.")


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
                             "before_consent, after_reject, after_accept, after_withdrawal, gpc, "
                             "or a mapping {consent: none|reject|accept|withdraw|{allow: "
                             "[categories]}, gpc: true|false, dnt: true|false}; "
                             'got "after_rejct"; did you mean \'after_reject\'?')
    assert lines[1].endswith("spec.yaml:10: at checks[0].expect: unknown key 'cookie' (expected "
                             f"one of: {KINDS}); did you mean 'cookies'?")
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


# --- issue 20: characters YAML refuses, slips in our own words, suggestions, all at once ---

VALID = GOOD_HEAD + """consent:
  cmp: auto
  reject: "text=Reject all"
classify:
  cookies:
    - {name: session_id, category: necessary}
    - {name: "re:^_shop_ad_", category: marketing}
checks:
  - id: no-marketing-before-consent
    claim: "We only set advertising cookies after you agree."
    when: before_consent
    expect:
      cookies: {none_of: [marketing]}
      requests: {none_of: [marketing]}
  - id: after-reject
    claim: 'Rejecting means no analytics: none at all.'
    when: {consent: reject, gpc: false}
    pages: [/, /about]
    expect:
      cookies:
        only: [necessary, functional]
        absent: ["re:^_ga"]
  - id: footer
    claim: >
      You can opt out by visiting Your Privacy Choices.
    expect:
      links: {within: footer, present: ["Your Privacy Choices"]}
      text: {matches: ['opt[- ]out']}
"""


def test_the_fuzz_base_spec_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert [c.id for c in load_spec(path).checks] == [
        "no-marketing-before-consent", "after-reject", "footer"]


@pytest.mark.parametrize(("char", "name"), [
    ("\x07", "U+0007, BEL"), ("\x00", "U+0000, NUL"), ("\x1b", "U+001B, ESC"),
    ("\x0b", "U+000B, VT"), ("\x7f", "U+007F, DEL")])
def test_control_character_is_one_sentence_with_line_and_column(
        tmp_path: Path, char: str, name: str) -> None:
    text = problems(tmp_path, VALID.replace("after you agree", f"after{char} you agree"))
    assert text.endswith(
        f"spec.yaml:14: column 50 holds a control character ({name}), which YAML does not "
        "allow; delete it (such characters come in with text pasted from a terminal or "
        "another program).")
    assert "ReaderError" not in text and "\n" not in text


def test_many_control_characters_are_counted_not_listed(tmp_path: Path) -> None:
    text = problems(tmp_path, VALID.replace("after you agree", "after" + "\x00" * 30))
    lines = text.splitlines()
    assert len(lines) == 11
    assert lines[-1].endswith("spec.yaml:14: and 20 more such characters from here on; "
                              "delete them all.")


@pytest.mark.parametrize(("text", "expected"), [
    ("version: 1\nsite:\n  base_url: https://x.test\n pages: [/]\nchecks: []\n",
     "spec.yaml:4: this line is indented differently from the one before; keys of one mapping "
     "must line up."),
    ("version: 1\nchecks:\n  - id: a\n    claim: c\n     when: gpc\n",
     "spec.yaml:5: this line is indented further than the one before, so YAML reads it as part "
     "of the value above; keys of one mapping must line up."),
    ("version: 1\nchecks:\n  - id: a\n   - id: b\n",
     "spec.yaml:4: this list item is indented differently from the ones before; the '-' of one "
     "list must line up."),
    ("version: 1\nchecks:\n  - id: a\n    claim: \"We do\n    when: gpc\n",
     "spec.yaml:4: the quoted value that starts with \" at column 12 is never closed; add the "
     "closing \" at the end of the value."),
    ("version: 1\nchecks:\n  - id: a\n  \tclaim: c\n",
     "spec.yaml:4: a tab at column 3; YAML indents with spaces only, so replace the tab with "
     "spaces."),
    ("version: 1\nchecks:\n  - id: a\n    claim c\n    when: gpc\n",
     "spec.yaml:4: 'claim c' is neither 'key: value' nor a list item; add the ':' (and a space) "
     "after the key, or indent the line under the value it continues."),
    ("version: 1\nchecks:\n  - id: a\n    claim: Note: we do\n",
     "spec.yaml:4: a value holds ':' (column 16), which YAML reads as the start of another key; "
     "put the whole value in quotes."),
    ("version: 1\nname: \"Shop\" 2026\n",
     "spec.yaml:2: text follows a quoted value (column 14); put the whole value inside the "
     "quotes."),
    ("version: 1\nchecks:\n  - expect: {text: {matches: [\"\\d+ partners\"]}}\n",
     "spec.yaml:3: '\\d' in double quotes is not an escape YAML knows (column 32); use single "
     "quotes for text with backslashes (a regular expression: '\\d'), or double the "
     "backslash."),
    ("version: 1\nname: @shop\n",
     "spec.yaml:2: a value cannot start with '@' in YAML (column 7); put the value in quotes."),
])
def test_yaml_slips_in_our_own_words(tmp_path: Path, text: str, expected: str) -> None:
    said = problems(tmp_path, text)
    assert said.endswith(expected), said
    assert "<block" not in said and "expected" not in said.split(": ", 1)[1][:20]


def test_missing_space_after_colon_and_dash(tmp_path: Path) -> None:
    text = problems(tmp_path, "version: 1\nconsent:\n  cmp:none\nchecks:\n  -id: a\n")
    assert text.splitlines() == [
        f"{tmp_path / 'spec.yaml'}:2: at consent: expected a mapping, got the text "
        "\"cmp:none\": a space is missing after the colon; write 'cmp: none'.",
        f"{tmp_path / 'spec.yaml'}:4: at checks: expected a list, got a mapping with the key "
        "'-id': a list item needs a space after its '-'; write '- id:'."]
    text = problems(tmp_path, GOOD_HEAD + "checks:\n  - id: a\n    claim: c\n    when:gpc\n"
                    "    expect: {text: {contains: [x]}}\n")
    assert text.endswith("spec.yaml:8: a space is missing after the colon in 'when:gpc'; write "
                         "'when: gpc'.")



@pytest.mark.parametrize(("snippet", "place", "guess"), [
    ("when: before-consent", "checks[0].when", "before_consent"),
    ("when: after_rejected", "checks[0].when", "after_reject"),
    ("when: {consent: rejected}", "checks[0].when.consent", "reject"),
    ("expect: {cookies: {none_of: [Marketing]}}", "checks[0].expect.cookies.none_of[0]",
     "marketing"),
    ("expect: {cookies: {only: [essential]}}", "checks[0].expect.cookies.only[0]",
     "necessary"),
    ("expect: {requests: {none_of: [ads]}}", "checks[0].expect.requests.none_of[0]",
     "marketing"),
])
def test_wrong_enum_values_get_a_suggestion(tmp_path: Path, snippet: str, place: str,
                                            guess: str) -> None:
    check = {"when": "    when: gpc\n    expect: {text: {contains: [x]}}\n",
             "expect": "    "}
    body = (check["when"].replace("when: gpc", snippet) if snippet.startswith("when")
            else f"    {snippet}\n")
    text = problems(tmp_path, GOOD_HEAD + "checks:\n  - id: a\n    claim: c\n" + body)
    assert f"at {place}: " in text and text.endswith(f"did you mean '{guess}'?"), text


def test_cmp_suggestion_and_essential_is_no_alias(tmp_path: Path) -> None:
    text = problems(tmp_path, GOOD_HEAD + "consent: {cmp: one-trust}\nclassify:\n  cookies:\n"
                    "    - {name: sid, category: essential}\nchecks:\n  - id: a\n    claim: c\n"
                    "    expect: {text: {contains: [x]}}\n")
    lines = text.splitlines()
    cmps = ", ".join(schema()["properties"]["consent"]["properties"]["cmp"]["enum"])
    assert lines[0].endswith(f"spec.yaml:5: at consent.cmp: \"one-trust\" is not one of: {cmps}"
                             "; did you mean 'onetrust'?")
    assert lines[1].endswith("did you mean 'necessary'?") and "spec.yaml:8:" in lines[1]


def test_duplicate_keys_are_found(tmp_path: Path) -> None:
    text = problems(tmp_path, GOOD_HEAD + "checks:\n  - id: a\n    claim: c\n    claim: d\n"
                    "    expect: {text: {contains: [x]}}\n")
    assert text.endswith("spec.yaml:8: key 'claim' appears twice in one mapping (first on "
                         "line 7); keep one of them.")


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    text = problems(tmp_path, """version: 1
site: {base_url: https://shop.test, pages: [/, /about, /]}
consent: {cmp: none}
checks:
  - id: same
    claim: c
    when: after_reject
    pages: [/, /]
    expect: {cookies: {none_of: [markting]}}
  - id: same
    claim: c
    when: {consent: accept, gpc: true}
    expect: {cookie: {none_of: [marketing]}}
  - id: fine
    claim: c
    when: gpc
    expect: {text: {contains: [x]}}
""")
    said = [line.split("spec.yaml:", 1)[1] for line in text.splitlines()]
    assert said == [
        "2: at site.pages[2]: page '/' is listed twice (first on line 2); list each page once.",
        "7: at checks[0].when: this check needs a consent action (reject), but 'consent: "
        "{cmp: none}' says the site has no consent manager, so the plugin cannot click "
        "anything; set consent.cmp (auto finds the banner), or make it a before_consent or gpc "
        "check.",
        "8: at checks[0].pages[1]: page '/' is listed twice (first on line 8); list each page "
        "once.",
        "9: at checks[0].expect.cookies.none_of[0]: \"markting\" is not one of: necessary, "
        "functional, analytics, marketing, unknown, targeting, advertising, performance, "
        "statistics, preferences; did you mean 'marketing'?",
        "10: at checks[1].id: duplicate check id 'same' (first used on line 5); give every "
        "check its own id.",
        "12: at checks[1].when: this check needs a consent action (accept), but 'consent: "
        "{cmp: none}' says the site has no consent manager, so the plugin cannot click "
        "anything; set consent.cmp (auto finds the banner), or make it a before_consent or gpc "
        "check.",
        f"13: at checks[1].expect: unknown key 'cookie' (expected one of: {KINDS}); "
        "did you mean 'cookies'?",
    ]


def _mutations(seed: int, count: int) -> Iterator[tuple[str, str]]:
    """Deterministic slips of a valid spec: control characters, truncation, indentation moved
    or swapped, stray colons, quotes, brackets and tabs."""
    rng = random.Random(seed)
    controls = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\x7f", "\x9b"]
    strays = [":", ": ", '"', "'", "[", "{", "]", "\t", "- ", "#", "&", "*", "\\"]
    for number in range(count):
        text = VALID
        for _ in range(rng.randint(1, 2)):
            kind = rng.choice(["control", "truncate", "indent", "swap", "stray", "stray"])
            lines = text.split("\n")
            row = rng.randrange(len(lines))
            if kind == "control":
                pos = rng.randrange(len(text) + 1)
                text = text[:pos] + rng.choice(controls) + text[pos:]
            elif kind == "truncate":
                text = text[:rng.randrange(len(text))]
            elif kind == "indent":
                stripped = lines[row].lstrip(" ")
                lines[row] = " " * max(0, len(lines[row]) - len(stripped)
                                       + rng.choice([-3, -2, -1, 1, 2])) + stripped
                text = "\n".join(lines)
            elif kind == "swap":
                other = rng.randrange(len(lines))
                a, b = lines[row], lines[other]
                ia, ib = len(a) - len(a.lstrip(" ")), len(b) - len(b.lstrip(" "))
                lines[row], lines[other] = " " * ib + a.lstrip(" "), " " * ia + b.lstrip(" ")
                text = "\n".join(lines)
            else:
                pos = rng.randrange(len(text) + 1)
                text = text[:pos] + rng.choice(strays) + text[pos:]
        yield f"mutation {number} ({kind})", text


def test_fuzz_every_slip_is_a_valid_spec_or_a_spec_error_with_its_line(
        tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    place = re.compile(re.escape(str(path)) + r":\d+: \S")
    outcomes = {"loaded": 0, "spec error": 0}
    for name, text in _mutations(seed=20, count=400):
        path.write_text(text, encoding="utf-8")
        try:
            load_spec(path)
        except SpecError as exc:
            outcomes["spec error"] += 1
            for line in str(exc).splitlines():
                assert place.match(line), f"{name}: {line!r} from\n{text}"
        except Exception as exc:  # noqa: BLE001 - the point: nothing else may escape
            pytest.fail(f"{name}: {type(exc).__name__}: {exc} from\n{text}")
        else:
            outcomes["loaded"] += 1
    assert outcomes["spec error"] > 200 and outcomes["loaded"] > 10, outcomes


@pytest.mark.parametrize(("text", "expected"), [
    (GOOD_HEAD + "checks:\n  - id: a\n    claim: \"We do\n    expect: {text: {contains: [x]}}\n"
     "  - id: b\n    claim: \"We also\"\n",
     "spec.yaml:7: the quoted value that starts with \" at column 12 is not closed on this line, "
     "so YAML reads on to the next \" on line 10; add the closing \" at the end of the value."),
    (GOOD_HEAD + "checks:\n  - id: a\n    claim: 'We don't sell'\n",
     "spec.yaml:7: the apostrophe at column 19 ends the single-quoted value; write it twice "
     "('') or put the value in double quotes."),
])
def test_quotes_closed_too_late_or_too_early(tmp_path: Path, text: str, expected: str) -> None:
    assert problems(tmp_path, text).endswith(expected)


def test_empty_values_say_why(tmp_path: Path) -> None:
    text = problems(tmp_path, GOOD_HEAD + "consent:\n  cmp: selectors\n  accept: #accept\n"
                    "checks:\n  - id: a\n    claim: c\n    expect:\n"
                    "    cookies: {none_of: [ads]}\n")
    lines = text.splitlines()
    assert lines[0].endswith("spec.yaml:7: at consent.accept: expected text, got nothing: "
                             "'#accept' after a space starts a comment in YAML; put the value in "
                             "quotes (\"#accept\").")
    assert lines[1].endswith("spec.yaml:11: at checks[0].expect: expected a mapping, got "
                             "nothing; nothing follows 'expect:' on its line, so indent the lines "
                             "that belong to it further than it.")
