"""Charts: the drawn numbers are the query's numbers, and the files open offline."""

from __future__ import annotations

import datetime as dt

import pytest
from test_queries_data import build

from dagster_project import warehouse
from dagster_project.cli import main
from dagster_project.marts.charts import mpl_figure, plotly_figure, render, share_frame
from dagster_project.marts.queries import run_query


@pytest.fixture
def db(tmp_path):
    return build(tmp_path / "w.duckdb")


def frame_of(db, name, **params):
    with warehouse.connect(db, read_only=True) as con:
        return run_query(con, name, **params)


def test_plotly_traces_carry_the_weekly_numbers_and_mark_stance_changes(db):
    changes = frame_of(db, "stance_timeline", firms="google,openai")
    fig = plotly_figure("google-vs-openai", frame_of(db, "google_vs_openai"), changes)
    firms = {t.name: list(t.y) for t in fig.data if t.type == "bar" and "stance" not in t.meta}
    # Weeks 01-05 .. 02-02; google: a1 | - | a4 a5 a6 | - | -; openai: a1 a2 a3 | ... | a7.
    assert firms == {"google": [1, 0, 3, 0, 0], "openai": [3, 0, 0, 0, 1]}
    mix = {
        (t.meta["firm"], t.meta["stance"]): list(t.y)
        for t in fig.data
        if t.type == "bar" and "stance" in t.meta
    }
    assert mix[("google", "declined")] == [1, 0, 0, 0, 0]
    assert mix[("google", "considering")] == [0, 0, 2, 0, 0]
    assert mix[("google", "mentioned")] == [0, 0, 1, 0, 0]
    assert mix[("openai", "declined")] == [0, 0, 0, 0, 1]
    assert list(fig.data[0].x)[0] == dt.date(2026, 1, 5)
    # Each firm keeps one colour; each stance keeps one colour across the firms' rows.
    colours = {t.name: t.marker.color for t in fig.data if t.type == "bar"}
    assert colours["google"] != colours["openai"]
    stance_colours = {
        t.meta["stance"]: {
            u.marker.color for u in fig.data if u.meta.get("stance") == t.meta["stance"]
        }
        for t in fig.data
        if "stance" in (t.meta or {})
    }
    assert all(len(c) == 1 for c in stance_colours.values())
    marks = {t.meta["firm"]: list(t.hovertext) for t in fig.data if t.type == "scatter"}
    # google: declined (a1) -> considering (a4); openai: considering -> committed -> declined.
    assert marks["google"] == ["google: declined → considering"]
    assert marks["openai"] == ["openai: considering → committed", "openai: committed → declined"]
    axis = fig.layout.yaxis
    assert axis.tickformat == "d" and axis.dtick == 1  # whole articles only


def test_matplotlib_bars_carry_the_monthly_numbers(db):
    fig = mpl_figure("google-vs-openai", frame_of(db, "google_vs_openai", period="month"))
    top = fig.axes[0]
    heights = {c.get_label(): [p.get_height() for p in c.patches] for c in top.containers}
    assert heights == {"google": [4, 0], "openai": [3, 1]}


def test_share_of_voice_folds_small_firms_and_sums_to_one(db):
    df = frame_of(db, "share_of_voice")
    folded = share_frame(df, top=2)
    assert sorted(folded["firm"].unique().to_list()) == ["google", "openai", "other"]
    # Weeks without coverage (01-12, 01-26) are left out rather than drawn as zero shares.
    assert folded["period"].unique().sort().to_list() == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 19),
        dt.date(2026, 2, 2),
    ]
    week = folded.filter(folded["period"] == dt.date(2026, 1, 19))
    assert dict(week.select("firm", "share").iter_rows()) == {
        "google": 0.75,
        "openai": 0.0,
        "other": 0.25,
    }  # microsoft folded into other
    fig = plotly_figure("share-of-voice", df)
    assert {t.name for t in fig.data} == {"google", "microsoft", "openai"}


def test_render_writes_png_and_offline_html(db, tmp_path):
    files = render("share-of-voice", frame_of(db, "share_of_voice"), tmp_path / "out")
    assert files.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = files.html.read_text(encoding="utf-8")
    # plotly.js is inlined (megabytes), not fetched from a CDN when the file is opened.
    assert len(html) > 1_000_000 and '<script src="http' not in html
    assert '"name":"microsoft"' in html
    assert not list((tmp_path / "out").glob(".*tmp"))


@pytest.mark.slow
def test_cli_chart_defaults_to_home_charts(db, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    monkeypatch.setenv("DCWATCH_HOME", str(home))
    assert main(["chart", "google-vs-openai", "--db", str(db), "--location", "KR"]) == 0
    out = capsys.readouterr().out.split()
    assert out == [
        str(home / "charts" / "google-vs-openai.png"),
        str(home / "charts" / "google-vs-openai.html"),
    ]
    assert (
        main(
            [
                "chart",
                "share-of-voice",
                "--db",
                str(db),
                "--out",
                str(tmp_path / "x"),
                "--since",
                "2030-01-01",
            ]
        )
        == 1
    )  # nothing in range: nothing drawn
    assert not (tmp_path / "x" / "share-of-voice.png").exists()


@pytest.mark.slow
def test_marts_asset_draws_charts_and_survives_without_plotting_libraries(tmp_path, monkeypatch):
    import sys

    import dagster as dg

    from dagster_project.marts.defs.assets import firm_trends
    from dagster_project.resources import DcwatchHome, SourcesResource

    root = tmp_path / "home"
    build(root / "dcwatch.duckdb")
    (tmp_path / "s.yaml").write_text("sources: []\n")
    resources = {
        "home": DcwatchHome(home=str(root)),
        "sources": SourcesResource(path=str(tmp_path / "s.yaml")),
    }

    def summary():
        result = dg.materialize([firm_trends], resources=resources, selection=["trend_charts"])
        assert result.success
        mat = result.get_asset_materialization_events()[0].event_specific_data.materialization
        (check,) = result.get_asset_check_evaluations()
        assert check.check_name == "charts_written"
        return mat.metadata["summary"].value, check.passed

    drawn, ok = summary()
    assert str(root / "charts" / "share-of-voice.html") in drawn and ok
    monkeypatch.setitem(sys.modules, "dagster_project.marts.charts", None)
    missing, ok = summary()
    assert "charts not drawn" in missing and not ok
