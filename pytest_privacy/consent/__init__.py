"""Consent managers: find the banner and operate it as a visitor would."""

from pytest_privacy.consent.operate import perform_consent

__all__ = ["perform_consent"]
