"""Loading a page, and saying in one sentence why it could not be loaded."""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Response
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from pytest_privacy.botwall import looks_blocked
from pytest_privacy.browser.observe import PAGE_FACTS
from pytest_privacy.browser.recorder import Recorder, crash_error
from pytest_privacy.classify.party import host_of, registrable_domain
from pytest_privacy.errors import InconclusiveError, VisitError, first_line
from pytest_privacy.settings import PrivacyConfig


def navigation_error(url: str, exc: PlaywrightError, cfg: PrivacyConfig,
                      recorder: Recorder) -> VisitError:
    text = str(exc)
    if recorder.crashed or "crashed" in text.lower():
        return crash_error(url)
    if isinstance(exc, PlaywrightTimeoutError):
        return VisitError(f"{url} did not load within {cfg.timeout_ms} ms; raise "
                          "--privacy-timeout if the site is slow.")
    if "ERR_CERT" in text or "SSL" in text:
        code = next((w for w in text.split() if w.startswith("net::ERR_")), "a TLS error")
        return VisitError(f"{url} failed with {code}: the certificate is not trusted; for a "
                          "staging site run with --privacy-ignore-https-errors.")
    if "ERR_NAME_NOT_RESOLVED" in text:
        return VisitError(f"{url}: the host name does not resolve (net::ERR_NAME_NOT_RESOLVED); "
                          "check the URL or map it with --privacy-host-map.")
    if "ERR_CONNECTION_REFUSED" in text:
        return VisitError(f"{url}: connection refused (net::ERR_CONNECTION_REFUSED); is the "
                          "server running, and is --base-url right?")
    if "ERR_PROXY_CONNECTION_FAILED" in text or "ERR_TUNNEL_CONNECTION_FAILED" in text:
        code = next((w for w in text.split() if w.startswith("net::ERR_")), "a proxy error")
        return VisitError(f"{url}: the proxy could not be reached or refused the connection "
                          f"({code}); is it running, and is --privacy-proxy (or the spec's "
                          "context.proxy) right?")
    if "ERR_TOO_MANY_REDIRECTS" in text:
        return VisitError(f"{url}: redirect loop (net::ERR_TOO_MANY_REDIRECTS).")
    return VisitError(f"{url} could not be loaded: {first_line(exc)}")


async def navigate(page: Page, url: str, recorder: Recorder, cfg: PrivacyConfig,
                    follow_redirects: bool = False) -> Response | None:
    try:
        response = await page.goto(url, wait_until="load", timeout=cfg.timeout_ms)
    except PlaywrightError as exc:
        raise navigation_error(url, exc, cfg, recorder) from None
    landed = page.url
    if not follow_redirects and landed.startswith(("http://", "https://")) and \
            registrable_domain(host_of(landed)) != registrable_domain(host_of(url)):
        raise VisitError(f"{url} redirected to another site, {landed}; checks about {url} would "
                         "judge someone else's page. Set 'site.follow_redirects: true' to check "
                         "where it lands.")
    if response is None:
        return None
    if response.status >= 400:
        # a bot challenge answers 403 or 503 as often as 200: the page says more than the status
        reason = await blocked(page, response.status)
        if reason:
            raise InconclusiveError(reason)
        if response.status == 401:
            raise VisitError(await login_refused(url, response, recorder.login))
        raise VisitError(f"{url} answered HTTP {response.status} {response.status_text}; "
                         "the page itself must load for its checks to mean anything.")
    return response


async def login_refused(url: str, response: Response, login: str | None) -> str:
    """A 401: the site wants HTTP credentials, or refused the ones given."""
    try:
        challenge = await response.header_value("www-authenticate")
    except PlaywrightError:
        challenge = None
    asks = f" ({'WWW-Authenticate: ' + challenge})" if challenge else ""
    if login is None:
        return (f"{url} answered HTTP 401 Unauthorized{asks}: the site wants a login. Give "
                "the user name and the environment variable that holds the password with "
                "--privacy-http-credentials USER:ENVVAR or the spec's context.http_credentials "
                "{username, password_env}.")
    return (f"{url} answered HTTP 401 Unauthorized{asks} although the browser gave the "
            f"credentials of {login!r}: the site refused them; check the user name and the "
            "password in the environment variable (--privacy-http-credentials or the spec's "
            "context.http_credentials).")


async def blocked(page: Page, status: int | None) -> str | None:
    try:
        title = await page.title()
        facts = await page.main_frame.evaluate(PAGE_FACTS)
    except PlaywrightError:
        return None
    return looks_blocked(title, str(facts["text"]), str(facts["html"]), int(facts["elements"]),
                         status)
