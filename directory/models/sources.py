"""Sources: where a partnership's facts come from."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..dates import FIRST_MILESTONE_YEAR, parse_or_none
from .fields import PartialDateField, Versioned
from .partnerships import Partnership


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
