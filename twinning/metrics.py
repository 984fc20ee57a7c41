"""Prometheus's metrics (django-prometheus), for a scraper that holds the token and no one else.

Each app server is scraped on its own address, over the network, so a loopback-only rule would not do;
and behind a proxy on the same machine every request arrives from loopback, so it would let the public
in. Hence a token (METRICS_TOKEN, sent as `Authorization: Bearer TOKEN`), and nginx refuses /metrics
from outside as well (deploy/nginx/twinning-locations.conf). Without a token set, or with a wrong one,
/metrics is simply not found.
"""

import hmac

from django.conf import settings
from django.http import Http404
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView


@never_cache
def metrics(request):
    token = settings.METRICS_TOKEN
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme != "Bearer" or not hmac.compare_digest(offered.strip().encode(), token.encode()):
        raise Http404
    return ExportToDjangoView(request)
