"""Country outlines from Natural Earth, projected for a map of Norway and China.

The outlines come from npm's `world-atlas` (Natural Earth, public domain) as
TopoJSON. They are decoded, projected, clipped to the map and simplified here,
once per process: nothing is fetched from any other server, ever.
"""

import itertools
import json
import logging
import math
from dataclasses import dataclass
from functools import cache

from django.conf import settings

logger = logging.getLogger(__name__)

WORLD_ATLAS = settings.BASE_DIR / "node_modules" / "world-atlas" / "countries-50m.json"

NORWAY = "578"
CHINA = "156"


@dataclass(frozen=True)
class Mercator:
    """Mercator's projection, the shape everyone knows from web maps.

    It enlarges the north, which here is a help: southern Norway, where most
    partners are, comes out twice as large as it would at the equator.
    Coordinates are in radians, x east of the central meridian and y south
    of the equator (as SVG counts).
    """

    central_meridian: float = 0.0
    # The poles lie at infinity: a latitude beyond this (which a place may have, within ±90) is drawn here.
    limit: float = 85.0

    def __call__(self, longitude, latitude):
        latitude = max(-self.limit, min(self.limit, latitude))
        x = math.radians(longitude - self.central_meridian)
        y = -math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
        return x, y


@dataclass(frozen=True)
class Frame:
    """Where the map's picture lies on the projected plane, and how large it is drawn."""

    projection: Mercator
    left: float
    top: float
    right: float
    bottom: float
    width: int

    @classmethod
    def around(cls, west, north, east, south, width):
        """The frame showing the longitudes and latitudes given, `width` units wide."""
        projection = Mercator()
        left, top = projection(west, north)
        right, bottom = projection(east, south)
        return cls(projection, left, top, right, bottom, width)

    @classmethod
    def fitting(cls, west, east, north, south, width, height):
        """The frame `width` by `height` units from `west` to `east`, with `north` to `south` in its middle."""
        projection = Mercator()
        left, top = projection(west, north)
        right, bottom = projection(east, south)
        middle, half = (top + bottom) / 2, height / 2 / (width / (right - left))
        return cls(projection, left, middle - half, right, middle + half, width)

    @property
    def scale(self):
        return self.width / (self.right - self.left)

    @property
    def height(self):
        return round((self.bottom - self.top) * self.scale)

    def point(self, longitude, latitude):
        """A place's position in the picture, in SVG user units."""
        x, y = self.projection(longitude, latitude)
        return (x - self.left) * self.scale, (y - self.top) * self.scale


def decode_topology(topology):
    """Each geometry of a TopoJSON topology as (id, polygons); a polygon is a list of rings of (lon, lat)."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    def polygons(geometry):
        if geometry["type"] == "Polygon":
            return [[ring(r) for r in geometry["arcs"]]]
        if geometry["type"] == "MultiPolygon":
            return [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        return []

    return {
        name: [(geometry.get("id"), polygons(geometry)) for geometry in layer.get("geometries", [layer])]
        for name, layer in topology["objects"].items()
    }


def clip(ring, left, top, right, bottom):
    """The part of a closed ring inside a rectangle (Sutherland–Hodgman)."""
    edges = [
        (lambda p: p[0] >= left, lambda p, q: _cross_x(p, q, left)),
        (lambda p: p[0] <= right, lambda p, q: _cross_x(p, q, right)),
        (lambda p: p[1] >= top, lambda p, q: _cross_y(p, q, top)),
        (lambda p: p[1] <= bottom, lambda p, q: _cross_y(p, q, bottom)),
    ]
    for inside, crossing in edges:
        if not ring:
            break
        points, ring = ring, []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    ring.append(crossing(previous, point))
                ring.append(point)
            elif inside(previous):
                ring.append(crossing(previous, point))
            previous = point
    return ring


def _cross_x(p, q, x):
    return x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0])


def _cross_y(p, q, y):
    return p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y


def simplify(points, tolerance):
    """Douglas–Peucker: drop the points that stray less than `tolerance` from the line through their neighbours."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                gap = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                gap = math.hypot(px - ax, py - ay)
            if gap > distance:
                farthest, distance = index, gap
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def unwrap(ring):
    """A ring whose longitudes never jump across the antimeridian: 179, 181 rather than 179, -179."""
    points, shift, previous = [], 0, None
    for lon, lat in ring:
        if previous is not None and abs(lon + shift - previous) > 180:
            shift += 360 if previous > lon + shift else -360
        previous = lon + shift
        points.append((previous, lat))
    return points


def projected(polygons, frame, tolerance=0.8, margin=4):
    """Polygons of (lon, lat) rings in the frame's units: projected, clipped to the frame, simplified, rounded.

    Each polygon is a list of rings of (x, y), the first its outline and the others its holes; a ring
    that comes to less than a triangle is left out, and so is a polygon left without its outline.
    """
    shapes = []
    for polygon in polygons:
        rings = []
        for index, ring in enumerate(polygon):
            points = _projected_ring(ring, frame, tolerance, margin)
            if points:
                rings.append(points)
            elif index == 0:
                break
        if rings:
            shapes.append(rings)
    return shapes


def _projected_ring(ring, frame, tolerance, margin):
    projected_points = [frame.point(lon, lat) for lon, lat in unwrap(ring)]
    clipped = clip(projected_points, -margin, -margin, frame.width + margin, frame.height + margin)
    if len(clipped) < 3:
        return None
    # Close the ring explicitly so simplification keeps both of its ends.
    points = simplify([*clipped, clipped[0]], tolerance)[:-1]
    rounded = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    return rounded if len(rounded) >= 3 else None


def path_data(polygons, frame, tolerance=0.8, margin=4):
    """SVG path data for polygons of (lon, lat) rings: projected, clipped to the frame, simplified, rounded."""
    commands = []
    for shape in projected(polygons, frame, tolerance, margin):
        for ring in shape:
            (x0, y0), steps = ring[0], []
            for (ax, ay), (bx, by) in itertools.pairwise(ring):
                steps += [bx - ax, by - ay]
            commands.append(f"M{x0} {y0}l{_numbers(steps)}z")
    return "".join(commands)


def _numbers(values):
    """Numbers for path data as tersely as SVG allows: a minus sign separates as well as a space."""
    return "".join(f"{value}" if index == 0 or value < 0 else f" {value}" for index, value in enumerate(values))


@dataclass(frozen=True)
class Outlines:
    land: str
    norway: str
    china: str


@cache
def atlas():
    """The land and the countries of Natural Earth as polygons of (lon, lat) rings; empty without the atlas."""
    try:
        with WORLD_ATLAS.open(encoding="utf-8") as file:
            topology = json.load(file)
    except (OSError, ValueError):
        logger.exception("No country outlines: install the npm packages (npm ci) to get %s", WORLD_ATLAS)
        return {"land": [], NORWAY: [], CHINA: []}
    layers = decode_topology(topology)
    countries = dict(layers["countries"])
    land = [polygon for _id, polygons in layers["land"] for polygon in polygons]
    return {"land": land, NORWAY: countries[NORWAY], CHINA: countries[CHINA]}


@cache
def outlines(frame):
    """The land, Norway and China as SVG path data for this frame; empty where the atlas is not installed."""
    shapes = atlas()
    return Outlines(
        land=path_data(shapes["land"], frame),
        norway=path_data(shapes[NORWAY], frame),
        china=path_data(shapes[CHINA], frame),
    )


@cache
def outline_polygons(frame, tolerance=0.8):
    """The land, Norway and China as polygons of (x, y) rings in this frame, to draw in a raster picture."""
    shapes = atlas()
    return Outlines(
        land=projected(shapes["land"], frame, tolerance),
        norway=projected(shapes[NORWAY], frame, tolerance),
        china=projected(shapes[CHINA], frame, tolerance),
    )
