"""Checks: pure functions from Evidence to Findings, looked up by their spec key."""

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.registry import CHECKS, PENDING, run_expectations

__all__ = ["CHECKS", "PENDING", "CheckContext", "Finding", "run_expectations"]
