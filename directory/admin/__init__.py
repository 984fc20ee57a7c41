"""The editors' admin: everything an embassy editor needs, and nothing they can break.

History and undo come from django-reversion: each save in the admin is a
revision (who, when, and Django's own "Changed signed and summary." message),
a partnership's revision carries its milestones and contacts, and deleted
objects can be recovered from "Recover deleted ...".

The admin of each part of the directory has a module of its own: `history` (what every editor's form
shares: versions, history and undo), `partnerships` (with their milestones, sources and contacts inline, and
the CSV import and export), `places` (places and topics), `contacts` (personal data: review, access
requests, erasure) and `publisher`. Django's admin finds them through this package.
"""

from . import contacts, partnerships, places, publisher  # noqa: F401  (each registers its models)
