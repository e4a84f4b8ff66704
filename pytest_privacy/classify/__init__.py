"""Classification of cookies, requests and storage into the spec's categories."""

from pytest_privacy.classify.classifier import Classifier, Verdict
from pytest_privacy.classify.party import host_of, is_third_party, registrable_domain

__all__ = ["Classifier", "Verdict", "host_of", "is_third_party", "registrable_domain"]
