"""Dagster resources: where dcwatch keeps its data, how it fetches, which sources it reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project import warehouse
from dagster_project.eventlog import EventLog, log_location
from dagster_project.ingest.config import SourcesConfig, load_sources, sources_path_from_env
from dagster_project.ingest.http.client import DEFAULT_USER_AGENT, HttpClient

DB_FILE = "dcwatch.duckdb"


class DcwatchHome(dg.ConfigurableResource):
    """The data folder: the event log under ``events/`` and the DuckDB warehouse.

    The code location sets ``home`` from ``dg.EnvVar("DCWATCH_HOME")``, so the UI's resource
    page shows where the data lives and a run reads the variable when it starts.
    """

    home: str
    # The event log's location: a folder or an object-store URL (s3://bucket/prefix);
    # unset, $DCWATCH_LOG, else <home>/events.
    log_url: str | None = None
    lock_timeout_s: float = 120.0

    @property
    def root(self) -> Path:
        return Path(self.home).expanduser().resolve()

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

    def eventlog(self) -> EventLog:
        return EventLog(self.log_url or log_location(self.root))

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with warehouse.connect(self.db_path, read_only, self.lock_timeout_s) as con:
            yield con


class SourcesResource(dg.ConfigurableResource):
    """The sources file; unset, ``$DCWATCH_SOURCES`` or the bundled demo sources."""

    path: str | None = None

    def load(self) -> SourcesConfig:
        return load_sources(Path(self.path) if self.path else sources_path_from_env())


class HttpFetcher(dg.ConfigurableResource):
    """HTTP settings for every fetch: identity, timeouts, retries and the body-size caps.

    Politeness (per-host rate, robots.txt) and private-address policy come from the
    sources file, since they depend on the sites being read.
    """

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3  # on connection errors, 429 and 5xx, with jittered exponential backoff
    time_budget_s: float = 60.0  # per URL, retries and Retry-After waits included
    max_decompression_ratio: float = 100.0

    def client(self, user_agent: str | None = None) -> HttpClient:
        return HttpClient(
            user_agent=user_agent or self.user_agent,
            connect_timeout=self.connect_timeout_s,
            read_timeout=self.read_timeout_s,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            retries=self.retries,
            time_budget_s=self.time_budget_s,
            max_ratio=self.max_decompression_ratio,
        )
