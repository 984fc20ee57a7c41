"""The site's icon: a Norwegian and a Chinese place joined by a line, as on the map.

Drawn with Pillow when first asked for and kept for the life of the process (it never changes): the
favicon browsers ask every site for (/favicon.ico, 16, 32 and 48 pixels), and the larger PNGs phones put
on a home screen (/apple-touch-icon.png, 180 pixels; /icon-192.png for Android).
"""

import io
from functools import cache

from PIL import Image, ImageDraw

from .share import CHINESE, LINE, NORWEGIAN, SEA

# Drawn at this size and scaled down, so that small icons have smooth edges.
CANVAS = 512
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]


def draw_icon(size, corners=True):
    """The icon, `size` pixels square: rounded corners for a browser's tab, square for a phone to round itself."""
    image = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if corners:
        draw.rounded_rectangle((0, 0, CANVAS - 1, CANVAS - 1), radius=CANVAS // 6, fill=SEA)
    else:
        draw.rectangle((0, 0, CANVAS, CANVAS), fill=SEA)
    # Norway above and to the left, China below and to the right, as on the map.
    norway, china = (CANVAS * 0.27, CANVAS * 0.3), (CANVAS * 0.73, CANVAS * 0.7)
    draw.line([norway, china], fill=LINE[:3], width=round(CANVAS * 0.09))
    radius = CANVAS * 0.17
    for (x, y), colour in [(norway, NORWEGIAN), (china, CHINESE)]:
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=colour, outline="#ffffff", width=round(CANVAS * 0.04)
        )
    return image.resize((size, size), Image.Resampling.LANCZOS)


@cache
def favicon_ico():
    output = io.BytesIO()
    draw_icon(256).save(output, format="ICO", sizes=FAVICON_SIZES)
    return output.getvalue()


@cache
def icon_png(size):
    """A square PNG without transparency (iOS would fill it with black) for a phone's home screen."""
    output = io.BytesIO()
    draw_icon(size, corners=False).convert("RGB").save(output, format="PNG")
    return output.getvalue()
