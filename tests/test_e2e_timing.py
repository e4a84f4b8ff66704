"""Timing and sharing: a late tracker is still caught, concurrent visits are each made once
and only for the items that run, a renderer that dies is an error."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import psutil
import pytest

from pytest_privacy.fixtureserver import FixtureServer

LATE_SPEC = """
version: 1
site:
  pages: ["https://late.test/"]
checks:
  - id: no-analytics
    claim: "No analytics before consent."
    expect:
      requests: {none_of: [analytics]}
"""


def test_tracker_fired_by_a_timer_after_load_is_caught(run_spec) -> None:
    """The beacon leaves 1.5 s after load, after a quiet network (the 200 ms quiet window the
    tests use ends long before): the default settle rule waits for the page's one-off timers.
    (That the quiet window alone misses it depends on the machine's speed: the benchmark
    reports it, benchmarks/visits.py.)"""
    run = run_spec(LATE_SPEC)
    assert run.outcome("no-analytics[https://late.test/]") == "FAILED", run.text
    run.result.stdout.fnmatch_lines(["*google-analytics.com/g/collect?v=2&late=1*analytics*"])


PAGES_SPEC = """
version: 1
site:
  base_url: https://pages.test
  pages: [/p1/, /p2/, /p3/, /p4/, /p5/, /p6/]
checks:
  - id: no-analytics
    claim: "No analytics before consent."
    tags: [analytics]
    expect:
      requests: {none_of: [analytics]}
  - id: no-marketing
    claim: "No advertising cookies before consent."
    expect:
      cookies: {none_of: [marketing]}
  - id: titled
    claim: "Every page says what it is."
    expect:
      text: {contains: ["one of six pages"]}
"""


def _loads(server: FixtureServer) -> dict[str, int]:
    return {f"/p{i}/": server.count("pages.test", f"/p{i}/") for i in range(1, 7)}


def test_concurrent_visits_are_made_once_each(run_spec, fixture_server: FixtureServer) -> None:
    verdicts = {}
    for concurrency in ("1", "3"):
        fixture_server.reset()
        run = run_spec(PAGES_SPEC, "--privacy-concurrency", concurrency)
        assert _loads(fixture_server) == {f"/p{i}/": 1 for i in range(1, 7)}, concurrency
        verdicts[concurrency] = run.outcomes
        run.result.stdout.fnmatch_lines(["privacy: 6 page visits in *; 0 could not be completed"])
    assert verdicts["1"] == verdicts["3"]
    assert sorted(set(verdicts["3"].values())) == ["FAILED", "PASSED"]


def test_deselected_items_cost_no_visit(run_spec, fixture_server: FixtureServer) -> None:
    fixture_server.reset()
    run = run_spec(PAGES_SPEC, "--privacy-concurrency", "4", "-k", "p1 or p2")
    assert len(run.outcomes) == 6, run.text
    assert _loads(fixture_server) == {"/p1/": 1, "/p2/": 1, "/p3/": 0, "/p4/": 0, "/p5/": 0,
                                      "/p6/": 0}


def test_a_page_that_crashes_the_renderer_is_an_error(run_spec) -> None:
    spec = LATE_SPEC.replace("https://late.test/", "https://crash.test/")
    run = run_spec(spec)
    assert run.outcome("no-analytics[https://crash.test/]") == "ERROR", run.text
    run.result.stdout.fnmatch_lines(["*visit error: the page https://crash.test/ crashed the "
                                     "browser's renderer (out of memory, or a browser bug)*"])


def test_xdist_loadgroup_keeps_each_visit_on_one_worker(run_spec,
                                                       fixture_server: FixtureServer) -> None:
    """-n 2 --dist loadgroup: the items of a visit share a worker, so no page is loaded twice,
    and the controller still lists the broken claims."""
    fixture_server.reset()
    run = run_spec(PAGES_SPEC, "-n", "2", "--dist", "loadgroup")
    assert _loads(fixture_server) == {f"/p{i}/": 1 for i in range(1, 7)}, run.text
    assert "[gw0]" in run.text and "[gw1]" in run.text
    run.result.stdout.fnmatch_lines(['"No analytics before consent." (*): 6 failed'])


QUEUE_PAGES = [f"/q{i}/" for i in range(1, 13)]
QUEUE_SPEC = PAGES_SPEC.replace("https://pages.test", "https://queue.test").replace(
    "[/p1/, /p2/, /p3/, /p4/, /p5/, /p6/]", "[" + ", ".join(QUEUE_PAGES) + "]").replace(
    "one of six pages", "one of twelve pages answered in groups")


def test_xdist_workers_overlap_their_visits(run_spec, fixture_server: FixtureServer) -> None:
    """-n 2 at the default --privacy-concurrency (2): the scheduler keeps two visits on each
    worker (xdist alone sends the next visit only when a worker is down to two items), and a
    worker starts the visits it has been sent while it waits. The twelve pages are answered
    only in groups of four held at once (or after 2.5 s): four visits under way at a time,
    all along. With only the first two visits of each worker overlapping, 4 pages would be
    gathered; one at a time per worker, none. Every page is still loaded once."""
    fixture_server.reset()
    run = run_spec(QUEUE_SPEC, "-n", "2")
    loads = {page: fixture_server.count("queue.test", page) for page in QUEUE_PAGES}
    assert loads == dict.fromkeys(QUEUE_PAGES, 1), run.text
    run.result.assert_outcomes(passed=36)
    gathered = sorted(hit.path for hit in fixture_server.gathered if hit.host == "queue.test")
    assert len(gathered) >= 8, gathered


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _left_running(processes: list[psutil.Process], seconds: float = 10) -> list[str]:
    """Those of `processes` still running after up to `seconds` (a zombie has ended)."""
    deadline = time.monotonic() + seconds
    while True:
        alive = []
        for proc in processes:
            try:
                if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                    alive.append(" ".join(proc.cmdline()))
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


@pytest.fixture
def run_server() -> Iterator[str]:
    """A local `playwright run-server`, as a grid node would run it (--unsafe: the client
    chooses the executable and passes the host map as a launch argument). The Python
    launcher starts a Node driver: both run in a session of their own, and the whole group
    is stopped at the end; nothing of it may be left running."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "playwright", "run-server", "--host",
                               "127.0.0.1", "--port", str(port), "--unsafe"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    started = [psutil.Process(server.pid)]
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert "Listening on" in line, line
        started += started[0].children(recursive=True)
        yield f"ws://127.0.0.1:{port}/"
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        server.wait(timeout=30)
        left = _left_running(started)
        assert not left, f"playwright run-server left processes running: {left}"


def test_remote_browser_server(run_spec, run_server: str, browser_path: list[str]) -> None:
    """--privacy-connect: the visits happen in the server's browser, with the host map, the
    third-party cookie policy (allowed, then blocked: a headless shell has no settings page
    and is restricted page by page) and the verdicts of a local run."""
    spec = LATE_SPEC.replace("https://late.test/", "https://tracked.test/").replace(
        "requests: {none_of: [analytics]}", "cookies: {absent: [IDE]}")
    run = run_spec(spec, "--privacy-connect", run_server, *browser_path)
    assert run.outcome("no-analytics[https://tracked.test/]") == "FAILED", run.text
    run.result.stdout.fnmatch_lines(["*cookie IDE (domain .doubleclick.net, third party)*"])
    blocked = run_spec(spec, "--privacy-connect", run_server, *browser_path,
                       "--privacy-third-party-cookies", "block")
    assert blocked.outcome("no-analytics[https://tracked.test/]") == "PASSED", blocked.text


def test_browser_servers_are_shared_out_among_workers(run_spec, run_server: str,
                                                      browser_path: list[str]) -> None:
    """--privacy-connect A,B with -n 2: gw0 uses A, gw1 uses B. A is a dead grid node here:
    the items of gw0 are errors naming it, those of gw1 get real verdicts from B."""
    dead = f"ws://127.0.0.1:{_free_port()}/"
    run = run_spec(PAGES_SPEC, "-n", "2", "--privacy-connect", f"{dead},{run_server}",
                   *browser_path)
    counts = run.result.parseoutcomes()
    assert counts.get("errors", 0) > 0 and counts.get("passed", 0) + counts.get("failed", 0) > 0, \
        run.text
    run.result.stdout.fnmatch_lines([f"*cannot connect to the Playwright browser server at "
                                     f"{dead}*"])
    assert "[gw0]" in run.text and "[gw1]" in run.text



GPC_SPEC = """version: 1
site:
  pages: ["https://gpc-ignore.test/", "https://gpc-header.test/", "https://gpc-nav.test/",
          "https://clean.test/"]
checks:
  - id: gpc-honored
    claim: "We honor Global Privacy Control signals."
    when: gpc
    expect:
      cookies: {none_of: [marketing]}
  - id: plain
    claim: "No advertising cookies before consent."
    expect:
      cookies: {none_of: [marketing]}
"""


def test_xdist_keeps_a_gpc_visit_beside_its_comparison(run_spec,
                                                      fixture_server: FixtureServer) -> None:
    """A failing GPC check is compared with the page without the signal: that visit is the
    one the before-consent items need, so the scheduler keeps both on one worker and each
    page is loaded twice (with and without GPC), never three times."""
    fixture_server.reset()
    run = run_spec(GPC_SPEC, "-n", "2")
    hosts = ["gpc-ignore.test", "gpc-header.test", "gpc-nav.test", "clean.test"]
    assert {host: fixture_server.count(host, "/") for host in hosts} == dict.fromkeys(hosts, 2), \
        run.text
    assert "[gw0]" in run.text and "[gw1]" in run.text
    run.result.stdout.fnmatch_lines(["*Without GPC*"])
