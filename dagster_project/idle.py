"""Whether a refresh has anything to do past ingest: the cheap test that lets a refresh with
nothing new skip parsing, scoring, stories and the marts.

Every projection records the last log segment it consumed and the code version of its rows
(``projection_state``); ``stories`` and the marts also keep what is pending in tables. So
"nothing to do" is a handful of small queries and one listing of the log, never a scan of
the articles' bodies: the log has no segment past the ``articles`` checkpoint, no article
is newer than the ``mentions`` and marts checkpoints, no article waits for its story, every
version is the current one, and the files drawn from the marts are all there.

:func:`poll_then_check` is what ``dcwatch run`` asks before it imports Dagster: the sources
are polled by the same ingest pass the ``raw_events`` asset runs (same client settings,
conditional requests, per-host rate files and event log), and when that pass wrote nothing
and no projection has anything to do, there is no run to make.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from dagster_project import warehouse
from dagster_project.checkpoints import get_state
from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import SourcesConfig
from dagster_project.ingest.http.client import DEFAULT_USER_AGENT, HttpClient
from dagster_project.ingest.run import run_ingest
from dagster_project.marts.project import state_version
from dagster_project.marts.report import REPORT_FILE
from dagster_project.parse import PARSER_VERSION
from dagster_project.parse.stories import PENDING, STALE, STORIES_VERSION
from dagster_project.score import SCORER_VERSION
from dagster_project.warehouse import READ_COPY_FILE

# What the marts step writes beside the database; a missing one is drawn again.
MART_FILES = ("charts", REPORT_FILE, READ_COPY_FILE)


def _any(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> bool:
    return con.execute(f"SELECT EXISTS ({sql})", params or []).fetchone()[0]  # type: ignore[index]


def pending_work(con: duckdb.DuckDBPyConnection, log: EventLog, root: Path) -> list[str]:
    """What a refresh would still do past ingest, in words (empty: nothing at all)."""
    work = []
    seen, version = get_state(con, "articles")
    if version != PARSER_VERSION:
        work.append(f"articles: parser {PARSER_VERSION} (rows from {version})")
    elif log.segments(seen):
        work.append(f"articles: log segments after {seen}")
    seen, version = get_state(con, "mentions")
    if version != SCORER_VERSION:
        work.append(f"mentions: scorer {SCORER_VERSION} (rows from {version})")
    elif _any(con, "SELECT 1 FROM articles WHERE event_seq > ?", [seen]):
        work.append(f"mentions: articles after segment {seen}")
    _, version = get_state(con, "stories")
    if version != STORIES_VERSION or _any(con, PENDING) or _any(con, STALE):
        work.append("stories: articles to group")
    seen, version = get_state(con, "marts")
    if version != state_version(con):
        work.append("marts: new mart SQL or projection versions")
    elif _any(con, "SELECT 1 FROM articles WHERE event_seq > ?", [seen]) or _any(
        con, "SELECT 1 FROM story_changes"
    ):
        work.append("marts: days to recount")
    work += [f"marts: {name} is missing" for name in MART_FILES if not (root / name).exists()]
    return work


@dataclass
class Poll:
    """What a poll before the run found, and what is left for a run to do (``work``)."""

    sources: int
    new_events: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (source, url, reason)
    work: list[str] = field(default_factory=list)
    last_refresh: datetime | None = None

    @property
    def idle(self) -> bool:
        """Nothing for a run to do: no new event and every projection current."""
        return not self.new_events and not self.work


def client_for(config: SourcesConfig) -> HttpClient:
    """The client the ``http`` resource builds for ``config`` with its default settings."""
    return HttpClient(user_agent=config.user_agent or DEFAULT_USER_AGENT)


def poll_then_check(
    root: Path,
    db: Path,
    log: EventLog,
    config: SourcesConfig,
    run_id: str,
    stop: threading.Event | None = None,
) -> Poll:
    """Check the projections, and only when all are current poll the sources (the ingest
    pass of ``raw_events``, writing what is new under ``run_id``) and check again."""
    out = Poll(len(config.sources))
    out.work = _work(root, db, log, out)
    if out.work:  # a run is needed anyway: its own ingest polls the sources once
        return out
    report = run_ingest(config, log, client_for(config), run_id=run_id, stop=stop)
    out.new_events, out.failures = report.new_events, report.source_failures
    if report.new_events:
        out.work = [f"ingest: {report.new_events} new events"]
    return out


def _work(root: Path, db: Path, log: EventLog, out: Poll) -> list[str]:
    if not db.exists():
        return ["no warehouse yet"]
    try:  # a run holding the file is busy with it: leave the decision to a run of our own
        with warehouse.connect(db, read_only=True, lock_timeout_s=0) as con:
            row = con.execute("SELECT max(updated_at) FROM projection_state").fetchone()
            out.last_refresh = row[0] if row else None
            return pending_work(con, log, root)
    except (warehouse.WarehouseLocked, duckdb.Error) as exc:
        return [f"warehouse: {str(exc).splitlines()[0]}"]
