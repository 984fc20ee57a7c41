"""The sign-in record: what happened, to which account, from where; older lines removed as new ones come."""

import datetime

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import SignInEvent


def record(kind, username, request=None, user=None, detail=""):
    """Write one line of the sign-in record, and remove those past the retention period."""
    if user is None and username:
        user = get_user_model().objects.filter(username=username).first()
    SignInEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user=user,
        ip_address=get_client_ip_address(request) if request is not None else None,
        detail=detail[:200],
    )
    prune()


def prune():
    """Remove the lines older than the stated period (SIGN_IN_RECORD_DAYS); how many were removed."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.SIGN_IN_RECORD_DAYS)
    removed, _by_model = SignInEvent.objects.filter(time__lt=cutoff).delete()
    return removed
