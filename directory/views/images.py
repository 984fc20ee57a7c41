"""The pages' share images: the PNG a link preview shows for the home page, a partnership and a place."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import View

from ..models import Partnership, Place
from ..pictures import share


class ShareImageView(View):
    """A page's share image (Open Graph's `og:image`), a PNG in the page's language: directory/pictures/share.py.

    It depends on the data and the language only, as a page does, so the page cache keeps it (keyed by the
    data version, the language and the address) and answers a crawler's second request with a 304.
    """

    def get(self, request, **kwargs):
        return HttpResponse(self.card(**kwargs).draw(), content_type="image/png")


class HomeImageView(ShareImageView):
    def card(self):
        return share.home_card(Partnership.objects.published())


class PartnershipImageView(ShareImageView):
    def card(self, slug):
        partnerships = Partnership.objects.published().select_related("norwegian_party", "chinese_party")
        return share.partnership_card(get_object_or_404(partnerships, slug=slug))


class PlaceImageView(ShareImageView):
    def card(self, slug):
        place = get_object_or_404(Place, slug=slug)
        return share.place_card(place, Partnership.objects.published().involving([place]))
