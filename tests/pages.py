"""Every public page template, at an address that shows it at its fullest, for the checkers."""

from django.urls import reverse

LIST = reverse("directory:partnership-list")

PAGES = {
    "home": reverse("directory:home"),
    "list": LIST,
    "list, filtered, with a problem": f"{LIST}?place=rogaland&place=atlantis&topic=energy&q=agreement&signed_from=abc",
    "list, empty": f"{LIST}?q=xyzzy",
    "partnership": reverse("directory:partnership-detail", args=["stavanger-ningbo"]),
    "partnership with milestones": reverse("directory:partnership-detail", args=["fredrikstad-zhuzhou"]),
    "county": reverse("directory:place-detail", args=["rogaland"]),
    "former county": reverse("directory:place-detail", args=["sor-trondelag"]),
    "successor county": reverse("directory:place-detail", args=["trondelag"]),
    "open data": reverse("directory:open-data"),
    "not found": "/partnerships/no-such-partnership/",
}
