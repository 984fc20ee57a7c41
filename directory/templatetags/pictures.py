from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from .. import pictures
from .translated import join_list

register = template.Library()


@register.simple_tag
def partnership_map(partnerships, small=False):
    """`{% partnership_map partnerships small=True as map %}`: the map of the partnerships the view gives
    (published ones only: the view decides what is visible, and the tag makes no query of its own choosing)."""
    if partnerships in (None, ""):
        # An unknown variable reads as "": a template that forgot to pass them, not "every partnership".
        raise template.TemplateSyntaxError("partnership_map needs the partnerships the view gives.")
    return pictures.partnership_map(partnerships, small=small)


@register.filter
def partnership_links(unplaced):
    """The map's (slug, title) pairs as links, listed as the page's language lists."""
    return join_list(
        format_html('<a href="{}">{}</a>', reverse("directory:partnership-detail", args=[slug]), title)
        for slug, title in unplaced
    )


# The map's long loops, written in Python: the lines, the places' dots and labels, the markers and the list of
# lines would be hundreds of template tags on a list of many partnerships, which took a third of the list's time.
# Each writes what the `{% for %}` loop it stands for in templates/directory/includes/map.html wrote, every value
# escaped and every number written as `{% localize off %}` writes it.


def _number(value):
    """A number as the template writes it with localization off: 207.4, never 207,4."""
    text = str(value)
    return text if "e" not in text.lower() else localize(value, use_l10n=False)


@register.simple_tag
def map_lines(map):
    """`<a><title/><line/></a>` for each line of the map."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<a href="{escape(line.url)}" tabindex="-1"><title>{escape(line.title)}</title>'
            f'<line x1="{_number(line.start.x)}" y1="{_number(line.start.y)}" x2="{_number(line.end.x)}"'
            f' y2="{_number(line.end.y)}"/></a>'
            for line in map.lines
        )
    )


@register.simple_tag
def map_dots(map, spots):
    """A `<circle>` for each of these places."""
    radius = _number(map.dot_radius)
    return mark_safe("".join(f'<circle cx="{_number(spot.x)}" cy="{_number(spot.y)}" r="{radius}"/>' for spot in spots))


@register.simple_tag
def map_labels(map):
    """The leader line and the name of each labelled place."""
    return mark_safe(
        "".join(
            f'<line class="leader" x1="{_number(spot.leader_x)}" y1="{_number(spot.leader_y)}" x2="{_number(spot.x)}"'
            f' y2="{_number(spot.y)}" stroke="#6b6b6b" stroke-width="0.8"/><text class="map-label"'
            f' x="{_number(spot.label_x)}" y="{_number(spot.label_y)}" font-size="{_number(spot.label_size)}"'
            f' text-anchor="{escape(spot.anchor)}" lang="{escape(label.lang)}">{escape(label)}</text>'
            for spot in map.labelled
            for label in [spot.label]
        )
    )


@register.simple_tag
def map_markers(tier):
    """Each marker of a tier: a link around its discs, with the number of its places where the tier says."""
    parts = []
    for marker in tier.markers:
        radius = _number(marker.radius)
        discs = "".join(f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{radius}"/>' for x, y in marker.discs)
        count = ""
        if tier.counts and marker.count > 1:
            count = (
                f'<text class="map-count" x="{_number(marker.count_x)}" y="{_number(marker.count_y)}"'
                f' font-size="{_number(marker.count_size)}" text-anchor="middle" fill="#fff">{marker.count}</text>'
            )
        parts.append(
            f'<a href="{escape(marker.url)}" tabindex="-1"><title>{escape(marker.title)}</title>'
            f'<g class="map-target" fill="{escape(marker.colour)}" opacity="{_number(tier.opacity)}">{discs}</g>'
            f"{count}</a>"
        )
    return mark_safe("".join(parts))


@register.simple_tag
def map_line_items(map):
    """The list below the map: each line's title, linked, and its two places' native names, linked."""
    if not map.lines:
        return format_html("<li>{}</li>", gettext("No partnership to show."))
    between = escape(pgettext("between a label and what it labels", ": "))
    return mark_safe(
        "".join(
            f'<li><a href="{escape(line.url)}">{escape(line.title)}</a>{between}'
            f'<a href="{escape(line.start.url)}"><span lang="{escape(line.start.lang)}">'
            f"{escape(line.start.native_name)}</span></a> – "
            f'<a href="{escape(line.end.url)}"><span lang="{escape(line.end.lang)}">'
            f"{escape(line.end.native_name)}</span></a></li>\n        "
            for line in map.lines
        )
    )


# The timeline's loops over its bars, written in Python for the same reason (templates/directory/includes/
# timeline.html): a bar for each year of a large directory, each with its blocks and a translated title.


@register.simple_tag
def timeline_bars(timeline):
    """Each bar: a link to the year's partnerships around its blocks, its title ("2010: 3 agreements") and count."""
    parts = []
    for bar in timeline.bars:
        title = ngettext("%(year)s: %(counter)s agreement", "%(year)s: %(counter)s agreements", bar.count) % {
            "year": bar.year,
            "counter": bar.count,
        }
        blocks = "".join(
            f'<rect class="block" data-precision="{escape(block.precision)}" x="{_number(bar.x)}"'
            f' y="{_number(block.y)}" width="{_number(bar.width)}" height="{_number(block.height)}"'
            f' fill="{escape(block.colour)}" stroke="#1e4a8a" stroke-width="0.5"/>'
            for block in bar.blocks
        )
        parts.append(
            f'<a href="{escape(bar.url)}" class="timeline-bar" tabindex="-1" aria-hidden="true"><title>{title}</title>'
            f'{blocks}<text x="{_number(bar.middle)}" y="{int(bar.top) - 6}" text-anchor="middle" fill="#1a1a1a">'
            f"{bar.count}</text></a>\n    "
        )
    return mark_safe("".join(parts))  # every value is escaped, or a number; the title is the translator's


@register.simple_tag
def timeline_rows(timeline):
    """The table below the timeline: a row for each year, with its count linked and its counts by precision."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{bar.year}</th><td><a href="{escape(bar.url)}">{bar.count}</a></td>'
            + "".join(f"<td>{count}</td>" for count in bar.counts)
            + "</tr>\n          "
            for bar in timeline.bars
        )
    )
