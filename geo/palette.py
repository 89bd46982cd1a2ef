"""Colours and icons for map categories, chosen by name instead of typed as hex or icon codes.

The colours are the Okabe–Ito palette: eight colours that people with the common forms of
colour blindness still tell apart. Categories outside it (typed before the chooser existed)
are shown in the palette colour of their position, so a map never shows two near-identical
greens (``category_colours``)."""

from django.utils.translation import gettext_lazy as _

PALETTE = [
    ("#0072B2", _("Blue")),
    ("#E69F00", _("Orange")),
    ("#009E73", _("Bluish green")),
    ("#D55E00", _("Vermilion")),
    ("#CC79A7", _("Reddish purple")),
    ("#56B4E9", _("Sky blue")),
    ("#F0E442", _("Yellow")),
    ("#000000", _("Black")),
]

ICONS = [
    ("location-dot", _("Place marker")),
    ("bicycle", _("Cycling")),
    ("person-walking", _("Walking")),
    ("bus", _("Bus and train")),
    ("car", _("Car traffic")),
    ("tree", _("Trees and green spaces")),
    ("volume-high", _("Noise")),
    ("triangle-exclamation", _("Danger")),
    ("house", _("Housing and building")),
    ("lightbulb", _("Idea")),
    ("circle-question", _("Question")),
    ("thumbs-up", _("Praise")),
]

PALETTE_COLOURS = [colour for colour, _name in PALETTE]


def category_colours(colours: list[str]) -> list[str]:
    """The colour each category is drawn in: its own if it is a palette colour that no earlier
    category has, otherwise the first palette colour no category uses (cycling when all are)."""
    wanted = [(colour or "").upper() for colour in colours]
    kept: list[str | None] = []
    for colour in wanted:
        keep = colour in PALETTE_COLOURS and colour not in kept
        kept.append(colour if keep else None)
    free = [c for c in PALETTE_COLOURS if c not in kept]
    result = []
    for position, colour in enumerate(kept):
        if colour is None:
            colour = free.pop(0) if free else PALETTE_COLOURS[position % len(PALETTE_COLOURS)]
        result.append(colour)
    return result
