"""The projection steps, in the order the data flows, and the one replay built from them.

The Dagster assets (``articles``, ``stance_scores``, ``stories``, ``firm_trends``) each run
one step; the ``replay`` job runs them all with ``rebuild``; :func:`replay` runs the same
steps in process for the CLI's tests and the benchmark. So there is one definition of what
a rebuild does.
"""

from __future__ import annotations

import duckdb

from dagster_project.checkpoints import ProjectionStats
from dagster_project.eventlog import EventLog
from dagster_project.marts.project import update_marts
from dagster_project.parse.project import update_articles
from dagster_project.parse.stories import update_stories
from dagster_project.partitions import PartitionStore
from dagster_project.score.project import update_mentions

STEPS = ("articles", "mentions", "stories", "marts")


def run_step(
    con: duckdb.DuckDBPyConnection,
    step: str,
    log: EventLog | None = None,
    *,
    rebuild: bool = False,
    workers: int = 1,
    store: PartitionStore | None = None,
) -> ProjectionStats:
    """Bring one projection up to date; with ``rebuild``, replace it with one read of the
    whole log, committed at once.

    Parse and score go through the per-segment outputs in ``store`` (default: beside the
    DuckDB file, or beside the log on an object store): an output already written for the
    current code version is reused, a missing one computed; ``rebuild`` computes every one
    afresh from the log. Stories and marts are kept incrementally; ``rebuild`` regroups and
    re-aggregates everything (each in one transaction).
    """
    # A rebuild replaces a projection in one transaction: if it fails or is killed, the
    # previous rows still answer. stance_history is kept: it is how two scorer versions
    # are compared.
    if step == "articles":
        if log is None:
            raise ValueError("the articles step reads the event log: pass log=")
        return update_articles(con, log, workers, rebuild=rebuild, store=store)
    if step == "mentions":
        return update_mentions(con, rebuild=rebuild, store=store, log=log)
    if step == "stories":
        return update_stories(con, rebuild=rebuild)
    if step == "marts":
        return update_marts(con, rebuild=rebuild)
    raise ValueError(f"unknown projection step {step!r}; the steps are {', '.join(STEPS)}")


def replay(
    con: duckdb.DuckDBPyConnection,
    log: EventLog,
    workers: int = 1,
    store: PartitionStore | None = None,
) -> list[ProjectionStats]:
    """Rebuild every projection and mart from the log, from the first segment."""
    return [run_step(con, step, log, rebuild=True, workers=workers, store=store) for step in STEPS]
