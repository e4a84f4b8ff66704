"""The settle rule on real-site habits: a fetch whose answer the page never reads is done once
answered (it never "finishes" for Playwright), and a page that is never quiet is still ended
by the cap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SPEC = """
version: 1
site:
  pages: ["https://{host}/"]
checks:
  - id: no-analytics
    claim: "No analytics before consent."
    expect:
      requests: {{none_of: [analytics]}}
"""

CAP_MS = 30_000


def _evidence(folder: Path) -> dict[str, Any]:
    found = [json.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.json"))]
    visits = [data for data in found if isinstance(data, dict) and "requests" in data]
    assert len(visits) == 1, [path.name for path in folder.iterdir()]
    return visits[0]


def test_unread_fetch_answers_do_not_hold_the_settle(run_spec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two fetches whose bodies are never read: before the fix the visit waited for the whole
    cap (30 s); it now settles once both are answered. Half the cap is a generous margin for
    a busy machine (the visit takes about a second)."""
    evidence = tmp_path / "evidence"
    run = run_spec(SPEC.format(host="beacon.test"), "--privacy-settle-cap", str(CAP_MS),
                   "--privacy-evidence", str(evidence))
    assert run.outcome("no-analytics[https://beacon.test/]") == "FAILED", run.text
    run.result.stdout.fnmatch_lines(["*google-analytics.com/g/collect?v=2&fetch=1*"])
    data = _evidence(evidence)
    assert data["settled"] is True
    assert data["timings"]["initial_ms"] < CAP_MS / 2, data["timings"]
    assert data["timings"]["visit_ms"] < CAP_MS / 2, data["timings"]
    statuses = {request["url"]: request["status"] for request in data["requests"]}
    assert statuses["https://beacon.test/api/ping.json"] == 200
    beacon = "https://www.google-analytics.com/g/collect?v=2&fetch=1"
    assert beacon in statuses  # the beacon is in the evidence (no-cors: an opaque answer)
    assert not any(request.get("failure") for request in data["requests"]), data["requests"]


def test_a_page_never_quiet_is_ended_by_the_cap(run_spec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The server holds the long poll for a minute: the cap (1.5 s) ends the wait, the visit
    says it did not settle, and what was seen until then is judged."""
    evidence = tmp_path / "evidence"
    run = run_spec(SPEC.format(host="longpoll.test"), "--privacy-settle-cap", "1500",
                   "--privacy-evidence", str(evidence))
    assert run.outcome("no-analytics[https://longpoll.test/]") == "PASSED", run.text
    data = _evidence(evidence)
    assert data["settled"] is False
    assert data["timings"]["visit_ms"] < 30_000, data["timings"]  # not the minute's hold
    poll = [r for r in data["requests"] if r["url"] == "https://longpoll.test/poll"]
    assert poll and poll[0]["status"] is None, poll
