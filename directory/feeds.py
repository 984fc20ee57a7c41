from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Partnership


class PartnershipFeed(Feed):
    """`/feeds/partnerships.atom`: the partnerships most recently published, newest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("Norway–China friendship cities: new partnerships")
    subtitle = gettext_lazy("Friendship, twinning and cooperation agreements as they are published in the directory.")
    author_name = gettext_lazy("Norway–China friendship cities directory")
    link = reverse_lazy("directory:partnership-list")
    feed_url = reverse_lazy("directory:partnership-feed")
    limit = 50

    def items(self):
        return (
            Partnership.objects.published()
            .select_related("norwegian_party", "chinese_party")
            .prefetch_related("topics")
            .order_by("-published_at", "slug")[: self.limit]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom readers take the summary as HTML: escape the plain text.
        parts = [item.get_kind_display()]
        if item.signed_date:
            parts.append(_("signed %(date)s") % {"date": item.signed_date.display()})
        lead = ", ".join(parts)
        return escape(f"{lead}. {item.summary}" if item.summary else f"{lead}.")

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]
