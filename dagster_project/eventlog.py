"""The append-only event log: immutable Parquet segments, one per ingest run.

Layout: ``<root>/seg-<seq:010d>.parquet`` (the run id is a column of every event).
``seq`` is a gapless sequence
claimed atomically with ``os.link`` (which fails if the name exists), so a reader
that sees segment N also sees every segment before it; a projection's checkpoint
is therefore just the last ``seq`` it consumed. A segment is written under a
temporary name first, so a crash leaves at most a ``.tmp`` file that no reader
looks at and the next writer removes.

Event ids are ``sha256(type | stream key | content hash)``: re-recording the same
observation is a no-op, and a changed page is a new event (a new version).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

EVENT_TYPES = ("FeedPolled", "ArticleDiscovered", "ArticleFetched", "FetchFailed")

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "event_id": pl.String(),
    "event_type": pl.String(),
    "stream_key": pl.String(),
    "recorded_at": pl.Datetime("us", "UTC"),
    "run_id": pl.String(),
    "source": pl.String(),
    "url": pl.String(),
    "final_url": pl.String(),
    "status": pl.Int32(),
    "content_type": pl.String(),
    "etag": pl.String(),
    "last_modified": pl.String(),
    "content_hash": pl.String(),
    "body": pl.Binary(),
    "meta": pl.String(),
    "error": pl.String(),
}

_SEGMENT_RE = re.compile(r"^seg-(\d{10})\.parquet$")


def content_hash(data: bytes | str | None) -> str:
    """Return the hex sha256 of ``data`` (text is hashed as UTF-8; None as empty)."""
    if data is None:
        data = b""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def event_id(event_type: str, stream_key: str, chash: str) -> str:
    """Deterministic id of an observation: the same thing seen twice has one id."""
    return content_hash(f"{event_type}|{stream_key}|{chash}")[:32]


@dataclass
class Event:
    """One observation of the outside world, before it is written to a segment."""

    event_type: str
    stream_key: str
    source: str
    url: str
    recorded_at: datetime
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    identity: str | None = None  # what makes two observations "the same"; default: the body

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.event_type!r}")

    def row(self, run_id: str) -> dict[str, Any]:
        chash = content_hash(self.body if self.identity is None else self.identity)
        return {
            "event_id": event_id(self.event_type, self.stream_key, chash),
            "event_type": self.event_type,
            "stream_key": self.stream_key,
            "recorded_at": self.recorded_at,
            "run_id": run_id,
            "source": self.source,
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "content_type": self.content_type,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "content_hash": chash,
            "body": self.body,
            "meta": json.dumps(self.meta, ensure_ascii=False, sort_keys=True, default=str),
            "error": self.error,
        }


def events_frame(events: Iterable[Event], run_id: str) -> pl.DataFrame:
    """Turn events into a frame with the log's schema."""
    return pl.DataFrame([e.row(run_id) for e in events], schema=EVENT_SCHEMA)


@dataclass(frozen=True)
class Segment:
    seq: int
    path: Path
    events: int = 0  # how many events `append` wrote into it (0 when found by listing)


class EventLog:
    """Writer and reader of the segment folder."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        # event ids of segments 1.._known_upto: segments never change and a new one always
        # takes a higher number, so each call reads only the segments added since
        self._known: set[str] = set()
        self._known_upto = 0

    def segments(self, after: int = 0) -> list[Segment]:
        """Committed segments with ``seq > after``, in order."""
        if not self.root.exists():
            return []
        found = []
        for p in self.root.iterdir():
            m = _SEGMENT_RE.match(p.name)
            if m and int(m.group(1)) > after:
                found.append(Segment(int(m.group(1)), p))
        return sorted(found, key=lambda s: s.seq)

    def last_seq(self) -> int:
        """The newest committed segment's sequence number (0 for an empty log)."""
        segs = self.segments()
        return segs[-1].seq if segs else 0

    def known_ids(self) -> set[str]:
        """Every event id already in the log (read incrementally; do not modify)."""
        segs = self.segments(self._known_upto)
        if segs:
            ids = pl.scan_parquet([s.path for s in segs]).select("event_id").collect()
            self._known.update(ids["event_id"].to_list())
            self._known_upto = segs[-1].seq
        return self._known

    def append(self, frame: pl.DataFrame, run_id: str | None = None) -> Segment | None:
        """Write the events not already in the log as one new segment.

        Returns the segment, or None when every event was already known.
        """
        run_id = run_id or uuid.uuid4().hex[:12]
        if not re.fullmatch(r"[0-9a-zA-Z_-]+", run_id):
            raise ValueError(f"run id {run_id!r} must be alphanumeric, '-' or '_'")
        frame = frame.select(list(EVENT_SCHEMA)).cast(EVENT_SCHEMA)  # type: ignore[arg-type]
        frame = frame.unique("event_id", keep="first", maintain_order=True)
        known = self.known_ids()
        if known:  # membership per new event: the cost follows the batch, not the log
            fresh = [event_id not in known for event_id in frame["event_id"].to_list()]
            frame = frame.filter(pl.Series(fresh, dtype=pl.Boolean))
        if frame.is_empty():
            return None
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stale_tmp()
        tmp = self.root / f".tmp-{run_id}-{uuid.uuid4().hex[:8]}.parquet"
        frame.write_parquet(tmp, compression="zstd", statistics=True)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        try:
            return self._claim(tmp, frame.height)
        finally:
            tmp.unlink(missing_ok=True)

    def _claim(self, tmp: Path, events: int) -> Segment:
        seq = self.last_seq() + 1
        while True:
            # The name holds only the sequence number, so two writers can never both
            # claim the same number.
            final = self.root / f"seg-{seq:010d}.parquet"
            try:
                os.link(tmp, final)  # atomic: fails if another writer took this seq
            except FileExistsError:
                seq += 1
                continue
            _fsync_dir(self.root)
            return Segment(seq, final, events)

    def _remove_stale_tmp(self, older_than_s: float = 3600) -> None:
        # Leftovers of crashed writers; a young one may belong to a live writer.
        now = time.time()
        for p in self.root.glob(".tmp-*.parquet"):
            try:
                if now - p.stat().st_mtime > older_than_s:
                    p.unlink()
            except FileNotFoundError:
                pass

    def read(
        self, after: int = 0, columns: list[str] | None = None, event_types: Iterable[str] = ()
    ) -> pl.DataFrame:
        """Events in segments after checkpoint ``after``, with their ``seq``, in log order.

        One scan over all the segments (polars reads them in parallel and skips the
        columns and row groups it does not need); ``iter_segments`` is the bounded-memory
        alternative for projections."""
        segs = self.segments(after)
        if not segs:
            return _empty(columns)
        types = list(event_types)
        lf = pl.scan_parquet([s.path for s in segs], include_file_paths="_path")
        if types:
            lf = lf.filter(pl.col("event_type").is_in(types))
        seq = pl.col("_path").str.extract(r"seg-(\d+)\.parquet$").cast(pl.Int64).alias("seq")
        return lf.select(*(columns or EVENT_SCHEMA), seq).collect()

    def iter_segments(
        self, after: int = 0, columns: list[str] | None = None, event_types: Iterable[str] = ()
    ) -> Iterator[pl.DataFrame]:
        """Yield one frame per segment after ``after``: memory stays bounded by a segment."""
        types = list(event_types)
        for seg in self.segments(after):
            lf = pl.scan_parquet(seg.path)
            if types:
                lf = lf.filter(pl.col("event_type").is_in(types))
            if columns:
                lf = lf.select(columns)
            yield lf.with_columns(pl.lit(seg.seq, pl.Int64).alias("seq")).collect()


def _empty(columns: list[str] | None) -> pl.DataFrame:
    schema = {k: v for k, v in EVENT_SCHEMA.items() if columns is None or k in columns}
    return pl.DataFrame(schema={**schema, "seq": pl.Int64()})


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def now_utc() -> datetime:
    """The current time, timezone-aware UTC, at microsecond precision."""
    return datetime.now(UTC)
