"""The log on an object store: a real S3-compatible server on 127.0.0.1 (moto's, run one
request at a time by deploy/s3server.py, as S3 decides a conditional write), segments
published with conditional writes, the ingest index and archive imports there too, and a
whole demo run that gives the tables a local log gives."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from multiprocessing import get_context

import polars as pl
import pytest

from dagster_project.eventlog import Event, EventLog, events_frame, now_utc
from tests.conftest import REPO

# Slow tier: a real server process per module.
pytestmark = pytest.mark.slow
pytest.importorskip("moto.server", reason="moto[server] is a test dependency")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "deploy" / "s3server.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto's S3 server did not answer within 30 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


_BUCKETS = iter(range(10**6))


@pytest.fixture
def s3_log_url(s3_endpoint, monkeypatch) -> str:
    """A fresh bucket on the server, with the standard AWS variables pointing at it."""
    for key, value in {
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    bucket = f"dcwatch-{next(_BUCKETS)}"
    urllib.request.urlopen(urllib.request.Request(f"{s3_endpoint}/{bucket}", method="PUT"))
    return f"s3://{bucket}/prod/events"


def fetched(url: str, body: bytes) -> Event:
    return Event("ArticleFetched", url, "src", url, now_utc(), status=200, body=body)


def test_two_writers_racing_for_one_sequence_number_exactly_one_wins(s3_log_url):
    from obstore.exceptions import AlreadyExistsError

    log = EventLog(s3_log_url)
    store = log.store._store  # the conditional PUT itself, as both writers send it
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def writer(i: int) -> None:
        start.wait()
        try:
            store.put("seg-0000000001.parquet", f"writer {i}".encode(), mode="create")
            outcomes.append(f"won {i}")
        except AlreadyExistsError:
            outcomes.append("refused")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [o for o in outcomes if o.startswith("won")]
    assert len(won) == 1 and outcomes.count("refused") == 7
    kept = bytes(store.get("seg-0000000001.parquet").bytes())
    assert kept == won[0].replace("won", "writer").encode()


def _append_many(url: str, tag: str, n: int) -> None:
    log = EventLog(url)
    for i in range(n):
        log.append(events_frame([fetched(f"https://x.example/{tag}/{i}", tag.encode())], tag))


def test_concurrent_writers_get_gapless_distinct_segments_on_s3(s3_log_url):
    ctx = get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(s3_log_url, t, 5)) for t in "abc"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    log = EventLog(s3_log_url)
    assert [s.seq for s in log.segments()] == list(range(1, 16))
    assert log.read().height == 15 and log.verify() == []


def test_reads_checkpoints_quarantine_and_derived_files_on_s3(s3_log_url):
    log = EventLog(s3_log_url)
    for i in range(3):
        log.append(events_frame([fetched(f"https://x.example/{i}", b"x%d" % i)], f"r{i}"))
    assert log.read(after=1)["seq"].to_list() == [2, 3]
    assert [f.height for f in log.iter_segments(event_types=["ArticleFetched"])] == [1, 1, 1]
    assert log.append(events_frame([fetched("https://x.example/0", b"x0")], "again")) is None
    assert str(log.segments()[0].path) == f"{s3_log_url}/seg-0000000001.parquet"
    log.quarantine(2, "test")
    assert [s.seq for s in log.segments()] == [1, 3] and log.quarantined()[0]["seq"] == 2
    log.write_derived("_index/seen-0000000003.arrow", b"one")
    log.write_derived("_index/seen-0000000003.arrow", b"two")
    assert log.derived("_index") == ["_index/seen-0000000003.arrow"]
    assert log.read_derived("_index/seen-0000000003.arrow") == b"two"


def test_a_corrupt_object_is_named_by_its_url(s3_log_url):
    from dagster_project.eventlog import CorruptSegment

    log = EventLog(s3_log_url)
    log.append(events_frame([fetched("https://x.example/1", os.urandom(3000))], "r"))
    data = bytearray(log.store.get("seg-0000000001.parquet"))
    data[len(data) // 2] ^= 0xFF
    log.store.replace("seg-0000000001.parquet", bytes(data))
    with pytest.raises(CorruptSegment, match=f"{s3_log_url}/seg-0000000001.parquet is corrupt"):
        EventLog(s3_log_url).read()


def test_ingest_index_and_archive_imports_on_s3(s3_log_url, tmp_path):
    from dagster_project.ingest.config import load_sources
    from dagster_project.ingest.history import latest_seen
    from dagster_project.ingest.http.client import HttpClient
    from dagster_project.ingest.warc_import import import_warc
    from tests.test_archive_backfill import page
    from tests.test_sources_kinds import make_warc

    make_warc(
        tmp_path / "a.warc.gz", [page(1, "2024-05-02T09:00:00Z"), page(2, "2024-05-03T09:00:00Z")]
    )
    (tmp_path / "sources.yaml").write_text("sources:\n  - {name: cc, kind: warc, url: a.warc.gz}\n")
    [source] = load_sources(tmp_path / "sources.yaml").sources
    log = EventLog(s3_log_url)
    imported = import_warc(source, log, HttpClient(), "imp", progress=False)
    assert imported.pages == 2 and imported.new_events == 2
    again = import_warc(source, EventLog(s3_log_url), HttpClient(), "imp2", progress=False)
    assert again.new_events == 0  # dedup against the ids already in the bucket
    _, last_fetch = latest_seen(log)
    assert set(last_fetch) == {"https://news.example/1", "https://news.example/2"}
    assert log.derived("_index") == ["_index/seen-0000000001.arrow"]


def dcwatch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dagster_project", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_a_demo_run_with_the_log_on_s3_gives_the_tables_of_a_local_log(s3_log_url, tmp_path):
    import duckdb

    from dagster_project.warehouse import frame

    base = {k: v for k, v in os.environ.items() if k not in ("DCWATCH_SOURCES", "DAGSTER_HOME")}
    local = dcwatch({**base, "DCWATCH_HOME": str(tmp_path / "local")}, "run")
    assert local.returncode == 0, local.stderr[-3000:]
    remote_env = {**base, "DCWATCH_HOME": str(tmp_path / "s3"), "DCWATCH_LOG": s3_log_url}
    remote = dcwatch(remote_env, "run")
    assert remote.returncode == 0, remote.stderr[-3000:]
    assert not (tmp_path / "s3" / "events").exists()  # the log is only in the bucket
    log = EventLog(s3_log_url)
    # the same segments as the local run (an ingest pass flushes every flush_pages pages)
    local_log = EventLog(tmp_path / "local" / "events")
    assert log.last_seq() == local_log.last_seq() >= 1 and log.derived("_index")

    def dump(home) -> dict[str, pl.DataFrame]:
        # fetched_at is each run's own fetch time; every other column must agree
        queries = {
            "articles": "SELECT * EXCLUDE (fetched_at) FROM articles",
            **{t: f"SELECT * FROM {t}" for t in ("stories", "mentions", "article_firm_stance")},
            "firm_weekly": "SELECT * FROM firm_weekly",
        }
        with duckdb.connect(str(home / "dcwatch.duckdb"), read_only=True) as con:
            return {t: frame(con, q).sort(pl.all()) for t, q in queries.items()}

    mine, theirs = dump(tmp_path / "local"), dump(tmp_path / "s3")
    for table, rows in mine.items():
        assert rows.height > 0
        assert rows.equals(theirs[table]), table
