"""Named queries on a hand-computable warehouse: every number against the rows behind it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict

import pytest
from test_queries_data import ROWS, SCORE, build

from dagster_project import warehouse
from dagster_project.cli import main
from dagster_project.marts.queries import QueryError, bind, catalogue, load, run_query


@pytest.fixture
def db(tmp_path):
    return build(tmp_path / "w.duckdb")


def query(db, name, **params):
    with warehouse.connect(db, read_only=True) as con:
        return run_query(con, name, **params)


def period_of(day: str, period: str) -> dt.date:
    d = dt.date.fromisoformat(day)
    return d - dt.timedelta(days=d.weekday()) if period == "week" else d.replace(day=1)


def expected_trend(period="week", firms=("google", "openai"), location=None, since=None):
    """google_vs_openai recomputed from ROWS in plain Python (non-zero rows only)."""
    acc = defaultdict(lambda: defaultdict(list))
    for art, day, _h, _src, story, firm, stance, loc, n, _c in ROWS:
        if day is None or firm not in firms or (location and loc != location):
            continue
        if since and day < since:
            continue
        cell = acc[(period_of(day, period), firm)]
        cell["articles"].append(art)
        cell["stories"].append(story or art)
        cell["mentions"].append(n)
        cell["stances"].append(stance)
    return {
        key: {
            "articles": len(c["articles"]),
            "stories": len(set(c["stories"])),
            "mentions": sum(c["mentions"]),
            "declined": c["stances"].count("declined"),
            "considering": c["stances"].count("considering"),
            "committed": c["stances"].count("committed"),
            "net_score": round(sum(SCORE[s] for s in c["stances"]) / len(c["stances"]), 2),
        }
        for key, c in acc.items()
    }


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"period": "month"},
        {"location": "KR"},
        {"location": "kr", "period": "month"},
        {"since": "2026-01-19"},
        {"firms": "google,openai,microsoft"},
    ],
)
def test_google_vs_openai_matches_the_rows(db, params):
    df = query(db, "google_vs_openai", **params)
    firms = tuple(params.get("firms", "google,openai").split(","))
    location = params.get("location", "").upper() or None
    want = expected_trend(params.get("period", "week"), firms, location, params.get("since"))
    got = {(r["period"], r["firm"]): r for r in df.iter_rows(named=True) if r["articles"]}
    assert set(got) == set(want)
    for key, w in want.items():
        assert {k: got[key][k] for k in w} == w, key
    # Zero-filled: every period from the first to the last, for every firm asked for.
    assert df.height == df["period"].n_unique() * len(firms)


def test_google_vs_openai_weekly_by_hand(db):
    df = query(db, "google_vs_openai")
    rows = {(str(r["period"]), r["firm"]): r for r in df.iter_rows(named=True)}
    assert sorted({p for p, _ in rows}) == [
        "2026-01-05",
        "2026-01-12",
        "2026-01-19",
        "2026-01-26",
        "2026-02-02",
    ]
    g = rows[("2026-01-19", "google")]
    # a4, a5, a6; a4 and a6 are one story; (0.5 + 0 + 0.5) / 3.
    assert (g["articles"], g["stories"], g["considering"], g["mentioned"], g["net_score"]) == (
        3,
        2,
        2,
        1,
        0.33,
    )
    assert rows[("2026-01-05", "openai")]["mentions"] == 5
    empty = rows[("2026-01-12", "openai")]
    assert empty["articles"] == 0 and empty["net_score"] is None
    # The undated a8 (google, committed) is in no week.
    assert df.filter(df["firm"] == "google")["committed"].sum() == 0


def test_share_of_voice(db):
    df = query(db, "share_of_voice")
    rows = {(str(r["period"]), r["firm"]): r for r in df.iter_rows(named=True)}
    assert rows[("2026-01-05", "google")]["share"] == 0.25  # 1 of 4 (article, firm) rows
    assert rows[("2026-01-05", "openai")]["share"] == 0.75
    assert rows[("2026-01-05", "openai")]["article_share"] == 1.0  # in a1, a2, a3
    assert rows[("2026-01-19", "microsoft")]["article_share"] == 0.3333  # a4 of a4, a5, a6
    for period in {p for p, _ in rows}:
        shares = [r["share"] for (p, _), r in rows.items() if p == period and r["share"]]
        assert not shares or sum(shares) == pytest.approx(1.0)
    shown = query(db, "share_of_voice", firms="google", period="month")
    assert shown["firm"].unique().to_list() == ["google"]
    jan = shown.filter(shown["period"] == dt.date(2026, 1, 1)).row(0, named=True)
    # January: google 4 rows (a1, a4, a5, a6) of 8 (with openai a1-a3, microsoft a4).
    assert (jan["articles"], jan["share"]) == (4, 0.5)


def timeline(df):
    return [
        (r["firm"], r["from_stance"], r["to_stance"], r["article_id"])
        for r in df.iter_rows(named=True)
    ]


def test_stance_timeline_keeps_changes_only(db):
    assert timeline(query(db, "stance_timeline")) == [
        ("google", None, "declined", "a1"),
        ("google", "declined", "considering", "a4"),
        ("microsoft", None, "operating", "a4"),
        ("openai", None, "considering", "a1"),
        ("openai", "considering", "committed", "a3"),
        ("openai", "committed", "declined", "a7"),
    ]
    # In Korea only, OpenAI's US commitment (a3) is not part of its Korean story.
    assert timeline(query(db, "stance_timeline", firms="openai", location="KR")) == [
        ("openai", None, "considering", "a1"),
        ("openai", "considering", "declined", "a7"),
    ]
    # since hides earlier rows but they still set from_stance.
    assert timeline(query(db, "stance_timeline", since="2026-01-20", firms="google,openai")) == [
        ("google", "declined", "considering", "a4"),
        ("openai", "committed", "declined", "a7"),
    ]
    evidence = query(db, "stance_timeline", firms="google")["evidence"].to_list()
    assert evidence == ["google declined in a1", "google considering in a4"]


def test_top_evidence_one_per_story(db):
    df = query(db, "top_evidence", firms="google")
    # a6 and a4 are one story: only its most confident article (a6) shows; a5 is a bare
    # mention and a8 is undated.
    assert df["article_id"].to_list() == ["a6", "a1"]
    assert df["rank"].to_list() == [1, 2]
    assert query(db, "top_evidence", per_firm="1")["article_id"].to_list() == ["a6", "a4", "a7"]


def test_by_source(db):
    df = query(db, "by_source")
    rows = {(r["source"], r["firm"]): r for r in df.iter_rows(named=True)}
    b = rows[("daily-b", "google")]
    assert (b["articles"], b["stories"], b["considering"], b["net_score"]) == (2, 1, 2, 0.5)
    a = rows[("daily-a", "google")]  # a1 declined, a5 mentioned; a8 undated is left out
    assert (a["articles"], a["declined"], a["mentioned"], a["net_score"]) == (2, 1, 1, -0.5)
    assert sum(r["articles"] for r in rows.values()) == sum(1 for r in ROWS if r[1])


def test_every_query_declares_exactly_the_parameters_it_uses():
    for q in catalogue():
        used = set(re.findall(r"\$(\w+)", q.sql))
        assert used == {p.name for p in q.params}, q.name
        assert q.summary and not q.summary.startswith("param:"), q.name
        bind(q, {})  # every default binds


def test_bad_parameters_are_refused():
    gvo = load("google_vs_openai")
    with pytest.raises(QueryError, match="week|month"):
        bind(gvo, {"period": "year"})
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        bind(gvo, {"since": "last tuesday"})
    with pytest.raises(QueryError, match="no parameter --per_firm"):
        bind(gvo, {"per_firm": "3"})
    values = bind(gvo, {"firms": "Google, OPENAI", "location": "kr"})
    assert values["firms"] == ["google", "openai"] and values["location"] == "KR"
    assert bind(gvo, {"firms": "all", "location": "any"})["firms"] is None


def test_a_quote_in_a_parameter_is_a_value_not_sql(db):
    df = query(db, "google_vs_openai", firms="google') OR 1=1 --")
    assert df["articles"].sum() == 0


def test_cli_query_formats_and_list(db, capsys):
    assert (
        main(
            [
                "query",
                "google_vs_openai",
                "--db",
                str(db),
                "--period",
                "month",
                "--firms",
                "google,openai",
                "--location",
                "KR",
                "--since",
                "2026-01-01",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    jan = {r["firm"]: r["articles"] for r in rows if r["period"] == "2026-01-01"}
    assert jan == {"google": 3, "openai": 2}  # KR only: a1, a4, a6 / a1, a2
    assert main(["query", "by_source", "--db", str(db), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("source,firm,articles") and len(lines) == 6
    assert main(["query", "--list"]) == 0
    listing = capsys.readouterr().out
    for q in catalogue():
        assert f"{q.name}" in listing and q.summary in listing
    assert "--period week (week|month)" in listing
    assert main(["query", "stance_timeline", "--db", str(db), "--period", "month"]) == 2
    assert "no parameter --period" in capsys.readouterr().err
    assert main(["query", "nope", "--db", str(db)]) == 2
