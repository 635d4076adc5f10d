"""Re-scoring from history: a new scorer version rebuilds the projection without refetching,
keeps the old verdicts, and the scorer_diff query compares the two over the same articles."""

from __future__ import annotations

import polars as pl
import pytest

from dagster_project import warehouse
from dagster_project.eventlog import Event, EventLog, events_frame, now_utc
from dagster_project.marts.queries import run_query
from dagster_project.parse.project import update_articles
from dagster_project.score import SCORER_VERSION, score_articles
from dagster_project.score.project import update_mentions

PAGES = {
    "https://a.example/1": "<p>오픈AI는 국내 데이터센터 건립을 검토하고 있다.</p>",
    "https://a.example/2": "<p>구글은 한국에 데이터센터를 세울 계획이 없다고 밝혔다.</p>",
    "https://a.example/3": "<p>Microsoft already operates two data centers in Seoul.</p>",
}
CANDIDATE = "rules-candidate"


def candidate_scorer(articles: pl.DataFrame) -> pl.DataFrame:
    """A stricter candidate rule set: reports of weighing a site count as commitments."""
    rows = score_articles(articles)
    return rows.with_columns(
        stance=pl.when(pl.col("stance") == "considering")
        .then(pl.lit("committed"))
        .otherwise(pl.col("stance")),
        score=pl.when(pl.col("stance") == "considering").then(1.0).otherwise(pl.col("score")),
        scorer_version=pl.lit(CANDIDATE),
    )


@pytest.fixture
def scored(tmp_path):
    log = EventLog(tmp_path / "events")
    html = "<html><head><title>t{}</title></head><body><article>{}</article></body></html>"
    events = [
        Event(
            "ArticleFetched",
            url,
            "s",
            url,
            now_utc(),
            final_url=url,
            status=200,
            content_type="text/html; charset=utf-8",
            body=html.format(i, body).encode(),
        )
        for i, (url, body) in enumerate(PAGES.items())
    ]
    log.append(events_frame(events, "r1"), "r1")
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        update_articles(con, log)
        update_mentions(con)
        yield con, log


def stances(con) -> dict[str, str]:
    return dict(con.execute("SELECT firm, stance FROM article_firm_stance").fetchall())


@pytest.mark.slow
def test_new_scorer_version_rebuilds_and_the_diff_query_shows_what_changed(scored):
    con, log = scored
    assert stances(con) == {"openai": "considering", "google": "declined", "microsoft": "operating"}
    segments = log.segments()
    stats = update_mentions(con, scorer=candidate_scorer, version=CANDIDATE)
    assert stats.rebuilt and stats.rows_in == 3  # every article re-scored from the projection
    assert log.segments() == segments  # nothing fetched, nothing appended
    assert stances(con)["openai"] == "committed"
    versions = [
        r[0]
        for r in con.execute(
            "SELECT scorer_version FROM scorer_versions ORDER BY first_used_at"
        ).fetchall()
    ]
    assert versions == [SCORER_VERSION, CANDIDATE]
    diff = run_query(con, "scorer_diff")
    assert diff.select("firm", "old_stance", "new_stance").rows() == [
        ("openai", "considering", "committed")
    ]
    assert "검토" in diff["evidence"][0]
    # Explicit versions, reversed, show the change the other way round.
    back = run_query(con, "scorer_diff", old=CANDIDATE, new=SCORER_VERSION)
    assert back.select("old_stance", "new_stance").rows() == [("committed", "considering")]
    assert run_query(con, "scorer_diff", firms="google").height == 0


@pytest.mark.slow
def test_same_version_again_changes_nothing(scored):
    con, _ = scored
    before = stances(con)
    stats = update_mentions(con)
    assert not stats.rebuilt and stats.rows_in == 0
    assert stances(con) == before
    assert con.execute("SELECT count(*) FROM scorer_versions").fetchone()[0] == 1
