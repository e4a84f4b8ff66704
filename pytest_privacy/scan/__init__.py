"""`pytest-privacy scan URL`: one page visited in each consent state, its inventory printed,
and a draft spec written that passes against the site as it is today.

The draft is the first step of writing a spec for a new site: every expectation in it was
checked against the evidence of the scan (with the same check functions pytest runs), so it
records today's behaviour; the user replaces each TODO claim with the policy sentence it
enforces and deletes what the policy does not promise. What the scan saw that a policy would
usually forbid stays in the file, as comments beside the check it concerns."""

from __future__ import annotations

from pytest_privacy.scan.command import run
from pytest_privacy.scan.options import add_arguments

__all__ = ["add_arguments", "run"]
