"""What must follow any write, whatever wrote it: the admin, an import, `load_directory`, a shell.

- Every save of a place, topic, partnership, milestone, contact, source or the publisher raises its version number
  (`Versioned.version`), django-reversion's restores (raw saves) included, so that an edit begun on an
  older copy is caught (directory/conflicts.py). The new number is one above the stored one, never
  one the row had before: a restored old version does not bring an old number back.
- A partnership's search text is refreshed when the partnership, its topics or milestones, or one of
  its places or topics changes (`directory.search.refresh`: at once, or once at the end of the write's
  `refreshed_once()` block).
- The closure tables of the place and topic trees are put right after a place or topic is saved, raw saves
  included (`directory.ancestry`); a deleted one's rows are deleted with it.
- A deleted contact is erased from every stored copy (directory/erasure.py).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from . import ancestry, erasure, search
from .models import Contact, Milestone, Partnership, Place, Publisher, Source, Topic

VERSIONED = (Place, Topic, Partnership, Milestone, Contact, Source, Publisher)


def next_version(sender, instance, **kwargs):
    stored = None
    if instance.pk is not None:
        stored = sender._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
    instance.version = 1 if stored is None else stored + 1


for model in VERSIONED:
    pre_save.connect(next_version, sender=model, dispatch_uid=f"next-version-{model.__name__}")


@receiver(post_save, sender=Partnership)
def partnership_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh(Partnership.objects.filter(pk=instance.pk))


@receiver(m2m_changed, sender=Partnership.topics.through)
def topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        search.refresh(Partnership.objects.filter(pk=instance.pk))
    elif pk_set:
        search.refresh(Partnership.objects.filter(pk__in=pk_set))


@receiver(post_save, sender=Milestone)
@receiver(post_delete, sender=Milestone)
def milestone_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh(Partnership.objects.filter(pk=instance.partnership_id))


@receiver(post_save, sender=Place)
def place_changed(sender, instance, created, raw=False, **kwargs):
    # Its names are in the search text of its own partnerships and of those of every place inside it.
    if not created and not raw:
        search.refresh(Partnership.objects.involving([instance]))


@receiver(post_save, sender=Topic)
def topic_changed(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        search.refresh(instance.partnerships.all())


for model in (Place, Topic):
    post_save.connect(ancestry.node_saved, sender=model, dispatch_uid=f"ancestry-{model.__name__}")

post_delete.connect(erasure.contact_deleted, sender=Contact, dispatch_uid="erase-deleted-contact")
