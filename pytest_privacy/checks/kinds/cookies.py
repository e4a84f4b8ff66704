"""cookies: none_of, only (categories), absent, present (names; re: for a regex) over the cookies
of the visit that count for its state."""

from pytest_privacy.checks.inventory import inventory_kind

KIND = inventory_kind("cookies", "Rules over the cookies observed.")
