from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInEvent(models.Model):
    """One line of the sign-in record: a sign-in, a failed attempt, a lockout, a second factor set up or reset.

    Kept for `settings.SIGN_IN_RECORD_DAYS` days (each new line removes the lines older than that; see
    `accounts.record`), and shown to superusers only (accounts/admin.py).
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed-in", _("Signed in with both factors")
        WRONG_PASSWORD = "wrong-password", _("Wrong password")
        WRONG_CODE = "wrong-code", _("Wrong code")
        LOCKED_OUT = "locked-out", _("Locked out")
        SECOND_FACTOR_SET_UP = "second-factor-set-up", _("Second factor set up")
        SECOND_FACTOR_RESET = "second-factor-reset", _("Second factor reset")

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what happened"), max_length=30, choices=Kind.choices)
    username = models.CharField(_("username"), max_length=150, help_text=_("As typed, for a failed attempt."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_in_events",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("sign-in record entry")
        verbose_name_plural = _("sign-in record")

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.username}: {self.get_kind_display()}"
