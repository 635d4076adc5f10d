"""Parse and score per partition of the log: one Parquet output per segment and code version,
reused when present, computed when missing (by any process), and the DuckDB tables loaded
from them equal to the ones a single process builds."""

from __future__ import annotations

import dagster as dg
import duckdb
import polars as pl
import pytest
from event_support import fetched_page

from dagster_project import warehouse
from dagster_project.eventlog import EventLog, events_frame
from dagster_project.parse import PARSER_VERSION
from dagster_project.parse.project import parse_segment, parsed_partition, update_articles
from dagster_project.partitions import PARSED, SCORED, PartitionStore, beside, default_location
from dagster_project.replay import replay
from dagster_project.score import SCORER_VERSION
from dagster_project.score.project import Scoring, scored_partition, update_mentions
from tests.test_log_object_store import s3_endpoint, s3_log_url  # noqa: F401 - fixtures

PAGE = (
    "<html><head><title>{title}</title></head><body><article>"
    "<p>{firm} will build a data center in Busan, the company said on day {n}.</p>"
    "<p>Analysts said the {n} MW site would open next year.</p></article></body></html>"
)
TABLES = ("articles", "mentions", "article_firm_stance", "article_score_status")


def page(n: int, title: str | None = None, firm: str = "Oracle"):
    html = PAGE.format(title=title or f"{firm} story {n}", firm=firm, n=n)
    return fetched_page(f"https://a.example/story-{n}", html)


def append(log: EventLog, events: list, run: str) -> None:
    log.append(events_frame(events, run), run)


def dump(con) -> dict[str, pl.DataFrame]:
    return {t: warehouse.frame(con, f"SELECT * FROM {t}").sort(pl.all()) for t in TABLES}


def mtimes(root) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("seg-*.parquet")}


@pytest.mark.slow
def test_each_segment_gets_its_own_output_and_an_incremental_run_reuses_them(tmp_path):
    log = EventLog(tmp_path / "events")
    append(log, [page(1), page(2)], "r1")
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        update_articles(con, log)
        store = beside(con, log)
        assert store.url == str(tmp_path / "projections")
        assert store.done(PARSED, (PARSER_VERSION,)) == {1}
        before = mtimes(tmp_path / "projections")
        append(log, [page(3)], "r2")
        stats = update_articles(con, log)
        assert (stats.from_seq, stats.to_seq, stats.rows_in) == (1, 2, 1)
        assert store.done(PARSED, (PARSER_VERSION,)) == {1, 2}
        after = mtimes(tmp_path / "projections")
        # segment 1's output is not rewritten: nothing is parsed twice
        assert {k: after[k] for k in before} == before
        # a rebuild parses every segment afresh from the log
        update_articles(con, log, rebuild=True)
        assert all(mtimes(tmp_path / "projections")[k] != v for k, v in after.items())


def test_an_output_already_written_is_what_the_table_is_loaded_from(tmp_path):
    log = EventLog(tmp_path / "events")
    append(log, [page(1), page(2)], "r1")
    store = PartitionStore(tmp_path / "elsewhere")
    # another process (a worker) wrote segment 1's output; the loader takes it as it is
    rows = parse_segment(log, 1)
    marked = rows.with_columns(title=pl.col("title") + " [from the partition]")
    store.write(PARSED, (PARSER_VERSION,), 1, marked)
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        update_articles(con, log, store=store)
        titles = sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall())
    assert titles == ["Oracle story 1 [from the partition]", "Oracle story 2 [from the partition]"]
    assert not (tmp_path / "projections").exists()  # nothing written beside the database


def test_a_missing_parsed_output_without_the_log_is_a_clear_error(tmp_path):
    store = PartitionStore(tmp_path / "p")
    with pytest.raises(FileNotFoundError, match="no parsed output for log segment 4"):
        parsed_partition(store, None, 4)


def test_the_default_location_follows_the_log_and_the_variable(tmp_path, monkeypatch):
    assert default_location(tmp_path, tmp_path / "events") == str(tmp_path / "projections")
    assert default_location(tmp_path, "s3://b/p/events/") == "s3://b/p/events/_projections"
    monkeypatch.setenv("DCWATCH_PROJECTIONS", "s3://other/x")
    assert default_location(tmp_path, tmp_path / "events") == "s3://other/x"
    with duckdb.connect() as con, pytest.raises(ValueError, match="in-memory"):
        beside(con)


def test_versions_are_safe_path_components(tmp_path):
    store = PartitionStore(tmp_path)
    assert store.name(SCORED, ("rules-1+abc", "1.0+def"), 7, "mentions") == (
        "scored/rules-1_abc/1.0_def/seg-0000000007.mentions.parquet"
    )


@pytest.mark.slow
def test_loaded_tables_equal_a_single_process_run_whoever_computed_the_partitions(tmp_path):
    log = EventLog(tmp_path / "events")
    append(log, [page(1), page(2, firm="Google")], "r1")
    append(log, [page(1, title="Oracle story 1, corrected"), page(3, firm="Meta")], "r2")
    append(log, [page(4, firm="OpenAI")], "r3")
    with warehouse.connect(tmp_path / "one.duckdb") as con:
        replay(con, log)
        alone = dump(con)
    # The partitions computed first, segment by segment, into a shared store; the loader
    # then only reads them.
    shared = PartitionStore(tmp_path / "shared")
    for seg in log.segments():
        scored_partition(shared, log, seg.seq, Scoring())
    written = mtimes(tmp_path / "shared")
    with warehouse.connect(tmp_path / "two.duckdb") as con:
        update_articles(con, log, store=shared)
        stats = update_mentions(con, store=shared)
        assert stats.rows_in == 4  # the first version of story 1 is not loaded
        loaded = dump(con)
        for table in TABLES[:3]:
            assert loaded[table].height > 0 and loaded[table].equals(alone[table]), table
        assert con.execute(
            "SELECT n_versions FROM articles WHERE title LIKE '%corrected'"
        ).fetchone() == (2,)
    assert mtimes(tmp_path / "shared") == written  # reused, not recomputed


@pytest.mark.slow
def test_a_new_scorer_version_rescores_from_the_parsed_outputs_without_parsing(tmp_path):
    log = EventLog(tmp_path / "events")
    append(log, [page(1), page(2, firm="Google")], "r1")
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        update_articles(con, log)
        update_mentions(con)
        parsed = mtimes(tmp_path / "projections" / "parsed")
        store = beside(con, log)

        def candidate(articles: pl.DataFrame) -> pl.DataFrame:
            from dagster_project.score import score_articles

            return score_articles(articles).with_columns(scorer_version=pl.lit("candidate"))

        stats = update_mentions(con, scorer=candidate, version="candidate")
        assert stats.rebuilt and stats.rows_in == 2
        assert mtimes(tmp_path / "projections" / "parsed") == parsed
        assert store.done(SCORED, ("candidate", PARSER_VERSION), "status") == {1}
        assert store.done(SCORED, (SCORER_VERSION, PARSER_VERSION), "status") == {1}
        versions = con.execute("SELECT DISTINCT scorer_version FROM mentions").fetchall()
        assert versions == [("candidate",)]


@pytest.mark.slow
def test_segment_partitions_run_as_dagster_steps_and_the_refresh_loads_them(tmp_path):
    from dagster_project.jobs import new_log_segments
    from dagster_project.parse.defs import LOG_SEGMENTS, parsed_segments
    from dagster_project.replay import run_step
    from dagster_project.resources import DcwatchHome
    from dagster_project.score.defs import scored_segments

    home = DcwatchHome(home=str(tmp_path / "home"))
    log = home.eventlog()
    append(log, [page(1), page(2, firm="Google")], "r1")
    append(log, [page(3, firm="Meta")], "r2")
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, resources={"home": home})
        result = new_log_segments(context)
        assert [r.partition_key for r in result.run_requests] == ["1", "2"]
        instance.add_dynamic_partitions(LOG_SEGMENTS.name, ["1", "2"])
        for key in ("1", "2"):
            run = dg.materialize(
                [parsed_segments, scored_segments],
                partition_key=key,
                instance=instance,
                resources={"home": home},
            )
            assert run.success
            checks = {c.check_name: c.passed for c in run.get_asset_check_evaluations()}
            assert checks == {"segment_parse_rate": True, "segment_scored": True}
        # On its own (the UI gives a check no partition) each check judges every segment's
        # output as written, without parsing or scoring.
        for asset in (parsed_segments, scored_segments):
            alone = dg.materialize(
                [asset],
                instance=instance,
                resources={"home": home},
                selection=dg.AssetSelection.checks(*asset.check_keys),
            )
            assert not alone.get_asset_materialization_events()
            (check,) = alone.get_asset_check_evaluations()
            assert check.passed, check
        instance.add_dynamic_partitions(LOG_SEGMENTS.name, ["1", "2"])
        again = new_log_segments(
            dg.build_sensor_context(instance=instance, resources={"home": home})
        )
        assert again.run_requests == []  # every segment is registered already
    written = mtimes(home.root / "projections")
    assert len(written) == 6  # parsed, mentions and status of each segment
    with home.connect() as con:
        run_step(con, "articles", log)
        run_step(con, "mentions", log)
        stances = dict(con.execute("SELECT firm, stance FROM article_firm_stance").fetchall())
    assert stances == {"oracle": "committed", "google": "committed", "meta": "committed"}
    assert mtimes(home.root / "projections") == written


@pytest.mark.slow
def test_outputs_on_an_object_store_are_written_whole_found_and_read_back(s3_log_url):  # noqa: F811
    pytest.importorskip("moto.server", reason="moto[server] is a test dependency")
    store = PartitionStore(default_location("/nowhere", s3_log_url))
    assert store.url.endswith("/prod/events/_projections")
    rows = pl.DataFrame({"article_id": ["a", "b"], "event_seq": [3, 3]})
    assert not store.exists(PARSED, ("1.0+x",), 3)
    store.write(PARSED, ("1.0+x",), 3, rows)
    store.write(PARSED, ("1.0+x",), 12, rows.head(1))
    assert store.exists(PARSED, ("1.0+x",), 3)
    assert store.done(PARSED, ("1.0+x",)) == {3, 12}
    assert store.read(PARSED, ("1.0+x",), 3).equals(rows)
    # the log's own listing does not mistake the outputs for segments
    assert EventLog(s3_log_url).segments() == []
