"""The append-only event log: events, their segments, and where the segments live."""

import os
from pathlib import Path

from dagster_project.eventlog.events import (
    EVENT_SCHEMA,
    EVENT_TYPES,
    Event,
    content_hash,
    event_id,
    events_frame,
    now_utc,
)
from dagster_project.eventlog.log import EventLog, Segment
from dagster_project.eventlog.segment import CorruptSegment

LOG_ENV = "DCWATCH_LOG"  # a folder or an object-store URL; unset: <DCWATCH_HOME>/events


def log_location(home: str | os.PathLike[str]) -> str:
    """Where the log lives: ``$DCWATCH_LOG`` when set, else the ``events`` folder of ``home``."""
    return os.environ.get(LOG_ENV) or str(Path(home) / "events")


__all__ = [
    "LOG_ENV",
    "log_location",
    "EVENT_SCHEMA",
    "EVENT_TYPES",
    "CorruptSegment",
    "Event",
    "EventLog",
    "Segment",
    "content_hash",
    "event_id",
    "events_frame",
    "now_utc",
]
