"""Round anniversaries of signing (5, 10, 15, ... years), from the interval a signing date denotes."""

import datetime
from dataclasses import dataclass

from django.db.models.functions import ExtractYear, Mod

from .dates import YEAR, PartialDate

EVERY = 5


@dataclass(frozen=True)
class Anniversary:
    partnership: object
    years: int
    date: PartialDate

    @property
    def starts(self):
        return self.date.earliest


def upcoming(partnerships, today, days=365):
    """The round anniversaries whose interval meets the next `days` days, soonest first.

    A date known only to the year gives none: its anniversary could be any day of that year.
    """
    end = today + datetime.timedelta(days=days)
    years = range(today.year - 1, end.year + 1)
    # Only signings a multiple of EVERY years before one of those years can have a round anniversary in time.
    candidates = (
        partnerships.exclude(signed_earliest=None)
        .annotate(signed_remainder=Mod(ExtractYear("signed_earliest"), EVERY))
        .filter(signed_remainder__in={year % EVERY for year in years})
    )
    found = []
    for partnership in candidates:
        signed = partnership.signed_date
        if signed is None or signed.precision == YEAR:
            continue
        for year in years:
            age = year - signed.year
            if age <= 0 or age % EVERY:
                continue
            date = PartialDate.parse(f"{year:04d}{signed.edtf[4:]}")
            if date.latest >= today and date.earliest <= end:
                found.append(Anniversary(partnership, age, date))
    return sorted(found, key=lambda anniversary: (anniversary.starts, anniversary.partnership.slug))
