"""Keep each partnership's search text true when what it is made of changes elsewhere; erase deleted contacts."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import erasure
from .models import MAX_DEPTH, Contact, Milestone, Partnership, Place, Topic


@receiver(m2m_changed, sender=Partnership.topics.through)
def topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        instance.refresh_search_text()
    else:
        refresh(Partnership.objects.filter(pk__in=pk_set or []))


@receiver(post_save, sender=Milestone)
@receiver(post_delete, sender=Milestone)
def milestone_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(Partnership.objects.filter(pk=instance.partnership_id))


@receiver(post_save, sender=Place)
def place_changed(sender, instance, created, raw=False, **kwargs):
    # Its names are in the search text of its own partnerships and of those of every place inside it.
    if not created and not raw:
        refresh(Partnership.objects.involving([instance]))


@receiver(post_save, sender=Topic)
def topic_changed(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh(instance.partnerships.all())


def refresh(partnerships):
    regions = "__parent" * (MAX_DEPTH - 1)
    parties = partnerships.select_related(f"norwegian_party{regions}", f"chinese_party{regions}")
    for partnership in parties.prefetch_related("topics", "milestones"):
        partnership.refresh_search_text()


post_delete.connect(erasure.contact_deleted, sender=Contact, dispatch_uid="erase-deleted-contact")
