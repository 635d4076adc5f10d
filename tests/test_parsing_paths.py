"""Two paths through parsing (the cheap pass, the full extraction) and the worker pool
that spreads parsing and scoring over the cores."""

from __future__ import annotations

import importlib
import multiprocessing
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dagster_project.parse import parallel, topic, version
from dagster_project.parse.frame import parse_pages
from dagster_project.parse.page import parse_page, skim_page

DEMO = Path(__file__).resolve().parent.parent / "dagster_project" / "demo" / "outlets"
OFFTOPIC = """<html lang="en"><head><title>Rain expected over the weekend</title>
<meta property="article:published_time" content="2026-03-02T08:00:00Z"></head>
<body><nav>Home World Weather</nav><article><p>{text}</p></article></body></html>"""


def page(text: str) -> bytes:
    return OFFTOPIC.format(text=text).encode()


@pytest.mark.parametrize(
    "text",
    [
        "Google said it would open an office in Seoul.",
        "오픈AI가 서울에 사무소를 연다.",
        "A new hyperscale DATA CENTER is planned near the port.",
        "정부는 데이터 센터 입지를 발표했다.",
    ],
)
def test_a_page_naming_a_tracked_firm_or_a_data_center_is_parsed_whole(text):
    raw = page(" ".join([text] * 4))
    row = skim_page(raw, "https://news.example/a")
    assert row == parse_page(raw, "https://news.example/a")
    assert row["parse_status"] == "ok" and row["body"]


def test_an_offtopic_page_keeps_its_head_and_no_body():
    text = "Heavy rain is expected across the southern provinces on Saturday and Sunday. " * 3
    row = skim_page(page(text), "https://news.example/rain")
    assert row["parse_status"] == "skipped_offtopic"
    assert row["body"] is None and row["lang"] == "en"
    assert row["title"] == "Rain expected over the weekend"
    assert row["published_at"] == datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert row["date_source"] == "meta"


def test_the_firm_test_is_the_scorers_case_sensitive_superset():
    # "apple" in lower case is a fruit to the registry's prefilter, "Apple" a firm
    assert not topic.on_topic("Fruit prices", "an apple a day")
    assert topic.on_topic("Fruit prices", "Apple shares rose")
    assert topic.on_topic("AWS outage", None)


def test_bad_pages_take_the_same_path_either_way():
    for raw in (b"", b"\x89PNG\r\n\x1a\n" + bytes(200)):
        assert skim_page(raw, "https://a.example/x") == parse_page(raw, "https://a.example/x")


@pytest.mark.slow
def test_every_demo_page_is_parsed_as_the_full_path_parses_it():
    """The demo corpus is all about data centers: the cheap pass must change nothing."""
    paths = sorted(DEMO.glob("*/articles/*/*/*.html"))
    assert len(paths) == 172
    for path in paths:
        raw = path.read_bytes()
        assert skim_page(raw, "https://x.example/a") == parse_page(raw, "https://x.example/a")


def test_the_full_parse_switch_is_part_of_the_parser_version(monkeypatch):
    monkeypatch.setenv(version.FULL_PARSE_ENV, "1")
    full = importlib.reload(version).PARSER_VERSION
    monkeypatch.setenv(version.FULL_PARSE_ENV, "0")
    cheap = importlib.reload(version).PARSER_VERSION
    assert full == cheap + "+full"
    frame = pl.DataFrame(
        {
            "version_id": ["v"],
            "url": ["https://a.example/r"],
            "source": ["s"],
            "raw": [page("Rain all weekend, the forecasters say, and more of it on Monday.")],
            "fetched_at": [datetime(2026, 3, 2, tzinfo=UTC)],
        }
    )
    assert parse_pages(frame)["parse_status"].to_list() == ["skipped_offtopic"]
    monkeypatch.setenv(version.FULL_PARSE_ENV, "1")
    assert parse_pages(frame)["parse_status"].to_list() == ["ok"]


def test_workers_default_to_the_cores_and_follow_the_variable(monkeypatch):
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    assert parallel.worker_count(None) >= 1
    assert parallel.worker_count(3) == 3
    monkeypatch.setenv(parallel.WORKERS_ENV, "5")
    assert parallel.worker_count(0) == 5
    monkeypatch.setenv(parallel.WORKERS_ENV, "many")
    with pytest.raises(ValueError, match="DCWATCH_WORKERS='many' is not a whole number"):
        parallel.worker_count(None)


def test_a_single_batch_never_starts_a_pool():
    parallel.close_pools()
    assert list(parallel.process_map(len, [[1, 2, 3]], workers=4)) == [3]
    assert parallel._pools == {}


def _spread_in_a_daemon(out) -> None:
    batches = [[1], [1, 2], [1, 2, 3], [1, 2, 3, 4]]
    try:
        lengths = list(parallel.process_map(len, batches, 4))
    except Exception as error:  # reported, so the test fails at once with the cause
        lengths = repr(error)
    out.put((parallel.worker_count(4), lengths, sorted(parallel._pools)))


@pytest.mark.slow  # a spawned process imports polars and the parser
def test_a_daemonic_process_such_as_a_celery_worker_does_the_work_itself():
    # Python refuses children to a daemonic process: a pool there fails the step.
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    daemon = context.Process(target=_spread_in_a_daemon, args=(out,), daemon=True)
    daemon.start()
    workers, lengths, pools = out.get(timeout=120)
    daemon.join(30)
    assert daemon.exitcode == 0
    assert (workers, lengths, pools) == (1, [1, 2, 3, 4], [])


@pytest.mark.slow
def test_scoring_on_two_workers_gives_the_in_process_rows():
    from dagster_project.score import score_articles
    from dagster_project.score.parallel import score_chunks
    from dagster_project.score.project import _score_chunk

    pages = sorted(DEMO.glob("meridian-wire/articles/2025/*/*.html"))[:12]
    rows = [parse_page(p.read_bytes(), f"https://x.example/{i}") for i, p in enumerate(pages)]
    articles = pl.DataFrame(
        {
            "article_id": [f"a{i:02d}" for i in range(len(rows))],
            "lang": [r["lang"] for r in rows],
            "title": [r["title"] for r in rows],
            "body": [r["body"] for r in rows],
            "parse_status": [r["parse_status"] for r in rows],
            "event_seq": list(range(len(rows))),
        }
    )
    chunks = [articles.slice(i, 4) for i in range(0, articles.height, 4)]
    score = partial(_score_chunk, scorer=score_articles)
    serial = list(score_chunks(score, chunks, workers=1))
    spread = list(score_chunks(score, chunks, workers=2))
    parallel.close_pools()
    assert sum(m.height for _, m, _ in serial) > 0
    for (ok_a, m_a, f_a), (ok_b, m_b, f_b) in zip(serial, spread, strict=True):
        assert_frame_equal(ok_a, ok_b)
        assert_frame_equal(m_a, m_b)
        assert f_a == f_b == {}
