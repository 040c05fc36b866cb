"""The colours of every chart and export: Okabe & Ito's colour-blind-safe palette, defined once.

About one man in twelve cannot tell red from green. Okabe and Ito (2008, "Color Universal
Design") chose eight colours that stay apart for the common colour-vision deficiencies and in
grey scale; Wong (Nature Methods 8:441, 2011) made them the usual choice for figures. Good and
bad are blue and vermillion here (never green and red), and wherever a colour means something
(funnel flags, movers, reported/missing, met/missed) a shape, sign or word says it too, so a
chart read in grey on a projector or a photocopy still says it.

The blue, vermillion and the greys are dark enough to read as lines and text on white (contrast
above 3:1); orange, sky blue and yellow fill areas and bars only, and dots with a dark edge.
"""

from __future__ import annotations

import zlib

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

GREY = "#767676"  # neutral marks (4.5:1 on white)
LIGHT_GREY = "#BBBBBB"  # backgrounds: spreads, gaps
DARK_GREY = "#444444"  # notes and labels
PALE_BLUE = "#A6CEE3"  # intervals drawn behind blue points

GOOD = BLUE
BAD = VERMILLION
NEUTRAL = GREY

# Categories without a meaning (peer groups, indicators, series): no vermillion beside bluish
# green, so no pair in the list is red against green.
CATEGORICAL = (BLUE, ORANGE, SKY_BLUE, BLUISH_GREEN, REDDISH_PURPLE, BLACK, YELLOW)

# Categories drawn as thin lines: the CATEGORICAL colours dark enough for a line on white
# (3:1 and more, WCAG 1.4.11), none of the pale three (a yellow line measured 1.32:1: barely
# seen on a projector). Never vermillion, which says "bad".
LINE_COLOURS = (BLUE, BLUISH_GREEN, REDDISH_PURPLE, BLACK)

# Line dashes for series drawn as lines beside LINE_COLOURS: 3 dashes against 4 colours
# (coprime) give 12 series a colour and dash of their own, where the colours alone repeat from
# the 5th (a bureau's nine indicators).
LINE_DASHES = ([1, 0], [6, 3], [2, 2])

# The edge of a dot filled with a pale colour (a peer group's sky blue or orange, 2.3:1 on
# white): the dot is seen by its edge, its colour still names its group.
DOT_EDGE = DARK_GREY

# Each peer group's one colour, on every page and in every export, whatever groups a chart
# holds: a district's chart without 二级医院 colours 社区卫生服务中心 as the bureau's deck does.
# They are the colours the bureau-wide Chinese charts and meeting decks gave the groups before
# colours were pinned (from the labels' order), so the decks already handed out still agree.
# Keyed by the stored group (etl.contracts.PEER_GROUPS, which also sets the legend's order),
# never by its label in the reader's language.
PEER_GROUP_COLOURS = {
    "三级医院": BLUE,
    "二级医院": BLUISH_GREEN,
    "乡镇卫生院": SKY_BLUE,
    "社区卫生服务中心": REDDISH_PURPLE,
    "专业公共卫生机构": ORANGE,
}
# What is left of CATEGORICAL for a group outside that list (a bureau's own category).
OTHER_GROUP_COLOURS = tuple(c for c in CATEGORICAL if c not in PEER_GROUP_COLOURS.values())

# Sequential scale for a score (the index heat map): light to dark blue, monotone in lightness,
# so it reads the same to every eye and in grey.
SEQUENTIAL_SCHEME = "blues"

# Spreadsheet fills for met / missed rows (light tints of GOOD and BAD, dark text on them).
XLSX_MET = {"bg_color": "#DCEBF5", "font_color": "#003B5C"}
XLSX_MISSED = {"bg_color": "#F9E0CC", "font_color": "#7A3300"}


def peer_group_colour(group: str) -> str:
    """The colour of a peer group wherever it is drawn.

    A group outside ``PEER_GROUP_COLOURS`` takes one of ``OTHER_GROUP_COLOURS`` by a checksum
    of its name: the same colour in every chart, page, process and run, whichever groups sit
    beside it (a colour handed out in order of appearance would move with the chart's subset,
    the very fault pinned colours cure; Python's ``hash`` changes from process to process, and
    the pack draws its pictures in worker processes). Two such groups may share a colour: the
    legend and the tooltip still name each, and the upload contract admits only the listed
    groups, so this is a fallback for rows loaded otherwise.
    """
    known = PEER_GROUP_COLOURS.get(group)
    if known is not None:
        return known
    return OTHER_GROUP_COLOURS[zlib.crc32(group.encode("utf-8")) % len(OTHER_GROUP_COLOURS)]
