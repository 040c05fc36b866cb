"""What a loaded indicator-system file should be told: a weight or target it changes from some
quarter on that holds only until a later row of another load takes over, and weights that no
longer add up to the whole.

An indicator's weight holds from its row's from_quarter until the indicator's next row (the
dated system, queries/stages/macros.sql ``indicators_in_force``). A file setting weight 0.3
"from 2025Q1" into a system that already restates the indicator from 2025Q2 (to carry a new
target, say) changes 2025Q1 only. That may be meant, so the load says it rather than refusing:
the analyst sees from the note which row to change as well (the Indicator-system page carries
an edit through such rows itself).
"""

from __future__ import annotations

import itertools

import polars as pl

from etl.messages import Text, listed, msg, named

# (table, the key its rows are dated within, the value a later row may set otherwise, the note)
DATED_VALUES = (
    ("indicators", ("indicator_code",), "weight", "load.weight_until"),
    ("targets", ("indicator_code", "peer_group"), "target", "load.target_until"),
)


def overridden_sql(table: str, key: tuple[str, ...], value: str) -> str:
    """Rows of load $load that change a value (new, or unlike the row they replaced) and are
    followed, in their key, by a row of another load with another value: key, from_quarter,
    value, and the next row's from_quarter, value and load."""
    keys = ", ".join(key)
    window = f"OVER (PARTITION BY {keys} ORDER BY from_quarter NULLS FIRST)"
    same_row = " AND ".join(f"a.{k} = t.{k}" for k in key)
    return (
        f"SELECT {keys}, from_quarter, {value}, next_from, next_value, next_load FROM ("
        f"SELECT *, lead(from_quarter) {window} AS next_from, "
        f"lead({value}) {window} AS next_value, lead(load_id) {window} AS next_load "
        f"FROM {table}) AS t "
        f"WHERE load_id = $load AND next_load <> $load AND next_value <> {value} "
        f"AND NOT EXISTS (SELECT 1 FROM archive_{table} AS a WHERE a.replaced_by = $load "
        f"AND {same_row} AND a.from_quarter IS NOT DISTINCT FROM t.from_quarter "
        f"AND a.{value} = t.{value}) "
        f"ORDER BY {keys}, from_quarter NULLS FIRST"
    )


def overridden_notes(cur, load_id: int) -> list[Text]:
    """A note per weight or target of load ``load_id`` that a later row of another load
    overrides with another value."""
    notes = []
    for table, key, value, note in DATED_VALUES:
        for row in cur.execute(overridden_sql(table, key, value), {"load": load_id}).fetchall():
            *keys, since, own, until, later, by_load = row
            notes.append(
                msg(
                    note,
                    indicator=named_in_store(cur, keys[0]),
                    group=keys[1] if len(keys) > 1 else "",
                    since=since or "—",
                    value=f"{own:g}",  # 0.95, not 0.9500000000000001 as 95% is stored
                    until=until,
                    later=f"{later:g}",
                    load_id=by_load,
                )
            )
    return notes


def beside_the_store(cur, name: str, frame: pl.DataFrame, sql: str, params=None) -> list[tuple]:
    """``sql``'s rows, ``frame`` (a file's rows) seen by it as the table ``name``."""
    cur.register(name, frame)
    try:
        return cur.execute(sql, params or {}).fetchall()
    finally:
        cur.unregister(name)


TARGET_COLUMNS = ("indicator_code", "peer_group", "from_quarter", "target")


def named_in_store(cur, code: str) -> Text:
    """The indicator ``code`` named (``named``) as its latest row in the store names it."""
    found = cur.execute(
        "SELECT name_zh, name_en FROM indicators WHERE indicator_code = ? "
        "ORDER BY from_quarter DESC NULLS LAST LIMIT 1",
        [code],
    ).fetchone()
    return named(code, *(found or (None, None)))


# the totals a bureau writes its weights to: fractions of the whole, or points of 100
WHOLE_TOTALS = (1.0, 100.0)

WEIGHT_TOTALS_SQL = """
WITH incoming AS (
    SELECT DISTINCT indicator_code, from_quarter, weight, name_zh, name_en FROM _weights_in
),
after AS (
    SELECT indicator_code, from_quarter, weight, name_zh, name_en FROM indicators AS i
    WHERE NOT EXISTS (
        SELECT 1 FROM incoming AS n WHERE n.indicator_code = i.indicator_code
        AND n.from_quarter IS NOT DISTINCT FROM i.from_quarter)
    UNION ALL SELECT * FROM incoming
),
in_force AS (
    SELECT s.start, a.indicator_code, a.weight, a.name_zh, a.name_en, row_number() OVER (
        PARTITION BY s.start, a.indicator_code ORDER BY a.from_quarter DESC NULLS LAST) AS nth
    FROM (SELECT DISTINCT from_quarter AS start FROM incoming) AS s
    JOIN after AS a ON coalesce(a.from_quarter, '') <= coalesce(s.start, '')
    WHERE a.indicator_code IN (SELECT unnest($defined))
)
SELECT start, sum(weight),
    first([indicator_code, name_zh, name_en] ORDER BY weight DESC, indicator_code), max(weight)
FROM in_force WHERE nth = 1 GROUP BY start HAVING count(*) > 1 ORDER BY start NULLS FIRST
"""


def weight_totals(cur, indicators: pl.DataFrame, defined: list[str]) -> list[Text]:
    """A note per quarter an indicator-system file's rows start from whose weights in force,
    once the file is loaded, add up to neither 1 nor 100. The index is a weighted mean
    (docs/METHOD.md, section 4), so such weights are not refused: each counts for its share
    of the total. But a total like 1.15 or 15.85 is most often a mistake (a weight raised
    without lowering another, 15 written for 15%), so the load (and its dry run) says the
    total and the largest share. One indicator alone counts for the whole index whatever its
    weight: nothing to say. An indicator with no definition (not in ``defined``) is left out of
    the index and of its total (the load says so apart). ``indicators``: the file's rows for the
    indicators table."""
    columns = ("indicator_code", "from_quarter", "weight", "name_zh", "name_en")
    totals = beside_the_store(
        cur, "_weights_in", indicators.select(columns), WEIGHT_TOTALS_SQL, {"defined": defined}
    )
    notes = []
    for since, total, largest, weight in totals:
        if not total or any(abs(total - whole) < 1e-9 for whole in WHOLE_TOTALS):
            continue
        said = {
            "total": f"{round(total, 6):g}",
            "indicator": named(*largest),
            "share": f"{weight / total:.1%}",
        }
        if since is None:
            notes.append(msg("load.weight_total_from_start", **said))
        else:
            notes.append(msg("load.weight_total", since=since, **said))
    return notes


# an earlier target of a peer group (or groups) still in force at the quarter a file's 全部
# target starts from, for that indicator, which the file does not restate
GROUP_TARGETS_KEPT_SQL = """
SELECT t.indicator_code, t.peer_group, t.from_quarter, t.target, n.from_quarter AS since
FROM targets t
JOIN (SELECT DISTINCT indicator_code, from_quarter FROM _targets_in WHERE peer_group = $all) n
    ON t.indicator_code = n.indicator_code AND t.from_quarter < n.from_quarter
WHERE t.peer_group <> $all
    AND NOT EXISTS (
        SELECT 1 FROM targets l WHERE l.indicator_code = t.indicator_code
        AND l.peer_group = t.peer_group AND l.from_quarter > t.from_quarter
        AND l.from_quarter <= n.from_quarter
    )
    AND NOT EXISTS (
        SELECT 1 FROM _targets_in i WHERE i.indicator_code = t.indicator_code
        AND i.peer_group = t.peer_group AND i.from_quarter <= n.from_quarter
    )
ORDER BY 1, 2
"""


def group_targets_kept(cur, targets: pl.DataFrame, all_groups: str) -> list[Text]:
    """A note per earlier peer-group target that stays in force over a file's new 全部 target
    of the same indicator: a group's own target comes before 全部 (docs/METHOD.md), so a
    bureau replacing its system from a quarter with targets for 全部 alone kept, unsaid, the
    old 0.88 of 乡镇卫生院 where it meant the new 0.92. ``targets``: the file's rows for the
    targets table."""
    if targets.is_empty():
        return []
    frame = targets.select(TARGET_COLUMNS)
    kept = beside_the_store(cur, "_targets_in", frame, GROUP_TARGETS_KEPT_SQL, {"all": all_groups})
    return [
        msg(
            "load.group_target_kept",
            indicator=named_in_store(cur, code),
            group=group,
            since=since,
            was=was,
            value=f"{value:g}",
        )
        for code, group, was, value, since in kept
    ]


# targets the file's rows replace (same indicator and from_quarter: the replace key) of peer
# groups the file has no row for: deleted by the load
TARGETS_DROPPED_SQL = """
SELECT t.indicator_code, t.from_quarter, t.peer_group, t.target
FROM targets t
WHERE EXISTS (
        SELECT 1 FROM _targets_in n WHERE n.indicator_code = t.indicator_code
        AND n.from_quarter IS NOT DISTINCT FROM t.from_quarter)
    AND NOT EXISTS (
        SELECT 1 FROM _targets_in n WHERE n.indicator_code = t.indicator_code
        AND n.from_quarter IS NOT DISTINCT FROM t.from_quarter AND n.peer_group = t.peer_group)
ORDER BY 1, 2 NULLS FIRST, t.peer_group = $all DESC, 3
"""


def targets_dropped(cur, targets: pl.DataFrame, all_groups: str) -> list[Text]:
    """A note per indicator and quarter whose targets the file replaces (README: a file's rows
    replace the indicator's rows from the same quarter) without restating every peer group's:
    loading a target for 三级医院 alone deleted the 全部 target of 85 it replaced, and the units
    of every other group had none from then on (their indicator left their index), unsaid.
    ``targets``: the file's rows for the targets table."""
    if targets.is_empty():
        return []
    frame = targets.select(TARGET_COLUMNS)
    dropped = beside_the_store(cur, "_targets_in", frame, TARGETS_DROPPED_SQL, {"all": all_groups})
    notes = []
    for (code, since), rows in itertools.groupby(dropped, key=lambda row: row[:2]):
        said = listed(f"{group} {target:g}" for *_, group, target in rows)
        notes.append(
            msg(
                "load.targets_dropped",
                indicator=named_in_store(cur, code),
                since=since or "—",
                dropped=said,
            )
        )
    return notes


def changes_sql(key: tuple[str, ...], value: str, before: str, after: str, points: str) -> str:
    """Each value of ``DATED_VALUES`` a change of the system moves, as in force before and
    after it at each point it touches: code, from_quarter, peer group (NULL for weights), the
    value in force there before and after (NULL: none). ``before`` and ``after``: the table's
    rows (key, from_quarter, value) either side; ``points``: the rows the change writes or
    removes. In force as queries/stages/macros.sql reads it: the key's latest row from that
    quarter or before. A file's row from a quarter of its own was said "— → 0.25" where 0.05
    held before (a trial, session 61), and one restating the value in force as a change."""
    same = " AND ".join(f"s.{k} = p.{k}" for k in key)
    group = "p.peer_group" if "peer_group" in key else "NULL"
    in_force = (
        "(SELECT arg_max(s.{value}, coalesce(s.from_quarter, '')) FROM ({source}) AS s "
        "WHERE {same} AND coalesce(s.from_quarter, '') <= coalesce(p.from_quarter, ''))"
    )
    was, now = (in_force.format(value=value, source=s, same=same) for s in (before, after))
    return (
        f"SELECT * FROM (SELECT p.indicator_code, p.from_quarter, {group} AS peer_group, "
        f"{was} AS was, {now} AS now "
        f"FROM (SELECT DISTINCT {', '.join(key)}, from_quarter FROM ({points})) AS p) "
        "WHERE was IS DISTINCT FROM now ORDER BY 1, 2 NULLS FIRST, 3"
    )


def loaded_sql(table: str, key: tuple[str, ...], value: str, incoming: str) -> str:
    """``changes_sql`` of loading the rows ``incoming`` into ``table``: each replaces the
    table's rows of its indicator and from_quarter (README), all of its peer groups."""
    columns = ", ".join((*key, "from_quarter", value))
    replaced = (
        f"EXISTS (SELECT 1 FROM {incoming} AS n WHERE n.indicator_code = t.indicator_code "
        "AND n.from_quarter IS NOT DISTINCT FROM t.from_quarter)"
    )
    kept = f"SELECT {columns} FROM {table} AS t WHERE NOT {replaced}"
    gone = f"SELECT {columns} FROM {table} AS t WHERE {replaced}"
    new = f"SELECT {columns} FROM {incoming}"
    before = f"SELECT {columns} FROM {table}"
    return changes_sql(key, value, before, f"{kept} UNION ALL {new}", f"{new} UNION ALL {gone}")


def system_changes(cur, weights: pl.DataFrame, targets: pl.DataFrame) -> list[Text]:
    """Each weight and target an indicator-system file changes, old → new (— for none), in
    the store's words: the audit entry of the load says them, so that a weight raised by
    mistake and corrected in the same quarter (0.2 → 0.4, then 0.4 → 0.25) is on record,
    where the page's comparison of two quarters shows only 0.2 → 0.25. ``weights`` and
    ``targets``: the file's rows for the two tables."""
    # named as the file names them (the store has no name for a new indicator yet)
    names = {
        code: named(code, zh, en)
        for code, zh, en in weights.select("indicator_code", "name_zh", "name_en").iter_rows()
    }
    compared = [
        beside_the_store(
            cur,
            incoming,
            frame.select(*key, "from_quarter", value),
            loaded_sql(table, key, value, incoming),
        )
        if not frame.is_empty()
        else []
        for (table, key, value, _), frame, incoming in zip(
            DATED_VALUES, (weights, targets), ("_weights_in", "_targets_in"), strict=True
        )
    ]
    return changes_said(cur, *compared, names=names)


def withdrawn_sql(table: str, key: tuple[str, ...], value: str) -> str:
    """``changes_sql`` of withdrawing load $load: its rows of ``table`` go and the rows it
    had replaced come back (archive_<table>)."""
    columns = ", ".join((*key, "from_quarter", value))
    own = f"SELECT {columns} FROM {table} WHERE load_id = $load"
    others = f"SELECT {columns} FROM {table} WHERE load_id IS DISTINCT FROM $load"
    back = f"SELECT {columns} FROM archive_{table} WHERE replaced_by = $load"
    before = f"SELECT {columns} FROM {table}"
    return changes_sql(key, value, before, f"{others} UNION ALL {back}", f"{own} UNION ALL {back}")


def withdrawal_changes(cur, load_id: int) -> list[Text]:
    """Each weight and target withdrawing indicator-system load ``load_id`` puts back, the
    value in force with the load → without it (— for none), asked before its rows go: the
    withdrawal of a mistaken 0.2 → 0.25 said only the rows it restored, not that the weight
    was 0.2 again."""
    weights, targets = (
        cur.execute(withdrawn_sql(table, key, value), {"load": load_id}).fetchall()
        for table, key, value, _ in DATED_VALUES
    )
    return changes_said(cur, weights, targets)


def changes_said(
    cur, weights: list[tuple], targets: list[tuple], names: dict[str, Text] | None = None
) -> list[Text]:
    """The rows of a weights' and a targets' comparison (code, from_quarter, peer group, was,
    now) said as changes, old → new, each indicator named as ``names`` (code → name) or, when
    not there, the store name it."""
    names = names or {}
    said = []
    for rows, key in ((weights, "load.change_weight"), (targets, "load.change_target")):
        for code, since, group, was, now in rows:
            said.append(
                msg(
                    key,
                    indicator=names.get(code) or named_in_store(cur, code),
                    since=since or "—",
                    group=group or "",
                    was="—" if was is None else f"{was:g}",
                    now="—" if now is None else f"{now:g}",
                )
            )
    return said
