"""pytest-privacy: a privacy policy's promises as pytest checks in a real browser."""

__version__ = "0.1.0"
