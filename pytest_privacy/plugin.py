"""pytest wiring only: options, spec collection, the session's visits."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_privacy.browser.runner import Visits
from pytest_privacy.collect import VISITS_KEY, PrivacyFile
from pytest_privacy.errors import ConfigError
from pytest_privacy.options import add_options, read_config

SPEC_SUFFIXES = (".yaml", ".yml")
SPECS_KEY = pytest.StashKey[tuple[Path, ...]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "privacy: a check from a pytest-privacy spec")
    try:
        cfg = read_config(config)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    specs = []
    for path in cfg.specs:
        if not path.exists():
            raise pytest.UsageError(f"--privacy-spec {path}: no such file or folder; "
                                    "pass the path of a spec file or a folder of specs.")
        specs.append(path.resolve())
    config.stash[SPECS_KEY] = tuple(specs)
    try:
        config.stash[VISITS_KEY] = Visits(cfg)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    if specs:
        _add_to_args(config, specs)


def _add_to_args(config: pytest.Config, specs: list[Path]) -> None:
    """Collect the specs: instead of the default test paths, or beside explicit ones."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args = [str(p) for p in specs]
        return
    given = [Path(a.split("::")[0]).resolve() for a in config.args]
    for spec in specs:
        if not any(spec == g or g in spec.parents for g in given):
            config.args.append(str(spec))


def _is_spec(config: pytest.Config, path: Path) -> bool:
    if path.name.endswith((".privacy.yaml", ".privacy.yml")):
        return True
    if path.suffix not in SPEC_SUFFIXES:
        return False
    resolved = path.resolve()
    return any(resolved == spec or spec in resolved.parents
               for spec in config.stash.get(SPECS_KEY, ()))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PrivacyFile | None:
    if _is_spec(parent.config, file_path):
        return PrivacyFile.from_parent(parent, path=file_path)
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line on the visits behind the items: how many, how long, how many failed."""
    visits = terminalreporter.config.stash.get(VISITS_KEY, None)
    if visits is None or not visits.outcomes:
        return
    outcomes = list(visits.outcomes.values())
    seconds = sum(o.seconds for o in outcomes)
    errors = sum(1 for o in outcomes if o.error is not None)
    slowest = max(visits.outcomes.items(), key=lambda pair: pair[1].seconds)
    terminalreporter.write_line(
        f"privacy: {len(outcomes)} page visits in {seconds:.1f} s (mean "
        f"{seconds / len(outcomes):.1f} s, slowest {slowest[1].seconds:.1f} s: "
        f"{slowest[0].url} {slowest[0].state.label}); {errors} could not be completed")
    for key, outcome in visits.outcomes.items():
        if outcome.evidence is not None and outcome.evidence.tries > 1:
            terminalreporter.write_line(f"privacy: flaky visit {key.url} {key.state.label}: "
                                        f"{outcome.evidence.problems['retried']}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    visits = session.config.stash.get(VISITS_KEY, None)
    if visits is not None:
        visits.close()
