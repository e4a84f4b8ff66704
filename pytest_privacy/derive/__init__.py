"""`pytest-privacy derive POLICY`: a draft spec from a privacy policy's own sentences."""

from pytest_privacy.derive.draft import Derived, derive
from pytest_privacy.derive.source import Document, read_policy

__all__ = ["Derived", "Document", "derive", "read_policy"]
