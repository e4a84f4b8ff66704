"""Errors the plugin reports to users: each says what is wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path


class PrivacyError(Exception):
    """Base of every error the plugin shows as a sentence instead of a traceback."""


class SpecError(PrivacyError):
    """One or more problems in a spec file, each with its line."""

    def __init__(self, path: Path, problems: list[tuple[int | None, str]]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = []
        for line, text in self.problems:
            place = f"{self.path}:{line}" if line else f"{self.path}"
            lines.append(f"{place}: {text}")
        return "\n".join(lines)


class ConfigError(PrivacyError):
    """A command-line option or ini value that cannot be used."""


class BrowserError(PrivacyError):
    """No browser could be launched or connected to."""


class VisitError(PrivacyError):
    """A page visit that could not be completed; its items are errors, never passes."""


class InconclusiveError(VisitError):
    """The page was reached but cannot be judged (a bot wall, an empty page): an error that
    says so, never a pass and never a failure of the site."""

    def __str__(self) -> str:
        return f"inconclusive: {super().__str__()}"


def first_line(exc: BaseException, default: str | None = None) -> str:
    """The first line of an exception's text (Playwright's messages run on for pages)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else (default or type(exc).__name__)
