"""Receivers of every write of some of the directory's models: each save, each delete, and each change of a
partnership's topics (which sends neither). The page cache (`caching`) and the tallies (`tallies`) both follow
the writes this way; `caching.one_change()` disconnects both for a bulk write."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Partnership


def connect(receiver, models, label):
    """Call `receiver` after every save and delete of `models`, and every change of a partnership's topics."""
    for model in models:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{label}-save-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{label}-delete-{model.__name__}")
    m2m_changed.connect(receiver, sender=Partnership.topics.through, dispatch_uid=f"{label}-topics")


def disconnect(models, label):
    """Undo `connect(receiver, models, label)`."""
    for model in models:
        post_save.disconnect(sender=model, dispatch_uid=f"{label}-save-{model.__name__}")
        post_delete.disconnect(sender=model, dispatch_uid=f"{label}-delete-{model.__name__}")
    m2m_changed.disconnect(sender=Partnership.topics.through, dispatch_uid=f"{label}-topics")
