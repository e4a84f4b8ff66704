#!/usr/bin/env bash
# Refreshes the Open Cookie Database shipped in pytest_privacy/classify/ from the upstream
# repository (a maintainer's step before a release; the plugin never fetches it at run time).
#   scripts/refresh-cookie-db.sh            # the newest commit of the default branch
#   scripts/refresh-cookie-db.sh COMMIT     # a given commit (40 hex digits), for a pinned refresh
# The new file is checked with the plugin's own loader before it replaces the old one, and the
# NOTICE records the commit, the date and the number of entries. Review the diff, run
# `pytest tests/test_classify_db.py tests/test_classify_sdks.py`, and commit.
set -euo pipefail
cd "$(dirname "$0")/.."

repo=jkwakman/Open-Cookie-Database
ref=${1:-}
dest=pytest_privacy/classify
python=${PYTHON:-.venv/bin/python}
if [ -z "$ref" ]; then
    ref=$(curl -fsSL "https://api.github.com/repos/$repo/commits/HEAD" |
          "$python" -c 'import json,sys; print(json.load(sys.stdin)["sha"])')
fi
case "$ref" in
    *[!0-9a-f]*|"") echo "refresh-cookie-db: '$ref' is not a commit id" >&2; exit 1 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "refresh-cookie-db: fetching $repo at $ref"
curl -fsSL -o "$tmp/open-cookie-database.csv" \
    "https://raw.githubusercontent.com/$repo/$ref/open-cookie-database.csv"
curl -fsSL -o "$tmp/LICENSE" "https://raw.githubusercontent.com/$repo/$ref/LICENSE"
grep -q "Apache License" "$tmp/LICENSE" || {
    echo "refresh-cookie-db: the upstream licence is no longer Apache-2.0; not refreshed" >&2
    exit 1
}
count=$("$python" - "$tmp/open-cookie-database.csv" <<'PY'
import sys
from pytest_privacy.classify.cookiedb import load_cookie_db
print(len(load_cookie_db(sys.argv[1]).cookies))
PY
)
cp "$tmp/open-cookie-database.csv" "$dest/open-cookie-database.csv"
cp "$tmp/LICENSE" "$dest/open-cookie-database.LICENSE"
cat > "$dest/open-cookie-database.NOTICE" <<NOTICE
Open Cookie Database
Copyright the Open Cookie Database contributors (https://github.com/$repo)
Licensed under the Apache License, Version 2.0 (open-cookie-database.LICENSE beside this file).

pytest-privacy ships open-cookie-database.csv unmodified, as a built-in classification source.
Source: the repository $repo, file open-cookie-database.csv,
commit $ref ($(date -u +%Y-%m-%d)), $count entries.
Refresh it with scripts/refresh-cookie-db.sh (never fetched at run time).
NOTICE
echo "refresh-cookie-db: $count entries written to $dest/open-cookie-database.csv"
