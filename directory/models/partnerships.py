"""Partnerships and their milestones: what the directory lists."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..dates import FIRST_MILESTONE_YEAR, parse_or_none
from ..search import SearchDocument, search_condition, search_text, search_words
from ..translations import CHINESE, NORWEGIAN, current_language, translate
from ..trees import MAX_DEPTH
from .fields import PartialDateField, Versioned
from .people import Contact
from .places import Country, Place, Topic


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

    def added_last(self, limit):
        """The `limit` partnerships added last, by the day each was published and, within a day, by name in
        the active language (`by_name`): an order the home page shows and says (the rows of one load or
        import were published within the same second); those with no publishing time follow, by name.

        The days come first from the index (`partnership_newest`): the rows shown were published on the
        days of the `limit` published last, so the database orders only those days' rows, by which of them
        each was published on (plain comparisons, where truncating every row's time to its day would be a
        function call a row on SQLite). Each row's `added` is the day it was published.
        """
        last_times = self.exclude(published_at=None).order_by("-published_at").values_list("published_at")
        days = sorted({timezone.localdate(time) for (time,) in last_times[:limit]}, reverse=True)
        starts = [timezone.make_aware(datetime.datetime.combine(day, datetime.time())) for day in days]
        added = []
        if starts:
            on_the_days = self.filter(published_at__gte=starts[-1]).alias(
                day=models.Case(
                    *(models.When(published_at__gte=start, then=index) for index, start in enumerate(starts))
                )
            )
            added = list(on_the_days.by_name("day")[:limit])
        if len(added) < limit:
            added += self.filter(published_at=None).by_name()[: limit - len(added)]
        return added

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
            # The facets' counts under a years window read these alone, never the table (covering indexes):
            # the kinds by kind, and the parties and ids (for the topics) of the rows in the window. Eleven
            # and ten milliseconds a count at 10,000 without them, two and one with them.
            models.Index(fields=["status", "kind", "signed_earliest", "signed_latest"], name="partnership_kind_window"),
            # The place facets read both parties of every selected partnership: from this index alone.
            models.Index(fields=["status", "norwegian_party", "chinese_party"], name="partnership_parties"),
            models.Index(fields=["status", "signed_latest"], name="partnership_signed_from"),
            models.Index(
                fields=["status", "signed_earliest", "signed_latest", "kind", "norwegian_party", "chinese_party", "id"],
                name="partnership_window",
            ),
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
    def added(self):
        """The day it was published (the home page groups the newest by it), or None if that is not known."""
        return self.published_at and timezone.localdate(self.published_at)

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
