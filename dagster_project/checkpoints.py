"""Checkpoints of the projections: which log segment each consumed, under which code version.

Each projection records in ``projection_state`` the last log segment it consumed and
the code version that produced its rows. A run processes only newer segments, and
commits rows and checkpoint together, batch by batch, so a crash leaves either the old
state or the new one. A rebuild (asked for, or a changed code version: parser,
lexicon, rules) empties the projection and reads the whole log again in one
transaction: until it commits, the previous rows and checkpoint answer queries, and a
rebuild that fails or is killed leaves them in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb

PROJECTED_TABLES = {
    "articles": ("articles",),
    "mentions": ("mentions", "article_firm_stance", "article_score_status"),
}


@dataclass
class ProjectionStats:
    """What one projection update did: the segments it read and the rows it wrote."""

    projection: str
    code_version: str
    rebuilt: bool
    from_seq: int
    to_seq: int
    rows_in: int
    rows_out: int


@dataclass(frozen=True)
class Plan:
    """Where an update starts: after segment ``start``; ``rebuilt`` when it reads the
    whole log; ``atomic`` when it replaces existing rows, so it runs in one transaction."""

    start: int
    rebuilt: bool
    atomic: bool


def get_state(con: duckdb.DuckDBPyConnection, projection: str) -> tuple[int, str | None]:
    """(last consumed segment, code version) of a projection; (0, None) when never run."""
    row = con.execute(
        "SELECT last_seq, code_version FROM projection_state WHERE projection = ?", [projection]
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, None)


def set_state(con: duckdb.DuckDBPyConnection, projection: str, seq: int, version: str) -> None:
    """Record the checkpoint; call inside the transaction that wrote the rows."""
    con.execute("DELETE FROM projection_state WHERE projection = ?", [projection])
    con.execute("INSERT INTO projection_state VALUES (?, ?, ?, now())", [projection, seq, version])


def reset(con: duckdb.DuckDBPyConnection, projection: str) -> None:
    """Forget a projection: empty its tables and its checkpoint (the log is untouched).
    Call inside the transaction that writes the new rows."""
    for table in PROJECTED_TABLES[projection]:
        con.execute(f"DELETE FROM {table}")
    con.execute("DELETE FROM projection_state WHERE projection = ?", [projection])


def plan(
    con: duckdb.DuckDBPyConnection, projection: str, version: str, rebuild: bool = False
) -> Plan:
    """The plan of an update of `projection` by code `version`: incremental from the
    checkpoint, or a rebuild when asked or when the rows came from another version."""
    last, old_version = get_state(con, projection)
    if old_version is None:  # never run: nothing to replace, batches commit one by one
        return Plan(0, True, False)
    if rebuild or old_version != version:
        return Plan(0, True, True)
    return Plan(last, False, False)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, enabled: bool = True) -> Iterator[None]:
    """BEGIN … COMMIT, ROLLBACK on any error; nothing when not `enabled` (inside the
    enclosing transaction of a rebuild)."""
    if not enabled:
        yield
        return
    con.execute("BEGIN")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@contextmanager
def rebuilding(con: duckdb.DuckDBPyConnection, projection: str, p: Plan) -> Iterator[None]:
    """Around a whole update: for an atomic rebuild, one transaction that empties the
    projection and commits only with all the new rows and the new checkpoint."""
    with transaction(con, p.atomic):
        if p.atomic:
            reset(con, projection)
        yield


def batch(con: duckdb.DuckDBPyConnection, p: Plan):
    """Around one batch of rows and its checkpoint: its own transaction, or nothing
    inside an atomic rebuild (which commits once, at its end)."""
    return transaction(con, not p.atomic)
