"""Forms for editors: dates as people write them, and the partnership form of the admin."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .dates import PartialDate
from .models import Partnership

WRITTEN_EXAMPLES = _(
    "Write it as in one of these examples: 12 April 2010 (a day), May 2001 (a month), "
    "Summer 2004 (a season), 2005 (a year); or as EDTF: 2010-04-12, 2001-05, 2004-22, 2005."
)

PRECISION_NAMES = {
    "day": _("day"),
    "month": _("month"),
    "season": _("season"),
    "year": _("year"),
}

# English and Norwegian (Bokmål) month names and their usual abbreviations, January first.
_MONTH_NAMES = [
    ("january", "januar", "jan"),
    ("february", "februar", "feb"),
    ("march", "mars", "mar"),
    ("april", "apr"),
    ("may", "mai"),
    ("june", "juni", "jun"),
    ("july", "juli", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oktober", "oct", "okt"),
    ("november", "nov"),
    ("december", "desember", "dec", "des"),
]
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_SEASONS = {
    "spring": 21,
    "summer": 22,
    "autumn": 23,
    "fall": 23,
    "winter": 24,
    "vår": 21,
    "sommer": 22,
    "høst": 23,
    "vinter": 24,
}
_MONTH = "(?P<month>[a-zæøå]+)\\.?"
_DAY = "(?P<day>[0-9]{1,2})(?:st|nd|rd|th|\\.)?"
_YEAR = "(?P<year>[0-9]{4})"
_WRITTEN_FORMS = [
    re.compile(f"{_DAY} {_MONTH},? {_YEAR}"),  # 12 April 2010, 12. april 2010
    re.compile(f"{_MONTH} {_DAY},? {_YEAR}"),  # April 12, 2010
    re.compile(f"{_MONTH},? {_YEAR}"),  # May 2001
    re.compile(f"(?P<season>[a-zæøå]+)(?: of| in)? {_YEAR}"),  # summer 2004, summer of 2004
]


def _invalid(value):
    return ValidationError(
        _("“%(value)s” is not a date this directory understands. %(examples)s"),
        code="invalid_date",
        params={"value": value, "examples": WRITTEN_EXAMPLES},
    )


def parse_written_date(value):
    """The PartialDate for a date as an editor writes it ("summer 2004") or as EDTF ("2004-22").

    Deliberately strict: a form it does not know, or a day that does not exist, is
    refused rather than guessed (the `edtf` package's natural-language parser reads
    "Mai 2001" as the year 2001 and "12/04/2010" as 4 December, silently).
    """
    text = " ".join(str(value).split()).strip().lower()
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", text):
        return _checked(value, text)
    for pattern in _WRITTEN_FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        year = match["year"]
        groups = match.groupdict()
        if groups.get("season"):
            if groups["season"] not in _SEASONS:
                continue
            edtf = f"{year}-{_SEASONS[groups['season']]}"
        else:
            month = _MONTHS.get(groups["month"])
            if month is None:
                continue
            edtf = f"{year}-{month:02d}"
            if groups.get("day"):
                edtf += f"-{int(groups['day']):02d}"
        return _checked(value, edtf)
    raise _invalid(value)


def _checked(value, edtf):
    """PartialDate.parse, the one judge of what may be stored, with the editors' examples."""
    try:
        return PartialDate.parse(edtf)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a real date. %(examples)s"),
            code="invalid_date",
            params={"value": value, "examples": WRITTEN_EXAMPLES},
        ) from None


def understood(partial_date):
    """What the directory understood a date as, for editors: "Summer 2004 (season), stored as 2004-22"."""
    return _("%(display)s (%(precision)s), stored as %(edtf)s") % {
        "display": partial_date.display(),
        "precision": PRECISION_NAMES[partial_date.precision],
        "edtf": partial_date.edtf,
    }


class PartialDateFormField(forms.CharField):
    """A date as precise as the source, typed as people write it; cleans to EDTF."""

    default_help_text = _(
        "As precise as the source, and no more: 12 April 2010, May 2001, Summer 2004 or 2005 "
        "(EDTF such as 2004-22 works too). Leave empty when unknown."
    )

    def __init__(self, *, max_length=None, **kwargs):
        kwargs["help_text"] = self.default_help_text
        kwargs.setdefault("required", False)
        super().__init__(max_length=40, **kwargs)
        self.widget.attrs.setdefault("placeholder", _("e.g. Summer 2004"))

    def prepare_value(self, value):
        """Show a stored date as people write it, so editors read back what was understood."""
        if value and isinstance(value, str):
            try:
                return PartialDate.parse(value).display()
            except ValidationError:
                return value
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        return parse_written_date(value).edtf


class PartnershipAdminForm(forms.ModelForm):
    """The admin's partnership form: the slug may be left empty and is filled from the parties."""

    class Meta:
        model = Partnership
        fields = [
            "norwegian_party",
            "chinese_party",
            "kind",
            "signed",
            "signed_at",
            "topics",
            "summary",
            "summary_nb",
            "summary_zh_hans",
            "source_note",
            "status",
            "slug",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The partnership's address on the site. Leave empty: it is filled in from the parties "
                "(stavanger-ningbo). Once the partnership has been published it can no longer change, "
                "so that links people have saved keep working."
            )
        signed = self.fields.get("signed")
        if signed is not None and self.instance.signed_date:
            signed.help_text = _("Understood as %(understood)s. %(help)s") % {
                "understood": understood(self.instance.signed_date),
                "help": signed.help_text,
            }

    def clean(self):
        cleaned_data = super().clean()
        norwegian, chinese = cleaned_data.get("norwegian_party"), cleaned_data.get("chinese_party")
        if "slug" in self.fields and not cleaned_data.get("slug") and norwegian and chinese:
            cleaned_data["slug"] = f"{norwegian.slug}-{chinese.slug}"
        return cleaned_data
