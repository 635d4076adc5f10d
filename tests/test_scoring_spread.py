"""Scoring a backfill of many small segments on several workers: the chunks of work span
segments, so every worker gets some, and each segment's scored output is the same as a
single process writes."""

from __future__ import annotations

import os
import time
from functools import partial

import polars as pl
import pytest
from event_support import fetched_page

from dagster_project import warehouse
from dagster_project.eventlog import EventLog, events_frame
from dagster_project.parse import parallel
from dagster_project.parse.project import update_articles
from dagster_project.partitions import PartitionStore
from dagster_project.score import project
from dagster_project.score.project import _chunks, _to_score, update_mentions

PAGE = (
    "<html><head><title>{firm} story {n}</title></head><body><article>"
    "<p>{firm} will build a data center in Busan, the company said on day {n}.</p>"
    "<p>Analysts said the {n} MW site would open next year.</p></article></body></html>"
)
FIRMS = ("Oracle", "Google", "Meta", "OpenAI", "Microsoft")
TABLES = ("articles", "mentions", "article_firm_stance", "article_score_status")


def parsed(ids: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"article_id": ids, "parse_status": ["ok"] * len(ids)})


def test_chunks_pack_small_segments_together_and_split_large_ones():
    segments = [
        (1, parsed(["a", "b"])),
        (2, parsed([])),
        (3, parsed(["c", "d", "e", "f", "g"])),
        (4, parsed(["h"])),
    ]
    chunks = [
        [(seq, piece["article_id"].to_list(), last) for seq, piece, last in c.pieces]
        for c in _chunks(segments, rows=3)
    ]
    assert chunks == [
        [(1, ["a", "b"], True), (2, [], True), (3, ["c"], False)],
        [(3, ["d", "e", "f"], False)],
        [(3, ["g"], True), (4, ["h"], True)],
    ]
    # every segment ends with exactly one last piece, in order
    lasts = [seq for c in chunks for seq, _, last in c if last]
    assert lasts == [1, 2, 3, 4]


def test_a_segment_scores_only_the_latest_version_of_each_article_that_parsed_whole():
    rows = pl.DataFrame(
        {
            "article_id": ["b", "a", "b", "c"],
            "parse_status": ["ok", "ok", "failed", "ok"],
        }
    )
    assert _to_score(rows)["article_id"].to_list() == ["a", "c"]


def _in_worker(score, chunk):
    return os.getpid(), score(chunk)


def _ready() -> int:
    time.sleep(1)
    return os.getpid()


def small_segments(tmp_path, segments: int = 6, pages: int = 40) -> EventLog:
    log = EventLog(tmp_path / "events")
    for s in range(segments):
        events = [
            fetched_page(
                f"https://a.example/s{s}-{i}",
                PAGE.format(firm=FIRMS[(s + i) % len(FIRMS)], n=s * 1000 + i),
            )
            for i in range(pages)
        ]
        log.append(events_frame(events, f"r{s}"), f"r{s}")
    return log


def scored_files(root) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "projections" / "scored").rglob("seg-*.parquet"))
    }


@pytest.mark.slow  # spawns two worker processes that load the scorer
def test_small_segments_are_scored_on_every_worker_with_the_tables_of_one(tmp_path, monkeypatch):
    log = small_segments(tmp_path)
    assert len(log.segments()) == 6
    tables = {}
    for workers in (1, 2):
        home = tmp_path / f"w{workers}"
        home.mkdir()
        with warehouse.connect(home / "w.duckdb") as con:
            store = PartitionStore(home / "projections")
            update_articles(con, log, workers=1, store=store)
            pids: list[int] = []
            real = project.score_chunks

            def spying(score, chunks, n=None, pids=pids, real=real):
                for pid, out in real(partial(_in_worker, score), chunks, n):
                    pids.append(pid)
                    yield out

            monkeypatch.setattr(project, "score_chunks", spying)
            if workers == 2:
                # both workers up before scoring starts, so that neither takes every chunk
                pool = parallel._pool(2)
                assert len({f.result() for f in [pool.submit(_ready) for _ in range(2)]}) == 2
            stats = update_mentions(con, workers=workers, store=store)
            assert stats.rows_in == 240
            tables[workers] = {
                t: warehouse.frame(con, f"SELECT * FROM {t}").sort(pl.all()) for t in TABLES
            }
        if workers == 1:
            assert set(pids) == {os.getpid()}  # one chunk, in this process
        else:
            # 240 articles over six segments of 40: chunks of 100 that span segments,
            # scored in both workers, none in this process
            assert len(pids) == 3
            assert len(set(pids)) == 2 and os.getpid() not in pids
    assert parallel._pools == {}  # update_mentions stops the workers when done
    assert tables[1]["mentions"].height > 0
    for table in TABLES:
        assert tables[2][table].equals(tables[1][table]), table
    # each segment's scored output, byte for byte, whoever scored it
    one, two = scored_files(tmp_path / "w1"), scored_files(tmp_path / "w2")
    assert len(one) == 12 and one == two
