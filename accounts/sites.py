"""The admin site: every page asks for both factors (see accounts.views for the sign-in itself)."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from . import views


class AdminSite(admin.AdminSite):
    """Django's admin site, open only to active staff who signed in with a password and a second factor.

    `has_permission` is what every admin view checks (the models' pages, history, recover, import, export,
    autocomplete): a session signed in without a second factor, by whatever path, is sent to sign in.
    """

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """Django's admin login page, whose right password leads to the second step (accounts.views)."""
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return views.PasswordStep.as_view(extra_context=context)(request)

    def get_urls(self):
        def step(view):
            def answer(request):
                return view(request, self)

            return sensitive_post_parameters("code")(csrf_protect(never_cache(answer)))

        def signed_in(view):
            def answer(request):
                return view(request, self)

            return self.admin_view(sensitive_post_parameters("code")(answer))

        return [
            path("sign-in/code/", step(views.code_step), name="sign_in_code"),
            path("sign-in/set-up/", step(views.set_up_step), name="sign_in_set_up"),
            path("second-factor/", signed_in(views.second_factor_page), name="second_factor"),
            *super().get_urls(),
        ]
