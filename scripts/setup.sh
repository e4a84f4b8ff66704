#!/usr/bin/env bash
# Installs everything pytest-privacy needs into .venv, and a Chromium if none is there:
# Playwright's own where it can be downloaded, else the system's (Debian/Ubuntu: apt).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $($python --version)"
    "$python" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "setup: installing pytest-privacy and its dependencies into .venv"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[test]"
    touch "$stamp"
fi

# The tests run one real open-source consent manager, Klaro, from the npm registry (the
# registry checks the tarball's integrity); pinned, served by the fixture server.
klaro=tests/sites/cdn.klaro.test/klaro.js
if [ -d tests/sites ] && [ ! -f "$klaro" ]; then
    if command -v npm >/dev/null 2>&1; then
        echo "setup: fetching klaro@0.7.22 from the npm registry for the tests"
        tmp=$(mktemp -d)
        (cd "$tmp" && npm pack --silent klaro@0.7.22 >/dev/null && tar xzf klaro-0.7.22.tgz)
        mkdir -p "$(dirname "$klaro")"
        cp "$tmp/package/dist/klaro.js" "$klaro"
        rm -rf "$tmp"
    else
        echo "setup: npm not found; the Klaro consent-manager test will be skipped" >&2
    fi
fi

# More real open-source consent managers from the npm registry, pinned and served unmodified
# under a vendor-like host (cdn.consent-oss.test) for the general banner engine's tests.
oss=tests/sites/cdn.consent-oss.test
fetch_oss() {  # package@version, then the files of the package to serve
    local spec=$1; shift
    local name=${spec%@*}
    local file missing=0
    for file in "$@"; do [ -e "$oss/$name/$file" ] || missing=1; done
    [ "$missing" -eq 0 ] && return 0
    echo "setup: fetching $spec from the npm registry for the tests"
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
    mkdir -p "$oss/$name"
    for file in "$@"; do
        mkdir -p "$oss/$name/$(dirname "$file")"
        cp -r "$tmp/package/$file" "$oss/$name/$file"
    done
    touch "$oss/$name/.fetched"
    rm -rf "$tmp"
}
if [ -d tests/sites ] && command -v npm >/dev/null 2>&1; then
    fetch_oss vanilla-cookieconsent@3.1.0 dist/cookieconsent.umd.js dist/cookieconsent.css
    fetch_oss tarteaucitronjs@1.34.0 tarteaucitron.js tarteaucitron.services.js \
        lang/tarteaucitron.en.js lang/tarteaucitron.it.js css/tarteaucitron.css
    fetch_oss cookieconsent@3.1.1 build/cookieconsent.min.js build/cookieconsent.min.css
    fetch_oss orejime@3.2.1 dist/orejime-standard-de.js dist/orejime-standard-en.js \
        dist/orejime-standard.css
    fetch_oss cookies-eu-banner@3.0.0 dist/cookies-eu-banner.global.js
fi

# DuckDuckGo's autoconsent rules, official package from the npm registry, for the tests of
# --privacy-autoconsent (users install it the same way; it is not bundled).
autoconsent=tests/.vendor/autoconsent
if [ -d tests/sites ] && [ ! -f "$autoconsent/package.json" ] && command -v npm >/dev/null 2>&1; then
    echo "setup: fetching @duckduckgo/autoconsent@16.23.0 from the npm registry for the tests"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent @duckduckgo/autoconsent@16.23.0 >/dev/null &&
        tar xzf duckduckgo-autoconsent-16.23.0.tgz)
    mkdir -p "$autoconsent"
    cp -r "$tmp/package/dist" "$tmp/package/rules" "$tmp/package/package.json" \
        "$tmp/package/LICENSE" "$autoconsent/"
    rm -rf "$tmp"
fi

# Real analytics, marketing and session-replay SDKs for the classification tests (and rrweb and
# posthog-js with its recorder for the session_recording tests), official
# packages from the npm registry at pinned versions, served unmodified by the fixture server
# under their vendors' own host names (tests/sites/<host>/..., gitignored). Each line:
# package@version  file in the package  where it is served.
# The last two are fingerprinting libraries for the fingerprinting tests: FingerprintJS 3.4.2
# (MIT; version 4 changed its licence) and ClientJS 0.2.1 (Apache-2.0).
sdk_files='
mixpanel-browser@2.83.0 dist/mixpanel.min.js cdn.mxpnl.com/libs/mixpanel-2-latest.min.js
posthog-js@1.449.2 dist/array.js us-assets.i.posthog.com/static/array.js
@amplitude/analytics-browser@2.48.1 lib/scripts/amplitude-min.js cdn.amplitude.com/libs/analytics-browser-2.48.1-min.js
@segment/analytics-next@1.84.3 dist/umd/standalone.js cdn.segment.com/analytics.js/v1/SEGMENTKEY1/analytics.min.js
rudder-sdk-js@2.52.21 dist/npm/index.js cdn.rudderlabs.com/v1.1/rudder-analytics.min.js
clarity-js@0.8.70 build/clarity.min.js scripts.clarity.ms/0.8.70/clarity.js
@datadog/browser-rum@7.16.2 bundle/datadog-rum.js www.datadoghq-browser-agent.com/us1/v7/datadog-rum.js
logrocket@12.4.0 dist/build.umd.js cdn.logr-in.com/LogRocket.min.js
@statsig/js-client@3.33.5 build/statsig-js-client.min.js cdn.jsdelivr.net/npm/@statsig/js-client@3.33.5/build/statsig-js-client.min.js
@snowplow/browser-tracker@4.10.1 dist/index.umd.min.js cdn.jsdelivr.net/npm/@snowplow/browser-tracker@4.10.1/dist/index.umd.min.js
@customerio/cdp-analytics-browser@0.5.11 dist/umd/standalone.js cdp.customer.io/v1/analytics-js/snippet/CIOKEY1/analytics.min.js
jquery@3.7.1 dist/jquery.min.js cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js
@fingerprintjs/fingerprintjs@3.4.2 dist/fp.min.js openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js
clientjs@0.2.1 dist/client.min.js cdnjs.cloudflare.com/ajax/libs/ClientJS/0.2.1/client.min.js
rrweb@1.1.3 dist/record/rrweb-record.min.js cdn.jsdelivr.net/npm/rrweb@1.1.3/dist/record/rrweb-record.min.js
posthog-js@1.130.2 dist/array.full.js us-assets.i.posthog.com/static/array.full.js
'
if [ -d tests/sites ] && command -v npm >/dev/null 2>&1; then
    echo "$sdk_files" | while read -r spec file dest; do
        [ -n "$spec" ] && [ ! -f "tests/sites/$dest" ] || continue
        echo "setup: fetching $spec from the npm registry for the classification tests"
        tmp=$(mktemp -d)
        (cd "$tmp" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
        mkdir -p "$(dirname "tests/sites/$dest")"
        cp "$tmp/package/$file" "tests/sites/$dest"
        rm -rf "$tmp"
    done
fi

# The browser: Playwright's own where it can be downloaded, else the system's Chromium and its
# headless shell (what headless runs launch: about a fifth of the CPU per visit).
set +e
browser=$(.venv/bin/python -m pytest_privacy.browser.provider 2>&1)
found=$?
set -e
if [ "$found" -eq 0 ]; then
    echo "setup: browser: $browser"
    exit 0
fi
if [ "$found" -eq 1 ]; then
    echo "setup: no Chromium yet; trying Playwright's own download"
    if timeout 300 .venv/bin/python -m playwright install chromium >/dev/null 2>&1; then
        echo "setup: browser: Playwright's Chromium"
        exit 0
    fi
    echo "setup: Playwright's download is not possible here; installing the system's Chromium"
else
    echo "setup: $browser; installing the system's headless shell"
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if command -v apt-get >/dev/null 2>&1; then
    $sudo apt-get update -qq
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium \
            chromium-headless-shell >/dev/null; then
        echo "setup: no chromium-headless-shell package here; the full Chromium only" >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    fi
elif command -v dnf >/dev/null 2>&1; then
    $sudo dnf install -y chromium chromium-headless || $sudo dnf install -y chromium
elif [ "$found" -eq 1 ]; then
    echo "setup: cannot install a browser on this system; install Chromium or Chrome and pass" \
         "--privacy-browser-path" >&2
    exit 1
fi
echo "setup: browser: $(.venv/bin/python -m pytest_privacy.browser.provider)"
