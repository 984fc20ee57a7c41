"""The directory's tallies (directory/tallies.py) stay true whatever writes: every edit marks them stale in its own
transaction, the editors' writes count again before they commit, and a page counts again when it finds them stale.
"""

import datetime
import threading
import time
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from directory import tallies
from directory.models import Partnership, Place, Tally, Topic

from .admin_helpers import form_data_from, make_superuser, sign_in
from .factories import PartnershipFactory
from .properties import expensive
from .test_facet_counts_property import brute_force_tallies, build, directories, tallied

pytestmark = pytest.mark.django_db


def stored():
    return Tally.objects.values_list("edits", "counted").get(pk=1)


@st.composite
def edited(draw):
    """A made-up directory and edits of it, each as the admin, a shell or a delete would make it."""
    directory = draw(directories())
    rows = directory["partnerships"]
    edits = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["kind", "publish", "topics", "topic-side", "delete", "move-place", "move-topic", "signed"]
                ),
                st.integers(0, len(rows) - 1),
                st.integers(0, 5),
            ),
            max_size=6,
        )
    )
    return directory, edits


def apply(directory, edit):
    """Make one edit in the database and in the brute force's description of the directory."""
    action, index, value = edit
    rows = directory["partnerships"]
    row = rows[index] if index < len(rows) else None
    partnership = Partnership.objects.filter(slug=f"partnership-{index}").first()
    if action == "move-place":  # a Norwegian place under another root, or to the top
        places = directory["norwegian"]
        moved = value % len(places)
        parent = next((i for i in range(moved) if places[i] is None and i != moved), None)
        if any(p == moved for p in places):  # keep it at most two deep: move only a leaf
            return
        places[moved] = parent
        place = Place.objects.get(slug=f"no-{moved}")
        place.parent = None if parent is None else Place.objects.get(slug=f"no-{parent}")
        place.level = Place.Level.MUNICIPALITY if parent is not None else Place.Level.COUNTY
        place.save()
        return
    if action == "move-topic":
        topics = directory["topics"]
        if not topics:
            return
        moved = value % len(topics)
        if any(p == moved for p in topics):
            return
        parent = next((i for i in range(moved) if topics[i] is None), None)
        topics[moved] = parent
        topic = Topic.objects.get(slug=f"topic-{moved}")
        topic.parent = None if parent is None else Topic.objects.get(slug=f"topic-{parent}")
        topic.save()
        return
    if row is None or partnership is None:
        return
    if action == "kind":
        row["kind"] = Partnership.Kind.values[value % len(Partnership.Kind.values)]
        partnership.kind = row["kind"]
        partnership.save()
    elif action == "publish":
        row["published"] = not row["published"]
        partnership.status = Partnership.Status.PUBLISHED if row["published"] else Partnership.Status.DRAFT
        partnership.save()
    elif action == "signed":
        row["signed"] = f"{2000 + value}-0{1 + value}"
        partnership.signed = row["signed"]
        partnership.save()
    elif action == "topics":
        if directory["topics"]:
            row["topics"] = [value % len(directory["topics"])]
            partnership.topics.set([Topic.objects.get(slug=f"topic-{row['topics'][0]}")])
    elif action == "topic-side":  # a partnership added to a topic from the topic's side of the relation
        if directory["topics"]:
            added = value % len(directory["topics"])
            row["topics"] = sorted({*row["topics"], added})
            Topic.objects.get(slug=f"topic-{added}").partnerships.add(partnership)
    elif action == "delete":
        row["published"] = False  # gone: the brute force counts published rows only
        partnership.delete()


@expensive(0.3)
@given(case=edited())
def test_after_any_edits_the_tallies_are_the_brute_force_counts(case):
    directory, edits = case
    with transaction.atomic():
        build(directory)
        tallied()  # counted and stored: the edits below must mark them stale
        for edit in edits:
            apply(directory, edit)
            assert tallied() == brute_force_tallies(directory), edit
            # The home page's lists too: what is stored is what counting now gives.
            assert tallies.read() == tallies.count(), edit
        transaction.set_rollback(True)


def test_an_edit_marks_the_tallies_stale_in_its_own_transaction_and_a_rollback_leaves_them():
    partnership = PartnershipFactory()
    tallies.read()
    edits, counted = stored()
    assert counted == edits

    with transaction.atomic():
        partnership.kind = Partnership.Kind.FRIENDSHIP
        partnership.save()
        assert stored() == (edits + 1, counted)  # seen inside the write's transaction
        transaction.set_rollback(True)

    assert stored() == (edits, counted)


def test_a_page_that_finds_them_stale_counts_again_and_stores_the_counts(client):
    partnership = PartnershipFactory()
    tallies.read()
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.DRAFT)  # sends no signal
    tallies.mark()  # as a write that sends none must

    assert client.get(reverse("directory:home")).context["count"] == 0
    edits, counted = stored()
    assert counted == edits
    assert tallies.read().total == 0


def test_the_counts_of_another_day_are_counted_again_for_today_s_anniversaries():
    PartnershipFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=yesterday):
        assert tallies.read().day == yesterday.isoformat()

    assert tallies.read().day == timezone.localdate().isoformat()


def test_an_editor_s_save_in_the_admin_counts_again_before_it_commits(admin_client):
    partnership = PartnershipFactory(kind=Partnership.Kind.COOPERATION)
    tallies.read()
    url = reverse("admin:directory_partnership_change", args=[partnership.pk])

    response = admin_client.post(url, {**form_data_from(admin_client.get(url)), "kind": Partnership.Kind.FRIENDSHIP})

    assert response.status_code == 302
    edits, counted = stored()
    assert counted == edits  # counted by the save itself, not by a page after it
    assert Tally.objects.get(pk=1).counts["kind"] == {Partnership.Kind.FRIENDSHIP: 1}


# SQLite's test database is in memory with a shared cache, where a write locks the whole table against readers
# of other connections: what this test reads could not be read at all.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only (the CI runs it there)")
@pytest.mark.django_db(transaction=True)
def test_while_an_editor_s_transaction_holds_them_a_page_counts_for_itself_and_stores_nothing():
    first = PartnershipFactory()
    tallies.read()
    before = stored()
    marked, release = threading.Event(), threading.Event()

    def editor():
        try:
            with transaction.atomic():
                Partnership.objects.filter(pk=first.pk).update(status=Partnership.Status.DRAFT)
                tallies.mark()  # holds the row until the commit
                marked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    try:
        assert marked.wait(10)
        counts = tallies.read()  # the committed data: the partnership is still published
        assert counts.total == 1
    finally:
        release.set()
        thread.join()

    assert stored()[0] == before[0] + 1  # the editor's mark, committed; the page stored nothing
    assert stored()[1] == before[1]
    assert tallies.read().total == 0  # stale: counted again, with the editor's change


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only (the CI runs it there)")
@pytest.mark.django_db(transaction=True)
def test_an_action_on_several_partnerships_and_one_partnership_s_form_wait_for_each_other_without_deadlock():
    """The publish action saves its partnerships one by one in one transaction; the form of the second, posted
    in between, locks it to check its version. Had the action taken the counts' row at its first save only
    (`mark`), each would wait for the other for good and PostgreSQL would end one with an error."""
    first = PartnershipFactory(status=Partnership.Status.DRAFT)
    second = PartnershipFactory(status=Partnership.Status.DRAFT, kind=Partnership.Kind.COOPERATION)
    tallies.read()
    acting, editing = Client(), Client()
    sign_in(acting, make_superuser("acting"))
    sign_in(editing, make_superuser("editing"))
    url = reverse("admin:directory_partnership_change", args=[second.pk])
    form = {**form_data_from(editing.get(url)), "kind": Partnership.Kind.FRIENDSHIP}
    first_saved, form_posted = threading.Event(), threading.Event()
    answers = {}

    def after_a_save(sender, instance, **kwargs):
        if threading.current_thread().name == "acting" and instance.pk == first.pk:
            first_saved.set()
            form_posted.wait(10)
            time.sleep(1.5)  # the form's request has reached its first lock by now (PostgreSQL finds a deadlock in 1 s)

    def act():
        try:
            changelist = reverse("admin:directory_partnership_changelist")
            answers["action"] = acting.post(
                changelist, {"action": "publish", "_selected_action": [first.pk, second.pk]}
            ).status_code
        finally:
            connection.close()

    def edit():
        try:
            assert first_saved.wait(10)
            form_posted.set()
            answers["form"] = editing.post(url, form)
        finally:
            connection.close()

    post_save.connect(after_a_save, sender=Partnership, dispatch_uid="test-deadlock")
    threads = [threading.Thread(target=act, name="acting"), threading.Thread(target=edit, name="editing")]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        post_save.disconnect(sender=Partnership, dispatch_uid="test-deadlock")

    assert answers["action"] == 302
    # The form waited for the action, then found the partnership saved since it was opened: refused, not a 500.
    assert answers["form"].status_code == 200
    assert "Someone else saved this partnership after you opened it." in answers["form"].content.decode()
    assert set(Partnership.objects.values_list("status", flat=True)) == {Partnership.Status.PUBLISHED}
    assert Partnership.objects.get(pk=second.pk).kind == Partnership.Kind.COOPERATION
    assert tallies.read().total == 2
