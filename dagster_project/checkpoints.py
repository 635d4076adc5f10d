"""Checkpoints of the projections: which log segment each consumed, under which code version.

Each projection records in ``projection_state`` the last log segment it consumed and
the code version that produced its rows. A run processes only newer segments; a
changed code version (parser, lexicon, rules) empties the projection and rebuilds it
from the log. Rows and checkpoint are written in one transaction, so a crash
leaves either the old state or the new one.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

PROJECTED_TABLES = {
    "articles": ("articles",),
    "mentions": ("mentions", "article_firm_stance"),
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
    """Forget a projection: empty its tables and its checkpoint (the log is untouched)."""
    for table in PROJECTED_TABLES[projection]:
        con.execute(f"DELETE FROM {table}")
    con.execute("DELETE FROM projection_state WHERE projection = ?", [projection])


def begin(con: duckdb.DuckDBPyConnection, projection: str, version: str) -> tuple[int, bool]:
    last, old_version = get_state(con, projection)
    if old_version is not None and old_version != version:
        con.execute("BEGIN")
        reset(con, projection)
        con.execute("COMMIT")
        return 0, True
    return last, old_version is None
