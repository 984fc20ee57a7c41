"""Contacts and erasures: personal data, held with its lawful basis and reviewed (docs/contracts.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import Versioned

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
        "Partnership", verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="contacts"
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
