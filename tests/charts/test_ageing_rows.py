"""The ledger's ageing chart at province size: one row per age and status with the number of
findings, not one row per finding (charts.builders.render_ledger_ageing_chart)."""

from __future__ import annotations

import polars as pl

from charts import builders as b


def many_findings() -> pl.DataFrame:
    # 600 findings 45 days overdue, 300 12 days overdue, 100 open 5 days before the deadline,
    # and 50 closed ones the chart leaves out.
    return pl.DataFrame(
        {
            "status": ["overdue"] * 900 + ["open"] * 100 + ["closed_late"] * 50,
            "days_overdue": [45] * 600 + [12] * 300 + [-5] * 100 + [3] * 50,
        }
    )


def test_ageing_chart_counts_findings_per_age_instead_of_listing_them():
    spec = b.render_ledger_ageing_chart(many_findings(), "en").to_dict()
    (rows,) = spec["datasets"].values()
    drawn = sorted((r["days_overdue"], r["status_label"], r["findings"]) for r in rows)
    assert drawn == [(-5, "Open, not yet due", 100), (12, "Overdue", 300), (45, "Overdue", 600)]
    y = spec["encoding"]["y"]
    assert (y["field"], y["aggregate"]) == ("findings", "sum")
    assert spec["encoding"]["x"]["bin"] == {"step": 30}
