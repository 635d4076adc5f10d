"""`dcwatch explain`: the sentences read for a firm, and which one decided and why."""

from __future__ import annotations

import pytest
from event_support import fetched_page

from dagster_project import warehouse
from dagster_project.cli import main
from dagster_project.eventlog import EventLog, events_frame
from dagster_project.replay import replay
from dagster_project.score.explain import explain_article

# Slow tier: builds a warehouse through the real parse and score projections.
pytestmark = pytest.mark.slow

KO_URL = "https://ko.example/news/1"
EN_URL = "https://en.example/news/2"
KO_PAGE = (
    "<html lang='ko'><head><title>구글, 지도 반출 재신청…데이터센터는 여전히 불가</title></head>"
    "<body><article><p>구글이 고정밀 지도 반출을 다시 신청했다.</p>"
    "<p>정부는 국내 데이터센터 설치를 조건으로 내걸었다.</p>"
    "<p>그러나 구글은 데이터센터를 국내에 짓지 않겠다는 입장을 고수했다.</p>"
    "<p>한편 오픈AI는 국내 데이터센터 설립을 검토하고 있다.</p></article></body></html>"
)
EN_PAGE = (
    "<html lang='en'><head><title>Microsoft to open a second Busan data center</title></head>"
    "<body><article><p>Microsoft will open a second data center in Busan next year.</p>"
    "<p>The company set up its first Busan data center in 2020.</p>"
    "<p>Google, by contrast, built its Asian data centers in Taiwan and Singapore.</p>"
    "</article></body></html>"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A warehouse with the two pages, built by the real projections (once per module)."""
    tmp_path = tmp_path_factory.mktemp("explain")
    log = EventLog(tmp_path / "events")
    log.append(
        events_frame([fetched_page(KO_URL, KO_PAGE), fetched_page(EN_URL, EN_PAGE)], "r1"), "r1"
    )
    db = tmp_path / "w.duckdb"
    with warehouse.connect(db) as con:
        replay(con, log)
        stances = dict(
            con.execute(
                "SELECT firm || '@' || url, stance FROM article_firm_stance "
                "JOIN articles USING (article_id)"
            ).fetchall()
        )
    return db, stances


def test_korean_refusal_is_explained_by_its_turn_sentence(built, capsys):
    db, stances = built
    assert stances[f"google@{KO_URL}"] == "declined"
    assert main(["explain", KO_URL, "--firm", "google", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "google: declined" in out
    # the deciding sentence is marked, with its cue, its negation and why it won
    decided = next(line for line in out.splitlines() if line.lstrip().startswith("→"))
    assert "declined" in decided
    assert "짓지 않겠다" in out and "negated" in out
    assert "held as" in out and "why:" in out
    assert "openai" not in out  # --firm keeps to one firm


def test_english_article_lists_every_firm_with_place_and_tense(built, capsys):
    db, stances = built
    article_id = None
    with warehouse.connect(db, read_only=True) as con:
        article_id = con.execute(
            "SELECT article_id FROM articles WHERE url = ?", [EN_URL]
        ).fetchone()[0]
    assert main(["explain", article_id, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"microsoft: {stances[f'microsoft@{EN_URL}']}" in out
    assert "google:" in out
    assert "place: KR" in out  # Busan is in Korea
    assert "completed build" in out  # "set up … in 2020": a facility that runs now


def test_unknown_article_is_a_clear_error(built, capsys):
    db, _ = built
    assert main(["explain", "https://nowhere.example/x", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "no article with id or URL" in err and "dcwatch query" in err


def test_explain_article_agrees_with_the_stored_decision():
    explained = explain_article("x", "ko", None, KO_PAGE.split("<p>", 1)[1].replace("</p>", " "))
    by_firm = {e.firm: e for e in explained}
    assert by_firm["openai"].stance == "considering"
    assert by_firm["openai"].decided_by in {s.sentence_idx for s in by_firm["openai"].sentences}
