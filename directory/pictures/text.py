"""How wide a text will be drawn, estimated on the generous side, for laying out the pictures' words.

An SVG picture's text is drawn by the reader's browser in a font of its choosing (`system-ui`), so its
width cannot be known on the server. These estimates are at least the widths of DejaVu Sans, one of the
widest sans-serif fonts (and Linux's usual `system-ui`), and of Noto Sans CJK: a layout that leaves room
for them leaves room for the narrower fonts of other systems. tests/browser/test_pictures_fit.py measures
the real boxes in a browser.
"""

import unicodedata

NARROW = frozenset(" ijlI.,:;'!|")
SLIM = frozenset("frt-()[]/")
WIDE = frozenset("mwMWæÆœŒ")


def em_width(character):
    """How wide a character is drawn, in ems (the font size), at most."""
    if unicodedata.east_asian_width(character) in ("W", "F"):
        return 1.0
    if character in NARROW:
        return 0.36
    if character in SLIM:
        return 0.44
    if character in WIDE:
        return 1.0
    if character.isupper():
        return 0.8
    return 0.66


def text_width(text, size):
    """How wide `text` is drawn at `size` units to the em, at most."""
    return sum(em_width(character) for character in str(text)) * size
