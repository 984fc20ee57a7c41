"""Citations: a source and a partnership's page as people cite them, in the active language, and as BibTeX."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .dates import PartialDate


def display_day(day):
    """A day (a `datetime.date`) as people write it in the active language."""
    return PartialDate.parse(day.isoformat()).display()


# The parts of a source as a page or a file writes it, in the active language.
SOURCE_BY = pgettext_lazy("a source: who published it, and its title", "{publisher}: {title}")
SOURCE_TITLE = pgettext_lazy("a source's title in plain text", "“{title}”")
SOURCE_PUBLISHED = pgettext_lazy("a source and when it was published", "{source}, {date}")
SOURCE_ADDRESS = pgettext_lazy("a source and its address", "{source}, {url}")
SOURCE_READ = pgettext_lazy("a source and the day it was read", "{source} (read {date})")


def source_text(source):
    """A source as one line of plain text in the active language: publisher, title, date, address, when read."""
    text = str(SOURCE_TITLE).format(title=source.title)
    if source.publisher:
        text = str(SOURCE_BY).format(publisher=source.publisher, title=text)
    if source.published_date:
        text = str(SOURCE_PUBLISHED).format(source=text, date=source.published_date.display())
    if source.url:
        text = str(SOURCE_ADDRESS).format(source=text, url=source.url)
    if source.accessed:
        text = str(SOURCE_READ).format(source=text, date=display_day(source.accessed))
    return text


CITATION = gettext_lazy("%(site)s. “%(title)s”. Last changed %(date)s. %(url)s")


def citation_parts(partnership, url):
    """What a citation of a partnership's page names, in the active language: for `CITATION`."""
    return {
        "site": _("Norway–China friendship cities"),
        "title": partnership.local_title,
        "date": display_day(timezone.localdate(partnership.updated)),
        "url": url,
    }


def citation_text(partnership, url):
    """How to cite a partnership's page, as plain text in the active language."""
    return str(CITATION) % citation_parts(partnership, url)


_BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def citation_bibtex(partnership, url):
    """How to cite a partnership's page in BibTeX (and biblatex's `date`), its names in the active language."""
    changed = timezone.localdate(partnership.updated)
    fields = [
        ("author", "{" + _("Norway–China friendship cities").translate(_BIBTEX_ESCAPES) + "}"),
        ("title", "{" + partnership.local_title.translate(_BIBTEX_ESCAPES) + "}"),
        ("year", str(changed.year)),
        ("date", changed.isoformat()),
        ("url", url),
        ("howpublished", f"\\url{{{url}}}"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{partnership.slug},\n{body}\n}}"
