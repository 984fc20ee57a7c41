import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "For a local run only (DEBUG on): on the first run, create an administrator account "
        "with a random password and print how to log in. Does nothing once any account exists."
    )

    def handle(self, *args, **options):
        url = "http://127.0.0.1:8000/admin/"
        User = get_user_model()
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: create accounts with `manage.py createsuperuser`.")
            return
        if User.objects.exists():
            self.stdout.write(
                f"Log into the admin at {url} with your account and the code of your authenticator app "
                "(forgot the password? `.venv/bin/python manage.py changepassword admin`; lost the app and the "
                "backup codes? `.venv/bin/python manage.py reset_second_factor admin`)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created a local administrator. Log into the admin at {url} as `admin` with the password "
                f"{password} (shown only now; change it with `.venv/bin/python manage.py changepassword admin`)."
            )
        )
        self.stdout.write(
            "Every account signs in with a second factor too: after the password, the admin shows a QR code. "
            "Scan it with an authenticator app on your phone (Microsoft Authenticator, Google Authenticator, "
            "FreeOTP, Aegis ...) and type the six digits it shows; keep the backup codes the next page gives."
        )
