"""Whether a refresh has anything to do past ingest: the cheap test that lets a refresh with
nothing new skip parsing, scoring, stories and the marts.

Every projection records the last log segment it consumed and the code version of its rows
(``projection_state``); ``stories`` and the marts also keep what is pending in tables. So
"nothing to do" is a handful of small queries and one listing of the log, never a scan of
the articles' bodies: the log has no segment past the ``articles`` checkpoint, no article
is newer than the ``mentions`` and marts checkpoints, no article waits for its story, every
version is the current one, and the files drawn from the marts are all there.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project.checkpoints import get_state
from dagster_project.eventlog import EventLog
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
