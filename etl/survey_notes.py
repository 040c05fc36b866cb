"""What a survey file that gives a row's satisfaction twice should be told when the two
disagree.

A survey row may give 满意人数 (satisfied, of 样本量 respondents) and 满意度得分 (a 0–100 score),
either or both. The indicators read one of them (docs/METHOD.md): outpatient and inpatient
satisfaction the count (the score only when no count is given), public satisfaction the score.
A row whose count says 80% and whose score says 95 loads either way, and one of the two figures
is silently not the one scored. A load or dry run says so, naming the rows and the first one's
figures, so the analyst can check the form; it is not refused (both may be right: a score
weighted over questions, a count of the "satisfied" box)."""

from __future__ import annotations

import polars as pl

from etl.messages import Text, msg
from etl.read import row_ranges
from etl.validate import ROW

# points (of 100) the count's share and the score may differ by: a share written whole, or a
# score rounded to one decimal, is at most half a point off
DISAGREE_POINTS = 1.0


def satisfaction_given_twice(kind: str, frame: pl.DataFrame) -> list[Text]:
    """The note for the rows of a survey file whose satisfied ÷ respondents and score differ
    by more than ``DISAGREE_POINTS``."""
    if kind != "surveys" or not {"satisfied", "score"} <= set(frame.columns):
        return []
    share = 100 * pl.col("satisfied") / pl.col("respondents")
    off = frame.filter(
        pl.col("satisfied").is_not_null()
        & pl.col("score").is_not_null()
        & ((share - pl.col("score")).abs() > DISAGREE_POINTS)
    ).sort(ROW)
    if off.is_empty():
        return []
    first = off.row(0, named=True)
    return [
        msg(
            "load.satisfaction_given_twice_counted",
            count=off.height,
            rows=row_ranges(off.get_column(ROW).to_list()),
            row=first[ROW],
            satisfied=first["satisfied"],
            respondents=first["respondents"],
            share=f"{100 * first['satisfied'] / first['respondents']:.1f}",
            score=f"{first['score']:g}",
        )
    ]
