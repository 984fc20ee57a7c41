from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import second_factor


class Command(BaseCommand):
    help = (
        "Remove an account's second factor (authenticator app and backup codes), for an editor who lost their "
        "phone and codes. Their next sign-in, after the password, sets up a new app. Recorded in the sign-in record."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}.")
        removed = second_factor.reset(user, detail="manage.py reset_second_factor")
        self.stdout.write(
            f"Removed {removed} second factor(s) of {username}. At their next sign-in, after the password, "
            "they set up a new authenticator app."
        )
