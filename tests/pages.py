"""Every public page template, at an address that shows it at its fullest, for the checkers."""

from django.urls import reverse

LIST = reverse("directory:partnership-list")

PAGES = {
    "home": reverse("directory:home"),
    "list": LIST,
    "list, filtered, with a problem": f"{LIST}?place=rogaland&place=atlantis&topic=energy&q=agreement&signed_from=abc",
    "list, every topic, an unknown facet in full": f"{LIST}?all=topic&all=kind",
    "list, empty": f"{LIST}?q=xyzzy",
    "list, a search that names a place": f"{LIST}?q=Zhejiang",
    "partnership": reverse("directory:partnership-detail", args=["stavanger-ningbo"]),
    "partnership with milestones": reverse("directory:partnership-detail", args=["fredrikstad-zhuzhou"]),
    "county": reverse("directory:place-detail", args=["rogaland"]),
    "former county": reverse("directory:place-detail", args=["sor-trondelag"]),
    "successor county": reverse("directory:place-detail", args=["trondelag"]),
    "privacy": reverse("directory:privacy"),
    "about": reverse("directory:about"),
    "accessibility statement": reverse("directory:accessibility"),
    "open data": reverse("directory:open-data"),
    "not found": "/partnerships/no-such-partnership/",
    "not found, with suggestions": "/partnerships/stavanger-ningb/",
}
