"""The directory's tables, one module per part: `fields` (partial dates, version numbers), `places` (the place
and topic trees), `partnerships` (with their milestones), `sources`, `people` (contacts and erasures) and
`site` (the publisher, the data version and the tallies). Everything is imported from here, as `directory.models`."""

from ..trees import MAX_DEPTH
from .fields import PartialDateField, Versioned, ascii_slug
from .partnerships import Milestone, Partnership, PartnershipQuerySet
from .people import REVIEW_EVERY_YEARS, Contact, ContactQuerySet, Erasure, default_review_by, review_date
from .places import LEVELS_BY_COUNTRY, Country, Place, PlaceAncestry, PlaceLevel, Topic, TopicAncestry, TreeNode
from .site import PUBLISHER_DEFAULTS, DataVersion, Publisher, Tally
from .sources import Source

__all__ = [
    "LEVELS_BY_COUNTRY",
    "MAX_DEPTH",
    "PUBLISHER_DEFAULTS",
    "REVIEW_EVERY_YEARS",
    "Contact",
    "ContactQuerySet",
    "Country",
    "DataVersion",
    "Erasure",
    "Milestone",
    "PartialDateField",
    "Partnership",
    "PartnershipQuerySet",
    "Place",
    "PlaceAncestry",
    "PlaceLevel",
    "Publisher",
    "Source",
    "Tally",
    "Topic",
    "TopicAncestry",
    "TreeNode",
    "Versioned",
    "ascii_slug",
    "default_review_by",
    "review_date",
]
