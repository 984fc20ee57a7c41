from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .feeds import PartnershipFeed
from .sitemaps import SITEMAPS

app_name = "directory"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path("partnerships.json", views.PartnershipListJSONView.as_view(), name="partnership-list-json"),
    path("partnerships.csv", views.PartnershipListCSVView.as_view(), name="partnership-list-csv"),
    path("partnerships/<slug:slug>/", views.PartnershipDetailView.as_view(), name="partnership-detail"),
    path("partnerships/<slug:slug>.json", views.PartnershipDetailJSONView.as_view(), name="partnership-detail-json"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
    path("feeds/partnerships.atom", PartnershipFeed(), name="partnership-feed"),
    path("anniversaries.ics", views.anniversaries, name="anniversaries"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
]
