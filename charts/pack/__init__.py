"""The quarterly meeting pack: slides (PPTX and the same pages as a PDF) and the draft circular.

- ``request``: what is asked for (quarter, language, districts, peer groups, scope) and its check;
- ``data``: the named queries the pack and the circular are made from (``PackData``);
- ``tables``, ``maker``, ``slides``, ``rectification``: what goes on each slide;
- ``make``: the files, each chart rendered once for both decks;
- ``per_district``: one pack per district, for a scheduled job (``python -m charts pack``).
"""

from charts.labels import group_label, quarter_label
from charts.pack.data import (
    PackData,
    completeness_window,
    gather,
    gather_state,
    state_late_loads,
)
from charts.pack.make import (
    CHART_SCALE,
    PackFiles,
    circular_input,
    make_pack,
    pack_file_name,
    render_charts,
)
from charts.pack.request import PackInputError, PackRequest, check_request
from charts.pack.slides import pack_slides
from charts.pack.tables import matrix_units

__all__ = [
    "CHART_SCALE",
    "PackData",
    "PackFiles",
    "PackInputError",
    "PackRequest",
    "check_request",
    "circular_input",
    "completeness_window",
    "gather",
    "gather_state",
    "group_label",
    "make_pack",
    "matrix_units",
    "pack_file_name",
    "pack_slides",
    "quarter_label",
    "render_charts",
    "state_late_loads",
]
