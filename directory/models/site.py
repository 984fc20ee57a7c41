"""The site's own rows: the publisher, and the version of the directory's data."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..translations import translate
from .fields import Versioned


class Publisher(Versioned):
    """Who keeps the directory and how the public reaches them: one row, edited by staff in the admin.

    The pages that name a contact point (about, privacy, accessibility) read it from here, so that a new
    address or email is a change in the admin rather than in a template.
    """

    name = models.CharField(
        _("name in English"),
        max_length=200,
        help_text=_("The body that keeps the directory: Royal Norwegian Embassy in Beijing."),
    )
    name_nb = models.CharField(
        _("name in Norwegian"),
        max_length=200,
        blank=True,
        help_text=_("Den kongelige norske ambassade i Beijing. Left empty, the Norwegian pages show the English."),
    )
    name_zh_hans = models.CharField(
        _("name in Chinese"),
        max_length=200,
        blank=True,
        help_text=_("挪威王国驻华大使馆. Left empty, the Chinese pages show the English."),
    )
    postal_address = models.TextField(
        _("postal address"),
        help_text=_("As written on an envelope, one line each: street, postcode and city, country."),
    )
    email = models.EmailField(
        _("email"), help_text=_("Where the public writes with corrections, suggestions and requests.")
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("With the country code: +86 for China, +47 for Norway.")
    )
    website = models.URLField(_("website"), blank=True, help_text=_("The body's own website."))

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publisher")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="publisher_single_row")]

    def __str__(self):
        return self.name

    @classmethod
    def load(cls):
        """The one row (made by migration 0008; made again with its defaults if someone removed it)."""
        publisher, _created = cls.objects.get_or_create(pk=1, defaults=PUBLISHER_DEFAULTS)
        return publisher

    @property
    def local_name(self):
        """The name in the active language, as a `Translated` (English where there is none)."""
        return translate(self, "name")


# What the publisher row starts as: the embassy that lists the agreements. Editors correct it in the admin.
PUBLISHER_DEFAULTS = {
    "name": "Royal Norwegian Embassy in Beijing",
    "name_nb": "Den kongelige norske ambassade i Beijing",
    "name_zh_hans": "挪威王国驻华大使馆",
    "postal_address": "Sanlitun Dongyijie 1\n100600 Beijing\nChina",
    "email": "emb.beijing@mfa.no",
    "website": "https://www.norway.no/en/china/",
}


class DataVersion(models.Model):
    """How often the directory's data has changed, and when it last did: one row, kept by `directory.caching`.

    The page cache keys pages by `number` and sends `changed` as their Last-Modified. It lives in the
    database rather than in the cache so that every process (gunicorn workers with local-memory caches,
    app servers sharing Redis) sees an editor's change at once, and a change inside a transaction only
    once it is committed.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"{self.number} ({self.changed:%Y-%m-%d %H:%M:%S})"


class Tally(models.Model):
    """The published directory's counts, unfiltered, kept as data by `directory.tallies`: one row.

    `counts` holds how many published partnerships each place and topic gives (its own and those of every
    place or topic inside it), each kind, and the timeline's groups of signing dates; `edits` is raised by
    every write that could change them, in the write's own transaction, and `counted` is the `edits` they
    were counted at. The home page and the unfiltered list read this one row instead of grouping every
    partnership; while `counted` is behind `edits`, the counts are counted again (docs/architecture.md).
    """

    edits = models.PositiveBigIntegerField(default=0)
    counted = models.PositiveBigIntegerField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="tally_single_row")]

    def __str__(self):
        return f"counted at edit {self.counted} of {self.edits}"
