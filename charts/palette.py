"""The colours of every chart and export: Okabe & Ito's colour-blind-safe palette, defined once.

About one man in twelve cannot tell red from green. Okabe and Ito (2008, "Color Universal
Design") chose eight colours that stay apart for the common colour-vision deficiencies and in
grey scale; Wong (Nature Methods 8:441, 2011) made them the usual choice for figures. Good and
bad are blue and vermillion here (never green and red), and wherever a colour means something
(funnel flags, movers, reported/missing, met/missed) a shape, sign or word says it too, so a
chart read in grey on a projector or a photocopy still says it.

The blue, vermillion and the greys are dark enough to read as lines and text on white (contrast
above 3:1); orange, sky blue and yellow fill areas and bars only.
"""

from __future__ import annotations

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

# Sequential scale for a score (the index heat map): light to dark blue, monotone in lightness,
# so it reads the same to every eye and in grey.
SEQUENTIAL_SCHEME = "blues"

# Spreadsheet fills for met / missed rows (light tints of GOOD and BAD, dark text on them).
XLSX_MET = {"bg_color": "#DCEBF5", "font_color": "#003B5C"}
XLSX_MISSED = {"bg_color": "#F9E0CC", "font_color": "#7A3300"}
