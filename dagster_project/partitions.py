"""Per-partition outputs of the projections: one Parquet file per log segment and code version.

Parse and score run per partition of the log (a partition is one segment). Each output
is a pure function of the segment's events and the code version that made it, so it is
written once, under a name that holds both, and any process on any machine can compute
it or reuse it::

    <root>/parsed/<parser version>/seg-<seq>.parquet          article rows of the segment
    <root>/scored/<scorer version>/<parser version>/seg-<seq>.mentions.parquet
    <root>/scored/<scorer version>/<parser version>/seg-<seq>.status.parquet

The root is a folder (default ``$DCWATCH_HOME/projections``) or an object-store URL (with
the log on one: ``<log URL>/_projections``), through the same store as the log. A file
is written whole (a rename in a folder, one PUT on an object store), so a reader sees
the old output or the new one, never half of one. The DuckDB tables are then loaded
from these outputs in log order, which keeps the rule that the latest event wins.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import duckdb
import polars as pl

from dagster_project.eventlog import EventLog
from dagster_project.eventlog.store import LocalStore, open_store

PARSED, SCORED = "parsed", "scored"
PROJECTIONS_ENV = "DCWATCH_PROJECTIONS"  # where the outputs live; unset: see default_location
PROJECTIONS_DIR = "projections"  # beside the DuckDB file
OBJECT_STORE_DIR = "_projections"  # inside the log's prefix when the log is on an object store
_SEQ_RE = re.compile(r"seg-(\d{10})\.")


def default_location(db_folder: str | os.PathLike[str], log_root: str | os.PathLike[str]) -> str:
    """``$DCWATCH_PROJECTIONS`` when set; beside the log when it is on an object store (so
    workers on other machines share the outputs); else ``<db folder>/projections``."""
    if env := os.environ.get(PROJECTIONS_ENV):
        return env
    text = os.fspath(log_root)
    if "://" in text and not text.startswith("file://"):
        return f"{text.rstrip('/')}/{OBJECT_STORE_DIR}"
    return str(Path(db_folder) / PROJECTIONS_DIR)


def beside(con: duckdb.DuckDBPyConnection, log: EventLog | None = None) -> PartitionStore:
    """The default store of a warehouse: ``default_location`` of the DuckDB file's folder
    and the log."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if not row or not row[0]:
        raise ValueError(
            "an in-memory database has no folder for the partition outputs: pass store="
        )
    return PartitionStore(default_location(Path(row[0]).parent, log.root if log else ""))


def _slug(version: str) -> str:
    """A version as one path component that every object store accepts ('+' is not safe)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", version)


class PartitionStore:
    """The per-segment outputs under one root (a folder or an object-store URL)."""

    def __init__(self, location: str | os.PathLike[str]):
        self.store = open_store(location)
        self.url = self.store.url
        self.local = isinstance(self.store, LocalStore)

    @staticmethod
    def folder(kind: str, *versions: str) -> str:
        return "/".join([kind, *(_slug(v) for v in versions)])

    def name(self, kind: str, versions: tuple[str, ...], seq: int, part: str = "") -> str:
        suffix = f".{part}" if part else ""
        return f"{self.folder(kind, *versions)}/seg-{seq:010d}{suffix}.parquet"

    def done(self, kind: str, versions: tuple[str, ...], part: str = "") -> set[int]:
        """Segments whose output of ``kind`` (and ``part``) exists for these versions."""
        suffix = f".{part}.parquet" if part else ".parquet"
        found = set()
        for entry in self.store.list(self.folder(kind, *versions)):
            base = entry.name.rsplit("/", 1)[-1]
            if not base.startswith(".tmp-") and base.endswith(suffix):
                if (m := _SEQ_RE.match(base)) and base == f"seg-{m.group(1)}{suffix}":
                    found.add(int(m.group(1)))
        return found

    def exists(self, kind: str, versions: tuple[str, ...], seq: int, part: str = "") -> bool:
        return self.store.exists(self.name(kind, versions, seq, part))

    def read(self, kind: str, versions: tuple[str, ...], seq: int, part: str = "") -> pl.DataFrame:
        name = self.name(kind, versions, seq, part)
        if self.local:
            return pl.read_parquet(self.store.path(name))  # type: ignore[union-attr]
        return pl.read_parquet(io.BytesIO(self.store.get(name)))

    def write(
        self, kind: str, versions: tuple[str, ...], seq: int, frame: pl.DataFrame, part: str = ""
    ) -> str:
        """Write one output whole (replacing an older copy); return its location."""
        buf = io.BytesIO()
        frame.write_parquet(buf, compression="zstd")
        name = self.name(kind, versions, seq, part)
        self.store.replace(name, buf.getvalue())
        return str(self.store.path(name))
