"""Property tests: ranks are competition ranks, scores stay in 0–100, units do not affect
each other's attainment."""

from __future__ import annotations

from collections import Counter

from bureau_fixture import INDICATORS, A, B, build_bureau
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.db import connect
from queries import run

Q = "2025Q3"
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# One unit: peer group, inspection score (of 10), outpatient satisfied (of respondents),
# respondents, overdue findings.
unit_strategy = st.tuples(
    st.sampled_from([A, B]),
    st.integers(0, 10),
    st.integers(0, 60),
    st.integers(1, 60),
    st.integers(0, 3),
)
targets_strategy = st.tuples(
    st.sampled_from([0.0, 0.5, 0.9, 1.0]), st.sampled_from([0.0, 0.85]), st.sampled_from([0.0, 2.0])
)


def bureau_from(units, targets=(0.9, 0.85, 1.0)):
    """An in-memory bureau: each drawn unit gets one inspection item, one survey and findings."""
    con = connect(":memory:")
    rows, inspections, surveys = [], [], []
    for i, (group, score, satisfied, respondents, overdue) in enumerate(units):
        code = f"U{i:03d}"
        rows.append((code, code, "城关区", group, 100))
        inspections.append(
            (code, Q, d("2025-07-01"), "巡查", "环境卫生", score, 10, None, None, None)
        )
        for k in range(overdue):
            inspections.append(
                (
                    code,
                    Q,
                    d("2025-07-02"),
                    "暗访",
                    f"项目{k}",
                    score,
                    10,
                    "问题",
                    d("2025-08-01"),
                    None,
                )
            )
        surveys.append((code, Q, "门诊", respondents, min(satisfied, respondents), None))
    system_targets = [
        (code, "全部", "2025Q1", t) for (code, *_), t in zip(INDICATORS, targets, strict=True)
    ]
    return build_bureau(
        con, units=rows, targets=system_targets, inspections=inspections, surveys=surveys
    )


def d(text):
    from datetime import date

    return date.fromisoformat(text)


def assert_competition_ranks(values: list[float], ranks: list[int], higher_better: bool) -> None:
    """Rank = 1 + number of units strictly better; so ties share and the next rank skips."""
    for value, rank in zip(values, ranks, strict=True):
        better = sum(1 for v in values if (v > value if higher_better else v < value))
        assert rank == 1 + better
    counts = Counter(ranks)
    assert sorted(ranks)[0] == 1
    for rank, count in counts.items():
        assert rank + count - 1 <= len(ranks)


@SETTINGS
@given(st.lists(unit_strategy, min_size=1, max_size=12))
def test_ranks_are_a_permutation_with_ties(units):
    con = bureau_from(units)
    for indicator, higher in (
        ("index", True),
        ("inspection_score_rate", True),
        ("overdue_open_findings", False),
    ):
        frame = run(con, "rankings", quarter=Q, indicator_code=indicator, draws=0)
        ranked = frame.filter(frame["status"] == "ranked")
        assert_competition_ranks(ranked["value"].to_list(), ranked["rank"].to_list(), higher)
        assert set(ranked["units_ranked"].to_list()) <= {ranked.height}
    con.close()


@SETTINGS
@given(st.lists(unit_strategy, min_size=1, max_size=10), targets_strategy)
def test_scores_and_index_stay_within_0_and_100(units, targets):
    con = bureau_from(units, targets)
    for normalisation in ("attainment", "minmax", "zscore"):
        scores = run(con, "indicator_scores", quarter=Q, normalisation=normalisation)
        present = scores["score"].drop_nulls()
        assert present.is_empty() or (present.min() >= 0 and present.max() <= 100)
        index = run(con, "civility_index", quarter=Q, normalisation=normalisation)
        values = index["civility_index"].drop_nulls()
        assert values.is_empty() or (values.min() >= -1e-9 and values.max() <= 100 + 1e-9)
    con.close()


@SETTINGS
@given(st.lists(unit_strategy, min_size=1, max_size=8), unit_strategy, targets_strategy)
def test_adding_a_unit_never_changes_other_units_attainment(units, newcomer, targets):
    def attainment(con):
        frame = run(con, "indicator_values", quarter=Q)
        keys = zip(frame["unit_code"], frame["indicator_code"], strict=True)
        return dict(zip(keys, frame["attainment"].to_list(), strict=True))

    before = attainment(bureau_from(units, targets))
    after = attainment(bureau_from([*units, newcomer], targets))
    newcomer_code = f"U{len(units):03d}"
    assert {k: v for k, v in after.items() if k[0] != newcomer_code} == before
