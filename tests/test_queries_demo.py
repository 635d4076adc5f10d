"""The real pipeline once on the bundled demo corpus: the analyst's outputs agree with the rows."""

from __future__ import annotations

import dagster as dg
import duckdb
import polars as pl
import pytest

from dagster_project import warehouse
from dagster_project.definitions import defs
from dagster_project.ingest.config import default_sources_path
from dagster_project.marts.queries import run_query
from dagster_project.resources import DcwatchHome, HttpFetcher, SourcesResource

# Slow tier: passes over the whole demo corpus (./bin/test -m "not slow" skips).

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not default_sources_path().exists(), reason="no demo corpus"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "home"
    resources = {
        "home": DcwatchHome(home=str(root)),
        "sources": SourcesResource(path=str(default_sources_path())),
        "http": HttpFetcher(),
    }
    # everything the refresh job runs (archive_imports runs per file, in its own job)
    refresh = defs.resolve_job_def("refresh").asset_layer.executable_asset_keys
    assets = [a for a in defs.assets if set(a.keys) <= refresh]
    result = dg.materialize(assets, resources=resources)
    return root, result


def test_google_vs_openai_weeks_equal_direct_counts(demo):
    root, result = demo
    assert result.success
    with warehouse.connect(root / "dcwatch.duckdb", read_only=True) as con:
        gvo = run_query(con, "google_vs_openai")
        direct = warehouse.frame(
            con,
            """
            SELECT date_trunc('week', a.published_day)::DATE AS period, s.firm,
                   count(*)::INTEGER AS articles, sum(s.n_mentions)::INTEGER AS mentions,
                   count(*) FILTER (WHERE s.stance = 'declined')::INTEGER AS declined,
                   count(*) FILTER (WHERE s.stance = 'committed')::INTEGER AS committed
            FROM article_firm_stance s JOIN articles a USING (article_id)
            WHERE s.firm IN ('google', 'openai') AND a.published_day IS NOT NULL
            GROUP BY ALL""",
        )
    assert direct["articles"].sum() > 20  # the demo covers both firms for a year
    got = gvo.filter(pl.col("articles") > 0).select(direct.columns).sort("period", "firm")
    assert got.equals(direct.sort("period", "firm"))
    # Zero-filled weeks in between, for both firms.
    weeks = (direct["period"].max() - direct["period"].min()).days // 7 + 1
    assert gvo.height == 2 * weeks


def test_a_run_leaves_charts_alerts_and_the_read_copy(demo):
    root, result = demo
    materializations = [
        e.event_specific_data.materialization for e in result.get_asset_materialization_events()
    ]
    mats = {m.asset_key.to_user_string(): m.metadata for m in materializations}
    summary = mats["trend_charts"]["summary"].value
    for name in ("google-vs-openai", "share-of-voice"):
        for ext in ("png", "html"):
            path = root / "charts" / f"{name}.{ext}"
            assert path.stat().st_size > 10_000 and str(path) in summary
    copy = root / warehouse.READ_COPY_FILE
    con = duckdb.connect(str(copy), read_only=True)
    try:
        n_alerts = con.execute("SELECT count(*) FROM alerts").fetchone()[0]
        weekly = con.execute("SELECT sum(articles) FROM firm_weekly").fetchone()[0]
    finally:
        con.close()
    assert n_alerts == mats["alerts"]["new_alerts"].value > 0
    check = next(c for c in result.get_asset_check_evaluations() if c.check_name == "no_new_alerts")
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    with warehouse.connect(root / "dcwatch.duckdb", read_only=True) as main:
        assert main.execute("SELECT sum(articles) FROM firm_weekly").fetchone()[0] == weekly


def test_every_mart_query_equals_its_raw_row_reference_on_the_demo(demo):
    from test_marts_incremental import assert_queries_match_reference

    root, _ = demo
    options = {
        "period": ["week", "month"],
        "firms": [None, "google,openai", "microsoft,amazon"],
        "location": [None, "KR"],
        "since": [None, "2026-04-15"],
        "until": [None, "2026-06-03"],
    }
    with warehouse.connect(root / "dcwatch.duckdb", read_only=True) as con:
        assert assert_queries_match_reference(con, options) > 40


def test_incremental_stories_and_marts_equal_a_replay_of_the_demo(demo, tmp_path):
    import shutil

    from test_marts_incremental import mart_tables
    from test_stories_incremental import expected, stories

    from dagster_project.replay import run_step

    root, _ = demo
    copy = tmp_path / "replayed.duckdb"
    shutil.copy(root / "dcwatch.duckdb", copy)
    with warehouse.connect(copy) as con:
        before, marts = stories(con), mart_tables(con)
        assert before["is_copy"].sum() > 0  # the demo has wire copies to group
        assert before.equals(expected(con))  # the whole-table grouping
        for step in ("stories", "marts"):
            assert run_step(con, step, rebuild=True).rebuilt
        assert stories(con).equals(before)
        assert all(marts[t].equals(rows) for t, rows in mart_tables(con).items())
