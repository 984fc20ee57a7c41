import pytest
from django.core.cache import cache
from django.core.management import call_command
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
    """The eight listed agreements, loaded as a deployment loads them."""
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
