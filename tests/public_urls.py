"""Every public route of the site, found by walking the URL resolver.

Tests that must hold for every public page (hostile input, nothing private
leaks) iterate over these, so a route added later is covered without being
listed anywhere.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

# Not public: the editors' admin, and the metrics for the scraper that holds their token (tests/test_operations.py).
PRIVATE_PREFIXES = ("admin/", "metrics")


@dataclass(frozen=True)
class Route:
    name: str
    parameters: tuple

    def path(self, **values):
        return reverse(self.name, kwargs=values or None)

    @property
    def is_data_twin(self):
        """The list's and a partnership's data and the calendar: `.json`, `.csv` and `.ics` answer errors as JSON."""
        return self.path(**self.placeholders()).endswith((".json", ".csv", ".ics"))

    def placeholders(self):
        """A value for each parameter that its converter accepts and no test data uses."""
        return {name: PLACEHOLDER_NUMBER if is_int else PLACEHOLDER_TEXT for name, is_int in self.parameters}


PLACEHOLDER_TEXT = "zz-placeholder-zz"
PLACEHOLDER_NUMBER = "987654321"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"The route {route!r} has no name: every URL is named."
            converters = getattr(pattern.pattern, "converters", {})
            parameters = tuple(
                sorted((name, isinstance(converter, IntConverter)) for name, converter in converters.items())
            )
            if not converters:
                parameters = tuple((name, False) for name in sorted(pattern.pattern.regex.groupindex))
            yield Route(namespace + pattern.name, parameters)


def public_routes():
    """Every named route outside the admin, the directory's and any added beside it."""
    return sorted(set(_walk(get_resolver().url_patterns)), key=lambda route: route.name)
