"""What the plugin reads of pytest-xdist's internals (xdist_adapter.py) still exists, with the
shape used, on the installed xdist. No skip: a new xdist that changes one fails here."""

from __future__ import annotations

import inspect
from collections import OrderedDict
from types import SimpleNamespace
from typing import Any

import execnet
from xdist import remote
from xdist.scheduler import LoadScopeScheduling
from xdist.workermanage import WorkerController

from pytest_privacy.xdist_adapter import XDIST_PRIVATE, ScopeScheduling, worker_queue

OWNERS: dict[str, type] = {"LoadScopeScheduling": LoadScopeScheduling,
                           "WorkerController": WorkerController,
                           "WorkerInteractor": remote.WorkerInteractor,
                           "TestQueue": remote.TestQueue}


class FakeNode:
    def __init__(self) -> None:
        self.sent: list[list[int]] = []
        self.shutting_down = False

    def send_runtest_some(self, indices: list[int]) -> None:
        self.sent.append(indices)


class FakePluginManager:
    def __init__(self) -> None:
        self.plugins: list[tuple[str, Any]] = []

    def register(self, plugin: Any, name: str | None = None) -> None:
        self.plugins.append((name or str(id(plugin)), plugin))

    def list_name_plugin(self) -> list[tuple[str, Any]]:
        return self.plugins


def _scheduler() -> ScopeScheduling:
    config = SimpleNamespace(getvalue=lambda name: ["popen"] if name == "tx" else None)
    return ScopeScheduling(config)


def _interactor() -> tuple[Any, Any]:
    manager = FakePluginManager()
    config = SimpleNamespace(workerinput={"workerid": "gw0", "testrunuid": "x"},
                             option=SimpleNamespace(debug=False), pluginmanager=manager)
    channel = SimpleNamespace(gateway=SimpleNamespace(
        execmodel=execnet.gateway_base.get_execmodel("thread")))
    return remote.WorkerInteractor(config, channel), config


def test_every_private_name_exists_with_its_shape() -> None:
    instances: dict[str, Any] = {"LoadScopeScheduling": _scheduler(),
                                 "WorkerInteractor": _interactor()[0]}
    for owner, name, kind, params in XDIST_PRIVATE:
        cls = OWNERS[owner]
        where = f"xdist {owner}.{name}"
        if kind == "field":
            instance = instances.get(owner)
            found = hasattr(instance, name) if instance is not None else isinstance(
                inspect.getattr_static(cls, name, None), property)
            assert found, f"{where} is gone: update pytest_privacy/xdist_adapter.py"
            continue
        member = inspect.getattr_static(cls, name, None)
        assert callable(member), f"{where} is gone: update pytest_privacy/xdist_adapter.py"
        assert tuple(inspect.signature(member).parameters) == params, \
            f"{where} changed its parameters: update pytest_privacy/xdist_adapter.py"


def test_the_scheduler_reads_and_assigns_through_xdist() -> None:
    sched = _scheduler()
    node = FakeNode()
    sched.registered_collections[node] = ["a::x", "a::y", "b::z"]
    sched.workqueue = OrderedDict([("a", {"a::x": False, "a::y": False}),
                                   ("b", {"b::z": False})])
    assert sched.has_queued_units() and sched.pending_items(node) == 0
    sched.assign_next(node)
    assert node.sent == [[0, 1]]
    assert sched.pending_items(node) == 2 and sched.pending_units(node) == 1
    sched.assigned_work[node]["a"]["a::x"] = True
    assert sched.pending_items(node) == 1
    # xdist calls the private names; they reach the public ones
    assert sched._split_scope("a/b.py::test_x") == "a/b.py"


def test_worker_queue_reads_the_worker_loop() -> None:
    interactor, config = _interactor()
    for index in (3, 4, 5):
        interactor.torun.put(index)
    interactor.nextitem_index = 2
    assert worker_queue(config) == [2, 3, 4, 5]
