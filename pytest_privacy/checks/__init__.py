"""Checks: pure functions from Evidence to Findings, one check kind per `expect:` key."""

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.kind import CheckKind, Kinds, builtin_kinds, run_expectations
from pytest_privacy.needs import Needs

__all__ = ["CheckContext", "CheckKind", "Finding", "Kinds", "Needs", "builtin_kinds",
           "run_expectations"]
