"""The site's own cookie list (`declared:`) and `cookies: {declared: true}`: tables read into
declarations, the pure check on hand-made evidence, and end to end in Chromium against a
cookie-policy page (Cookiebot's markup) and a CSV, kept and broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_privacy.checks import CheckContext, run_expectations
from pytest_privacy.checks.declared import check_declared
from pytest_privacy.classify import Classifier
from pytest_privacy.declared import Declaration, category_of, from_csv, from_rows, name_pattern
from pytest_privacy.errors import SpecError
from pytest_privacy.evidence import CookieRecord, Evidence
from pytest_privacy.spec import load_spec


@pytest.mark.parametrize(("label", "category"), [
    ("Strictly Necessary Cookies", "necessary"), ("Performance Cookies", "analytics"),
    ("Functional Cookies", "functional"), ("Targeting Cookies", "marketing"),
    ("Necessary (5)", "necessary"), ("Preferences (2)", "functional"),
    ("Statistics (4)", "analytics"), ("Marketing (12)", "marketing"),
    ("Unclassified (3)", "unknown"), ("Create a personalised ads profile", "marketing"),
    ("Measure content performance", "analytics"), ("HTTP Cookie", None),
])
def test_category_words_of_the_common_templates(label: str, category: str | None) -> None:
    assert category_of(label) == category


def test_wildcards_become_patterns() -> None:
    assert name_pattern("_ga") == "_ga"
    assert name_pattern("_ga_*") == "re:^_ga_.+"
    assert name_pattern("_hjSession_<site id>") == "re:^_hjSession_.+"
    assert name_pattern("AMCV_###") == "re:^AMCV_.+"


def test_onetrust_rows_list_several_names_under_their_group() -> None:
    rows = [["Cookie Subgroup", "Cookies", "Cookies used"],
            ["doubleclick.net", "IDE, test_cookie", "Third Party"]]
    found = from_rows(rows, "Targeting Cookies", where="p ")
    assert [(d.name, d.category, d.domain) for d in found] == [
        ("IDE", "marketing", "doubleclick.net"), ("test_cookie", "marketing", "doubleclick.net")]
    assert found[0].row == "p row 2: doubleclick.net | IDE, test_cookie | Third Party " \
                           "(under 'Targeting Cookies')"


def test_csv_rows_and_rows_without_a_category() -> None:
    found = from_csv("name,category,provider\n_ga,Statistics,Google\nmystery,,\n", "list.csv ")
    assert [(d.name, d.category, d.provider, d.row) for d in found] == [
        ("_ga", "analytics", "Google", "list.csv row 2: _ga | Statistics | Google")]


def _evidence(*cookies: tuple[str, str]) -> Evidence:
    return Evidence(url="https://shop.test/", state="before_consent",
                    final_url="https://shop.test/", cookies=[
                        CookieRecord(name, domain, "/", "v", False, False, "Lax", -1, "initial",
                                     1.0) for name, domain in cookies])


ROWS = (Declaration("_ga", "analytics", row="list.csv row 2: _ga | Statistics"),
        Declaration("IDE", "necessary", row="list.csv row 3: IDE | Necessary"),
        Declaration("basket", "necessary", row="list.csv row 4: basket | Necessary"),
        Declaration("fr", "marketing", domain="facebook.com", row="list.csv row 5: fr"))


def test_declared_check_undeclared_mismatch_and_near_miss() -> None:
    evidence = _evidence(("_ga", "shop.test"), ("IDE", ".doubleclick.net"),
                         ("basket", "shop.test"), ("fr", ".other.test"), ("zz", "shop.test"))
    findings = check_declared(evidence, ROWS, CheckContext(Classifier()))
    undeclared, mismatched = findings
    assert undeclared.rule == "cookies: declared"
    assert [i.split(" (")[0] for i in undeclared.items] == ["cookie fr", "cookie zz"]
    assert "declared only for facebook.com (list.csv row 5: fr)" in undeclared.items[0]
    assert mismatched.rule == "cookies: declared category"
    assert len(mismatched.items) == 1  # IDE: known marketing, declared necessary
    assert "IDE" in mismatched.items[0] and "list.csv row 3: IDE | Necessary" in \
        mismatched.items[0]


def test_declared_check_without_a_list_is_inconclusive() -> None:
    evidence = _evidence(("_ga", "shop.test"))
    assert check_declared(evidence, None, CheckContext())[0].inconclusive
    assert check_declared(evidence, (), CheckContext())[0].inconclusive
    assert check_declared(evidence, ROWS[:1], CheckContext()) == []


def test_a_declaration_raises_a_category_and_never_lowers_it() -> None:
    classifier = Classifier(declared=ROWS + (
        Declaration("basket", "marketing", row="second row"),
        Declaration("_ga", "necessary", row="x")))
    assert classifier.cookie("IDE", ".doubleclick.net").category == "marketing"
    assert classifier.cookie("basket", "shop.test").category == "necessary"  # first row wins
    assert classifier.cookie("_ga", "shop.test").category == "analytics"
    unknown = Classifier(declared=(Declaration("basket", "functional", row="r"),))
    verdict = unknown.cookie("basket", "shop.test")
    assert (verdict.category, verdict.source) == ("functional", "declared: r")
    findings = run_expectations(_evidence(("basket", "shop.test")),
                                {"cookies": {"none_of": ["functional"]}}, CheckContext(unknown))
    assert findings and "declared: r" in findings[0].items[0]


SPEC = """
version: 1
site: {{pages: ["https://declared.test/"]}}
declared:
{declared}
checks:
  - id: cookies-declared
    claim: "The cookies we use are listed below."
    expect:
      cookies: {{declared: true}}
  - id: no-marketing
    claim: "No marketing cookies before consent."
    expect:
      cookies: {{none_of: [marketing]}}
"""


def test_spec_errors_for_declared(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC.format(declared="  cookies_file: missing.csv"))
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert "spec.yaml:5: at declared.cookies_file: cannot read" in str(info.value)
    path.write_text(SPEC.format(declared="").replace("declared:\n\n", ""))
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert "the spec declares no cookies" in str(info.value)


ONLY_KNOWN = """
  - id: only-known
    claim: "Every cookie we use is in one of our categories."
    expect:
      cookies: {only: [necessary, analytics, marketing]}
"""


def test_cookies_page_kept(run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(SPEC.format(declared="  cookies_page: /cookie-policy.html").replace(
        'pages: ["https://declared.test/"]', 'base_url: "https://declared.test", pages: [/]')
        + ONLY_KNOWN)
    assert run.outcome("cookies-declared[/]") == "PASSED", run.text
    assert run.outcome("no-marketing[/]") == "FAILED"  # IDE is marketing: declared so too
    # shop_session is known only from the page's list: its rows classify every check
    assert run.outcome("only-known[/]") == "PASSED", run.text


def test_cookies_page_out_of_date_and_missing_table(run_spec) -> None:  # type: ignore[no-untyped-def]
    spec = SPEC.format(declared="  cookies_page: https://declared.test/cookie-policy-old.html")
    run = run_spec(spec)
    assert run.outcome("cookies-declared[https://declared.test/]") == "FAILED", run.text
    assert "1 cookie(s) not on the site's cookie list" in run.text
    assert "cookie IDE (domain .doubleclick.net, third party)" in run.text
    assert ("/cookie-policy-old.html row 3: _ga | Strictly necessary | Google"
            in run.text.replace("https://declared.test", ""))
    broken = run_spec(SPEC.format(declared="  cookies_page: https://declared.test/no-table.html")
                      + ONLY_KNOWN, name="no_table.yaml")
    assert broken.outcome("cookies-declared[https://declared.test/]") == "ERROR", broken.text
    assert "shows no table with a name column" in broken.text
    # the other checks do not depend on the list: they run, and shop_session stays unknown
    assert broken.outcome("no-marketing[https://declared.test/]") == "FAILED"
    assert broken.outcome("only-known[https://declared.test/]") == "FAILED"


def test_cookies_file_and_inline(run_spec, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    (pytester.path / "cookie-list.csv").write_text(
        "name,category,domain,provider\nshop_session,Marketing,,Shop\n_ga,Analytics,,Google\n")
    run = run_spec(SPEC.format(declared="  cookies_file: cookie-list.csv\n  cookies:\n"
                               "    - {name: IDE, category: targeting, domain: doubleclick.net}"))
    assert run.outcome("cookies-declared[https://declared.test/]") == "PASSED", run.text
    # the list says shop_session is for marketing: it counts as such everywhere
    assert run.outcome("no-marketing[https://declared.test/]") == "FAILED"
    assert "cookie shop_session" in run.text and "declared: cookie-list.csv row 2" in run.text


def test_onetrust_cookie_list_markup(run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(SPEC.format(declared="  cookies_page: https://declared.test/onetrust-list.html")
                   + ONLY_KNOWN)
    assert run.outcome("cookies-declared[https://declared.test/]") == "PASSED", run.text
    assert run.outcome("only-known[https://declared.test/]") == "PASSED", run.text
