"""Directories made up by hypothesis from any values the models' own validation accepts, for property tests.

`directories()` draws the rows (places of both countries, topics, partnerships with milestones and
contacts: names and texts in every script, very long and very short, every date form and precision of
the plausible years, optional fields empty, drafts, former places); `build()` saves them, each validated
by its model as every write path validates it, and drops an example validation refuses.
"""

import datetime
import re
import string

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from hypothesis import assume
from hypothesis import strategies as st

from directory.dates import FIRST_MILESTONE_YEAR, FIRST_SIGNING_YEAR, latest_plausible
from directory.models import Contact, Country, Milestone, Partnership, Place, PlaceLevel, Source, Topic, ascii_slug

# Any character a form can carry: every script, punctuation, emoji, combining marks, right-to-left text,
# tabs and line breaks; not the control characters validation refuses, nor lone surrogates.
characters = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\t\n\r")


def texts(min_size=0, max_size=60):
    """Texts as long or as short as the field takes: usually short, sometimes as long as it takes (a short
    text repeated, which costs hypothesis little to make)."""
    short = st.text(characters, min_size=min_size, max_size=min(max_size, 30))
    long = st.tuples(st.text(characters, min_size=1, max_size=12), st.integers(1, max_size)).map(
        lambda text_and_times: (text_and_times[0] * text_and_times[1])[:max_size]
    )
    return st.one_of(short, short, long).filter(lambda text: len(text.strip()) >= min_size)


def names(max_size=100):
    return texts(1, max_size).map(str.strip).filter(bool)


slugs = st.from_regex(r"[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,3}", fullmatch=True)


def dates(first_year):
    """Any date of the plausible years, in each precision; or none."""
    last = latest_plausible(timezone.localdate())
    days = st.dates(datetime.date(first_year, 1, 1), last).map(datetime.date.isoformat)
    months = st.dates(datetime.date(first_year, 1, 1), last).map(lambda d: d.isoformat()[:7])
    seasons = st.tuples(st.integers(first_year, last.year - 1), st.integers(21, 24)).map(lambda t: f"{t[0]}-{t[1]}")
    years = st.integers(first_year, last.year).map(str)
    return st.one_of(st.just(""), days, months, seasons, years)


coordinates = st.one_of(st.none(), st.decimals(-90, 90, places=5))


@st.composite
def places(draw, country, count):
    levels = {Country.NORWAY: [PlaceLevel.COUNTY, PlaceLevel.MUNICIPALITY], Country.CHINA: list(PlaceLevel)[2:]}
    rows = []
    for _index in range(count):
        name = draw(names())
        rows.append(
            {
                "name": name,
                "native_name": draw(names()),
                "pinyin": draw(names()) if country == Country.CHINA else draw(st.sampled_from(["", "Pīnyīn"])),
                "name_nb": draw(st.one_of(st.just(""), names())),
                "name_zh_hans": draw(st.one_of(st.just(""), names())),
                "country": country,
                "level": draw(st.sampled_from(levels[country])),
                "latitude": draw(coordinates),
                "longitude": draw(st.one_of(st.none(), st.decimals(-180, 180, places=5))),
                "history": draw(texts(max_size=2000)),
                "inside_first": draw(st.booleans()),
                "former": draw(st.booleans()),
                # Left empty, the slug is made from the English name; a name without plain letters needs one
                # given (test_a_name_without_plain_letters_needs_a_slug_given).
                "slug_given": draw(st.booleans()) or not ascii_slug(name),
            }
        )
    return rows


@st.composite
def directories(draw):
    """A small directory: places of both countries, topics, partnerships with milestones, contacts and sources."""
    norwegian = draw(places(Country.NORWAY, draw(st.integers(1, 3))))
    chinese = draw(places(Country.CHINA, draw(st.integers(1, 3))))
    topics = [
        {
            "name": draw(names()),
            "name_nb": draw(st.one_of(st.just(""), names())),
            "name_zh_hans": draw(st.one_of(st.just(""), names())),
        }
        for _index in range(draw(st.integers(0, 3)))
    ]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, len(norwegian) - 1), st.integers(0, len(chinese) - 1)),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    partnerships = [
        {
            "pair": pair,
            "kind": draw(st.sampled_from(Partnership.Kind.values)),
            "signed": draw(dates(FIRST_SIGNING_YEAR)),
            "signed_at": draw(texts(max_size=100)).strip(),
            "summary": draw(texts(max_size=3000)).strip(),
            "summary_nb": draw(st.one_of(st.just(""), texts(max_size=600))).strip(),
            "summary_zh_hans": draw(st.one_of(st.just(""), texts(max_size=600))).strip(),
            "source_note": draw(texts(max_size=300)).strip(),
            "status": draw(st.sampled_from(Partnership.Status.values)),
            "topics": draw(st.lists(st.integers(0, max(len(topics) - 1, 0)), max_size=len(topics), unique=True)),
            "milestones": [
                {
                    "date": draw(dates(FIRST_MILESTONE_YEAR)),
                    "text": draw(names(600)),
                    "text_nb": draw(st.one_of(st.just(""), names(300))),
                    "text_zh_hans": draw(st.one_of(st.just(""), names(300))),
                }
                for _index in range(draw(st.integers(0, 3)))
            ],
            "contacts": [
                {
                    "side": draw(st.sampled_from(Contact.Side.values)),
                    "name": draw(st.one_of(st.just(""), names(200))),
                    "role": draw(texts(max_size=200)).strip(),
                    "organisation": draw(names(200)),
                    "email": draw(st.one_of(st.just(""), st.emails().filter(lambda email: len(email) <= 254))),
                    "phone": draw(st.text(string.digits + " +-()", max_size=40)).strip(),
                    "website": draw(st.sampled_from(["", "https://example.org/", "https://例子.测试/路径?q=1"])),
                    "is_public": draw(st.booleans()),
                    "notes": draw(texts(max_size=300)).strip(),
                    **draw(lawful_bases()),
                }
                for _index in range(draw(st.integers(0, 2)))
            ],
            "sources": [
                {
                    "order": draw(st.integers(0, 32767)),
                    "title": draw(names(300)),
                    "url": draw(
                        st.sampled_from(["", "https://www.norway.cn/friendship/", "https://例子.测试/路径?q=1"])
                    ),
                    "publisher": draw(texts(max_size=200)).strip(),
                    "published": draw(dates(FIRST_MILESTONE_YEAR)),
                    "accessed": draw(st.one_of(st.none(), st.dates(datetime.date(1990, 1, 1), timezone.localdate()))),
                    "language": draw(st.sampled_from(Source.Language.values)),
                }
                for _index in range(draw(st.integers(0, 2)))
            ],
        }
        for pair in pairs
    ]
    return {"norwegian": norwegian, "chinese": chinese, "topics": topics, "partnerships": partnerships}


def lawful_bases():
    """Why a contact is held, as its validation accepts it: consent (with the day and how), or a public role."""
    consent = st.fixed_dictionaries(
        {
            "lawful_basis": st.just(Contact.LawfulBasis.CONSENT),
            "consent_given": st.dates(datetime.date(2000, 1, 1), timezone.localdate()),
            "consent_how": names(200),
        }
    )
    return st.one_of(consent, st.just({"lawful_basis": Contact.LawfulBasis.PUBLIC_ROLE}))


def _saved(obj, as_the_admin_stores=False):
    """The object saved if its own validation accepts it; the example is dropped otherwise."""
    if as_the_admin_stores:
        admin_stored(obj)
    try:
        obj.full_clean()
    except ValidationError:
        assume(False)
    obj.save()
    return obj


_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def admin_stored(obj):
    """Texts as the admin itself stores them: trimmed, a line of text on one line, line breaks as "\\n".

    A value written otherwise (by an import or a shell) is changed by the first save in the admin: its
    text boxes drop surrounding spaces, and browsers send every line break as CR LF and none in a line.
    """
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.TextField) and isinstance(value, str):
            setattr(obj, field.attname, _LINE_BREAKS.sub("\n", value).strip())
        elif isinstance(field, models.CharField) and isinstance(value, str):
            setattr(obj, field.attname, _LINE_BREAKS.sub(" ", value).strip())


def build(directory, as_the_admin_stores=False):
    """The directory's rows, each validated by the model as any write path validates it."""

    def saved(obj):
        return _saved(obj, as_the_admin_stores)

    made = {}
    for country in ("norwegian", "chinese"):
        rows = []
        for index, row in enumerate(directory[country]):
            fields = {
                name: value for name, value in row.items() if name not in ("inside_first", "former", "slug_given")
            }
            place = Place(**fields, slug=f"{country}-{index}" if row["slug_given"] else "")
            if index and row["inside_first"] and rows[0].parent_id is None:
                place.parent = rows[0]
            if index and row["former"]:
                place.dissolved = datetime.date(2017, 12, 31)
                place.successor = rows[0]
            rows.append(saved(place))
        made[country] = rows
    topics = [saved(Topic(**row, slug=f"topic-{index}")) for index, row in enumerate(directory["topics"])]
    for row in directory["partnerships"]:
        fields = {
            name: value
            for name, value in row.items()
            if name not in ("pair", "topics", "milestones", "contacts", "sources")
        }
        partnership = saved(
            Partnership(
                **fields,
                norwegian_party=made["norwegian"][row["pair"][0]],
                chinese_party=made["chinese"][row["pair"][1]],
            )
        )
        partnership.topics.set([topics[index] for index in row["topics"] if index < len(topics)])
        for milestone in row["milestones"]:
            saved(Milestone(partnership=partnership, **milestone))
        for contact in row["contacts"]:
            saved(Contact(partnership=partnership, **contact))
        for source in row["sources"]:
            saved(Source(partnership=partnership, **source))
    return made
