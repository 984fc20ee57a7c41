"""Private contacts, staff notes and drafts never leave the admin.

The test fetches every public route the resolver knows (so a feed, a
calendar, a sitemap or a CSV added later is covered), every published
partnership and place, searches for the private words, and error pages,
and looks for unique markers planted in the private fields.
"""

import uuid
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.urls import NoReverseMatch

from directory.models import Partnership, Place, Topic

from .factories import ContactFactory, MilestoneFactory, PartnershipFactory
from .public_urls import public_routes

# A word every private field contains, to search for, and the marker that must never appear.
SEARCH_WORD = "zebracorn"


@pytest.fixture
def secrets_planted(listed_agreements):
    """Unique markers in every private field, beside public data that must stay visible."""
    marker = f"leak{uuid.uuid4().hex[:12]}"
    published = Partnership.objects.get(slug="stavanger-ningbo")
    ContactFactory(
        partnership=published,
        is_public=False,
        name=f"{SEARCH_WORD} Hidden {marker}-name",
        role=f"{marker}-role",
        organisation=f"{marker}-organisation",
        email=f"{marker}@example.no",
        phone="+47 99 99 99 99",
        website=f"https://{marker}.example.no/",
        notes=f"{SEARCH_WORD} {marker}-notes on a private contact",
    )
    ContactFactory(
        partnership=published,
        is_public=True,
        name="Public Office",
        notes=f"{SEARCH_WORD} {marker}-notes on a public contact",
    )
    draft = PartnershipFactory(
        status=Partnership.Status.DRAFT,
        summary=f"{SEARCH_WORD} {marker}-draft-summary",
        source_note=f"{marker}-draft-source",
        signed_at=f"{marker}-draft-place",
    )
    MilestoneFactory(partnership=draft, text=f"{SEARCH_WORD} {marker}-draft-milestone")
    ContactFactory(partnership=draft, is_public=True, name=f"{marker}-draft-contact")
    return marker, draft


def candidate_values():
    """Every slug and primary key a route might take: published, draft and private objects alike."""
    values = set()
    for model in (Partnership, Place, Topic):
        values.update(model.objects.values_list("slug", flat=True))
        values.update(str(pk) for pk in model.objects.values_list("pk", flat=True))
    return sorted(values)


def every_public_path():
    paths = set()
    for route in public_routes():
        if not route.parameters:
            path = route.path()
            paths.add(path)
            paths.add(f"{path}?{urlencode({'q': SEARCH_WORD})}")
            paths.add(f"{path}?{urlencode({'q': SEARCH_WORD, 'page': '2'})}")
            continue
        reached = 0
        for value in candidate_values():
            try:
                paths.add(route.path(**dict.fromkeys((name for name, _is_int in route.parameters), value)))
            except NoReverseMatch:
                continue
            reached += 1
        assert reached, f"no object reaches {route.name}: teach this test its parameters"
    return sorted(paths)


def test_no_public_page_data_twin_search_or_error_page_shows_private_data(client, secrets_planted):
    marker, draft = secrets_planted
    fetched = {}
    for path in [*every_public_path(), "/no-such-page/", "/partnerships.json?signed_from=abc", "/admin/login/"]:
        response = client.get(path, follow=True)
        fetched[path] = response.status_code
        body = b"".join(response.streaming_content) if response.streaming else response.content
        body = body.replace(b"\r\n ", b"")  # a calendar's long lines, unfolded

        assert marker.encode() not in body, f"{path} shows private data"
        # The visitor's own words: in the address, the search box, the filters in use, a calendar's name.
        echoes = [
            f"q={SEARCH_WORD}",
            f'value="{SEARCH_WORD}"',
            f"Search: {SEARCH_WORD}",
            f"anniversaries ({SEARCH_WORD})",
        ]
        for echo in echoes:
            body = body.replace(echo.encode(), b"")
        assert SEARCH_WORD.encode() not in body, f"{path} shows private words"

    assert fetched[draft.get_absolute_url()] == HTTPStatus.NOT_FOUND
    assert fetched["/partnerships/stavanger-ningbo/"] == HTTPStatus.OK
    assert len(fetched) > 40


def test_the_public_contact_is_shown_without_its_staff_notes(client, secrets_planted):
    marker, _draft = secrets_planted

    page = client.get("/partnerships/stavanger-ningbo/").content.decode()
    data = client.get("/partnerships/stavanger-ningbo.json").json()

    assert "Public Office" in page
    assert [contact["name"] for contact in data["contacts"]] == ["Public Office"]
    assert marker not in page
