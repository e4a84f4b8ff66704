"""storage: none_of, only (categories), absent, present (names; re: for a regex) over the storage
of the visit that count for its state."""

from pytest_privacy.checks.inventory import inventory_kind

KIND = inventory_kind("storage", "Rules over the storage items observed.", present=False)
