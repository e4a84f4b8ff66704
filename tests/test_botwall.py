"""The bot wall / empty page heuristic, on small hand-written pages (pure, no browser)."""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from pytest_privacy.botwall import looks_blocked

SUFFIX = ", not the site; the checks cannot judge it."


class _Page(HTMLParser):
    """What a browser would report: title, the body's visible text, elements in the body."""

    HIDDEN = {"script", "style", "noscript", "template", "title"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.text: list[str] = []
        self.elements = 0
        self._stack: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._in_body = True
            return
        if self._in_body:
            self.elements += 1
        if tag not in self.VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "title" in self._stack:
            self.title += data
        elif self._in_body and not self.HIDDEN & set(self._stack):
            self.text.append(data)


def judge(html: str, status: int | None = 200) -> str | None:
    page = _Page()
    page.feed(html)
    text = " ".join(" ".join(page.text).split())
    return looks_blocked(page.title.strip(), text, html, page.elements, status)


# ---- bot walls --------------------------------------------------------------------------

CLOUDFLARE_MANAGED = """<!DOCTYPE html><html lang="en-US"><head>
<title>Just a moment...</title>
<meta http-equiv="X-UA-Compatible" content="IE=Edge"><meta name="robots" content="noindex,nofollow">
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<h1 class="zone-name-title h1">shop.example</h1>
<h2 class="h2" id="challenge-running">Verifying you are human. This may take a few seconds.</h2>
<div id="challenge-stage"></div>
<div id="challenge-body-text" class="core-msg spacer">shop.example needs to review the security of
your connection before proceeding.</div></div></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'shop.example',cType: 'managed'};
var s=document.createElement('script');
s.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=00aa11bb22cc33dd';
document.head.appendChild(s);}());</script>
<div class="footer" role="contentinfo"><div class="footer-inner">
<div class="text-center">Ray ID: <code>00aa11bb22cc33dd</code></div>
<div class="text-center">Performance &amp; security by Cloudflare</div></div></div>
</body></html>"""

CLOUDFLARE_OLD = """<!DOCTYPE HTML><html><head><title>Just a moment...</title></head>
<body><table width="100%" height="100%"><tr><td align="center" valign="middle">
<div class="cf-browser-verification cf-im-under-attack">
<h1><span>Checking your browser before accessing</span> shop.example.</h1>
<p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
<p>Please allow up to 5 seconds&hellip;</p></div>
<div class="attribution">DDoS protection by Cloudflare<br>Ray ID: 11aa22bb33cc44dd</div>
</td></tr></table></body></html>"""

CLOUDFLARE_BLOCK = """<!DOCTYPE html><html><head>
<title>Attention Required! | Cloudflare</title></head><body>
<div id="cf-wrapper"><div id="cf-error-details" class="cf-error-details-wrapper">
<h1>Sorry, you have been blocked</h1><h2>You are unable to access shop.example</h2>
<h2>Why have I been blocked?</h2>
<p>This website is using a security service to protect itself from online attacks. The action
you just performed triggered the security solution. There are several actions that could
trigger this block including submitting a certain word or phrase, a SQL command or malformed
data. The request looked automated, or it came from a network with a poor reputation, or an
earlier request from the same address was flagged as abusive by the security rules in place.</p>
<h2>What can I do to resolve this?</h2>
<p>You can email the site owner to let them know you were blocked. Please include what you were
doing when this page came up and the Ray ID found at the bottom of this page. The owner can
then look the request up in the firewall events and decide whether it should be allowed from
now on, or whether the rule that stopped it needs to be changed for visitors like you.</p>
<p>Ray ID: 22bb33cc44dd55ee &bull; Your IP: 192.0.2.10 &bull; Performance &amp; security
by Cloudflare</p></div></div></body></html>"""

AKAMAI = """<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>

You don't have permission to access "http&#58;&#47;&#47;shop&#46;example&#47;" on this server.<P>
Reference&#32;&#35;18&#46;6f2a3c17&#46;1700000000&#46;1a2b3c4d
<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;6f2a3c17</P>
</BODY>
</HTML>"""

DATADOME = """<html lang="en"><head><title>shop.example</title>
<style>#cmsg{animation: A 1.5s;}@keyframes A{0%{opacity:0;}99%{opacity:0;}100%{opacity:1;}}</style>
</head><body style="margin:0">
<p id="cmsg">Please enable JS and disable any ad blocker</p>
<script data-cfasync="false">var dd={'rt':'c','cid':'AHrlqAAAAAMA','hsh':'0F1E2D','t':'fe',
'host':'geo.captcha-delivery.com'}</script>
<script data-cfasync="false" src="https://ct.captcha-delivery.com/c.js"></script>
</body></html>"""

PERIMETERX = """<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>Access to this page has been denied</title></head>
<body><section class="px-container"><div class="px-inner-container">
<p>Press &amp; Hold to confirm you are<br>a human (and not a bot).</p>
<div id="px-captcha"></div>
<p class="px-ref">Reference ID 4f1c2e3a-0b9d-11ee-8c90-0242ac120002</p>
</div></section>
<script src="/PXa1b2c3d4/captcha/captcha.js?a=c&amp;m=0"></script>
</body></html>"""

INCAPSULA_IFRAME = """<html style="height:100%"><head>
<meta name="ROBOTS" content="NOINDEX, NOFOLLOW">
<meta name="format-detection" content="telephone=no">
</head><body style="margin:0px;height:100%">
<iframe id="main-iframe" src="/_Incapsula_Resource?CWUDNSAI=27&amp;xinfo=8-1234-0%20"
 frameborder=0 width="100%" height="100%">Request unsuccessful. Incapsula incident ID:
 812000310012345678-12345678901234567</iframe></body></html>"""

INCAPSULA_TEXT = """<html><head><title>shop.example</title></head><body>
<p>Request unsuccessful. Incapsula incident ID: 733000520098765432-98765432109876543</p>
</body></html>"""

AWS_WAF = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title></title>
<script>window.awsWafCookieDomainList = [];
window.gokuProps = {"key":"AQIDAHj","iv":"CgAHZC","context":"bWFkZS11cA=="};</script>
<script src="https://abcdef012345.edge.sdk.awswaf.com/abcdef012345/0a1b2c3d4e5f/challenge.js">
</script></head><body>
<div id="challenge-container"></div>
<script>AwsWafIntegration.checkForceRefresh().then((r) => { if (r) window.location.reload(); });
</script>
<noscript><h1>JavaScript is disabled</h1> In order to continue, enable JavaScript.</noscript>
</body></html>"""

RECAPTCHA_WALL = """<!doctype html><html><head><title>Security check</title>
<script src="https://www.google.com/recaptcha/api.js" async defer></script></head>
<body><form method="post" action="/verify">
<p>Please verify you are a human to continue.</p>
<div class="g-recaptcha" data-sitekey="6LeTestKeyNotReal0000000000000000000000"></div>
<textarea id="g-recaptcha-response" name="g-recaptcha-response" style="display:none"></textarea>
<input type="submit" value="Continue"></form></body></html>"""


@pytest.mark.parametrize(("html", "status", "vendor", "marker"), [
    (CLOUDFLARE_MANAGED, 403, "Cloudflare", "Just a moment..."),
    (CLOUDFLARE_OLD, 503, "Cloudflare", "Just a moment..."),
    (CLOUDFLARE_BLOCK, 403, "Cloudflare", "Attention Required! | Cloudflare"),
    (AKAMAI, 403, "Akamai", "Access Denied ... Reference #"),
    (DATADOME, 403, "DataDome", "captcha-delivery.com"),
    (PERIMETERX, 403, "PerimeterX", "px-captcha"),
    (INCAPSULA_IFRAME, 200, "Imperva", "_Incapsula_Resource"),
    (INCAPSULA_TEXT, 200, "Imperva", "Incapsula incident ID"),
    (AWS_WAF, 202, "AWS WAF", "gokuProps"),
], ids=["cloudflare-managed", "cloudflare-iuam", "cloudflare-block", "akamai", "datadome",
        "perimeterx", "incapsula-iframe", "incapsula-text", "aws-waf"])
def test_bot_challenges_are_named(html: str, status: int, vendor: str, marker: str) -> None:
    reason = judge(html, status)
    http = f" (HTTP {status})" if status >= 400 else ""
    article = "an" if vendor[0] in "AEIOU" else "a"
    assert reason == (f"the page looks like {article} {vendor} bot challenge{http} ('{marker}')"
                      + SUFFIX)


def test_the_reason_is_one_sentence_as_the_brief_words_it() -> None:
    assert judge(CLOUDFLARE_MANAGED, None) == (
        "the page looks like a Cloudflare bot challenge ('Just a moment...'), not the site; "
        "the checks cannot judge it.")


def test_a_challenge_without_its_title_is_still_found_by_its_markup() -> None:
    untitled = CLOUDFLARE_MANAGED.replace("<title>Just a moment...</title>", "")
    assert judge(untitled) == ("the page looks like a Cloudflare bot challenge "
                               "('needs to review the security of your connection')" + SUFFIX)
    bare = untitled.replace("needs to review", "must check")
    assert judge(bare) == "the page looks like a Cloudflare bot challenge ('cf_chl_')" + SUFFIX
    ellipsis = CLOUDFLARE_MANAGED.replace("Just a moment...", "Just a moment\u2026")
    assert judge(ellipsis) == judge(CLOUDFLARE_MANAGED)


def test_a_captcha_alone_on_a_bare_page_is_a_wall() -> None:
    assert judge(RECAPTCHA_WALL) == ("the page looks like a reCAPTCHA wall ('verify you are a "
                                     "human')" + SUFFIX)


@pytest.mark.parametrize("html", [
    "<!doctype html><html><head><title>Shop</title></head><body></body></html>",
    "<html><head><title>Shop</title><script src=/app.js></script></head><body>"
    "<div id=root></div><script src=/static/js/main.3f2a.js></script></body></html>",
    "<html><body>\n   \n<div> </div><div>&nbsp;</div></body></html>",
], ids=["empty-body", "spa-shell", "whitespace"])
def test_an_empty_page_is_not_the_site(html: str) -> None:
    reason = judge(html)
    assert reason is not None and reason.startswith("the page is empty (no visible text, ")
    assert reason.endswith("in its body): it did not render, or was blocked; the checks "
                           "cannot judge it.")


def test_the_empty_reason_counts_elements() -> None:
    assert looks_blocked("", "", "<html><body></body></html>", 0, 200) == (
        "the page is empty (no visible text, no element in its body): it did not render, or "
        "was blocked; the checks cannot judge it.")
    assert looks_blocked("", " \n ", "<body><div></div></body>", 1, 500) == (
        "the page is empty (HTTP 500) (no visible text, 1 element in its body): it did not "
        "render, or was blocked; the checks cannot judge it.")


# ---- normal pages -----------------------------------------------------------------------

SHORT_PAGE = """<!doctype html><html><head><title>Corner Bakery</title></head><body>
<h1>Corner Bakery</h1><p>Fresh bread every morning from seven.</p></body></html>"""

CONTACT_FORM = """<!doctype html><html><head><title>Contact us</title>
<script src="https://www.google.com/recaptcha/api.js" async defer></script></head><body>
<h1>Contact us</h1><p>Questions about an order? Write to us and we answer within a day.</p>
<form method="post" action="/contact">
<label>Email <input type="email" name="email"></label>
<label>Message <textarea name="message"></textarea></label>
<p>Please confirm you are not a robot.</p>
<div class="g-recaptcha" data-sitekey="6LeTestKeyNotReal0000000000000000000000"></div>
<button>Send</button></form></body></html>"""

LOGIN_WITH_HCAPTCHA = """<!doctype html><html><head><title>Sign in</title>
<script src="https://js.hcaptcha.com/1/api.js" async defer></script></head><body>
<form action="/session" method="post"><h1>Sign in</h1>
<input name="user" placeholder="Email"><input type="password" name="pw">
<div class="h-captcha" data-sitekey="10000000-ffff-ffff-ffff-000000000001"></div>
<p>Security check: tick the box.</p><button>Sign in</button></form></body></html>"""

ARTICLE = """<!doctype html><html><head><title>Why our crawler saw "Just a moment..."</title>
</head><body><article><h1>Why our crawler saw "Just a moment..."</h1>
<p>Last week our nightly privacy run failed on three sites. The screenshots all showed the same
grey page with the title "Just a moment..." and the line "Checking your browser before
accessing", which is what Cloudflare shows while it decides whether a visitor is a bot. Other
vendors have their own versions: Akamai answers "Access Denied" with a Reference #, Imperva
serves an iframe pointing at _Incapsula_Resource, PerimeterX asks you to Press &amp; Hold a
button inside a div called px-captcha, and DataDome loads its puzzle from
captcha-delivery.com.</p>
<pre><code>window._cf_chl_opt = {cType: 'managed'}  // cf-chl- markers in the page source
/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1</code></pre>
<p>None of these pages is the site we meant to test, so a check that passes on one of them
proves nothing. We now treat such visits as inconclusive and ask the site owner to allow our
runner's address, which is the only fix that lasts. Headless flags and user agent tricks only
move the problem to next week.</p></article></body></html>"""

CLOUDFLARE_FRONTED = """<!doctype html><html><head><title>Garden tools</title></head><body>
<h1>Garden tools</h1><p>Spades, rakes and shears, made to last.</p>
<script>(function(){window.__CF$cv$params={r:'33cc44dd55ee66ff',t:'MTcwMDAwMDAwMA=='};
var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';
document.getElementsByTagName('head')[0].appendChild(a);})();</script></body></html>"""

AWS_SDK_PAGE = """<!doctype html><html><head><title>Tickets</title>
<script src="https://abcdef012345.edge.sdk.awswaf.com/abcdef012345/0a1b2c3d4e5f/challenge.js">
</script></head><body><h1>Concert tickets</h1>
<p>Choose a date below to see the seats that are still free for the summer season.</p>
</body></html>"""

MEMBERS_DENIED = """<!doctype html><html><head><title>Access denied</title></head><body>
<h1>Access denied</h1><p>Sign in to read members-only recipes.</p></body></html>"""


@pytest.mark.parametrize("html", [
    SHORT_PAGE, CONTACT_FORM, LOGIN_WITH_HCAPTCHA, ARTICLE, CLOUDFLARE_FRONTED, AWS_SDK_PAGE,
    MEMBERS_DENIED,
    "<html><body><img src=/coming-soon.png alt=''></body></html>",
    "<html><body><iframe src=https://app.example/ width=100% height=100%></iframe></body></html>",
    "<html><body><p>42</p></body></html>",
], ids=["short-page", "contact-form-recaptcha", "login-hcaptcha", "article-about-walls",
        "cloudflare-fronted-site", "aws-waf-sdk", "members-access-denied", "image-only",
        "iframe-wrapper", "a-number"])
def test_normal_pages_are_not_flagged(html: str) -> None:
    assert judge(html) is None


def test_only_the_first_200_kb_of_html_is_read_and_it_stays_cheap() -> None:
    text = "A long catalogue page. " * 50_000  # 1.1 MB of text
    html = ("<html><body><p>" + "x" * 300_000 + "</p><div id=px-captcha></div></body></html>")
    started = time.monotonic()
    for _ in range(20):
        assert looks_blocked("Catalogue", "Loading", html, 3, 200) is None
        assert looks_blocked("Catalogue", text, html * 5, 50_000, 200) is None
    assert time.monotonic() - started < 5  # a sanity bound, not a benchmark
