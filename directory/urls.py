from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path("partnerships.json", views.PartnershipListJSONView.as_view(), name="partnership-list-json"),
    path("partnerships/<slug:slug>/", views.PartnershipDetailView.as_view(), name="partnership-detail"),
    path("partnerships/<slug:slug>.json", views.PartnershipDetailJSONView.as_view(), name="partnership-detail-json"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
    path("healthz", views.healthz, name="healthz"),
]
