"""Partnerships as CSV rows, for the editors' import and export in the admin.

The columns are those of the public CSV in docs/contracts.md (`CSV_COLUMNS`, shared
with `/partnerships.csv`), so that a file downloaded from the site can be
corrected in a spreadsheet and imported again. Parties and topics are given by
slug, topics joined by ";". Cells that a spreadsheet would run as a formula are
written with a leading apostrophe, as on the site, and read back without it.

The public CSV has no status column, so an import never changes what the
public sees by itself: a new row becomes a draft, and a row for an existing
partnership keeps that partnership's status. Editors publish in the admin.

A row that would change a partnership someone saved after the file was
exported (its `updated` column is older than the partnership's) is refused
with who saved it, when and what, like an edit of an old copy in the admin
(directory/conflicts.py): the file is exported again, or the row left out.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from . import conflicts, search, tallies
from .data import CSV_COLUMNS, TOPIC_SEPARATOR, csv_cell, csv_cell_value
from .dates import parse_written
from .models import Country, Partnership, Place, Topic


class PlaceWidget(widgets.ForeignKeyWidget):
    """A place of one country by its slug; an unknown slug is an error that says what to write."""

    def __init__(self, country):
        super().__init__(Place, field="slug")
        self.country = country

    def clean(self, value, row=None, **kwargs):
        slug = (value or "").strip()
        if not slug:
            raise ValueError(_("Give the place's slug, as it appears in the admin's list of places (stavanger)."))
        try:
            return Place.objects.get(slug=slug, country=self.country)
        except Place.DoesNotExist:
            country = Country(self.country).label
            raise ValueError(
                _(
                    "There is no place in %(country)s with the slug “%(slug)s”: add the place first, or use the slug "
                    "shown in the admin's list of places."
                )
                % {"country": country, "slug": slug}
            ) from None


class TopicsWidget(widgets.ManyToManyWidget):
    """Topics by slug, separated by ";"; an unknown slug is an error rather than silently dropped."""

    def __init__(self):
        super().__init__(Topic, separator=TOPIC_SEPARATOR, field="slug")

    def clean(self, value, row=None, **kwargs):
        slugs = [slug.strip() for slug in (value or "").split(TOPIC_SEPARATOR) if slug.strip()]
        topics = list(Topic.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {topic.slug for topic in topics})
        if unknown:
            raise ValueError(
                _("Unknown topics: %(slugs)s. Use slugs from the admin's list of topics, separated by “;”.")
                % {"slugs": ", ".join(unknown)}
            )
        return topics


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        kind = (value or "").strip()
        if kind not in Partnership.Kind.values:
            raise ValueError(
                _("“%(kind)s” is not a kind of partnership. Use one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(Partnership.Kind.values)}
            )
        return kind


class PartialDateWidget(widgets.Widget):
    """EDTF as exported (2004-22), or a date as people write it (summer 2004); empty when unknown."""

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return ""
        try:
            return parse_written(text).edtf
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DisplayWidget(widgets.Widget):
    """An export-only value: a PartialDate as people write it, a time in ISO 8601."""

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "":
            return ""
        if hasattr(value, "display"):
            return value.display()
        return value.isoformat()


class PartnershipResource(resources.ModelResource):
    slug = fields.Field(attribute="slug", column_name="slug")
    title = fields.Field(attribute="title", column_name="title", readonly=True)
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    signed = fields.Field(attribute="signed", column_name="signed", widget=PartialDateWidget())
    signed_display = fields.Field(
        attribute="signed_date", column_name="signed_display", readonly=True, widget=DisplayWidget()
    )
    signed_at = fields.Field(attribute="signed_at", column_name="signed_at")
    norwegian_party = fields.Field(
        attribute="norwegian_party", column_name="norwegian_party", widget=PlaceWidget(Country.NORWAY)
    )
    norwegian_party_name = fields.Field(
        attribute="norwegian_party__name", column_name="norwegian_party_name", readonly=True
    )
    chinese_party = fields.Field(
        attribute="chinese_party", column_name="chinese_party", widget=PlaceWidget(Country.CHINA)
    )
    chinese_party_name = fields.Field(attribute="chinese_party__name", column_name="chinese_party_name", readonly=True)
    topics = fields.Field(attribute="topics", column_name="topics", widget=TopicsWidget())
    summary = fields.Field(attribute="summary", column_name="summary")
    updated = fields.Field(attribute="updated", column_name="updated", readonly=True, widget=DisplayWidget())

    class Meta:
        model = Partnership
        fields = CSV_COLUMNS
        export_order = CSV_COLUMNS
        import_id_fields = ["slug"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return Partnership.objects.select_related("norwegian_party", "chinese_party").prefetch_related("topics")

    def import_data(self, *args, **kwargs):
        """Each partnership the file writes gets its search text once, after its topics (`after_import`)."""
        with search.refreshed_once():
            return super().import_data(*args, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        search.refresh_pending()
        tallies.recount()

    def export_resource(self, instance, selected_fields=None, **kwargs):
        values = super().export_resource(instance, selected_fields, **kwargs)
        return [csv_cell(value) if isinstance(value, str) else value for value in values]

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            if isinstance(value, str):
                row[column] = csv_cell_value(value)

    def get_instance(self, instance_loader, row):
        """The partnership the row's slug names; a row without a slug is a new partnership."""
        if not (row.get("slug") or "").strip():
            return None
        return super().get_instance(instance_loader, row)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model validation as usual, except a missing slug: the error about a party says what to fix.

        Only rows that would change something are validated: a row for a partnership changed since the
        export that would change nothing is left alone.
        """
        errors = dict(import_validation_errors or {})
        if instance.pk is not None and "updated" not in errors:
            exported = getattr(instance, "exported_updated", None)
            if exported is not None and (refusal := conflicts.import_refusal(instance, exported)):
                errors["updated"] = refusal
        exclude = set(errors) | ({"slug"} if not instance.slug else set())
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        """Set the row's values, checking topics here so that an unknown one is reported with the row."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self.fields["topics"].clean(row)
        except ValueError as error:
            errors["topics"] = ValidationError(str(error), code="invalid")
        if not instance.slug and instance.norwegian_party_id and instance.chinese_party_id:
            instance.slug = instance.default_slug()
        if instance.pk is not None:
            try:
                instance.exported_updated = exported_time(row.get("updated"))
            except ValueError as error:
                errors["updated"] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)


def exported_time(value):
    """The `updated` column of a row as the export wrote it (ISO 8601), or None when it is empty."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(
            _(
                "“%(value)s” is not a time as the export writes it (2025-01-31T10:22:33+00:00). Leave the "
                "updated column as it was exported: it tells whether someone changed the partnership since."
            )
            % {"value": text}
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
