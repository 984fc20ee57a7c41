"""What the list's page and its data twins share: the partnerships the query string selects, and paging.

The pages (`pages`) and the data twins (`data`) select and page the same partnerships, so that a file or a
JSON page holds what the page shows.
"""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from .. import tallies
from ..filters import PartnershipFilter
from ..models import Partnership


class FilteredPartnershipsMixin:
    """The published partnerships the query string selects (`get_base_queryset`: all of them, with what the
    view shows of each), counted from the directory's tallies where no filter narrows them."""

    def get_base_queryset(self):
        return Partnership.objects.published().with_related()

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            self.filterset = PartnershipFilter(
                self.request.GET, queryset=self.get_base_queryset(), counts_of_whole=tallies.read
            )
        return self.filterset


class CountedPaginator(Paginator):
    """A paginator told its count, where the view has worked it out already (the list's facets, the JSON's rows)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        """The count given, in place of Paginator's own (a COUNT query, or len() of a list)."""
        return self.known_count


def paginate(request, queryset, page_size, count=None):
    """ListView's paging, forgiving: a page number out of range or not a number gives the nearest page."""
    paginator = Paginator(queryset, page_size) if count is None else CountedPaginator(queryset, page_size, count)
    page = paginator.get_page(request.GET.get("page"))
    return paginator, page, page.object_list, page.has_other_pages()


def page_range(page):
    """The page numbers to link to: the first, the last and those around this one."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def page_problem(request, page):
    """What to say when the page asked for is not the page shown."""
    asked = request.GET.get("page")
    if asked is None or asked == str(page.number):
        return {}
    shown = {"asked": asked[:20], "number": page.number, "total": page.paginator.num_pages}
    return {"page": [_("There is no page “%(asked)s”; this is page %(number)d of %(total)d.") % shown]}


def whole_number(text, max_digits=9):
    """The number written in ASCII digits, or None (not "²", not "٣", not ten thousand digits)."""
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return int(text)
    return None
