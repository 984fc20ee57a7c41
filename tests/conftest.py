import pytest
from django.core.management import call_command


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
