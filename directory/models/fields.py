"""Fields and the base of every row editors keep: partial dates, version numbers, text without control characters."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..dates import FIRST_SIGNING_YEAR, PartialDate, plausibility_error

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
