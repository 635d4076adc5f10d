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


def test_second_materialize_is_incremental(resources, tmp_path):
    assert dg.materialize(ALL, resources=resources).success
    again = dg.materialize(ALL, resources=resources)
    meta = materializations(again)
    assert meta["raw_events"]["new_events"].value == 0
    assert meta["articles"]["new_versions"].value == 0
    assert meta["mentions"]["rescored_articles"].value == 0
    assert meta["articles"]["dagster/row_count"].value == 2


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
