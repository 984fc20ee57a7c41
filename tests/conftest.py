from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from tests import properties  # noqa: F401  (loads the hypothesis profile before any test is collected)
from tests.admin_helpers import make_superuser, sign_in


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def listed_agreements(db):
    """The eight listed agreements, loaded as a deployment loads them: committed (what waits for the commit, as
    the data version does, runs here; the test's own transaction never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_directory", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty page cache (the local-memory one outlives tests; Redis too)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_afterwards(settings):
    """The test client leaves the last page's language active in the test's thread: the next test starts in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def admin_client(db, client):
    """A test client signed in as a superuser the way every admin test signs in (pytest-django's, overridden)."""
    sign_in(client, make_superuser())
    return client


# Tests whose outcome does not depend on the database engine or the cache backend: the browser tests, the
# HTML, picture, catalogue and language checks, the date parser, the settings and the tools' own parsers.
# CI runs them once, on SQLite, and leaves them out of its PostgreSQL and Redis runs (.ci/run:
# `-m "not engine_independent"`); `make test` runs everything.
ENGINE_INDEPENDENT = [
    "browser",
    "test_valid_html.py",
    "test_catalogues.py",
    "test_natural_text.py",
    "test_translations.py",
    "test_pictures.py",
    "test_sharing.py",
    "test_dates.py",
    "test_settings.py",
    "test_bench.py",
    "test_cluster_check.py",
    "test_layers.py",
]
_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        relative = item.path.relative_to(_TESTS)
        if relative.parts[0] in ENGINE_INDEPENDENT:
            item.add_marker(pytest.mark.engine_independent)
