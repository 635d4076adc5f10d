"""One bad page never stops scoring: an over-long page is scored on its first part and
marked, an article the scorer raises on is recorded and skipped, the others go on."""

from __future__ import annotations

import dagster as dg
import polars as pl
import pytest
from event_support import fetched_page

from dagster_project.eventlog import Event, events_frame
from dagster_project.replay import run_step
from dagster_project.resources import DcwatchHome
from dagster_project.score import SCORER_VERSION, score_articles
from dagster_project.score.budget import MAX_ARTICLE_CHARS
from dagster_project.score.defs import stance_scores
from dagster_project.score.project import score_isolated, update_mentions

PAGE = "<html><head><title>{t}</title></head><body><article>{b}</article></body></html>"
GOOD = "<p>{f} will build a data center in Busan, the company said.</p>" * 3


def page(url: str, title: str, body: str) -> Event:
    return fetched_page(url, PAGE.format(t=title, b=body))


def good(n: int, firm: str = "Oracle") -> Event:
    return page(f"https://a.example/good-{n}", f"{firm} story {n}", GOOD.format(f=firm))


def stances(con) -> dict[str, str]:
    rows = con.execute(
        "SELECT a.url, s.stance FROM article_firm_stance s JOIN articles a USING (article_id) "
        "WHERE s.firm = 'oracle'"
    ).fetchall()
    return {url.rsplit("/", 1)[1]: stance for url, stance in rows}


@pytest.mark.slow
def test_a_4mb_one_paragraph_page_is_scored_on_its_first_part_and_holds_up_nothing(tmp_path):
    # 4 MB of firm names and data centers in one paragraph with no sentence end
    clause = "Google and Microsoft weigh a data center in Seoul, Meta and Apple too; "
    huge = "<p>" + clause * (4_000_000 // len(clause)) + "</p>"
    home = DcwatchHome(home=str(tmp_path / "home"))
    log = home.eventlog()
    log.append(
        events_frame(
            [good(1), page("https://a.example/huge", "Data centers", huge), good(2)], "r1"
        ),
        "r1",
    )
    with home.connect() as con:
        run_step(con, "articles", log)
        assert con.execute("SELECT max(length(body)) FROM articles").fetchone()[0] > 3_900_000
        stats = run_step(con, "mentions", log)
        assert stats.rows_in == 3
        assert stances(con) == {"good-1": "committed", "good-2": "committed"}
        status = con.execute(
            "SELECT a.url, s.status, s.body_chars FROM article_score_status s "
            "JOIN articles a USING (article_id)"
        ).fetchall()
        assert [(u.rsplit("/", 1)[1], st) for u, st, _ in status] == [("huge", "truncated")]
        assert status[0][2] > MAX_ARTICLE_CHARS
        assert (
            con.execute(
                "SELECT count(*) FROM mentions m JOIN articles a USING (article_id) "
                "WHERE a.url LIKE '%huge' AND m.firm = 'google'"
            ).fetchone()[0]
            > 0
        )  # its first part was scored
        # the next run reads only what is new: the big page is not scored again
        log.append(events_frame([good(3)], "r2"), "r2")
        run_step(con, "articles", log)
        again = run_step(con, "mentions", log)
        assert again.rows_in == 1
        assert stances(con)["good-3"] == "committed"


def raising_on(bad_id: str):
    def scorer(articles: pl.DataFrame) -> pl.DataFrame:
        if bad_id in articles["article_id"].to_list():
            raise ValueError(f"cannot read {bad_id}\nsecond line")
        return score_articles(articles)

    return scorer


def test_score_isolated_skips_only_the_article_at_fault():
    articles = pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(7)],
            "lang": ["en"] * 7,
            "title": [None] * 7,
            "body": ["Oracle will build a data center in Busan."] * 7,
        }
    )
    mentions, failed = score_isolated(articles, raising_on("a4"))
    assert failed == {"a4": "scorer error: ValueError: cannot read a4"}
    assert sorted(mentions["article_id"]) == ["a0", "a1", "a2", "a3", "a5", "a6"]


def test_a_scorer_that_fails_on_everything_fails_the_run():
    articles = pl.DataFrame({"article_id": ["a", "b"], "lang": ["en"] * 2, "body": ["x", "y"]})
    with pytest.raises(RuntimeError, match="failed on all 2 articles"):
        score_isolated(articles, _always_raises)


def _always_raises(articles: pl.DataFrame) -> pl.DataFrame:
    raise MemoryError("no memory")


@pytest.mark.slow
def test_a_failing_article_is_recorded_skipped_and_warned_about(tmp_path):
    home = DcwatchHome(home=str(tmp_path / "home"))
    log = home.eventlog()
    log.append(events_frame([good(1), good(2), good(3)], "r1"), "r1")
    with home.connect() as con:
        run_step(con, "articles", log)
        bad = con.execute("SELECT article_id FROM articles WHERE url LIKE '%good-2'").fetchone()[0]
        update_mentions(con, scorer=raising_on(bad), version=SCORER_VERSION)
        assert stances(con) == {"good-1": "committed", "good-3": "committed"}
        assert con.execute(
            "SELECT article_id, status, reason FROM article_score_status"
        ).fetchall() == [(bad, "failed", f"scorer error: ValueError: cannot read {bad}")]
    # The next run (the real scorer, same version) goes on past it, and the check warns.
    log.append(events_frame([good(4)], "r2"), "r2")
    with home.connect() as con:
        run_step(con, "articles", log)
    result = dg.materialize([stance_scores], resources={"home": home})
    assert result.success
    checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    scored = checks["articles_scored"]
    assert not scored.passed and scored.severity == dg.AssetCheckSeverity.WARN
    assert scored.metadata["failed_articles"].value == 1
    with home.connect() as con:
        assert stances(con) == {"good-1": "committed", "good-3": "committed", "good-4": "committed"}
