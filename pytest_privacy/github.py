"""GitHub Actions annotations for broken claims: one `::error file=…,line=…,title=…::…` line
per failed or errored item, which GitHub shows on the spec's line in the job summary and the
pull request. Pure: from the verdicts to lines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from pytest_privacy.sarif import Verdict, message


def annotations_wanted(mode: str, environ: Mapping[str, str]) -> bool:
    """--privacy-github-annotations: auto (when GITHUB_ACTIONS=true), on, off."""
    if mode == "auto":
        return environ.get("GITHUB_ACTIONS") == "true"
    return mode == "on"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(verdict: Verdict, base: Path) -> str:
    """One workflow command; `file` is relative to `base` (the workspace) when inside it."""
    try:
        file = verdict.path.relative_to(base).as_posix()
    except ValueError:
        file = str(verdict.path)
    props = [f"file={_property(file)}"]
    if verdict.line:
        props.append(f"line={verdict.line}")
    props.append(f"title={_property(verdict.name)}")
    return f"::error {','.join(props)}::{_data(message(verdict))}"


def annotation_lines(verdicts: Iterable[Verdict], base: Path) -> list[str]:
    return [annotation(verdict, base) for verdict in verdicts]
