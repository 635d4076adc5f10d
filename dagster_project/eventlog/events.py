"""Events: what one observation of the outside world holds, and its deterministic id.

Event ids are ``sha256(type | stream key | content hash)``: re-recording the same
observation is a no-op, and a changed page is a new event (a new version).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
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


def now_utc() -> datetime:
    """The current time, timezone-aware UTC, at microsecond precision."""
    return datetime.now(UTC)
