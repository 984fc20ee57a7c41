"""Each sign-in, failed attempt and lockout goes into the sign-in record, whichever view or form caused it."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .models import SignInEvent
from .record import record

# The key accounts.views puts in the credentials of a failed second step, so that the record says "wrong code".
SECOND_FACTOR = "second_factor"


@receiver(user_logged_in, dispatch_uid="sign-in-record-logged-in")
def signed_in(sender, request, user, **kwargs):
    record(SignInEvent.Kind.SIGNED_IN, user.get_username(), request, user=user)


@receiver(user_login_failed, dispatch_uid="sign-in-record-failed")
def failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # axes refused it unread: the lockout is recorded below.
    kind = SignInEvent.Kind.WRONG_CODE if credentials.get(SECOND_FACTOR) else SignInEvent.Kind.WRONG_PASSWORD
    record(kind, credentials.get("username", ""), request)


@receiver(user_locked_out, dispatch_uid="sign-in-record-locked-out")
def locked_out(sender, request, username, **kwargs):
    record(SignInEvent.Kind.LOCKED_OUT, username or "", request)
