"""Scoring a backfill of many small segments on several workers: the chunks of work span
segments, so every worker gets some, and each segment's scored output is the same as a
single process writes."""

from __future__ import annotations

import os
import time
from collections import deque
from functools import partial

import polars as pl
import pytest
from event_support import fetched_page
from polars.testing import assert_frame_equal

from dagster_project import warehouse
from dagster_project.eventlog import EventLog, events_frame
from dagster_project.parse import PARSER_VERSION, parallel
from dagster_project.parse.project import update_articles
from dagster_project.partitions import PARSED, SCORED, PartitionStore
from dagster_project.score import SCORER_VERSION, project, score_articles
from dagster_project.score.project import HOLD_CHUNKS, _chunks, _to_score, update_mentions

PAGE = (
    "<html><head><title>{firm} story {n}</title></head><body><article>"
    "<p>{firm} will build a data center in Busan, the company said on day {n}.</p>"
    "<p>Analysts said the {n} MW site would open next year.</p></article></body></html>"
)
KOREAN_PAGE = (
    "<html><head><title>구글 데이터센터 {n}</title></head><body><article>"
    "<p>구글이 부산에 {n}MW 규모의 데이터센터를 짓는다고 회사 측이 밝혔다.</p>"
    "<p>업계에서는 이 시설이 내년에 문을 열 것으로 보고 있다.</p></article></body></html>"
)
FIRMS = ("Oracle", "Google", "Meta", "OpenAI", "Microsoft")
TABLES = ("articles", "mentions", "article_firm_stance", "article_score_status")


def parsed(ids: list[str], langs: list[str | None] | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        {"article_id": ids, "lang": langs or ["en"] * len(ids), "parse_status": ["ok"] * len(ids)},
        schema={"article_id": pl.String, "lang": pl.String, "parse_status": pl.String},
    )


def layout(segments, rows: int, kiwi_first: bool = False):
    """The chunks ``_chunks`` makes: the articles of each piece, with its segment; and the
    number of pieces of each segment."""
    order, total = deque(), {}
    chunks = _chunks(lambda: segments, rows, order, total, kiwi_first)
    pieces = [[(s, p["article_id"].to_list()) for s, p in c.pieces] for c in chunks]
    assert list(order) == [seq for seq, _ in segments]
    return pieces, total


def test_chunks_pack_small_segments_together_and_split_large_ones():
    segments = [
        (1, parsed(["a", "b"], ["en", "ko"])),
        (2, parsed([])),
        (3, parsed(["c", "d", "e", "f", "g"], ["en", "en", None, "en", "en"])),
        (4, parsed(["h", "i"], ["ko", "en"])),
    ]
    # the Korean ones in chunks of their own, sent first at the end; a segment with no
    # article sends one empty piece
    assert layout(segments, rows=3) == (
        [
            [(1, ["a"]), (2, []), (3, ["c", "d"])],
            [(3, ["e", "f", "g"])],
            [(1, ["b"]), (4, ["h"])],
            [(4, ["i"])],
        ],
        {1: 2, 2: 1, 3: 2, 4: 2},
    )
    # with a first pass, the Korean ones lead, when they fit one chunk
    assert layout(segments, rows=3, kiwi_first=True) == (
        [
            [(1, ["b"]), (4, ["h"])],
            [(1, ["a"]), (2, []), (3, ["c", "d"])],
            [(3, ["e", "f", "g"])],
            [(4, ["i"])],
        ],
        {1: 2, 2: 1, 3: 2, 4: 2},
    )
    many = [(1, parsed(["a", "b"], ["ko", "ko"])), (2, parsed(["c", "d"], ["ko", "en"]))]
    assert layout(many, rows=2, kiwi_first=True)[0] == [
        [(1, ["a", "b"])],
        [(2, ["c"])],
        [(2, ["d"])],
    ]


def test_a_chunk_of_the_rarer_language_waits_only_so_long():
    segments = [(1, parsed(["k"], ["ko"]))]
    segments += [(s, parsed([f"e{s}{i}" for i in range(3)])) for s in range(2, 8)]
    chunks, _ = layout(segments, rows=3)
    assert chunks[HOLD_CHUNKS] == [(1, ["k"])]  # after HOLD_CHUNKS chunks of the others
    assert [c[0][0] for c in chunks] == [2, 3, 4, 5, 1, 6, 7]


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
        if s % 2:  # a Korean article in every other segment: chunks of their own
            events.append(fetched_page(f"https://a.example/ko-{s}", KOREAN_PAGE.format(n=s)))
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
            assert stats.rows_in == 243
            assert con.execute("SELECT count(*) FROM articles WHERE lang = 'ko'").fetchone() == (3,)
            tables[workers] = {
                t: warehouse.frame(con, f"SELECT * FROM {t}").sort(pl.all()) for t in TABLES
            }
        if workers == 1:
            assert set(pids) == {os.getpid()}  # one chunk, in this process
        else:
            # 243 articles over six segments: chunks of 100 that span segments (and one of
            # the three Korean ones), scored in both workers, none in this process
            assert len(pids) == 4
            assert len(set(pids)) == 2 and os.getpid() not in pids
    assert parallel._pools == {}  # update_mentions stops the workers when done
    assert tables[1]["mentions"].height > 0
    for table in TABLES:
        assert tables[2][table].equals(tables[1][table]), table
    # each segment's scored output, byte for byte, whoever scored it
    one, two = scored_files(tmp_path / "w1"), scored_files(tmp_path / "w2")
    assert len(one) == 12 and one == two
    # and as the whole segment scored in one batch gives them
    store = PartitionStore(tmp_path / "w2" / "projections")
    key = (SCORER_VERSION, PARSER_VERSION)
    for seg in log.segments():
        articles = _to_score(store.read(PARSED, (PARSER_VERSION,), seg.seq))
        whole = score_articles(articles.select("article_id", "lang", "title", "body"))
        assert_frame_equal(store.read(SCORED, key, seg.seq, "mentions"), whole)
