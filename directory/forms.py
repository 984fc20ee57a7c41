"""Forms for editors: dates as people write them, edits that cross, and the partnership form of the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from . import conflicts
from .dates import PartialDate, parse_written, understood, written_examples
from .models import Partnership


def _date_help_text():
    return _("As precise as the source, and no more. %(examples)s Leave empty when unknown.") % {
        "examples": written_examples()
    }


def _date_placeholder():
    return _("e.g. %(date)s") % {"date": PartialDate.parse("2004-22").display()}


class PartialDateFormField(forms.CharField):
    """A date as precise as the source, typed as people write it in any of the site's languages; cleans to EDTF.

    It shows a stored date as the editor's language writes it and reads that text back unchanged
    (directory/dates.py), so a form saved untouched saves the same date in every language.
    """

    def __init__(self, *, max_length=None, **kwargs):
        kwargs["help_text"] = lazy(_date_help_text, str)()
        kwargs.setdefault("required", False)
        super().__init__(max_length=40, **kwargs)
        self.widget.attrs.setdefault("placeholder", lazy(_date_placeholder, str)())

    def prepare_value(self, value):
        """Show a stored date as people write it; what an editor typed stays as they typed it."""
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
        return parse_written(value).edtf


class MultilineTextField(forms.CharField):
    """A text of several lines, kept with a plain line feed between them.

    Browsers send every line break as CR LF: without this, a text saved untouched would come back changed.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class VersionedForm(forms.ModelForm):
    """An admin form that remembers which version of its row the editor opened, and refuses to save over a
    newer one (directory/conflicts.py).

    A refused form keeps the editor's input and takes the stored version's number, so that saving it
    again applies the input, knowingly. In the admin's views that restore an old version, which write
    it over the row before the form is made, the admin sets `restoring` and `version_before_restore` (the
    row's version as it was; None for a deleted row, which nobody can have saved since), and the inline
    rows, restored with their partnership, are not checked (`checks_version`).
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    checks_version = True
    restoring = False
    version_before_restore = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            opened = self.version_before_restore if self.restoring else self.instance.version
            self.fields["opened_version"].initial = opened

    def clean(self):
        cleaned_data = super().clean()
        if not self.checks_version or self.instance.pk is None or self.instance._state.adding:
            return cleaned_data
        stored = self.version_before_restore if self.restoring else conflicts.stored_version(self.instance)
        opened = cleaned_data.get("opened_version")
        if stored is None or opened == stored:
            return cleaned_data
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = str(stored)
        if opened is None:
            raise ValidationError(
                _(
                    "This page did not say which version it changes. Nothing was saved: check your input, then "
                    "save again."
                ),
                code="version_missing",
            )
        raise conflicts.refusal(self.instance, opened)


class PartnershipAdminForm(VersionedForm):
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
