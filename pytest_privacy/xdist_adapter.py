"""What pytest-privacy reads of pytest-xdist beyond its public API, in one place.

xdist's scheduler protocol is public, but scope scheduling is extended only by overriding its
private methods, and a worker's queue of items is private to its worker loop. Everything of
that is named here, and tests/test_xdist_adapter.py asserts on the installed xdist that each
still exists with the shape used here: a new xdist that changes one fails that test, instead of
quietly scheduling worse (`XDIST_PRIVATE` lists them).

The rest of the plugin (distribute.py) sees only public names: `ScopeScheduling.scope_of`,
`refill`, `pending_items`, `pending_units`, `assign_next`, and `worker_queue(config)`."""

from __future__ import annotations

from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

# (owner, name, kind, parameters): kind "method" (the parameters of its signature), "field"
# (set by __init__), "context" (a method used as a context manager yielding a sequence).
XDIST_PRIVATE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("LoadScopeScheduling", "_split_scope", "method", ("self", "nodeid")),
    ("LoadScopeScheduling", "_reschedule", "method", ("self", "node")),
    ("LoadScopeScheduling", "_assign_work_unit", "method", ("self", "node")),
    ("LoadScopeScheduling", "_pending_of", "method", ("self", "workload")),
    ("LoadScopeScheduling", "workqueue", "field", ()),
    ("LoadScopeScheduling", "assigned_work", "field", ()),
    ("WorkerController", "shutting_down", "field", ()),
    ("WorkerController", "shutdown", "method", ("self",)),
    ("WorkerInteractor", "torun", "field", ()),
    ("WorkerInteractor", "nextitem_index", "field", ()),
    ("TestQueue", "lock", "context", ("self",)),
)


class ScopeScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """xdist's scope scheduling through public names: a subclass overrides `scope_of` (the
    work unit of a node id) and `refill` (give a worker more work units, or shut it down)."""

    def scope_of(self, nodeid: str) -> str:
        return str(LoadScopeScheduling._split_scope(self, nodeid))

    def refill(self, node: Any) -> None:
        LoadScopeScheduling._reschedule(self, node)

    def has_queued_units(self) -> bool:
        return bool(self.workqueue)

    def pending_items(self, node: Any) -> int:
        """Items sent to `node` and not finished."""
        return int(self._pending_of(self.assigned_work.get(node, {})))

    def pending_units(self, node: Any) -> int:
        """Work units sent to `node` with an item not finished."""
        work: dict[str, dict[str, bool]] = self.assigned_work.get(node, {})
        return sum(1 for unit in work.values() if not all(unit.values()))

    def assign_next(self, node: Any) -> None:
        """Send the next queued work unit to `node`."""
        self._assign_work_unit(node)

    # xdist's private names, overridden here only
    def _split_scope(self, nodeid: str) -> str:
        return self.scope_of(nodeid)

    def _reschedule(self, node: Any) -> None:
        self.refill(node)


def worker_queue(config: pytest.Config) -> list[int]:
    """In an xdist worker: the indices (into session.items) of the items the controller has
    sent and the worker has not started, in the order it will run them. Read from xdist's
    worker loop (WorkerInteractor.torun): empty when it cannot be read, and then the worker
    makes one visit at a time."""
    for _, plugin in config.pluginmanager.list_name_plugin():
        queue, lock = getattr(plugin, "torun", None), None
        if queue is not None and hasattr(plugin, "nextitem_index"):
            lock = getattr(queue, "lock", None)
        if lock is None:
            continue
        try:
            with lock() as pending:
                rest = list(pending)
        except (TypeError, RuntimeError, AttributeError):  # another xdist's queue: no look-ahead
            return []
        nxt = getattr(plugin, "nextitem_index", None)
        return [i for i in [nxt, *rest] if isinstance(i, int)]
    return []
