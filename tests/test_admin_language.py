"""The admin in the editor's language: chosen in its header, or else the browser's; public pages keep theirs."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_between_requests():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.mark.parametrize(
    ("accept_language", "username_label", "content_language"),
    [
        ("", "Username:", "en"),
        ("nb-NO,nb;q=0.9,en;q=0.5", "Brukernavn:", "nb"),
        ("zh-CN,zh;q=0.9", "用户名:", "zh-hans"),
    ],
)
def test_the_login_page_follows_the_browser_language(client, accept_language, username_label, content_language):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200
    assert username_label in response.text
    assert response["Content-Language"] == content_language
    assert "Accept-Language" in response["Vary"]


def test_the_language_chosen_in_the_header_wins_over_the_browser(client, admin_client):
    page = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'action="/admin/language/"' in page.text
    assert '<option value="zh-hans" lang="zh-Hans">简体中文</option>' in page.text

    chosen = admin_client.post(
        "/admin/language/", {"language": "nb", "next": reverse("admin:index")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert chosen.status_code == 302
    assert chosen["Location"] == reverse("admin:index")

    page = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Logg ut" in page.text
    assert '<option value="nb" lang="nb" selected>' in page.text


def test_the_admin_language_does_not_change_the_public_pages(client):
    client.cookies["django_language"] = "nb"

    response = client.get("/partnerships/", HTTP_ACCEPT_LANGUAGE="nb")

    assert '<html lang="en"' in response.text
