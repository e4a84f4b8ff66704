"""Consent managers: find the banner and operate it as a visitor would."""

from pytest_privacy.consent.operate import (
    categories,
    observe_banner,
    perform_consent,
    read_state,
)

__all__ = ["categories", "observe_banner", "perform_consent", "read_state"]
