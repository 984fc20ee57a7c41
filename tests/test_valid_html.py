"""Every page template is valid HTML in each language, as the Nu Html Checker (npm's vnu-jar, run on Java) sees it."""

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.defaults import server_error

from directory.models import Partnership

from .factories import ContactFactory
from .pages import PAGES

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.usefixtures("listed_agreements")
def test_every_page_template_is_valid_html(client, settings, tmp_path):
    settings.DEBUG = False  # the 404 page in the site's look
    ContactFactory(partnership=Partnership.objects.get(slug="stavanger-ningbo"), phone="+47 51 50 70 90")
    files = {}
    for prefix in ("", "/nb", "/zh-hans"):
        for name, url in PAGES.items():
            path = tmp_path / f"{len(files)}.html"
            path.write_bytes(client.get(prefix + url).content)
            files[f"file:{path}"] = f"{prefix}{name}"
    path = tmp_path / "500.html"
    path.write_bytes(server_error(RequestFactory().get("/")).content)
    files[path.as_uri()] = "server error"

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *(uri[5:] for uri in files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    messages = json.loads(result.stderr)["messages"]
    errors = [f"{files.get(m.get('url'), m.get('url'))}: {m['message']} ({m.get('extract', '')!r})" for m in messages]
    assert errors == []
    assert result.returncode == 0
