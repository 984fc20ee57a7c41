"""Places and topics: the two trees the directory is filtered by, with their names in three languages."""

from itertools import islice
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..languages import html_lang
from ..search import bare_name, normalise
from ..translations import SORT_KEY_LENGTH, chinese_sort_key, place_name, translate
from ..trees import MAX_DEPTH, TreeQuerySet, upward
from .fields import Versioned, ascii_slug


class Country(models.TextChoices):
    NORWAY = "NO", _("Norway")
    CHINA = "CN", _("China")


class TreeNode:
    """What places and topics share as nodes of a tree with a `parent`, and a name in three languages."""

    def save(self, *args, **kwargs):
        self.sort_key_zh_hans = chinese_sort_key(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key_zh_hans"}
        super().save(*args, **kwargs)

    def ancestors(self):
        """The nodes above this one, nearest first; stops at a loop rather than spin."""
        return islice(upward(self, attrgetter("parent")), 1, None)

    def parent_error(self):
        """Why the chosen parent cannot be this node's parent, or None."""
        if self.parent_id is None:
            return None
        above = [self.parent, *self.parent.ancestors()]
        if self.pk is not None and any(node.pk == self.pk for node in above):
            return _("%(node)s cannot come under %(parent)s: %(parent)s already comes under %(node)s.") % {
                "node": self,
                "parent": self.parent,
            }
        if len(above) + 1 > MAX_DEPTH:
            return _("This would nest %(depth)d levels deep; the directory allows %(max)d.") % {
                "depth": len(above) + 1,
                "max": MAX_DEPTH,
            }
        return None


class PlaceLevel(models.TextChoices):
    COUNTY = "county", _("County (fylke)")
    MUNICIPALITY = "municipality", _("Municipality (kommune)")
    PROVINCE = "province", _("Province")
    DIRECT_MUNICIPALITY = "direct-administered-municipality", _("Direct-administered municipality")
    SUB_PROVINCIAL_CITY = "sub-provincial-city", _("Sub-provincial city")
    PREFECTURE_CITY = "prefecture-level-city", _("Prefecture-level city")


LEVELS_BY_COUNTRY = {
    Country.NORWAY: [PlaceLevel.COUNTY, PlaceLevel.MUNICIPALITY],
    Country.CHINA: [
        PlaceLevel.PROVINCE,
        PlaceLevel.DIRECT_MUNICIPALITY,
        PlaceLevel.SUB_PROVINCIAL_CITY,
        PlaceLevel.PREFECTURE_CITY,
    ],
}


class Place(TreeNode, Versioned):
    Level = PlaceLevel

    name = models.CharField(
        _("English name"),
        max_length=100,
        help_text=_("The name in English, without “County” or “Province”: Rogaland, Sør-Trøndelag, Zhejiang."),
    )
    native_name = models.CharField(
        _("native name"),
        max_length=100,
        help_text=_(
            "The name as its own people write it: Bokmål for Norwegian places (Rogaland fylke, "
            "Stavanger kommune), simplified Chinese characters for Chinese places (宁波市)."
        ),
    )
    pinyin = models.CharField(
        _("pinyin"),
        max_length=100,
        blank=True,
        help_text=_("Chinese places only: the name in pinyin with tone marks, as in Níngbō Shì."),
    )
    name_nb = models.CharField(
        _("name in Norwegian"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name on the Norwegian pages, only where it differs from the English name. Leave it empty "
            "when it is the same, as for Stavanger, Guangdong and Shanghai."
        ),
    )
    name_zh_hans = models.CharField(
        _("name in Chinese"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name on the Chinese pages, in simplified characters: 奥斯陆, 卑尔根, 罗加兰郡. Leave it empty "
            "for a Chinese place to show its native name (宁波市). A Norwegian place without one is shown "
            "in English there, marked as not yet translated."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_(
            "The place's address on the site, from the English name in plain letters: "
            "sor-trondelag, rogaland, zhejiang. Filled in from the English name when left empty. "
            "Changing it breaks links people have saved."
        ),
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    level = models.CharField(
        _("administrative level"),
        max_length=40,
        choices=Level.choices,
        help_text=_(
            "The real level, whatever a source calls it: Chongqing and Shanghai are "
            "direct-administered municipalities, Ningbo and Dalian sub-provincial cities."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("lies in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The county or province this place lies in: Stavanger lies in Rogaland, Ningbo in Zhejiang."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Degrees north, as in 58.97 for Stavanger. For a county or province, its administrative centre."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Degrees east, as in 5.733 for Stavanger."),
    )
    dissolved = models.DateField(
        _("dissolved on"),
        null=True,
        blank=True,
        help_text=_(
            "The last day this place existed, for a former place: Sør-Trøndelag, 2017-12-31. "
            "Leave empty for a place that exists today."
        ),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("For a former place, the place that took over from it: Trøndelag for Sør-Trøndelag."),
    )
    history = models.TextField(
        _("history"),
        blank=True,
        help_text=_("Mergers, splits and renamings, in a sentence or two, with years."),
    )
    sort_key_zh_hans = models.CharField(
        max_length=SORT_KEY_LENGTH,
        editable=False,
        blank=True,
        help_text=_("How the name sorts on the Chinese pages: its pinyin without tones; kept up to date."),
    )

    objects = TreeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [
            # The list's name sort and every place list are ordered by name.
            models.Index(fields=["name"], name="place_name"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="place_not_own_parent"),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="place_not_own_successor"),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(dissolved__isnull=False),
                name="place_successor_only_when_dissolved",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(country=Country.NORWAY, level__in=LEVELS_BY_COUNTRY[Country.NORWAY])
                | Q(country=Country.CHINA, level__in=LEVELS_BY_COUNTRY[Country.CHINA]),
                name="place_level_fits_country",
                violation_error_message=_(
                    "This administrative level does not exist in this country: Norwegian places are "
                    "counties or municipalities, Chinese places provinces, direct-administered "
                    "municipalities, sub-provincial or prefecture-level cities."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:place-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_former(self):
        return self.dissolved is not None

    @property
    def language_code(self):
        """The language of the native name, for a lang attribute."""
        return "nb" if self.country == Country.NORWAY else "zh-Hans"

    @property
    def local_name(self):
        """The name in the active language, as a `Translated` (English where there is none)."""
        return place_name(self)

    @property
    def native_name_differs(self):
        """Whether the native name adds to the name in the active language.

        Not on a page in the place's own language: a Norwegian page names Rogaland without "Rogaland
        fylke" beside it, and a Chinese page names 宁波市 once. Nor where it only adds the word for the
        level to the same name: an English page names Rogaland, not "Rogaland Rogaland fylke" (the level
        is said in words of the page's language), but Ningbo 宁波市, and a Chinese page 罗加兰郡 Rogaland fylke.
        """
        name = self.local_name
        if html_lang(name.language) == self.language_code:
            return False
        return bare_name(normalise(self.native_name)) != bare_name(normalise(name.text))

    def clean(self):
        if not self.slug:
            self.slug = ascii_slug(self.name)
        errors = {}
        if not self.slug:
            errors["slug"] = _(
                "Give the address in plain letters (ningbo, tromso): the English name has none to make it from."
            )
        if self.parent_id is not None and self.parent.country != self.country:
            errors["parent"] = _("A place lies in a place of its own country.")
        elif parent_error := self.parent_error():
            errors["parent"] = parent_error
        if self.successor_id is not None:
            if self.dissolved is None:
                errors["dissolved"] = _("A place with a successor is a former place: give the date it was dissolved.")
            if self.successor_id == self.pk:
                errors["successor"] = _("A place cannot succeed itself.")
        if self.country == Country.CHINA and not self.pinyin:
            errors["pinyin"] = _("Give the pinyin of a Chinese place, as in Níngbō Shì.")
        if errors:
            raise ValidationError(errors)


class Topic(TreeNode, Versioned):
    name = models.CharField(
        _("English name"), max_length=100, help_text=_("What a partnership is about: Energy, Oil and gas, Schools.")
    )
    name_nb = models.CharField(
        _("name in Norwegian"),
        max_length=100,
        blank=True,
        help_text=_("The name on the Norwegian pages: Olje og gass. Left empty, they show the English name."),
    )
    name_zh_hans = models.CharField(
        _("name in Chinese"),
        max_length=100,
        blank=True,
        help_text=_("The name on the Chinese pages: 石油和天然气. Left empty, they show the English name."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_(
            "The topic's address in filters, in plain letters: oil-and-gas. Filled in from the name when left empty."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_(
            "The broader topic this one belongs to: Oil and gas belongs to Energy. "
            "Filtering by Energy then finds Oil and gas too."
        ),
    )
    sort_key_zh_hans = models.CharField(
        max_length=SORT_KEY_LENGTH,
        editable=False,
        blank=True,
        help_text=_("How the name sorts on the Chinese pages: its pinyin without tones; kept up to date."),
    )

    objects = TreeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [models.Index(fields=["name"], name="topic_name")]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="topic_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def local_name(self):
        """The name in the active language, as a `Translated` (English where there is none)."""
        return translate(self, "name")

    def clean(self):
        if not self.slug:
            self.slug = ascii_slug(self.name)
        errors = {}
        if not self.slug:
            errors["slug"] = _(
                "Give the address in plain letters (oil-and-gas): the English name has none to make it from."
            )
        if parent_error := self.parent_error():
            errors["parent"] = parent_error
        if errors:
            raise ValidationError(errors)


class Ancestry(models.Model):
    """One row of a tree's closure table: `ancestor` is the node itself (depth 0) or a node above it.

    Every node has a row for itself and one for each node above it, so that "the partnerships of this place
    and of every place inside it" is one join and a GROUP BY (directory/facets.py). directory/ancestry.py
    alone writes these rows, after every write of the tree. No foreign key constraint in the database: the
    previous release, which knows nothing of these tables, can still delete a place or a topic (its rows
    are put right by the next write of the tree, or by `release`).
    """

    depth = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class PlaceAncestry(Ancestry):
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="ancestry", db_constraint=False, db_index=False
    )
    ancestor = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "ancestor"], name="place_ancestry_unique")]
        # The unique index joins a party to the places above it; this one finds the places inside a place.
        indexes = [models.Index(fields=["ancestor", "place"], name="place_ancestry_descendants")]

    def __str__(self):
        return f"{self.place_id} in {self.ancestor_id} ({self.depth} up)"


class TopicAncestry(Ancestry):
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="ancestry", db_constraint=False, db_index=False
    )
    ancestor = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "ancestor"], name="topic_ancestry_unique")]
        indexes = [models.Index(fields=["ancestor", "topic"], name="topic_ancestry_descendants")]

    def __str__(self):
        return f"{self.topic_id} under {self.ancestor_id} ({self.depth} up)"
