"""Writing an ingest pass to the log as it goes: a segment every N pages, B bytes of pages
or T seconds.

A pass that held everything for one segment at its end would lose all of it to a
kill; this writer bounds the loss to one interval. Each batch is sorted before it is
written, so a segment does not depend on the order in which threads finished.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable

from dagster_project.eventlog import Event, EventLog, Segment, events_frame


def _order(e: Event) -> tuple:
    return (e.stream_key, e.event_type, e.source, e.identity or "", json.dumps(e.meta, default=str))


class SegmentWriter:
    """Collects events and appends them as one segment per interval."""

    def __init__(
        self,
        log: EventLog,
        run_id: str,
        every_pages: int,
        every_s: float,
        clock: Callable[[], float] = time.monotonic,
        every_bytes: int = 64_000_000,
    ):
        self.log, self.run_id = log, run_id
        self.every_pages, self.every_s, self.clock = every_pages, every_s, clock
        self.every_bytes = every_bytes
        self.segments: list[Segment] = []
        self._batch: list[Event] = []
        self._pages = 0
        self._bytes = 0
        self._since = clock()

    @property
    def written(self) -> int:
        """Events written so far (events already in the log are not written again)."""
        return sum(s.events for s in self.segments)

    def add(self, events: Iterable[Event], pages: int = 0) -> None:
        """Queue ``events`` (``pages`` of them fetched pages); flush when an interval is full."""
        events = list(events)
        self._batch.extend(events)
        self._pages += pages
        self._bytes += sum(len(e.body or b"") for e in events)
        self.tick()

    def tick(self) -> None:
        """Flush when N pages or B bytes of pages are waiting, or T seconds have passed since
        the last flush."""
        if (
            self._pages >= self.every_pages
            or self._bytes >= self.every_bytes
            or self.clock() - self._since >= self.every_s
        ):
            self.flush()

    def flush(self) -> Segment | None:
        """Append what is waiting as one segment (None when nothing new)."""
        batch, self._batch, self._pages, self._since = self._batch, [], 0, self.clock()
        self._bytes = 0
        if not batch:
            return None
        segment = self.log.append(events_frame(sorted(batch, key=_order), self.run_id), self.run_id)
        if segment is not None:
            self.segments.append(segment)
        return segment
