"""Every address the site serves under /admin/, found by walking the URL resolver.

Tests that must hold for every admin page (nothing opens without both factors; nothing shows an erased
person) iterate over these, so a page added later (a model, an import, a view of reversion's) is covered
without being listed anywhere.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve

ADMIN_PREFIX = "admin/"

# What stands in for each kind of parameter in an admin route.
_PARAMETERS = [
    (re.compile(r"<path:object_id>|<id>|<int:object_id>|\(\[\^/\]\+\)"), "{object_id}"),
    (re.compile(r"<(?:int|path):content_type_id>"), "{content_type_id}"),
    (re.compile(r"\(\?P<app_label>[^)]*\)"), "{app_label}"),
    (re.compile(r"\(\\d\+\)"), "{version_id}"),
    (re.compile(r"\(\?P<url>\.\*\)"), "no-such-admin-page/"),
]


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def admin_routes():
    """Every route under /admin/, its parameters as `{object_id}`, `{app_label}`, `{version_id}` ..."""
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if not route.startswith(ADMIN_PREFIX):
            continue
        for pattern, placeholder in _PARAMETERS:
            route = pattern.sub(placeholder, route)
        assert not re.search(r"[<(]", route), f"teach tests/admin_urls.py the parameters of {route}"
        routes.append("/" + route.replace("\\", ""))
    return sorted(set(routes))


def admin_paths(object_ids=None, version_id="1", content_type_id="1", app_label="directory"):
    """Each admin route as a path, with `object_ids` ({"directory/contact/": "12", ...}) where a model's route
    takes one (else "1"); every path resolves."""
    object_ids = object_ids or {}
    paths = []
    for route in admin_routes():
        model = next((prefix for prefix in object_ids if route.startswith(f"/{ADMIN_PREFIX}{prefix}")), None)
        path = route.format(
            object_id=object_ids.get(model, "1"),
            version_id=version_id,
            content_type_id=content_type_id,
            app_label=app_label,
        )
        resolve(path)
        paths.append(path)
    return paths
