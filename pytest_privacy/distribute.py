"""pytest-xdist: the items of one visit go to one worker, so no page is visited twice.

xdist's controller does not collect; it only sees node ids. For a node id of a spec item
(`path/spec.yaml::check[page]`) it reads the spec (load + validate, no browser) and computes
the item's visit exactly as collection does; items with the same visit form one work unit
of xdist's scope scheduling (a GPC visit joins the visit it is compared with). Other tests
are scheduled as `--dist loadgroup` does (their `xdist_group` name, or on their own).

This scheduler is the one place where the items of a visit are grouped: spec items carry no
`xdist_group` marker. What it reads of xdist's internals is in xdist_adapter.py."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pytest_privacy.collect import VISITS_KEY, baseline_key, visit_group, visit_key
from pytest_privacy.errors import SpecError
from pytest_privacy.spec import Spec, load_spec
from pytest_privacy.xdist_adapter import ScopeScheduling

MODES = ("load", "loadgroup")


class VisitScheduling(ScopeScheduling):
    """Scope scheduling whose scope of a spec item is its visit."""

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        self.rootpath = config.rootpath
        visits = config.stash.get(VISITS_KEY, None)  # its options, as read in the controller
        self.ahead = visits.cfg.concurrency if visits is not None else 1
        self.base_url: str | None = config.getoption("base_url", None) or \
            config.getini("base_url") or None

    def refill(self, node: Any) -> None:
        """xdist's rule (more work when a worker has two tests or fewer left), and beyond it:
        keep as many visits on a worker as it may make at once (--privacy-concurrency), so
        that it sees the next ones while it makes the first (Visits.look_ahead)."""
        if node.shutting_down:
            return
        if not self.has_queued_units():
            node.shutdown()
            return
        while self.has_queued_units() and (self.pending_items(node) <= 2
                                           or self.pending_units(node) < self.ahead):
            self.assign_next(node)

    def scope_of(self, nodeid: str) -> str:
        group = self.group_of(nodeid)
        if group is not None:
            return group
        if nodeid.rfind("@") > nodeid.rfind("]"):
            return nodeid.split("@")[-1]
        return nodeid

    def group_of(self, nodeid: str) -> str | None:
        path, _, name = nodeid.partition("::")
        if not path.endswith((".yaml", ".yml")) or "[" not in name or not name.endswith("]"):
            return None
        spec = _spec(str(self.rootpath / path))
        if spec is None:
            return None
        check_id, page = name[:-1].split("[", 1)
        check = next((c for c in spec.checks if c.id == check_id), None)
        base = self.base_url or spec.base_url
        if check is None or (not page.startswith(("http://", "https://")) and not base):
            return None
        key = visit_key(spec, check, page, base)
        return visit_group(baseline_key(key) or key)  # a GPC visit beside its comparison


@cache
def _spec(path: str) -> Spec | None:
    try:
        return load_spec(Path(path))
    except SpecError:
        return None  # the workers report it as a collection error


class XdistHooks:
    """Registered only when pytest-xdist is installed (its hook is optional)."""

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config,
                                    log: Any) -> VisitScheduling | None:
        if config.getvalue("dist") in MODES:
            return VisitScheduling(config, log)
        return None

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """A worker's visits and verdicts, for the controller's summary and HTML report."""
        from pytest_privacy.plugin import receive_worker_part

        receive_worker_part(node.config, getattr(node, "workeroutput", {}))
