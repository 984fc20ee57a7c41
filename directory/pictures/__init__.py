"""Pictures drawn on the server as SVG: a map and a timeline that need nothing from another site."""

from .maps import partnership_map
from .timeline import agreement_timeline

__all__ = ["agreement_timeline", "partnership_map"]
