"""Second factors: an authenticator app (TOTP, django-otp) and single-use backup codes, all kept in the database.

Nothing about a second factor lives in a process's memory: the device, its last used time step and its
throttling are rows, and "this session passed the second step" is a key in the database session, so any
app server may answer any step of a sign-in.
"""

import math
from base64 import b32encode

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SignInEvent
from .record import record

BACKUP_CODES = 10
APP_DEVICE_NAME = "authenticator app"
BACKUP_DEVICE_NAME = "backup codes"


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app(user):
    """The authenticator app being set up for `user`: an unconfirmed device, made once and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_for_typing(device):
    """The app's secret in base32, in groups of four, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """The app's set-up address as a QR code, an inline SVG drawn here (no script, no style, nothing fetched)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )
    # segno's own markup, whose one text (the title) is ours and escaped by segno.
    return mark_safe(svg)


@transaction.atomic
def confirm_app(device, request=None):
    """`device` becomes the user's one authenticator app; returns new backup codes (the old ones stop working)."""
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_backup_codes(user)
    record(SignInEvent.Kind.SECOND_FACTOR_SET_UP, user.get_username(), request, user=user)
    return codes


@transaction.atomic
def new_backup_codes(user):
    """Replace the user's backup codes with BACKUP_CODES new ones, each usable once; returns them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, code):
    """The device that accepts `code` (an app's six digits or a backup code), or None.

    Each device counts its own failures and makes the next try wait a little longer (django-otp's
    throttling), besides the account lockout that counts every wrong code (accounts.views).
    """
    code = "".join(code.split())
    with transaction.atomic():
        # Locked for the check, so that two app servers cannot both accept one code.
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def reset(user, request=None, detail=""):
    """Remove every second factor of `user`: their next sign-in sets up a new one. How many were removed."""
    removed = sum(type(device).objects.filter(pk=device.pk).delete()[0] for device in devices_for_user(user, None))
    record(SignInEvent.Kind.SECOND_FACTOR_RESET, user.get_username(), request, user=user, detail=detail)
    return removed


def wait_seconds(user):
    """How long the user's devices ask to wait before the next code (after wrong ones), in seconds, or 0."""
    waits = [0]
    for device in devices_for_user(user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            waits.append(math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
    return max(waits)
