"""What a loaded indicator-system file should be told: a weight or target it changes from some
quarter on that holds only until a later row of another load takes over.

An indicator's weight holds from its row's from_quarter until the indicator's next row (the
dated system, queries/stages/macros.sql ``indicators_in_force``). A file setting weight 0.3
"from 2025Q1" into a system that already restates the indicator from 2025Q2 (to carry a new
target, say) changes 2025Q1 only. That may be meant, so the load says it rather than refusing:
the analyst sees from the note which row to change as well (the Indicator-system page carries
an edit through such rows itself).
"""

from __future__ import annotations

from etl.messages import Text, msg

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
            *names, since, own, until, later, by_load = row
            notes.append(
                msg(
                    note,
                    indicator=names[0],
                    group=names[1] if len(names) > 1 else "",
                    since=since or "—",
                    value=f"{own:g}",  # 0.95, not 0.9500000000000001 as 95% is stored
                    until=until,
                    later=f"{later:g}",
                    load_id=by_load,
                )
            )
    return notes
