"""The day a loaded file reached the bureau, given after the load: a bureau that loaded its
history before it could say so (or typed the wrong day) records it without withdrawing and
loading the file again. Lateness is then judged by it (queries/late_loads.sql), as if it had
been given with the load (``etl.load.load_file``'s ``received``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from etl.db import write
from etl.load import KIND_TABLES, check_received, reported_days
from etl.messages import Text, msg, outcome_label, pair
from etl.problems import FileRejected, ReceivedRefused
from etl.publish import published_among
from etl.scope import Scope
from etl.scope_check import refuse_load_action_out_of_scope


@dataclass(frozen=True)
class Received:
    file_name: str  # the load's file
    published: tuple[str, ...]  # its quarters already published


def set_received(
    con,
    load_id: int,
    day: date,
    by: str,
    scope: Scope | None = None,
    now: datetime | None = None,
) -> Received:
    """Record ``day`` as the day load ``load_id``'s file was received (the same checks as at
    loading: not after today, not before its latest quarter began). A scoped account may do
    so only for a load whose every unit lies in its scope. ``by`` and ``now`` are kept with
    it: a change since a quarter's publication lets the quarter be published again. Says
    which of the load's quarters are published already: their publications keep the lateness
    as it was published."""
    now = now or datetime.now()
    return write(con, lambda cur: record_received(cur, load_id, day, by, scope, now))


def record_received(cur, load_id: int, day: date, by: str, scope: Scope | None, now: datetime):
    row = cur.execute(
        "SELECT kind, outcome, quarters, file_name, loaded_at FROM upload_log WHERE load_id = ?",
        [load_id],
    ).fetchone()
    if row is None:
        raise ReceivedRefused(msg("withdraw.no_load", load_id=load_id))
    kind, outcome, quarters, file_name, loaded_at = row
    if outcome != "loaded":
        state = pair(outcome_label(outcome, "zh"), outcome)
        raise ReceivedRefused(msg("received.not_loaded", load_id=load_id, outcome=state))
    refuse_load_action_out_of_scope(cur, kind, KIND_TABLES[kind], load_id, scope, "received")
    quarter_list = [q for q in (quarters or "").split(",") if q]
    try:
        check_received(file_name, day, quarter_list, now.date(), load_latest(cur, kind, load_id))
    except FileRejected as rejected:
        raise ReceivedRefused(rejected.problems[0].text) from None
    if day > loaded_at.date():  # it reached the bureau before it could be loaded
        loaded = loaded_at.date().isoformat()
        raise ReceivedRefused(msg("received.after_load", day=day.isoformat(), loaded=loaded))
    cur.execute(
        "UPDATE upload_log SET received_on = ?, received_set_by = ?, received_set_at = ? "
        "WHERE load_id = ?",
        [day, by, now, load_id],
    )
    return Received(file_name, tuple(published_among(cur, quarter_list)))


def load_latest(cur, kind: str, load_id: int) -> date | None:
    """The latest day a load's rows report (``etl.load.reported_days``), those in force and
    those replaced since."""
    days = reported_days(kind)
    if not days:
        return None
    [table] = KIND_TABLES[kind]
    latest = f"greatest({', '.join(days)})" if len(days) > 1 else days[0]
    return cur.execute(
        f"SELECT max({latest}) FROM (SELECT {', '.join(days)} FROM {table} WHERE load_id = $id "
        f"UNION ALL SELECT {', '.join(days)} FROM archive_{table} WHERE load_id = $id)",
        {"id": load_id},
    ).fetchone()[0]


def received_text(load_id: int, day: date, refusal: Text | None = None) -> Text:
    """What the audit log says of it: done, or refused (``refusal``, the reason)."""
    if refusal is not None:
        return msg("log.received_refused", load_id=load_id, reason=refusal)
    return msg("log.received", load_id=load_id, on=day.isoformat())
