"""The DuckDB file: short connections, a bounded wait for the writer lock, SQL from sql/.

DuckDB lets one process write or many read, never both. A second writer (or an
analyst's open shell) makes ``connect`` wait a bounded time and then fail with a
message that says what to do, instead of hanging or corrupting anything.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

SQL_DIR = Path(__file__).resolve().parent / "sql"  # inside the package, so a wheel carries it


class WarehouseLocked(RuntimeError):
    """Another process holds the DuckDB file."""


def sql_text(name: str) -> str:
    """The text of ``sql/<name>.sql`` (``name`` may include a subfolder, e.g. queries/x)."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Names of the named queries in sql/queries/."""
    return sorted(p.stem for p in (SQL_DIR / "queries").glob("*.sql"))


@contextmanager
def connect(
    path: str | os.PathLike[str], read_only: bool = False, lock_timeout_s: float = 60.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database (creating its tables when writable) and close it afterwards."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_timeout_s
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"{path} is held by another process ({exc}). Close other DuckDB "
                    "sessions on this file and query the published copy "
                    "(dcwatch-read.duckdb) instead, or wait for the running job."
                ) from exc
            time.sleep(0.25)
    try:
        if _has_icu(con):
            # Timestamps print in UTC whatever the machine's zone; days are computed in KST.
            con.execute("SET TimeZone = 'UTC'")
        if not read_only:
            con.execute(sql_text("schema"))
        yield con
    finally:
        con.close()


def _has_icu(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'icu' AND loaded"
    ).fetchone()
    return bool(rows and rows[0])


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> pl.DataFrame:
    """Run a query and return a polars frame (through Arrow, which works on DuckDB 1.x and 2.x)."""
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    # to_arrow_table() is the current name; fetch_arrow_table() the one older 1.x releases have.
    fetch = getattr(cur, "to_arrow_table", None) or cur.fetch_arrow_table
    return pl.from_arrow(fetch())  # type: ignore[return-value]


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> int:
    """Append ``df`` to ``table`` by column name; return the rows written."""
    if df.is_empty():
        return 0
    con.register("_incoming", df.to_arrow())
    try:
        cols = ", ".join(f'"{c}"' for c in df.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")
    finally:
        con.unregister("_incoming")
    return df.height


def table_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Row count of a table."""
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


READ_COPY_FILE = "dcwatch-read.duckdb"  # the published copy analysts, notebooks and BI tools open


def publish_copy(
    path: str | os.PathLike[str],
    dest: str | os.PathLike[str] | None = None,
    lock_timeout_s: float = 60.0,
) -> Path:
    """Publish a read-only copy of the database next to it (``dcwatch-read.duckdb``).

    A reader of the copy never blocks the pipeline, because the pipeline never opens it:
    the copy is written under a temporary name in the same folder and renamed over the
    old one. A reader already holding the old file keeps reading it (the rename swaps
    the directory entry, not the open file) and sees the new data when it reconnects.
    """
    import shutil

    path = Path(path)
    dest = Path(dest) if dest is not None else path.parent / READ_COPY_FILE
    tmp = dest.parent / f".{dest.name}.{os.getpid()}.tmp"
    # Holding the write connection keeps every other writer out while the file is read;
    # CHECKPOINT moves the write-ahead log into the file, so the file alone is complete.
    with connect(path, read_only=False, lock_timeout_s=lock_timeout_s) as con:
        con.execute("CHECKPOINT")
        try:
            shutil.copyfile(path, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    os.replace(tmp, dest)
    return dest
