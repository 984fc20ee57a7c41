"""A large, realistic and clearly synthetic directory, for benchmarks and query-budget tests.

Every row it makes has a slug starting with ``synthetic-``, every partnership
says so in its source note, and the same seed gives the same directory. It
writes with ``bulk_create`` (10,000 partnerships take seconds), so it does
what ``save()`` would have done itself: the date intervals, the publication
time and the search text. Most names, summaries and milestones have their
Norwegian and Chinese translations; the rest show the English fallback.
"""

import datetime
import random
import unicodedata

from django.db import connection
from django.utils import timezone

from . import ancestry, caching, tallies
from .dates import PartialDate
from .models import Contact, Country, Milestone, Partnership, Place, Topic, ascii_slug
from .search import search_text
from .translations import chinese_sort_key

PREFIX = "synthetic-"
SOURCE_NOTE = "Synthetic data made by generate_synthetic for benchmarks and tests. Not a real agreement."

_NORWEGIAN_STARTS = [
    "Aust", "Bjørn", "Berg", "Dal", "Eid", "Fjell", "Fro", "Gran", "Hå", "Hol", "Kval", "Lille", "Lund", "Mo",
    "Nord", "Ør", "Rød", "Sand", "Sel", "Skog", "Sol", "Stor", "Strand", "Sør", "Tved", "Vest", "Vik", "Ås",
]  # fmt: skip
_NORWEGIAN_ENDS = ["by", "dal", "fjord", "hamn", "heim", "land", "nes", "øy", "rud", "stad", "sund", "vik", "våg"]
_CHINESE_SYLLABLES = [
    ("ān", "安"), ("bǎo", "宝"), ("chāng", "昌"), ("dōng", "东"), ("fēng", "丰"), ("guǎng", "广"), ("hǎi", "海"),
    ("hé", "河"), ("huá", "华"), ("jiāng", "江"), ("jīn", "金"), ("lín", "林"), ("lóng", "龙"), ("nán", "南"),
    ("níng", "宁"), ("píng", "平"), ("qīng", "清"), ("shān", "山"), ("tài", "泰"), ("xī", "西"), ("yáng", "阳"),
    ("yuán", "源"), ("zhōu", "州"), ("chéng", "城"),
]  # fmt: skip
# A tree of topics like the fixtures': broad topics and the narrower ones beneath them.
_TOPICS = {
    "Business": ["Trade", "Tourism", "Shipping"],
    "Culture": ["Music", "Museums", "Food culture"],
    "Education": ["Student exchange", "Schools", "Universities"],
    "Energy": ["Oil and gas", "Renewable energy"],
    "Environment": ["Water", "Waste treatment", "Pollution control", "Air"],
    "Health": ["Elderly care"],
    "Technology": ["Innovation"],
}
# The topics' names in Norwegian and Chinese; Shipping has none, and shows in English.
_TOPIC_NAMES = {
    "Business": ("Næringsliv", "商业"), "Trade": ("Handel", "贸易"), "Tourism": ("Turisme", "旅游"),
    "Culture": ("Kultur", "文化"), "Music": ("Musikk", "音乐"), "Museums": ("Museer", "博物馆"),
    "Food culture": ("Matkultur", "饮食文化"), "Education": ("Utdanning", "教育"),
    "Student exchange": ("Studentutveksling", "学生交流"), "Schools": ("Skoler", "学校"),
    "Universities": ("Universiteter", "大学"), "Energy": ("Energi", "能源"),
    "Oil and gas": ("Olje og gass", "石油和天然气"),
    "Renewable energy": ("Fornybar energi", "可再生能源"), "Environment": ("Miljø", "环境"), "Water": ("Vann", "水"),
    "Waste treatment": ("Avfallsbehandling", "废物处理"), "Pollution control": ("Forurensningskontroll", "污染防治"),
    "Air": ("Luft", "空气"), "Health": ("Helse", "卫生"), "Elderly care": ("Eldreomsorg", "养老"),
    "Technology": ("Teknologi", "技术"), "Innovation": ("Innovasjon", "创新"),
}  # fmt: skip
# Each milestone in English, Norwegian and Chinese.
_MILESTONES = [
    ("First contact between the two sides.", "Første kontakt mellom de to partene.", "双方首次接触。"),
    (
        "A delegation visited to prepare the agreement.",
        "En delegasjon kom på besøk for å forberede avtalen.",
        "代表团来访，为签署协议做准备。",
    ),
    ("The agreement was renewed for five more years.", "Avtalen ble fornyet for fem nye år.", "协议续签五年。"),
    (
        "Schools in both places signed an exchange agreement.",
        "Skoler på begge steder undertegnet en utvekslingsavtale.",
        "两地学校签署了交流协议。",
    ),
    (
        "A joint conference on urban planning was held.",
        "En felles konferanse om byplanlegging ble holdt.",
        "双方联合举办了城市规划会议。",
    ),
    (
        "A trade delegation of thirty companies visited.",
        "En handelsdelegasjon med tretti bedrifter kom på besøk.",
        "由三十家企业组成的贸易代表团来访。",
    ),
]
# How often a synthetic text has its translations: the rest exercise the pages' English fallback.
_TRANSLATED_SHARE = 0.7
_KINDS = [
    (Partnership.Kind.FRIENDSHIP, 5),
    (Partnership.Kind.COOPERATION, 4),
    (Partnership.Kind.TWIN_TOWN, 2),
    (Partnership.Kind.MEMORANDUM, 1),
    (Partnership.Kind.LETTER_OF_INTENT, 1),
]


class NotSynthetic(Exception):
    """The database holds real partnerships, which synthetic rows must not mix with."""


def real_partnerships():
    return Partnership.objects.exclude(slug__startswith=PREFIX)


def remove():
    """Delete every synthetic row, children before the places and topics they point to."""
    Partnership.objects.filter(slug__startswith=PREFIX).delete()
    places = Place.objects.filter(slug__startswith=PREFIX)
    places.update(parent=None, successor=None, dissolved=None)
    places.delete()
    topics = Topic.objects.filter(slug__startswith=PREFIX)
    topics.update(parent=None)
    topics.delete()


def generate(partnerships, seed, force=False):
    """Replace the synthetic directory with one of `partnerships` partnerships; returns a count per model."""
    if not force and real_partnerships().exists():
        raise NotSynthetic(
            "This database holds real partnerships. Synthetic data is for a database of its own; "
            "use --force only if you mean to mix them."
        )
    with caching.one_change(), tallies.held():
        counts = _generate(partnerships, seed)
    # Fresh statistics, or SQLite's planner takes `status = 'published'` (nearly every row) for a selective
    # index and reads the table through it. (PostgreSQL's autovacuum would get there by itself, later.)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def _generate(partnerships, seed):
    remove()
    maker = _Maker(random.Random(seed))
    topics = maker.topics()
    norwegian, chinese = maker.places(partnerships)
    rows = maker.partnerships(partnerships, norwegian, chinese)
    maker.details(rows, topics)
    # bulk_create and update send no signals: the trees' closure tables are put right here.
    ancestry.sync(Place)
    ancestry.sync(Topic)
    tallies.recount()
    return {
        "places": len(norwegian) + len(chinese),
        "topics": len(topics),
        "partnerships": len(rows),
        "milestones": Milestone.objects.filter(partnership__slug__startswith=PREFIX).count(),
        "contacts": Contact.objects.filter(partnership__slug__startswith=PREFIX).count(),
    }


def _plain(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def with_sort_keys(rows):
    """Places or topics with the reading their `save()` would store (bulk_create does not call it)."""
    rows = list(rows)
    for row in rows:
        row.sort_key_zh_hans = chinese_sort_key(row)
    return rows


class _Maker:
    def __init__(self, rng):
        self.rng = rng
        self.slugs = set()

    def slug(self, name):
        base = f"{PREFIX}{ascii_slug(name)}"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slugs.add(slug)
        return slug

    def topic(self, name, parent=None):
        name_nb, name_zh_hans = _TOPIC_NAMES.get(name, ("", ""))
        return Topic(name=name, name_nb=name_nb, name_zh_hans=name_zh_hans, slug=self.slug(name), parent=parent)

    def topics(self):
        broad = Topic.objects.bulk_create(with_sort_keys(self.topic(name) for name in _TOPICS))
        narrow = Topic.objects.bulk_create(
            with_sort_keys(self.topic(name, parent) for parent in broad for name in _TOPICS[parent.name])
        )
        return broad + narrow

    def translated(self):
        return self.rng.random() < _TRANSLATED_SHARE

    def chinese_transcription(self):
        """A made-up Chinese name for a Norwegian place (most have one), or empty."""
        if not self.translated():
            return ""
        return "".join(char for _syllable, char in self.rng.sample(_CHINESE_SYLLABLES, 3))

    def norwegian_name(self):
        return self.rng.choice(_NORWEGIAN_STARTS) + self.rng.choice(_NORWEGIAN_ENDS)

    def chinese_name(self):
        (first, first_char), (second, second_char) = self.rng.sample(_CHINESE_SYLLABLES, 2)
        pinyin = (first + second).capitalize()
        return _plain(pinyin), first_char + second_char, pinyin

    def coordinates(self, south, north, west, east):
        return {
            "latitude": round(self.rng.uniform(south, north), 4),
            "longitude": round(self.rng.uniform(west, east), 4),
        }

    def places(self, partnerships):
        """Counties with municipalities, provinces with cities: enough places for every pair to be unique."""
        rng = self.rng
        per_side = max(12, int((partnerships * 4) ** 0.5))
        counties, provinces = max(3, per_side // 25), max(3, per_side // 12)
        norway = {"south": 58, "north": 70, "west": 5, "east": 30}
        china = {"south": 20, "north": 45, "west": 90, "east": 125}

        county_rows = []
        for _ in range(counties):
            name = self.norwegian_name()
            county_rows.append(
                Place(
                    name=name,
                    native_name=f"{name} fylke",
                    name_zh_hans=self.chinese_transcription(),
                    slug=self.slug(name),
                    country=Country.NORWAY,
                    level=Place.Level.COUNTY,
                    **self.coordinates(**norway),
                )
            )
        counties = Place.objects.bulk_create(with_sort_keys(county_rows))
        province_rows = []
        for _ in range(provinces):
            name, native, pinyin = self.chinese_name()
            level = rng.choices([Place.Level.PROVINCE, Place.Level.DIRECT_MUNICIPALITY], [9, 1])[0]
            suffix = "省" if level == Place.Level.PROVINCE else "市"
            province_rows.append(
                Place(
                    name=name,
                    native_name=native + suffix,
                    pinyin=f"{pinyin} {'Shěng' if suffix == '省' else 'Shì'}",
                    slug=self.slug(name),
                    country=Country.CHINA,
                    level=level,
                    **self.coordinates(**china),
                )
            )
        provinces = Place.objects.bulk_create(with_sort_keys(province_rows))
        provinces_with_cities = [p for p in provinces if p.level == Place.Level.PROVINCE] or provinces[:1]

        municipality_rows = []
        for _ in range(per_side - len(counties)):
            name = self.norwegian_name()
            municipality_rows.append(
                Place(
                    name=name,
                    native_name=f"{name} kommune",
                    name_zh_hans=self.chinese_transcription(),
                    slug=self.slug(name),
                    country=Country.NORWAY,
                    level=Place.Level.MUNICIPALITY,
                    parent=rng.choice(counties),
                    **self.coordinates(**norway),
                )
            )
        city_rows = []
        for _ in range(per_side - len(provinces)):
            name, native, pinyin = self.chinese_name()
            level = rng.choices([Place.Level.PREFECTURE_CITY, Place.Level.SUB_PROVINCIAL_CITY], [9, 1])[0]
            city_rows.append(
                Place(
                    name=name,
                    native_name=native + "市",
                    pinyin=f"{pinyin} Shì",
                    slug=self.slug(name),
                    country=Country.CHINA,
                    level=level,
                    parent=rng.choice(provinces_with_cities),
                    **self.coordinates(**china),
                )
            )
        municipalities = Place.objects.bulk_create(with_sort_keys(municipality_rows))
        cities = Place.objects.bulk_create(with_sort_keys(city_rows))
        self.former_places(counties)
        return counties + municipalities, provinces + cities

    def former_places(self, counties):
        """Like Sør-Trøndelag: a county merged into another, kept as a former place."""
        former, successor = counties[-1], counties[0]
        former.dissolved = datetime.date(2017, 12, 31)
        former.successor = successor
        former.history = f"Merged into {successor.name} on 1 January 2018."
        Place.objects.bulk_update([former], ["dissolved", "successor", "history"])

    def date(self):
        """A date in one of the four precisions, or none (unknown) for a few."""
        rng = self.rng
        year = rng.randint(1980, 2024)
        precision = rng.choices(["day", "month", "season", "year", "unknown"], [4, 2, 1, 2, 1])[0]
        if precision == "day":
            return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if precision == "month":
            return f"{year}-{rng.randint(1, 12):02d}"
        if precision == "season":
            return f"{year}-{rng.randint(21, 24)}"
        return str(year) if precision == "year" else ""

    def partnerships(self, count, norwegian, chinese):
        rng = self.rng
        pairs = set()
        while len(pairs) < count:
            pairs.add((rng.randrange(len(norwegian)), rng.randrange(len(chinese))))
        kinds, weights = zip(*_KINDS, strict=True)
        now = timezone.now()
        rows = []
        for n, c in sorted(pairs):
            norwegian_party, chinese_party = norwegian[n], chinese[c]
            signed = self.date()
            interval = PartialDate.parse(signed) if signed else None
            published = rng.random() > 0.05
            translated = self.translated()
            chinese_name = norwegian_party.name_zh_hans or norwegian_party.name
            rows.append(
                Partnership(
                    norwegian_party=norwegian_party,
                    chinese_party=chinese_party,
                    slug=f"{norwegian_party.slug}-{chinese_party.slug.removeprefix(PREFIX)}",
                    kind=rng.choices(kinds, weights)[0],
                    signed=signed,
                    signed_earliest=interval.earliest if interval else None,
                    signed_latest=interval.latest if interval else None,
                    signed_at=rng.choice(["", "", chinese_party.name, norwegian_party.name]),
                    summary=(
                        f"{norwegian_party.name} and {chinese_party.name} agreed to cooperate"
                        f"{' from ' + interval.display() if interval else ''}, exchanging delegations, "
                        "students and know-how."
                    ),
                    summary_nb=(
                        f"{norwegian_party.name} og {chinese_party.name} ble enige om å samarbeide, med utveksling "
                        "av delegasjoner, studenter og kunnskap."
                    )
                    if translated
                    else "",
                    summary_zh_hans=(
                        f"{chinese_name}与{chinese_party.native_name}同意开展合作，互派代表团，交流学生和专业知识。"
                    )
                    if translated
                    else "",
                    source_note=SOURCE_NOTE,
                    status=Partnership.Status.PUBLISHED if published else Partnership.Status.DRAFT,
                    published_at=now if published else None,
                )
            )
        rng.shuffle(rows)
        return Partnership.objects.bulk_create(rows, batch_size=1000)

    def details(self, partnerships, topics):
        """Topics, milestones and contacts (public and not) for each partnership, and its search text."""
        rng = self.rng
        links, milestones, contacts = [], [], []
        Link = Partnership.topics.through
        for partnership in partnerships:
            its_topics = rng.sample(topics, rng.randint(0, 3))
            for topic in its_topics:
                links.append(Link(partnership_id=partnership.pk, topic_id=topic.pk))
            its_milestones = []
            for _ in range(rng.randint(0, 3)):
                date = self.date()
                interval = PartialDate.parse(date) if date else None
                text, text_nb, text_zh_hans = rng.choice(_MILESTONES)
                translated = self.translated()
                its_milestones.append(
                    Milestone(
                        partnership=partnership,
                        date=date,
                        date_earliest=interval.earliest if interval else None,
                        date_latest=interval.latest if interval else None,
                        text=text,
                        text_nb=text_nb if translated else "",
                        text_zh_hans=text_zh_hans if translated else "",
                    )
                )
            milestones += its_milestones
            partnership.search_text = search_text(partnership, topics=its_topics, milestones=its_milestones)
            for side in rng.sample(list(Contact.Side), rng.randint(0, 2)):
                contacts.append(
                    Contact(
                        partnership=partnership,
                        side=side,
                        name=rng.choice(["", "Kari Nordmann", "Ola Nordmann", "Wang Fang", "Li Wei"]),
                        role="Adviser for international relations",
                        organisation="International Affairs Office (synthetic)",
                        email=f"office-{partnership.pk}@example.org",
                        is_public=rng.random() < 0.6,
                        notes="Synthetic staff note.",
                        lawful_basis=Contact.LawfulBasis.PUBLIC_ROLE,
                    )
                )
        Link.objects.bulk_create(links, batch_size=2000)
        Milestone.objects.bulk_create(milestones, batch_size=2000)
        Contact.objects.bulk_create(contacts, batch_size=2000)
        # One statement run for each row: bulk_update's CASE over thousands of rows is far slower on SQLite.
        table = connection.ops.quote_name(Partnership._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET search_text = %s WHERE id = %s",
                [(partnership.search_text, partnership.pk) for partnership in partnerships],
            )
