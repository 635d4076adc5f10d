"""dg.materialize of the real assets against a local feed and a DuckDB file in tmp_path."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.ingest.defs.assets import raw_events
from dagster_project.marts.defs.assets import firm_trends
from dagster_project.parse.defs import articles, stories
from dagster_project.resources import DcwatchHome, HttpFetcher, SourcesResource
from dagster_project.score.defs import stance_scores

# Slow tier: real Dagster runs, servers or whole-corpus passes (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "materialize"
KO_PAGE = (FIXTURES / "ko1.html").read_bytes()  # OpenAI considering, Google no plans
EN_PAGE = (FIXTURES / "en1.html").read_bytes()  # Microsoft operating in Seoul and Busan


def rss(base: str) -> str:
    items = "".join(
        f"<item><title>{t}</title><link>{base}/{p}</link><guid>{p}</guid>"
        f"<pubDate>Tue, 03 Feb 2026 01:00:00 GMT</pubDate></item>"
        for p, t in (("ko1", "오픈AI"), ("en1", "Microsoft"))
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )


@pytest.fixture
def resources(httpserver, tmp_path):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/rss.xml").respond_with_data(
        rss(base), content_type="application/rss+xml"
    )
    httpserver.expect_request("/ko1").respond_with_data(
        KO_PAGE, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/en1").respond_with_data(EN_PAGE, content_type="text/html")
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "allow_private_hosts: true\nsources:\n"
        f"  - {{name: test-daily, kind: rss, url: '{base}/rss.xml'}}\n"
    )
    return {
        "home": DcwatchHome(home=str(tmp_path / "home")),
        "sources": SourcesResource(path=str(sources)),
        "http": HttpFetcher(),
    }


ALL = [raw_events, articles, stories, stance_scores, firm_trends]


def materializations(result) -> dict:
    """Asset name → metadata of its materialization in a run."""
    mats = [
        e.event_specific_data.materialization for e in result.get_asset_materialization_events()
    ]
    return {m.asset_key.to_user_string(): m.metadata for m in mats}


def test_materialize_all_assets_on_tmp_paths(resources, tmp_path):
    result = dg.materialize(ALL, resources=resources)
    assert result.success
    checks = result.get_asset_check_evaluations()
    expected = {ck.name for a in ALL for ck in a.check_specs}
    assert {c.check_name for c in checks} == expected
    assert all(c.passed for c in checks), [(c.check_name, c.passed) for c in checks]
    mats = materializations(result)
    assert mats["articles"]["dagster/row_count"].value == 2
    assert "오픈AI" in mats["articles"]["preview"].value

    con = duckdb.connect(str(tmp_path / "home" / "dcwatch.duckdb"), read_only=True)
    stances = dict(con.execute("SELECT firm, stance FROM article_firm_stance").fetchall())
    assert stances == {"openai": "considering", "google": "declined", "microsoft": "operating"}
    titles = sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall())
    assert titles[0].startswith("Korean banks move") and "오픈AI" in titles[1]
    body = con.execute("SELECT body FROM articles WHERE lang = 'ko'").fetchone()[0]
    assert "많이 본 기사" not in body and "메타" not in body
    daily = con.execute(
        "SELECT day::VARCHAR, firm, articles FROM firm_daily ORDER BY day, firm"
    ).fetchall()
    assert daily == [
        ("2026-02-03", "google", 1),
        ("2026-02-03", "openai", 1),
        ("2026-02-10", "microsoft", 1),
    ]
    con.close()


def tables(path: Path) -> dict[str, list]:
    """Every row of the tables a refresh writes, sorted, to compare two states."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            t: sorted(map(str, con.execute(f"SELECT * FROM {t}").fetchall()))
            for t in ("articles", "stories", "mentions", "article_firm_stance", "firm_daily")
        }


def test_second_materialize_with_nothing_new_skips_every_step_past_ingest(resources, tmp_path):
    assert dg.materialize(ALL, resources=resources).success
    db = tmp_path / "home" / "dcwatch.duckdb"
    before = tables(db)
    again = dg.materialize(ALL, resources=resources)
    assert again.success
    meta = materializations(again)
    assert meta["raw_events"]["new_events"].value == 0
    # articles found nothing to do anywhere, so it materialized nothing and the rest waited
    assert set(meta) == {"raw_events"}
    skipped = {e.step_key for e in again.all_events if e.event_type_value == "STEP_SKIPPED"}
    assert skipped == {"stance_scores", "stories", "firm_trends"}
    assert tables(db) == before

    # A file drawn from the marts gone missing is work again: made anew, nothing else redone.
    (tmp_path / "home" / "report.html").unlink()
    third = dg.materialize(ALL, resources=resources)
    meta = materializations(third)
    assert meta["articles"]["new_versions"].value == 0
    assert meta["mentions"]["rescored_articles"].value == 0
    assert "analyst_report" in meta and "trend_charts" not in meta
    assert (tmp_path / "home" / "report.html").is_file()
    assert tables(db) == before


def check_keys() -> list[dg.AssetCheckKey]:
    return sorted((ck for a in ALL for ck in a.check_keys), key=lambda k: k.to_user_string())


def test_every_check_runs_on_its_own(resources, tmp_path):
    assert dg.materialize(ALL, resources=resources).success
    for key in check_keys():
        alone = dg.materialize(ALL, resources=resources, selection=dg.AssetSelection.checks(key))
        assert alone.success, key
        assert not alone.get_asset_materialization_events(), key
        evaluations = alone.get_asset_check_evaluations()
        assert [(e.asset_key, e.check_name) for e in evaluations] == [(key.asset_key, key.name)]
        assert evaluations[0].passed, (key, evaluations[0].metadata)


def test_a_check_run_on_its_own_judges_what_is_stored_now(resources, tmp_path):
    assert dg.materialize(ALL, resources=resources).success
    with duckdb.connect(str(tmp_path / "home" / "dcwatch.duckdb")) as con:
        con.execute("INSERT INTO article_firm_stance SELECT * FROM article_firm_stance LIMIT 1")
    (tmp_path / "home" / "dcwatch-read.duckdb").unlink()
    for asset, name in (
        ("article_firm_stance", "one_row_per_article_firm"),
        ("published_copy", "copy_matches_warehouse"),
    ):
        key = dg.AssetCheckKey(dg.AssetKey(asset), name)
        alone = dg.materialize(ALL, resources=resources, selection=dg.AssetSelection.checks(key))
        (evaluation,) = alone.get_asset_check_evaluations()
        assert not evaluation.passed, name


def test_rebuild_config_replays_from_the_log(resources, tmp_path):
    assert dg.materialize(ALL, resources=resources).success
    rebuilt = dg.materialize(
        [articles, stories, stance_scores, firm_trends],
        resources=resources,
        run_config={
            "ops": {
                "articles": {"config": {"rebuild": True}},
                "stance_scores": {"config": {"rebuild": True}},
            }
        },
        selection=[
            "articles",
            "stories",
            "mentions",
            "article_firm_stance",
            "firm_daily",
            "firm_weekly",
        ],
    )
    assert rebuilt.success
    meta = materializations(rebuilt)
    assert meta["articles"]["new_versions"].value == 2
    assert meta["mentions"]["rescored_articles"].value == 2


def test_malformed_sources_file_fails_the_run_with_its_message(resources, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - {name: x, kind: telepathy, url: y}\n")
    resources["sources"] = SourcesResource(path=str(bad))
    result = dg.materialize([raw_events], resources=resources, raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "unknown kind 'telepathy'" in failure.event_specific_data.error.message
