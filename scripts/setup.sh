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

if .venv/bin/python -m pytest_privacy.browser.provider >/dev/null 2>&1; then
    echo "setup: browser: $(.venv/bin/python -m pytest_privacy.browser.provider)"
    exit 0
fi
echo "setup: no Chromium yet; trying Playwright's own download"
if timeout 300 .venv/bin/python -m playwright install chromium >/dev/null 2>&1; then
    echo "setup: browser: Playwright's Chromium"
    exit 0
fi
echo "setup: Playwright's download is not possible here; installing the system's Chromium"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if command -v apt-get >/dev/null 2>&1; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
elif command -v dnf >/dev/null 2>&1; then
    $sudo dnf install -y chromium
else
    echo "setup: cannot install a browser on this system; install Chromium or Chrome and pass" \
         "--privacy-browser-path" >&2
    exit 1
fi
echo "setup: browser: $(.venv/bin/python -m pytest_privacy.browser.provider)"
