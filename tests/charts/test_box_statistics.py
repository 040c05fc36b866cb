"""The index distribution chart, a city's or a province's: box plots drawn from statistics
computed in Python (charts.builders.box_statistics) instead of every row."""

from __future__ import annotations

import polars as pl

from charts import builders as b
from charts.export import chart_png


def two_groups() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "quarter": ["2025Q3"] * 12,
            "peer_group": ["三级医院"] * 6 + ["乡镇卫生院"] * 6,
            "civility_index": [1.0, 2, 3, 4, 5, 20, 2, 3, 4, 5, 6, 7],
            "status": ["ranked"] * 12,
        }
    )


def test_box_statistics_match_vega_lites_boxplot_rules():
    stats = b.box_statistics(two_groups(), ["peer_group", "quarter"], "civility_index")
    boxes = {r["peer_group"]: r for r in stats.filter(pl.col("part") == "box").to_dicts()}
    # 三级医院, sorted 1 2 3 4 5 20 (n = 6), linear interpolation at h = (n - 1) p:
    # q1 h = 1.25 -> 2 + 0.25 = 2.25; median h = 2.5 -> 3.5; q3 h = 3.75 -> 4 + 0.75 = 4.75.
    # IQR 2.5, fences 2.25 - 3.75 = -1.5 and 4.75 + 3.75 = 8.5: 20 is an outlier, whiskers 1, 5.
    tertiary = boxes["三级医院"]
    assert (tertiary["q1"], tertiary["median"], tertiary["q3"]) == (2.25, 3.5, 4.75)
    assert (tertiary["lower_whisker"], tertiary["upper_whisker"]) == (1.0, 5.0)
    # 乡镇卫生院, 2..7: q1 3.25, median 4.5, q3 5.75, fences -0.5 and 9.5: no outlier.
    township = boxes["乡镇卫生院"]
    assert (township["q1"], township["median"], township["q3"]) == (3.25, 4.5, 5.75)
    assert (township["lower_whisker"], township["upper_whisker"]) == (2.0, 7.0)
    outliers = stats.filter(pl.col("part") == "outlier")
    assert outliers.select("peer_group", "outlier").rows() == [("三级医院", 20.0)]


def test_box_statistics_come_in_one_order_whatever_the_rows_order():
    """The same figures in another row order give the same rows in the same order (the
    chart's inline dataset is named by a hash of them): each group's box, then its outliers
    from the lowest. 三级医院 here: -50 10 11 … 17 100 200 (n = 11), q1 at h = 2.5 is 11.5,
    q3 at h = 7.5 is 16.5, IQR 5, fences 4 and 24: outliers -50, 100 and 200."""
    values = [10.0, 11, 12, 13, 14, 15, 16, 17, 100, -50, 200]
    frame = pl.DataFrame(
        {
            "quarter": ["2025Q3"] * 11 + ["2025Q3"] * 6,
            "peer_group": ["三级医院"] * 11 + ["乡镇卫生院"] * 6,
            "civility_index": values + [2.0, 3, 4, 5, 6, 7],
        }
    )
    orders = [frame, frame.reverse(), frame.sample(fraction=1.0, shuffle=True, seed=7)]
    stats = [b.box_statistics(f, ["peer_group", "quarter"], "civility_index") for f in orders]
    assert stats[1].equals(stats[0]) and stats[2].equals(stats[0])
    assert stats[0].select("peer_group", "part", "outlier").rows() == [
        ("三级医院", "box", None),
        ("三级医院", "outlier", -50.0),
        ("三级医院", "outlier", 100.0),
        ("三级医院", "outlier", 200.0),
        ("乡镇卫生院", "box", None),
    ]


def province_frame(units: int = 3000) -> pl.DataFrame:
    """Two quarters of ``units`` units (6,000 rows)."""
    values = [50.0 + (i // 2 * 37 % 50) for i in range(units)]  # each group: 50..99
    return pl.DataFrame(
        {
            "quarter": ["2025Q2"] * units + ["2025Q3"] * units,
            "peer_group": (["三级医院", "乡镇卫生院"] * units)[: 2 * units],
            "civility_index": values + values,
            "status": ["ranked"] * (2 * units),
        }
    )


def test_large_frames_draw_the_same_marks_from_one_row_per_box():
    frame = province_frame()
    assert frame.height == 6000  # over Altair's 5,000-row guard, were every row sent
    spec = b.render_index_distribution_chart(frame, "en").to_dict()
    assert [row["title"]["text"] for row in spec["vconcat"]] == [
        "Tertiary hospital",
        "Township health centre",
    ]
    for row in spec["vconcat"]:
        assert [layer["mark"]["type"] for layer in row["layer"]] == ["rule", "bar", "tick", "point"]
    rows = [r for drawn in spec["datasets"].values() for r in drawn]
    # 2 quarters x 2 peer groups = 4 boxes; the values 50..99 spread evenly have no outliers.
    assert len(spec["datasets"]) == 2 and len(rows) == 4
    assert {r["peer_label"] for r in rows} == {"Tertiary hospital", "Township health centre"}
    assert all(r["lower_whisker"] == 50.0 and r["upper_whisker"] == 99.0 for r in rows)


def test_small_frames_draw_the_same_marks_from_their_statistics():
    spec = b.render_index_distribution_chart(two_groups(), "zh").to_dict()
    assert [row["title"]["text"] for row in spec["vconcat"]] == ["三级医院", "乡镇卫生院"]
    for row in spec["vconcat"]:
        assert [layer["mark"]["type"] for layer in row["layer"]] == ["rule", "bar", "tick", "point"]
    rows = [r for drawn in spec["datasets"].values() for r in drawn]
    # two boxes (one per group) and 三级医院's outlier 20 (test above)
    assert sorted(r["part"] for r in rows) == ["box", "box", "outlier"]


def test_large_distribution_chart_renders():
    png = chart_png(b.render_index_distribution_chart(province_frame(), "zh"), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
