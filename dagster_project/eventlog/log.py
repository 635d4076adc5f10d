"""The append-only event log: immutable Parquet segments, one per ingest run.

Layout: ``<location>/seg-<seq:010d>.parquet`` (the run id is a column of every event),
where the location is a folder or an object-store URL (``s3://bucket/prefix``). ``seq``
is a gapless sequence claimed atomically (a hard link in a folder, a conditional PUT
on an object store: both fail if the name exists), so a reader that sees segment N
also sees every segment before it; a projection's checkpoint is therefore just the
last ``seq`` it consumed. A reader never sees a partial segment.

Every segment carries a checksum of its data, checked the first time this process
reads it: a corrupt or cut segment raises :class:`CorruptSegment`, naming the file.
``quarantine(seq)`` sets such a segment aside: the file stays, a marker
``seg-<seq>.quarantined`` beside it records why, and reads skip it.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dagster_project.eventlog.events import EVENT_SCHEMA, now_utc
from dagster_project.eventlog.segment import CorruptSegment, encode, problem
from dagster_project.eventlog.store import LocalStore, open_store

_SEGMENT_RE = re.compile(r"^seg-(\d{10})\.parquet$")
_MARKER_RE = re.compile(r"^seg-(\d{10})\.quarantined$")
_READERS = 8  # segments fetched and checked at once


@dataclass(frozen=True)
class Segment:
    seq: int
    path: Path | str  # a local path, or the object's URL
    events: int = 0  # how many events `append` wrote into it (0 when found by listing)
    published_at: float | None = None  # from an object store's listing; a file is asked

    @property
    def name(self) -> str:
        return f"seg-{self.seq:010d}.parquet"

    @property
    def written_at(self) -> float:
        """When the segment was published, in seconds since the epoch."""
        if self.published_at is not None:
            return self.published_at
        return os.stat(self.path).st_mtime


class EventLog:
    """Writer and reader of the segments at one location (a folder or an object-store URL)."""

    def __init__(self, location: str | os.PathLike[str]):
        self.store = open_store(location)
        self.local = isinstance(self.store, LocalStore)
        self.root: Path | str = self.store.root if self.local else self.store.url  # type: ignore[union-attr]
        # event ids of segments 1.._known_upto: segments never change and a new one always
        # takes a higher number, so each call reads only the segments added since
        self._known: set[str] = set()
        self._known_upto = 0
        self._checked: set[int] = set()  # segments whose checksum this process has verified

    # -- listing --------------------------------------------------------------------
    def _listing(self) -> tuple[list[Segment], dict[int, str]]:
        segs, markers = [], {}
        for entry in self.store.list():
            if m := _SEGMENT_RE.match(entry.name):
                seq = int(m.group(1))
                segs.append(Segment(seq, self.store.path(entry.name), 0, entry.written_at))
            elif m := _MARKER_RE.match(entry.name):
                markers[int(m.group(1))] = entry.name
        return sorted(segs, key=lambda s: s.seq), markers

    def segments(self, after: int = 0, listing=None) -> list[Segment]:
        """Committed segments with ``seq > after``, in order, quarantined ones left out."""
        segs, markers = listing or self._listing()
        return [s for s in segs if s.seq > after and s.seq not in markers]

    def last_seq(self) -> int:
        """The newest committed segment's sequence number (0 for an empty log)."""
        segs = self.segments()
        return segs[-1].seq if segs else 0

    # -- writing --------------------------------------------------------------------
    def known_ids(self, listing=None) -> set[str]:
        """Every event id already in the log (read incrementally; do not modify)."""
        segs = self.segments(self._known_upto, listing)
        if segs:
            ids = self._scan(segs, ["event_id"], [])
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
        listing = self._listing()
        known = self.known_ids(listing)
        if known:  # membership per new event: the cost follows the batch, not the log
            fresh = [event_id not in known for event_id in frame["event_id"].to_list()]
            frame = frame.filter(pl.Series(fresh, dtype=pl.Boolean))
        if frame.is_empty():
            return None
        segs, markers = listing
        start = max([s.seq for s in segs] + list(markers), default=0) + 1
        # The name holds only the sequence number, so two writers never share one.
        names = (f"seg-{seq:010d}.parquet" for seq in itertools.count(start))
        name = self.store.create_first(encode(frame), names)
        seq = int(_SEGMENT_RE.match(name).group(1))  # type: ignore[union-attr]
        self._checked.add(seq)
        return Segment(seq, self.store.path(name), frame.height)

    # -- reading --------------------------------------------------------------------
    def read(
        self, after: int = 0, columns: list[str] | None = None, event_types: Iterable[str] = ()
    ) -> pl.DataFrame:
        """Events in segments after checkpoint ``after``, with their ``seq``, in log order.

        One parallel read over all the segments (only the columns and row groups needed);
        ``iter_segments`` is the bounded-memory alternative for projections."""
        segs = self.segments(after)
        if not segs:
            return _empty(columns)
        return self._scan(segs, list(columns or EVENT_SCHEMA), list(event_types))

    def iter_segments(
        self, after: int = 0, columns: list[str] | None = None, event_types: Iterable[str] = ()
    ) -> Iterator[pl.DataFrame]:
        """Yield one frame per segment after ``after``: memory stays bounded by a segment."""
        for seg in self.segments(after):
            yield self._scan([seg], list(columns or EVENT_SCHEMA), list(event_types))

    def read_segment(
        self, seq: int, columns: list[str] | None = None, event_types: Iterable[str] = ()
    ) -> pl.DataFrame:
        """The events of segment ``seq`` alone (checksum checked), with their ``seq``: one
        partition of the log, read without listing the others."""
        seg = Segment(seq, self.store.path(f"seg-{seq:010d}.parquet"))
        return self._scan([seg], list(columns or EVENT_SCHEMA), list(event_types))

    def _scan(self, segs: list[Segment], columns: list[str], types: list[str]) -> pl.DataFrame:
        if self.local:
            self._check_all(segs)
            lf = pl.scan_parquet([s.path for s in segs], include_file_paths="_path")
            if types:
                lf = lf.filter(pl.col("event_type").is_in(types))
            seq = pl.col("_path").str.extract(r"seg-(\d+)\.parquet$").cast(pl.Int64)
            return lf.select(*columns, seq.alias("seq")).collect()
        with ThreadPoolExecutor(min(_READERS, len(segs))) as pool:
            frames = list(pool.map(lambda s: self._decode(s, columns, types), segs))
        return pl.concat(frames, how="vertical")

    def _decode(self, seg: Segment, columns: list[str], types: list[str]) -> pl.DataFrame:
        data = self._load(seg)
        need = list(dict.fromkeys([*columns, *(["event_type"] if types else [])]))
        frame = pl.read_parquet(io.BytesIO(data), columns=need)
        if types:
            frame = frame.filter(pl.col("event_type").is_in(types))
        return frame.select(*columns, pl.lit(seg.seq, pl.Int64).alias("seq"))

    def _load(self, seg: Segment, recheck: bool = False) -> bytes:
        data = self.store.get(seg.name)
        if recheck or seg.seq not in self._checked:
            if reason := problem(data):
                raise CorruptSegment(str(seg.path), seg.seq, reason)
            self._checked.add(seg.seq)
        return data

    def _check_all(self, segs: list[Segment]) -> None:
        todo = [s for s in segs if s.seq not in self._checked]
        if todo:  # hashing releases the GIL: check several files at once
            with ThreadPoolExecutor(min(_READERS, len(todo))) as pool:
                list(pool.map(self._load, todo))

    # -- integrity ------------------------------------------------------------------
    def verify(self, recheck: bool = True) -> list[CorruptSegment]:
        """Read every segment in full and return the corrupt ones (none: an empty list).

        ``recheck=False`` trusts what this process has already verified."""
        bad = []
        for seg in self.segments():
            try:
                self._load(seg, recheck=recheck)
            except CorruptSegment as exc:
                bad.append(exc)
            except FileNotFoundError:
                bad.append(CorruptSegment(str(seg.path), seg.seq, "vanished while listed"))
        return bad

    def quarantine(self, seq: int, reason: str = "") -> str:
        """Set segment ``seq`` aside: its file stays, reads skip it. Returns the marker's name."""
        segs, markers = self._listing()
        if seq not in {s.seq for s in segs}:
            raise ValueError(f"no segment {seq} in the log at {self.store.url}")
        name = f"seg-{seq:010d}.quarantined"
        record = {"seq": seq, "reason": reason, "at": now_utc().isoformat()}
        self.store.replace(name, json.dumps(record).encode())
        return name

    def quarantined(self) -> list[dict]:
        """The segments set aside: ``seq``, ``reason``, ``at`` and the segment's location."""
        _, markers = self._listing()
        out = []
        for seq, name in sorted(markers.items()):
            record = json.loads(self.store.get(name))
            out.append({**record, "segment": str(self.store.path(f"seg-{seq:010d}.parquet"))})
        return out

    # -- derived files (caches rebuilt from the log, e.g. the ingest index) ---------
    def derived(self, folder: str) -> list[str]:
        """Names of the derived files in ``folder`` (e.g. ``_index``), sorted."""
        return sorted(e.name for e in self.store.list(folder) if not _is_tmp(e.name))

    def read_derived(self, name: str) -> bytes:
        return self.store.get(name)

    def write_derived(self, name: str, data: bytes) -> None:
        """Write a derived file whole (readers see the old one or the new one)."""
        self.store.replace(name, data)

    def delete_derived(self, name: str) -> None:
        self.store.delete(name)


def _is_tmp(name: str) -> bool:
    return name.rsplit("/", 1)[-1].startswith(".tmp-")


def _empty(columns: list[str] | None) -> pl.DataFrame:
    schema = {k: v for k, v in EVENT_SCHEMA.items() if columns is None or k in columns}
    return pl.DataFrame(schema={**schema, "seq": pl.Int64()})
