"""Classification of cookies, requests and storage into the spec's categories."""

from pytest_privacy.classify.classifier import UNKNOWN, Classifier
from pytest_privacy.classify.cookiedb import load_cookie_db
from pytest_privacy.classify.filters import load_filter_list, parse_filter_list_option
from pytest_privacy.classify.knowledge import Knowledge, Verdict
from pytest_privacy.classify.party import host_of, is_third_party, registrable_domain
from pytest_privacy.classify.user import load_user_knowledge
from pytest_privacy.taxonomy import TAXONOMY

__all__ = [
    "TAXONOMY",
    "UNKNOWN",
    "Classifier",
    "Knowledge",
    "Verdict",
    "host_of",
    "is_third_party",
    "load_cookie_db",
    "load_filter_list",
    "load_user_knowledge",
    "parse_filter_list_option",
    "registrable_domain",
]
