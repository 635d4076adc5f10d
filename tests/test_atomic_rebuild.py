"""A rebuild replaces a projection in one transaction: a replay that fails on a corrupt
segment, a rebuild whose scorer fails, or a replay killed mid-way leaves the previous
tables answering queries."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import duckdb
import polars as pl
import pytest
from event_support import fetched_page

from dagster_project import warehouse
from dagster_project.checkpoints import get_state
from dagster_project.eventlog import Event, EventLog, events_frame
from dagster_project.replay import replay
from dagster_project.score.project import update_mentions
from tests.conftest import REPO

PAGE = (
    "<html><head><title>{firm} story {n}</title></head><body><article>"
    "<p>{firm} will build a data center in Busan, the company said on day {n}.</p>"
    "<p>Analysts said the {n} MW site would open next year. Microsoft operates one in Seoul.</p>"
    "</article></body></html>"
)
TABLES = ("articles", "mentions", "article_firm_stance", "stories", "firm_daily")
FIRMS = ("Oracle", "Google", "OpenAI", "Meta")


def fetched(n: int) -> Event:
    return fetched_page(
        f"https://a.example/story-{n}", PAGE.format(firm=FIRMS[n % len(FIRMS)], n=n)
    )


def build(root, segments: int, per_segment: int) -> EventLog:
    log = EventLog(root / "events")
    for s in range(segments):
        events = [fetched(s * per_segment + i) for i in range(per_segment)]
        log.append(events_frame(events, f"r{s}"), f"r{s}")
    return log


def snapshot(con) -> dict:
    counts = {t: warehouse.table_count(con, t) for t in TABLES}
    stances = con.execute(
        "SELECT firm, stance, count(*) FROM article_firm_stance GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    state = {p: get_state(con, p) for p in ("articles", "mentions")}
    return {"counts": counts, "stances": stances, "state": state}


def corrupt_bodies(path) -> None:
    """64 random bytes over the header of the body column's first page, mid-file (where
    zstd alone might decode garbage without noticing, a page header cannot be misread)."""
    with duckdb.connect() as con:
        (offset,) = con.execute(
            "SELECT data_page_offset FROM parquet_metadata(?) WHERE path_in_schema = 'body'",
            [str(path)],
        ).fetchone()
    data = bytearray(path.read_bytes())
    assert len(data) * 0.2 < offset < len(data) * 0.8  # the middle of the file
    data[offset : offset + 64] = random.Random(7).randbytes(64)
    path.write_bytes(bytes(data))


@pytest.mark.slow
def test_a_replay_failing_on_a_corrupt_segment_leaves_the_old_tables(tmp_path):
    log = build(tmp_path, 3, 20)
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        replay(con, log)
        before = snapshot(con)
        assert before["counts"]["articles"] == 60 and before["counts"]["article_firm_stance"]
        corrupt_bodies(log.segments()[1].path)
        with pytest.raises(Exception):  # noqa: B017 - whatever the Parquet reader raises
            replay(con, log)
        assert snapshot(con) == before
    # and in a fresh process, the tables answer the same
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        assert snapshot(con) == before


@pytest.mark.slow
def test_a_new_scorer_version_that_fails_leaves_the_old_verdicts(tmp_path):
    log = build(tmp_path, 1, 4)
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        replay(con, log)
        before = snapshot(con)

        def broken(articles: pl.DataFrame) -> pl.DataFrame:
            raise RuntimeError("candidate rules do not load")

        with pytest.raises(RuntimeError, match="candidate rules do not load"):
            update_mentions(con, scorer=broken, version="candidate")
        assert snapshot(con) == before


CHILD = """
import sys
from dagster_project import warehouse
from dagster_project.eventlog import EventLog
from dagster_project.replay import replay
with warehouse.connect(sys.argv[1]) as con:
    print("replaying", flush=True)
    replay(con, EventLog(sys.argv[2]))
print("done", flush=True)
"""


@pytest.mark.slow
def test_a_replay_killed_mid_way_leaves_the_old_tables(tmp_path):
    log = build(tmp_path, 4, 150)
    db = tmp_path / "w.duckdb"
    with warehouse.connect(db) as con:
        replay(con, log)
        before = snapshot(con)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(log.root)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "replaying"
        time.sleep(1.0)  # well inside the rebuild of articles (600 pages)
        assert child.poll() is None, "the replay ended before it could be killed"
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    with warehouse.connect(db) as con:
        assert snapshot(con) == before
