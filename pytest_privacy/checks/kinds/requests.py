"""requests: none_of, only (categories), absent, present (names; re: for a regex) over the requests
of the visit that count for its state."""

from pytest_privacy.checks.inventory import inventory_kind

KIND = inventory_kind("requests", "Rules over the requests observed.")
