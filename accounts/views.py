"""Signing in to the admin in two steps: the password (Django's login form, counted by django-axes), then a code.

After the password the session holds only a *pending* sign-in (which account, since when, where to go
next): the account is not signed in, so no admin page, import, export, draft preview or language
chooser opens for it. The second step signs it in: a code from the authenticator app or a backup code,
or, for an account that has none yet, setting up the app. Every wrong code is a failed attempt for
django-axes, as a wrong password is, so five wrong passwords or codes in a row lock the account.
"""

import functools
import time

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model, login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.middleware import is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor
from .forms import CodeForm, SetUpForm
from .models import SignInEvent
from .record import record
from .signals import SECOND_FACTOR

# The session key of a sign-in whose password is checked and whose second step is still to come.
PENDING = "sign_in_pending"
# How long the second step may wait after the password.
PENDING_SECONDS = 10 * 60


class PasswordStep(LoginView):
    """Django's admin login form; a right password leads to the second step instead of signing in."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    def get_default_redirect_url(self):
        return reverse("admin:index")

    def form_valid(self, form):
        user = form.get_user()
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "since": time.time(),
            "next": self.get_success_url(),
        }
        step = "admin:sign_in_code" if second_factor.has_second_factor(user) else "admin:sign_in_set_up"
        return HttpResponseRedirect(reverse(step))


def pending_user(request):
    """The account whose password this session gave in the last ten minutes, or None."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True, is_staff=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def next_url(request):
    pending = request.session.get(PENDING) or {}
    url = pending.get("next") or request.POST.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("admin:index")


def sign_in(request, user, device):
    """Both factors given: sign the account in, with the device that proved the second one."""
    user.otp_device = device  # django-otp keeps it in the session when the user is signed in
    user.is_verified = functools.partial(is_verified, user)  # as django-otp's middleware gives request.user
    login(request, user, backend=user.backend)
    otp_login(request, device)
    request.session.pop(PENDING, None)


def locked(request, user):
    """A lockout answer when django-axes has locked the account, else None."""
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_locked(request, credentials):
        return None
    request.session.pop(PENDING, None)
    record(SignInEvent.Kind.LOCKED_OUT, user.get_username(), request, user=user)
    return get_lockout_response(request, None, credentials)


def wrong_code(request, user):
    """Count a wrong code as a failed sign-in (django-axes and the sign-in record); a lockout answer if it locks."""
    credentials = {"username": user.get_username(), SECOND_FACTOR: True}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        request.session.pop(PENDING, None)
        return get_lockout_response(request, None, credentials)
    return None


def step_context(site, request, **context):
    return {**site.each_context(request), "subtitle": None, **context}


def code_step(request, site):
    user = pending_user(request)
    if user is None:
        return redirect("admin:login")
    if not second_factor.has_second_factor(user):
        return redirect("admin:sign_in_set_up")
    if refused := locked(request, user):
        return refused
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if wait := second_factor.wait_seconds(user):
            form.add_error(
                "code",
                ngettext(
                    "Wait %(seconds)d second before the next code.",
                    "Wait %(seconds)d seconds before the next code.",
                    wait,
                )
                % {"seconds": wait},
            )
        elif device := second_factor.verify(user, form.cleaned_data["code"]):
            target = next_url(request)
            sign_in(request, user, device)
            return HttpResponseRedirect(target)
        else:
            if refused := wrong_code(request, user):
                return refused
            form.add_error("code", _("That code is not right. Type the code the app shows now, or a backup code."))
    return TemplateResponse(
        request,
        "accounts/code.html",
        step_context(site, request, title=_("Second step: a code"), form=form, username=user.get_username()),
    )


def set_up_step(request, site):
    """Set up the authenticator app: at the first sign-in (after the password), or to replace it (signed in)."""
    replacing = request.user.is_authenticated and request.user.is_staff and request.user.is_verified()
    user = request.user if replacing else pending_user(request)
    if user is None:
        return redirect("admin:login")
    if not replacing:
        if second_factor.has_second_factor(user):
            return redirect("admin:sign_in_code")  # a password alone never replaces a second factor
        if refused := locked(request, user):
            return refused
    device = second_factor.pending_app(user)
    form = SetUpForm(request.POST or None)
    allowed, _details = device.verify_is_allowed()
    if request.method == "POST" and form.is_valid() and not allowed:
        form.add_error("code", _("Wait a few seconds before the next code."))
    elif request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            target = reverse("admin:second_factor") if replacing else next_url(request)
            codes = second_factor.confirm_app(device, request)
            if replacing:
                otp_login(request, device)
            else:
                sign_in(request, user, device)
            return TemplateResponse(
                request,
                "accounts/backup_codes.html",
                {
                    **site.each_context(request),
                    "title": _("Your backup codes"),
                    "codes": codes,
                    "next": target,
                    "set_up": True,
                },
            )
        if not replacing and (refused := wrong_code(request, user)):
            return refused
        form.add_error("code", _("That code is not right. Check that the app shows this account, and type its code."))
    return TemplateResponse(
        request,
        "accounts/set_up.html",
        step_context(
            site,
            request,
            title=_("Set up your authenticator app"),
            form=form,
            replacing=replacing,
            username=user.get_username(),
            qr_code=second_factor.qr_code_svg(device),
            secret=second_factor.secret_for_typing(device),
            issuer=settings.OTP_TOTP_ISSUER,
        ),
    )


def second_factor_page(request, site):
    """The signed-in editor's own second factor: when it was set up, backup codes left, new codes, a new app."""
    user = request.user
    if request.method == "POST" and "new_backup_codes" in request.POST:
        codes = second_factor.new_backup_codes(user)
        messages.success(request, _("New backup codes made: the old ones no longer work."))
        return TemplateResponse(
            request,
            "accounts/backup_codes.html",
            {**site.each_context(request), "title": _("Your backup codes"), "codes": codes, "next": request.path},
        )
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return TemplateResponse(
        request,
        "accounts/second_factor.html",
        {
            **site.each_context(request),
            "title": _("Two-factor sign-in"),
            "app": app,
            "backup_codes_left": second_factor.backup_codes_left(user),
        },
    )
