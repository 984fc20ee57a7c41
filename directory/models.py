import re
from itertools import islice
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .dates import FIRST_MILESTONE_YEAR, FIRST_SIGNING_YEAR, PartialDate, parse_or_none, plausibility_error
from .languages import html_lang
from .search import SearchDocument, bare_name, normalise, search_condition, search_text, search_words
from .translations import CHINESE, NORWEGIAN, chinese_sort_key, current_language, place_name, translate
from .trees import MAX_DEPTH, TreeQuerySet, upward

_NORWEGIAN_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "å": "a", "Å": "A", "æ": "ae", "Æ": "AE"})


def ascii_slug(text, max_length=100):
    """A slug from an English name, writing ø, å and æ as o, a and ae; no longer than a slug may be."""
    return slugify(text.translate(_NORWEGIAN_LETTERS))[:max_length].strip("-")


class PartialDateField(models.CharField):
    """An EDTF date string (2010-04-12, 2001-05, 2004-22 or 2005); empty when unknown.

    Validation refuses a date that begins before `first_year` or more than a year from today: a typo in
    the year (0201, 3010), which no page should have to draw.
    """

    def __init__(self, *args, first_year=FIRST_SIGNING_YEAR, **kwargs):
        self.first_year = first_year
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.first_year != FIRST_SIGNING_YEAR:
            kwargs["first_year"] = self.first_year
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value:
            error = plausibility_error(PartialDate.parse(value), self.first_year, timezone.localdate())
            if error is not None:
                raise error


# Characters no text here may hold: control characters other than tab and line breaks. Invisible, often
# pasted from another program, and refused by XML (a feed or sitemap with one cannot be written) and, the
# NUL character, by PostgreSQL.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Versioned(models.Model):
    """A row editors keep: it counts its writes, so that an edit begun on an older copy is caught
    (directory/conflicts.py), and its texts hold no invisible control characters.

    `directory.signals` raises the number on every save, django-reversion's restores included.
    """

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        # In the database too: the previous release, still serving during a rolling release, inserts rows
        # without naming the column (README, "The rule for migrations").
        db_default=1,
        editable=False,
        help_text=_("Raised by every save; an edit begun on an older version is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if field.name in (exclude or ()) or field.name in errors or not isinstance(value, str):
                continue
            if found := _CONTROL_CHARACTERS.search(value):
                errors[field.name] = [
                    ValidationError(
                        _(
                            "This text holds an invisible control character (U+%(code)04X), often copied in from "
                            "another program: delete it and save again."
                        ),
                        code="control_character",
                        params={"code": ord(found.group())},
                    )
                ]
        if errors:
            raise ValidationError(errors)


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
        max_length=200,
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
        max_length=200,
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


class PartnershipQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        """What the public may see. Every public view, feed and export starts here."""
        return self.filter(status=Partnership.Status.PUBLISHED)

    def with_related(self):
        """Everything a page or an export shows of a partnership, in a fixed number of queries."""
        public_contacts = Contact.objects.filter(is_public=True)
        return self.select_related("norwegian_party__parent", "chinese_party__parent").prefetch_related(
            "topics",
            "milestones",
            "sources",
            models.Prefetch("contacts", queryset=public_contacts, to_attr="public_contacts"),
        )

    def store_search_text(self):
        """Compute and store the search text of each of these partnerships: the one place it is written.

        Call it once a partnership's topics and milestones are saved (see directory/search.py for who does).
        """
        regions = "__parent" * (MAX_DEPTH - 1)  # the places the parties lie in: their names are in the text
        parties = self.select_related(f"norwegian_party{regions}", f"chinese_party{regions}")
        for partnership in parties.prefetch_related("topics", "milestones"):
            text = search_text(partnership)
            if text != partnership.search_text:
                type(partnership).objects.filter(pk=partnership.pk).update(search_text=text)

    def involving(self, places):
        """Partnerships where either party is one of these places or lies inside one."""
        inside = Place.objects.with_descendants(places)
        return self.filter(Q(norwegian_party__in=inside) | Q(chinese_party__in=inside))

    def about(self, topics):
        """Partnerships about any of these topics or their subtopics."""
        # `pk IN (tagged)` rather than EXISTS: SQLite then reads the tagged partnerships once instead of
        # probing the topics of every partnership (three times faster on 10,000); PostgreSQL plans both alike.
        tagged = Partnership.topics.through.objects.filter(topic__in=Topic.objects.with_descendants(topics))
        return self.filter(pk__in=tagged.values("partnership"))

    def search(self, query):
        """Partnerships whose names, kind, topics, summary or milestones hold every word of the query.

        Words are compared without accents, tone marks or Norwegian letters: `ningbo` finds
        Níngbō, `sor-trondelag` finds Sør-Trøndelag. The one place where the list searches: on PostgreSQL
        through a full-text index (see `directory.search`).
        """
        words = search_words(query)
        if not words:
            return self
        return self.alias(search_document=SearchDocument("search_text")).filter(
            search_condition(words, connections[self.db].vendor)
        )

    def by_name(self, *first):
        """In the order of their titles on a page in the active language (after the orderings `first`, if any):
        by the Norwegian party's name, then the Chinese party's (on the Chinese pages by their pinyin, see
        `translations.chinese_sort_key`)."""
        language = current_language()
        if language == CHINESE:
            names = ["norwegian_party__sort_key_zh_hans", "chinese_party__sort_key_zh_hans"]
        elif language == NORWEGIAN:
            names = [
                Coalesce(NullIf(f"{party}__name_nb", Value("")), f"{party}__name")
                for party in ("norwegian_party", "chinese_party")
            ]
        else:
            names = ["norwegian_party__name", "chinese_party__name"]
        return self.order_by(*first, *names, "slug")

    def signed_between(self, first_year=None, last_year=None):
        """Partnerships whose date's interval meets the years given (inclusive)."""
        queryset = self
        if first_year is not None:
            queryset = queryset.filter(signed_latest__year__gte=first_year)
        if last_year is not None:
            queryset = queryset.filter(signed_earliest__year__lte=last_year)
        return queryset


class Partnership(Versioned):
    class Kind(models.TextChoices):
        FRIENDSHIP = "friendship-agreement", _("Friendship agreement")
        COOPERATION = "cooperation-agreement", _("Cooperation agreement")
        TWIN_TOWN = "twin-town-agreement", _("Twin town agreement")
        MEMORANDUM = "memorandum-of-understanding", _("Memorandum of understanding")
        LETTER_OF_INTENT = "letter-of-intent", _("Letter of intent")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (hidden from the public)")
        PUBLISHED = "published", _("Published")

    norwegian_party = models.ForeignKey(
        Place,
        verbose_name=_("Norwegian party"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_norwegian_party",
        limit_choices_to={"country": Country.NORWAY},
        help_text=_("The Norwegian county or municipality that signed: Stavanger."),
    )
    chinese_party = models.ForeignKey(
        Place,
        verbose_name=_("Chinese party"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_chinese_party",
        limit_choices_to={"country": Country.CHINA},
        help_text=_("The Chinese province or city that signed: Ningbo."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=201,
        unique=True,
        blank=True,
        help_text=_(
            "The partnership's address on the site: the Norwegian party's slug, a hyphen, the Chinese "
            "party's slug (stavanger-ningbo). Filled in from the parties when left empty."
        ),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.FRIENDSHIP)
    signed = PartialDateField(
        _("signed"),
        help_text=_(
            "As precise as the source, and no more: 2010-04-12 for 12 April 2010, 2001-05 for May 2001, "
            "2004-22 for summer 2004 (21 spring, 23 autumn, 24 winter), 2005 for a year. "
            "Leave empty when unknown."
        ),
    )
    signed_earliest = models.DateField(null=True, editable=False, db_index=True)
    signed_latest = models.DateField(null=True, editable=False, db_index=True)
    signed_at = models.CharField(
        _("signed at"),
        max_length=100,
        blank=True,
        help_text=_("Where the agreement was signed, if the source says: Shanghai."),
    )
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("topics"),
        blank=True,
        related_name="partnerships",
        help_text=_("What the partnership is about. Choose the most specific topics: Oil and gas rather than Energy."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Two or three sentences in your own words: who signed what, and what it covers."),
    )
    summary_nb = models.TextField(
        _("summary in Norwegian"),
        blank=True,
        help_text=_(
            "The English summary in Norwegian Bokmål, saying no more and no less. Left empty, the Norwegian "
            "pages show the English summary, marked as not yet translated."
        ),
    )
    summary_zh_hans = models.TextField(
        _("summary in Chinese"),
        blank=True,
        help_text=_(
            "The English summary in simplified Chinese, saying no more and no less. Left empty, the Chinese "
            "pages show the English summary, marked as not yet translated."
        ),
    )
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_(
            "Where the facts come from, and where sources disagree: “Embassy list says 2005; "
            "Telemark's own pages say 2006.” Shown to the public."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("A draft is hidden from the public until it is checked and published."),
    )
    published_at = models.DateTimeField(
        _("first published"),
        null=True,
        blank=True,
        editable=False,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    search_text = models.TextField(
        editable=False,
        blank=True,
        help_text=_(
            "Names, kind, topics, summary and milestones in every language, without accents, for the search; "
            "kept up to date."
        ),
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = [F("signed_earliest").asc(nulls_last=True), "signed_latest", "slug"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        # Public pages read published rows only: each index leads with status, then a filter or a sort.
        # (place filters use the party foreign keys' own indexes and the one-per-pair constraint's;
        # topic filters the join table's.)
        indexes = [
            # (SQLite refuses NULLS LAST in an index, so the undated rows' place is left to the sort.)
            models.Index(fields=["status", "signed_earliest", "signed_latest", "slug"], name="partnership_sort_signed"),
            models.Index(
                fields=["status", "-signed_latest", "-signed_earliest", "slug"], name="partnership_sort_signed_desc"
            ),
            models.Index(fields=["status", "-published_at", "slug"], name="partnership_newest"),
            models.Index(fields=["status", "kind"], name="partnership_kind"),
            # The place facets read both parties of every selected partnership: from this index alone.
            models.Index(fields=["status", "norwegian_party", "chinese_party"], name="partnership_parties"),
            models.Index(fields=["status", "signed_latest"], name="partnership_signed_from"),
            models.Index(fields=["status", "signed_earliest"], name="partnership_signed_to"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["norwegian_party", "chinese_party"],
                name="one_partnership_per_pair",
                violation_error_message=_("These two places already have a partnership: edit that one instead."),
            ),
            models.CheckConstraint(
                condition=~Q(norwegian_party=F("chinese_party")),
                name="partnership_parties_differ",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="partnership_status_known",
            ),
            models.CheckConstraint(
                condition=Q(signed_earliest__isnull=True, signed_latest__isnull=True)
                | Q(signed_earliest__lte=F("signed_latest")),
                name="partnership_signed_interval_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.__dict__.pop("signed_date", None)
        date = self.signed_date
        self.signed_earliest = date.earliest if date else None
        self.signed_latest = date.latest if date else None
        if not self.slug:
            self.slug = self.default_slug()
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:partnership-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def title(self):
        """The English title (Stavanger – Ningbo), as the data and the admin give it."""
        return f"{self.norwegian_party} – {self.chinese_party}"

    @property
    def local_title(self):
        """The title in the active language (斯塔万格 – 宁波市), as plain text."""
        return f"{self.norwegian_party.local_name} – {self.chinese_party.local_name}"

    @property
    def local_summary(self):
        """The summary in the active language, as a `Translated` (English where there is none)."""
        return translate(self, "summary")

    @cached_property
    def signed_date(self):
        """The signing date as a PartialDate, or None when it is unknown."""
        return parse_or_none(self.signed)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        errors = {}
        if self.norwegian_party_id is not None and self.norwegian_party.country != Country.NORWAY:
            errors["norwegian_party"] = _("%(place)s is not in Norway: choose a Norwegian county or municipality.") % {
                "place": self.norwegian_party
            }
        if self.chinese_party_id is not None and self.chinese_party.country != Country.CHINA:
            errors["chinese_party"] = _("%(place)s is not in China: choose a Chinese province or city.") % {
                "place": self.chinese_party
            }
        if not self.slug and self.norwegian_party_id and self.chinese_party_id:
            self.slug = self.default_slug()
        if errors:
            raise ValidationError(errors)

    def default_slug(self):
        return f"{self.norwegian_party.slug}-{self.chinese_party.slug}"


class Milestone(Versioned):
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = PartialDateField(
        _("date"),
        first_year=FIRST_MILESTONE_YEAR,
        help_text=_("As precise as the source: 1995, 2007-06-14, 2004-22 for summer 2004. Leave empty when unknown."),
    )
    date_earliest = models.DateField(null=True, editable=False)
    date_latest = models.DateField(null=True, editable=False)
    text = models.TextField(
        _("text"),
        help_text=_("What happened, in one sentence: “First contact between the two cities.”"),
    )
    text_nb = models.TextField(
        _("text in Norwegian"),
        blank=True,
        help_text=_("The English text in Norwegian Bokmål. Left empty, the Norwegian pages show the English."),
    )
    text_zh_hans = models.TextField(
        _("text in Chinese"),
        blank=True,
        help_text=_("The English text in simplified Chinese. Left empty, the Chinese pages show the English."),
    )

    class Meta:
        ordering = [F("date_earliest").asc(nulls_last=True), "date_latest", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_earliest__isnull=True, date_latest__isnull=True)
                | Q(date_earliest__lte=F("date_latest")),
                name="milestone_date_interval_ordered",
            ),
        ]

    def __str__(self):
        date = self.partial_date
        return f"{date}: {self.text}" if date else self.text

    def save(self, *args, **kwargs):
        date = self.partial_date
        self.date_earliest = date.earliest if date else None
        self.date_latest = date.latest if date else None
        super().save(*args, **kwargs)

    @property
    def partial_date(self):
        return parse_or_none(self.date)

    @property
    def local_text(self):
        """The text in the active language, as a `Translated` (English where there is none)."""
        return translate(self, "text")


# How long a contact's data is kept before someone checks that it is still needed and still right.
REVIEW_EVERY_YEARS = 2


def review_date(checked):
    """The day a contact checked on `checked` is due for its next review: two years later (28 February for 29th)."""
    try:
        return checked.replace(year=checked.year + REVIEW_EVERY_YEARS)
    except ValueError:
        return checked.replace(year=checked.year + REVIEW_EVERY_YEARS, day=28)


def default_review_by():
    """The review date of a contact checked today (rows written without `save()`: bulk writes, fixtures)."""
    return review_date(timezone.localdate())


class ContactQuerySet(models.QuerySet):
    def due_for_review(self, today=None):
        """Contacts whose review date has come: check that they are still needed, right and lawfully held."""
        return self.filter(review_by__lte=today or timezone.localdate())


class Source(Versioned):
    """Where a partnership's facts come from: a page or document people can look up and cite."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        NORWEGIAN = "nb", _("Norwegian (Bokmål)")
        NYNORSK = "nn", _("Norwegian (Nynorsk)")
        CHINESE = "zh-Hans", _("Chinese (simplified)")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="sources"
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Sources are listed from the lowest number up: give the embassy's list 1, the next source 2."),
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("The page's or document's own title, as it is written: Friendship Cities and Provinces."),
    )
    url = models.URLField(
        _("address (URL)"),
        max_length=500,
        blank=True,
        help_text=_("Where to read it: https://www.norway.cn/…. Leave empty for a source that is not online."),
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Who published it: Royal Norwegian Embassy in Beijing, Bergen kommune, 湖北日报."),
    )
    published = PartialDateField(
        _("published"),
        first_year=FIRST_MILESTONE_YEAR,
        help_text=_(
            "When it was published, as precise as the source says: 2007-06-14, 2006-09, 2011. "
            "Leave empty when the page does not say."
        ),
    )
    accessed = models.DateField(
        _("date accessed"),
        null=True,
        blank=True,
        help_text=_("The day someone last read it to check the facts: 2025-03-14. Leave empty when not known."),
    )
    language = models.CharField(
        _("language"),
        max_length=7,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language the source is written in, so that its title is read out correctly."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=["en", "nb", "nn", "zh-Hans"]),
                name="source_language_known",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    @property
    def published_date(self):
        return parse_or_none(self.published)


class Contact(Versioned):
    class Side(models.TextChoices):
        NORWEGIAN = "norwegian", _("Norwegian side")
        CHINESE = "chinese", _("Chinese side")
        EMBASSY = "embassy", _("Embassy")

    class LawfulBasis(models.TextChoices):
        """Why the directory may hold a contact's data (docs/contracts.md, the privacy page)."""

        CONSENT = "consent", _("The person's consent")
        PUBLIC_ROLE = "public-role", _("An office's public role")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="contacts"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("A person's name, or empty for an office.")
    )
    role = models.CharField(_("role"), max_length=200, blank=True, help_text=_("Adviser for international relations."))
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("Stavanger kommune, Ningbo Foreign Affairs Office.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("With the country code: +47 51 50 70 90.")
    )
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_(
            "Tick only when this person or office agreed to be listed. "
            "A contact that is not public stays in the admin: never on a page or in a download."
        ),
    )
    notes = models.TextField(
        _("staff notes"),
        blank=True,
        help_text=_("For embassy staff only; never shown publicly."),
    )
    lawful_basis = models.CharField(
        _("why we hold it"),
        max_length=20,
        choices=LawfulBasis.choices,
        help_text=_(
            "The person's consent (say below when and how they gave it), or an office's public role: "
            "a municipality's international office, an embassy's desk."
        ),
    )
    consent_given = models.DateField(
        _("consent given on"), null=True, blank=True, help_text=_("For consent: the day the person gave it.")
    )
    consent_how = models.CharField(
        _("how consent was given"),
        max_length=200,
        blank=True,
        help_text=_("For consent: “By email to the embassy”, “Signed form at the 2024 delegation visit”."),
    )
    last_checked = models.DateField(
        _("last checked"),
        default=timezone.localdate,
        blank=True,
        help_text=_("The day someone last checked that this contact is right and still needed."),
    )
    review_by = models.DateField(
        _("review by"),
        blank=True,
        default=default_review_by,
        help_text=_(
            "When to check it again: two years after the last check unless you choose another day. "
            "Contacts due for review are listed under Contacts → Review: due."
        ),
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["side", "name", "organisation"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        permissions = [("download_personal_data", _("Can download everything held about a person (access requests)"))]
        indexes = [models.Index(fields=["review_by"], name="contact_review_by")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="", organisation=""),
                name="contact_has_name_or_organisation",
                violation_error_message=_("Give a name, an organisation, or both."),
            ),
            models.CheckConstraint(
                condition=Q(side__in=["norwegian", "chinese", "embassy"]),
                name="contact_side_known",
            ),
            # Empty only for contacts kept from before the basis was recorded (migration 0009 makes them due
            # for review); the forms ask for it, so every contact saved since has one.
            models.CheckConstraint(
                condition=Q(lawful_basis__in=["consent", "public-role", ""]),
                name="contact_lawful_basis_known",
                violation_error_message=_("Choose why the directory holds this contact."),
            ),
            models.CheckConstraint(
                condition=~Q(lawful_basis="consent") | (Q(consent_given__isnull=False) & ~Q(consent_how="")),
                name="contact_consent_has_date_and_how",
                violation_error_message=_("For consent, give the day it was given and how."),
            ),
        ]

    def __str__(self):
        return self.name or self.organisation

    def save(self, *args, **kwargs):
        if self.last_checked is None:  # left empty in a form
            self.last_checked = timezone.localdate()
        if self.review_by is None:  # left empty in a form: two years after the last check
            self.review_by = review_date(self.last_checked)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.lawful_basis == self.LawfulBasis.CONSENT:
            if self.consent_given is None:
                errors["consent_given"] = _("Give the day the person consented.")
            if not self.consent_how.strip():
                errors["consent_how"] = _("Say how the person consented: by email, on a signed form ...")
        if self.consent_given is not None and self.consent_given > timezone.localdate():
            errors["consent_given"] = _("Consent cannot have been given in the future.")
        if self.review_by is None and self.last_checked is not None:
            self.review_by = review_date(self.last_checked)
        if errors:
            raise ValidationError(errors)

    def mark_checked(self, today=None):
        """Checked today: the next review is two years on."""
        self.last_checked = today or timezone.localdate()
        self.review_by = review_date(self.last_checked)
        self.save(update_fields=["last_checked", "review_by"])

    @property
    def due_for_review(self):
        return self.review_by is not None and self.review_by <= timezone.localdate()


class Erasure(models.Model):
    """What is left of an erased contact: that an erasure happened, when and by whom; no personal data.

    Written by `directory.erasure` whenever a contact is deleted (by itself, or with its partnership).
    """

    time = models.DateTimeField(_("time"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_number = models.PositiveBigIntegerField(_("contact number"))
    partnership = models.CharField(_("partnership"), max_length=201, help_text=_("Its slug, when it was erased."))
    removed = models.CharField(_("what was removed"), max_length=200)

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return _("Contact %(number)d of %(partnership)s, erased %(time)s") % {
            "number": self.contact_number,
            "partnership": self.partnership,
            "time": f"{self.time:%Y-%m-%d %H:%M}",
        }


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
