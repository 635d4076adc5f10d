"""Alerts: stance changes and coverage spikes, recorded once, sent to a webhook and a command."""

from __future__ import annotations

import datetime as dt
import json
import logging
import statistics
import sys

import pytest
from test_queries_data import ROWS, build, frames

from dagster_project import warehouse
from dagster_project.ingest.config import load_sources
from dagster_project.marts.alerts import candidates, update_alerts
from dagster_project.marts.notify import deliver, targets_from_config

DAY0 = dt.date(2026, 3, 1)


def day(n: int) -> str:
    return (DAY0 + dt.timedelta(days=n)).isoformat()


def spike_rows() -> list[tuple]:
    """meta: 1, 0, 1, 0 ... for 14 days, then 3 (a spike), then 2 (too few).
    nvidia: 5 on the first day (no history yet), 3 on day 14 (within its noise), 4 on day 20."""
    rows, k = [], 0

    def add(n_day, firm, count, stated=None):
        nonlocal k
        for i in range(count):
            k += 1
            stance = stated if (stated and i == 0) else "mentioned"
            rows.append(
                (
                    f"s{k}",
                    day(n_day),
                    9 + i,
                    "wire",
                    None,
                    firm,
                    stance,
                    "KR",
                    1,
                    0.6 if stance != "mentioned" else 0.9,
                )
            )

    for d in range(0, 14, 2):
        add(d, "meta", 1)
    add(14, "meta", 3, stated="considering")
    add(15, "meta", 2)
    add(0, "nvidia", 5)
    add(14, "nvidia", 3)
    add(20, "nvidia", 4)
    return rows


def spikes_in_python(rows) -> dict[tuple[str, str], tuple[int, float]]:
    """The documented rule, recomputed: count >= 3 and > mean + 3 sd of the 14 days before."""
    counts: dict[tuple[str, str], int] = {}
    for _a, d, *_x, firm, _s, _l, _n, _c in rows:
        counts[(firm, d)] = counts.get((firm, d), 0) + 1
    days = sorted({d for _f, d in counts})
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    calendar = [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    found = {}
    for firm in {f for f, _d in counts}:
        series = [counts.get((firm, d), 0) for d in calendar]
        for i in range(14, len(series)):
            prev = series[i - 14 : i]
            mean, sd = statistics.fmean(prev), statistics.pstdev(prev)
            if series[i] >= 3 and series[i] > mean + 3 * sd:
                found[(firm, calendar[i])] = (series[i], round(mean, 3))
    return found


def test_stance_changes_from_the_timeline(tmp_path):
    db = build(tmp_path / "w.duckdb")
    with warehouse.connect(db) as con:
        found = candidates(con)
    changes = sorted(
        (r["firm"], r["from_stance"], r["to_stance"], r["article_id"])
        for r in found.iter_rows(named=True)
    )
    assert changes == [
        ("google", "declined", "considering", "a4"),
        ("openai", "committed", "declined", "a7"),
        ("openai", "considering", "committed", "a3"),
    ]
    assert found["alert_id"].n_unique() == 3


def test_coverage_spikes_follow_the_rule(tmp_path):
    rows = spike_rows()
    db = build(tmp_path / "w.duckdb", rows)
    with warehouse.connect(db) as con:
        found = candidates(con).filter(kind="coverage_spike")
    got = {
        (r["firm"], r["day"].isoformat()): (r["count"], r["baseline"])
        for r in found.iter_rows(named=True)
    }
    assert got == spikes_in_python(rows)
    assert got == {("meta", day(14)): (3, 0.5), ("nvidia", day(20)): (4, 0.214)}
    meta = found.filter(firm="meta").row(0, named=True)
    assert meta["evidence"] == f"meta considering in {meta['article_id']}"  # the stated one


def test_alerts_are_recorded_once(tmp_path):
    db = build(tmp_path / "w.duckdb")
    first = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    with warehouse.connect(db) as con:
        new = update_alerts(con, now=first)
        assert new.height == 3
        assert update_alerts(con).height == 0  # a re-run raises nothing again
        # A later article moves google on: only that change is new.
        extra = [("a9", "2026-02-10", 9, "daily-a", None, "google", "declined", "KR", 1, 0.9)]
        arts, stances, _ = frames(extra)
        warehouse.insert_frame(con, "articles", arts)
        warehouse.insert_frame(con, "article_firm_stance", stances)
        again = update_alerts(con)
        moved = [(r["firm"], r["from_stance"], r["to_stance"]) for r in again.iter_rows(named=True)]
        assert moved == [("google", "considering", "declined")]
        kept = con.execute(
            "SELECT count(*) FROM alerts WHERE first_seen_at = ?", [first]
        ).fetchone()[0]
        assert kept == 3 and warehouse.table_count(con, "alerts") == 4


def alerts_of(tmp_path):
    db = build(tmp_path / "w.duckdb", ROWS)
    with warehouse.connect(db) as con:
        return list(update_alerts(con).iter_rows(named=True))


def test_webhook_gets_each_new_alert_as_json(tmp_path, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources: []\nalerts:\n  webhook: {httpserver.url_for('/hook')}\n")
    targets = targets_from_config(load_sources(sources).extra["alerts"])
    alerts = alerts_of(tmp_path)
    report = deliver(alerts, targets)
    assert (report.sent, report.failed) == (3, 0)
    bodies = [json.loads(req.get_data()) for req, _resp in httpserver.log]
    assert [b["alert_id"] for b in bodies] == [a["alert_id"] for a in alerts]
    assert bodies[0]["kind"] == "stance_change" and bodies[0]["day"] == "2026-01-07"


def test_webhook_failures_are_logged_not_raised(tmp_path, httpserver, caplog):
    httpserver.expect_request("/hook").respond_with_data("down", status=503)
    alerts = alerts_of(tmp_path)
    with caplog.at_level(logging.WARNING):
        report = deliver(alerts, targets_from_config({"webhook": httpserver.url_for("/hook")}))
        closed = deliver(
            alerts[:1],
            targets_from_config({"webhook": "http://127.0.0.1:9/nothing-listens", "timeout_s": 2}),
        )
    assert (report.sent, report.failed) == (0, 3) and (closed.sent, closed.failed) == (0, 1)
    assert "answered 503" in caplog.text and "nothing-listens" in caplog.text


@pytest.mark.slow
def test_command_gets_each_alert_on_stdin(tmp_path, caplog):
    out = tmp_path / "got.txt"
    script = (
        f"import json, sys; a = json.load(sys.stdin); "
        f"open({str(out)!r}, 'a').write(a['firm'] + ' ' + a['to_stance'] + '\\n')"
    )
    alerts = alerts_of(tmp_path)
    report = deliver(alerts, targets_from_config({"command": [sys.executable, "-c", script]}))
    assert report.sent == 3
    assert out.read_text().splitlines() == [
        "openai committed",
        "google considering",
        "openai declined",
    ]
    with caplog.at_level(logging.WARNING):
        bad = deliver(
            alerts[:1],
            targets_from_config({"command": [sys.executable, "-c", "import sys; sys.exit(3)"]}),
        )
        missing = deliver(alerts[:1], targets_from_config({"command": "/no/such/tool --x"}))
    assert bad.failed == 1 and missing.failed == 1
    assert "exited 3" in caplog.text


def test_alerts_section_is_validated():
    assert targets_from_config(None).empty
    with pytest.raises(ValueError, match="mapping"):
        targets_from_config(["http://x"])
    assert targets_from_config({"command": "notify-send 'dc watch'"}).command == (
        "notify-send",
        "dc watch",
    )


@pytest.mark.slow
def test_marts_run_warns_on_new_alerts_and_posts_them(tmp_path, httpserver):
    import dagster as dg

    from dagster_project.marts.defs.assets import firm_trends
    from dagster_project.resources import DcwatchHome, SourcesResource

    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    root = tmp_path / "home"
    build(root / "dcwatch.duckdb", marts=False)
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources: []\nalerts:\n  webhook: {httpserver.url_for('/hook')}\n")
    resources = {"home": DcwatchHome(home=str(root)), "sources": SourcesResource(path=str(sources))}

    def run():
        result = dg.materialize(
            [firm_trends], resources=resources, selection=["firm_daily", "firm_weekly", "alerts"]
        )
        check = next(
            (c for c in result.get_asset_check_evaluations() if c.check_name == "no_new_alerts"),
            None,
        )
        return result, check

    first, check = run()
    assert first.success and not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    assert check.metadata["new_alerts"].value == 3 and len(httpserver.log) == 3
    second, check = run()
    # Nothing new: the marts did not change, so alerts are not looked for again (and
    # nothing is sent twice).
    assert second.success and check is None and len(httpserver.log) == 3
    done = {e.asset_key.to_user_string() for e in second.get_asset_materialization_events()}
    assert done == {"firm_daily", "firm_weekly"}
