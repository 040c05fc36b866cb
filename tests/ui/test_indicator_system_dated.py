"""ui.indicator_system.dated_rows without Streamlit: what a save from a quarter writes."""

import polars as pl

from ui import indicator_system as system

FIELDS = {
    "name_zh": "甲",
    "name_en": "A",
    "domain": "survey",
    "direction": "higher",
    "unit": "rate",
}


def indicators(weight: float) -> pl.DataFrame:
    return pl.DataFrame([{"indicator_code": "a", **FIELDS, "weight": weight}])


TARGET_SCHEMA = {
    "indicator_code": pl.String,
    "peer_group": pl.String,
    "from_quarter": pl.String,
    "target": pl.Float64,
}


def targets(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    records = [("a", group, quarter, target) for group, quarter, target in rows]
    return pl.DataFrame(records, schema=TARGET_SCHEMA, orient="row")


def history(rows: list[tuple[str | None, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"indicator_code": "a", "from_quarter": q, **FIELDS, "weight": w} for q, w in rows],
        schema_overrides={"from_quarter": pl.String},
    )


# Indicator a: weight 0.5 from the beginning; 2025Q4 restates 0.5 with a new target (0.92);
# 2026Q2 changes the weight to 0.4.
HISTORY = history([(None, 0.5), ("2025Q4", 0.5), ("2026Q2", 0.4)])
ALL_TARGETS = targets(
    [("全部", "2025Q1", 0.9), ("全部", "2025Q4", 0.92), ("三级医院", "2025Q3", 0.95)]
)
IN_FORCE_2025Q3 = targets([("全部", "2025Q1", 0.9), ("三级医院", "2025Q3", 0.95)])


def written(rows: list[dict]) -> list[tuple]:
    return [(r["from_quarter"], r["weight"], r["peer_group"], r["target"]) for r in rows]


def test_a_weight_carries_over_later_rows_that_only_restated_it_and_stops_at_a_change():
    rows = system.dated_rows(
        "2025Q3",
        (indicators(0.5), IN_FORCE_2025Q3),
        (indicators(0.6), IN_FORCE_2025Q3),
        HISTORY,
        ALL_TARGETS,
    )
    assert written(rows) == [
        # from 2025Q3: the new weight, with the target that already starts then (restated,
        # since the load replaces the indicator's 2025Q3 rows)
        ("2025Q3", 0.6, "三级医院", "0.95"),
        # 2025Q4 only restated the old weight (with its new target): it takes the new one
        ("2025Q4", 0.6, "全部", "0.92"),
        # 2026Q2 changed the weight itself (0.4): it still holds from then on, not written
    ]


def test_a_changed_target_writes_the_indicator_row_of_that_quarter_only():
    edited = targets([("全部", "2025Q1", 0.93), ("三级医院", "2025Q3", 0.95)])
    rows = system.dated_rows(
        "2025Q3",
        (indicators(0.5), IN_FORCE_2025Q3),
        (indicators(0.5), edited),
        HISTORY,
        ALL_TARGETS,
    )
    # the 全部 target changes from 2025Q3 on; 三级医院's, starting in 2025Q3, is restated;
    # the weight did not change, so no later row is touched
    assert written(rows) == [
        ("2025Q3", 0.5, "三级医院", "0.95"),
        ("2025Q3", 0.5, "全部", "0.93"),
    ]


def test_nothing_changed_writes_nothing():
    system_now = (indicators(0.5), IN_FORCE_2025Q3)
    assert system.dated_rows("2025Q3", system_now, system_now, HISTORY, ALL_TARGETS) == []


def test_a_new_indicator_starts_in_the_quarter_without_targets():
    edited = pl.concat([indicators(0.5), indicators(0.1).with_columns(indicator_code=pl.lit("b"))])
    rows = system.dated_rows(
        "2025Q3", (indicators(0.5), IN_FORCE_2025Q3), (edited, IN_FORCE_2025Q3), HISTORY,
        ALL_TARGETS,
    )  # fmt: skip
    assert [(r["indicator_code"], *t) for r, t in zip(rows, written(rows), strict=True)] == [
        ("b", "2025Q3", 0.1, None, None)
    ]
