"""The browser context of a visit from the spec's `context:` and the --privacy-* options, end
to end in Chromium: HTTP basic auth, a storage state login, locale / time zone / geolocation,
and a proxy (a tiny one on loopback that counts what it forwarded)."""

from __future__ import annotations

import json
import select
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_privacy.fixtureserver import FixtureServer

PASSWORD = "staging-pass-42"  # tests/sites/basicauth.test/index.html.headers

AUTH_SPEC = """version: 1
name: staging
CONTEXT
checks:
  - id: staging-home
    claim: "Testers see the staging shop."
    pages: [https://basicauth.test/]
    expect:
      text: {contains: ["Only testers get this far"]}
"""

CREDENTIALS = """context:
  http_credentials: {username: tester, password_env: PP_STAGING_PASSWORD}"""


def test_basic_auth_from_the_spec(run_spec, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PP_STAGING_PASSWORD", PASSWORD)
    run = run_spec(AUTH_SPEC.replace("CONTEXT", CREDENTIALS))
    assert run.outcome("staging-home[https://basicauth.test/]") == "PASSED", run.text


def test_basic_auth_from_the_option(run_spec, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PP_OTHER_PASSWORD", PASSWORD)
    monkeypatch.setenv("PP_STAGING_PASSWORD", "wrong")
    # the option wins over the spec's credentials
    run = run_spec(AUTH_SPEC.replace("CONTEXT", CREDENTIALS),
                   "--privacy-http-credentials", "tester:PP_OTHER_PASSWORD")
    assert run.outcome("staging-home[https://basicauth.test/]") == "PASSED", run.text


def test_no_credentials_is_a_visit_error_naming_the_401_and_the_fix(run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(AUTH_SPEC.replace("CONTEXT", ""))
    assert run.outcome("staging-home[https://basicauth.test/]") == "ERROR", run.text
    run.result.stdout.fnmatch_lines([
        "*visit error: https://basicauth.test/ answered HTTP 401 Unauthorized "
        "(WWW-Authenticate: Basic realm=\"fixture\"): the site wants a login. Give the user "
        "name and the environment variable that holds the password with "
        "--privacy-http-credentials USER:ENVVAR or the spec's context.http_credentials*"])


def test_refused_credentials_are_a_visit_error(run_spec, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PP_STAGING_PASSWORD", "not-the-password")
    run = run_spec(AUTH_SPEC.replace("CONTEXT", CREDENTIALS))
    assert run.outcome("staging-home[https://basicauth.test/]") == "ERROR", run.text
    assert "although the browser gave the credentials of 'tester': the site refused them" \
        in run.text, run.text
    assert "not-the-password" not in run.text


def test_an_unset_password_variable_is_a_collection_error_with_its_line(  # type: ignore[no-untyped-def]
        run_spec, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PP_STAGING_PASSWORD", raising=False)
    run = run_spec(AUTH_SPEC.replace("CONTEXT", CREDENTIALS), "--collect-only")
    run.result.stdout.fnmatch_lines([
        "*spec.yaml:4: at context.http_credentials.password_env: the environment variable "
        "PP_STAGING_PASSWORD is not set; it must hold the password of 'tester'*"])
    monkeypatch.delenv("PP_OTHER_PASSWORD", raising=False)
    run = run_spec(AUTH_SPEC.replace("CONTEXT", ""), "--privacy-http-credentials",
                   "tester:PP_OTHER_PASSWORD")
    assert "--privacy-http-credentials: the environment variable PP_OTHER_PASSWORD is not " \
           "set" in run.result.stderr.str(), run.result.stderr.str()
    run = run_spec(AUTH_SPEC.replace("CONTEXT", ""), "--privacy-http-credentials", "tester")
    assert "expected USER:ENVVAR" in run.result.stderr.str()


def test_the_password_stays_out_of_the_evidence_files(  # type: ignore[no-untyped-def]
        run_spec, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PP_STAGING_PASSWORD", PASSWORD)
    run = run_spec(AUTH_SPEC.replace("CONTEXT", CREDENTIALS), "--privacy-evidence", "ev")
    assert run.outcome("staging-home[https://basicauth.test/]") == "PASSED", run.text
    files = list((pytester.path / "ev").iterdir())
    assert any(f.suffix == ".har" for f in files)
    secret = "dGVzdGVyOnN0YWdpbmctcGFzcy00Mg=="  # base64 of tester:staging-pass-42
    (evidence,) = [f for f in files if f.suffix == ".json"]
    assert json.loads(evidence.read_text("utf-8"))["context"] == {
        "http_credentials": "user 'tester' for https://basicauth.test"}
    for file in files:
        text = file.read_text("utf-8")
        assert PASSWORD not in text and secret not in text, file


LOGIN_SPEC = """version: 1
name: account
CONTEXT
checks:
  - id: account-page
    claim: "Your account page knows you."
    pages: [https://login.test/]
    expect:
      text: {contains: ["signed in as WHO"]}
"""


def storage_state(path: Path, user: str) -> Path:
    """A Playwright storage state as a login leaves it: the session cookie of login.test."""
    path.write_text(json.dumps({"cookies": [{
        "name": "shop_session", "value": user, "domain": "login.test", "path": "/",
        "expires": -1, "httpOnly": False, "secure": True, "sameSite": "Lax"}],
        "origins": []}), encoding="utf-8")
    return path


def test_storage_state_logs_in_before_the_visit(run_spec, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    (pytester.path / "auth").mkdir()
    storage_state(pytester.path / "auth" / "alice.json", "alice")
    spec = LOGIN_SPEC.replace("CONTEXT", "context: {storage_state: auth/alice.json}")
    run = run_spec(spec.replace("WHO", "alice"))
    assert run.outcome("account-page[https://login.test/]") == "PASSED", run.text
    # the option wins over the spec
    bob = storage_state(pytester.path / "bob.json", "bob")
    run = run_spec(spec.replace("WHO", "bob"), "--privacy-storage-state", str(bob))
    assert run.outcome("account-page[https://login.test/]") == "PASSED", run.text


def test_without_storage_state_the_page_is_signed_out(run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(LOGIN_SPEC.replace("CONTEXT", "").replace("WHO", "alice"))
    assert run.outcome("account-page[https://login.test/]") == "FAILED", run.text
    assert "signed in as alice" in run.text


def test_a_missing_storage_state_file_says_how_to_make_one(run_spec) -> None:  # type: ignore[no-untyped-def]
    spec = LOGIN_SPEC.replace("CONTEXT", "context:\n  storage_state: nowhere.json")
    run = run_spec(spec.replace("WHO", "alice"), "--collect-only")
    run.result.stdout.fnmatch_lines([
        "*spec.yaml:4: at context.storage_state: the storage state file */nowhere.json does "
        "not exist; save one after logging in*"])
    run = run_spec(LOGIN_SPEC.replace("CONTEXT", "").replace("WHO", "alice"),
                   "--privacy-storage-state", "missing.json")
    assert "--privacy-storage-state: the storage state file" in run.result.stderr.str()


REGION_SPEC = """version: 1
name: region
CONTEXT
checks:
  - id: region
    claim: "We show you your region's shop."
    pages: [https://region.test/]
    expect:
      text: {contains: [EXPECTED]}
"""

BERLIN = """context:
  locale: de-DE
  timezone_id: Europe/Berlin
  geolocation: {latitude: 52.52, longitude: 13.41}"""
BERLIN_SEEN = '"language: de-DE", "time zone: Europe/Berlin", "position: 52.52,13.41"'
PARIS_SEEN = '"language: fr-FR", "time zone: Europe/Paris", "position: 48.86,2.35"'


def test_locale_timezone_and_geolocation_from_the_spec(run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(REGION_SPEC.replace("CONTEXT", BERLIN).replace("EXPECTED", BERLIN_SEEN))
    assert run.outcome("region[https://region.test/]") == "PASSED", run.text
    # a failure says which context the visit ran in
    run = run_spec(REGION_SPEC.replace("CONTEXT", BERLIN).replace("EXPECTED", PARIS_SEEN))
    assert run.outcome("region[https://region.test/]") == "FAILED", run.text
    assert "Context:  locale de-DE, timezone_id Europe/Berlin, geolocation 52.52,13.41" \
        in run.text, run.text


def test_the_options_win_over_the_spec(run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(REGION_SPEC.replace("CONTEXT", BERLIN).replace("EXPECTED", PARIS_SEEN),
                   "--privacy-locale", "fr-FR", "--privacy-timezone", "Europe/Paris",
                   "--privacy-geolocation", "48.8566,2.3522")
    assert run.outcome("region[https://region.test/]") == "PASSED", run.text


def test_a_hook_still_overrides_the_options(run_spec, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    pytester.makeconftest("""
def pytest_privacy_context_args(key, args):
    assert args["locale"] == "fr-FR"  # the option is in the args the hook sees
    return {"locale": "it-IT"}
""")
    seen = PARIS_SEEN.replace("fr-FR", "it-IT")
    run = run_spec(REGION_SPEC.replace("CONTEXT", BERLIN).replace("EXPECTED", seen),
                   "--privacy-locale", "fr-FR", "--privacy-timezone", "Europe/Paris",
                   "--privacy-geolocation", "48.8566,2.3522")
    assert run.outcome("region[https://region.test/]") == "PASSED", run.text


def test_without_a_context_the_page_sees_the_default_region(run_spec) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(REGION_SPEC.replace("CONTEXT", "").replace("EXPECTED", BERLIN_SEEN))
    assert run.outcome("region[https://region.test/]") == "FAILED", run.text
    for seen in ("language: de-DE", "time zone: Europe/Berlin", "position: 52.52,13.41"):
        assert f"Broken:   text: contains '{seen}'" in run.text, run.text


def test_bad_context_values_are_spec_and_usage_errors(run_spec) -> None:  # type: ignore[no-untyped-def]
    bad = "context:\n  geolocation: {latitude: 152.5, longitude: 13.4}\n  locale: german"
    run = run_spec(REGION_SPEC.replace("CONTEXT", bad).replace("EXPECTED", '"x"'),
                   "--collect-only")
    assert "spec.yaml:4: at context.geolocation.latitude" in run.text, run.text
    assert "spec.yaml:5: at context.locale" in run.text, run.text
    run = run_spec(REGION_SPEC.replace("CONTEXT", "").replace("EXPECTED", '"x"'),
                   "--privacy-geolocation", "north")
    assert "--privacy-geolocation 'north': expected LATITUDE,LONGITUDE" in \
        run.result.stderr.str()


class CountingProxy:
    """An HTTP proxy on 127.0.0.1 that tunnels every CONNECT to the fixture server (whatever
    host was asked for) and counts the hosts it forwarded: nothing leaves loopback."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.forwarded: list[str] = []
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.getsockname()[1]}"

    def __enter__(self) -> CountingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self._server.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            method, target = head.split(b" ")[:2]
            if method != b"CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            self.forwarded.append(target.decode())
            with socket.create_connection(("127.0.0.1", self.target_port)) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                pair = {client: upstream, upstream: client}
                while True:
                    ready, _, _ = select.select(list(pair), [], [], 30)
                    if not ready:
                        return
                    for sock in ready:
                        data = sock.recv(65536)
                        if not data:
                            return
                        pair[sock].sendall(data)


@pytest.fixture
def proxy(fixture_server: FixtureServer) -> Iterator[CountingProxy]:
    with CountingProxy(fixture_server.port) as running:
        yield running


PROXY_SPEC = """version: 1
name: proxied
CONTEXT
checks:
  - id: via-proxy
    claim: "Our shop answers in every region."
    pages: [https://proxied.test/]
    expect:
      text: {contains: ["Proxied shop"]}
"""

NO_ROUTE = "MAP nothing.invalid 127.0.0.1:9"  # without the proxy, *.test does not resolve


def test_visits_go_through_the_spec_proxy(run_spec, proxy: CountingProxy) -> None:  # type: ignore[no-untyped-def]
    spec = PROXY_SPEC.replace("CONTEXT", f"context:\n  proxy: {{server: '{proxy.url}'}}")
    run = run_spec(spec, host_map=NO_ROUTE)
    assert run.outcome("via-proxy[https://proxied.test/]") == "PASSED", run.text
    assert "proxied.test:443" in proxy.forwarded


def test_visits_go_through_the_option_proxy(run_spec, proxy: CountingProxy) -> None:  # type: ignore[no-untyped-def]
    spec = PROXY_SPEC.replace("CONTEXT", "context:\n  proxy: {server: 'http://127.0.0.1:9'}")
    run = run_spec(spec, "--privacy-proxy", proxy.url, host_map=NO_ROUTE)
    assert run.outcome("via-proxy[https://proxied.test/]") == "PASSED", run.text
    assert proxy.forwarded.count("proxied.test:443") >= 1


def test_an_unreachable_proxy_is_a_visit_error_that_names_it(run_spec) -> None:  # type: ignore[no-untyped-def]
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    spec = PROXY_SPEC.replace("CONTEXT", f"context:\n  proxy: {{server: 'http://127.0.0.1:{port}'}}")
    run = run_spec(spec, host_map=NO_ROUTE)
    assert run.outcome("via-proxy[https://proxied.test/]") == "ERROR", run.text
    assert "the proxy could not be reached or refused the connection" in run.text, run.text


def test_an_ini_storage_state_is_read_from_the_ini_files_folder(  # type: ignore[no-untyped-def]
        run_spec, pytester: pytest.Pytester) -> None:
    conf = pytester.path / "conf"
    conf.mkdir()
    (conf / "pytest.ini").write_text("[pytest]\nprivacy_storage_state = alice.json\n")
    storage_state(conf / "alice.json", "alice")
    run = run_spec(LOGIN_SPEC.replace("CONTEXT", "").replace("WHO", "alice"), "-c",
                   str(conf / "pytest.ini"), "--collect-only")
    assert run.result.ret == 0, run.text + run.result.stderr.str()
    (conf / "alice.json").unlink()
    run = run_spec(LOGIN_SPEC.replace("CONTEXT", "").replace("WHO", "alice"), "-c",
                   str(conf / "pytest.ini"), "--collect-only")
    assert f"the storage state file {conf / 'alice.json'} does not exist" in \
        run.result.stderr.str()
