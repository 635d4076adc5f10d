"""Marts: day and week aggregates per firm for trend queries (kept up to date day by day),
then what the analyst gets from a run that changed them: alerts, charts, the report and a
read-only copy of the database.

One multi-asset, so each refresh runs them in this order inside the DuckDB pool; each is
still its own asset and can be materialized alone.
"""

import dagster as dg

from dagster_project.catalog import DAILY_READ, table_metadata
from dagster_project.defs_common import DUCKDB_POOL, markdown_table
from dagster_project.marts.defs.analyst import (
    alerts_check,
    alerts_version,
    chart_frames,
    charts_on_disk,
    copy_check,
    publish,
    render_charts,
    report_check,
    report_result,
    run_alerts,
)
from dagster_project.marts.project import marts_version
from dagster_project.marts.queries import run_query
from dagster_project.marts.report import REPORT_FILE, build_report, firm_names
from dagster_project.replay import run_step
from dagster_project.resources import DcwatchHome, SourcesResource
from dagster_project.warehouse import READ_COPY_FILE, table_count

DAILY, WEEKLY = dg.AssetKey("firm_daily"), dg.AssetKey("firm_weekly")
ALERTS, CHARTS, COPY, REPORT = (
    dg.AssetKey("alerts"),
    dg.AssetKey("trend_charts"),
    dg.AssetKey("published_copy"),
    dg.AssetKey("analyst_report"),
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "firm_daily",
            deps=["article_firm_stance", "articles", "stories"],
            group_name="marts",
            kinds={"duckdb", "sql"},
            code_version=marts_version(),
            metadata=table_metadata("firm_daily"),
            description="One row per (day, firm): articles, mentions, stance counts "
            "and mean stance score.",
        ),
        dg.AssetSpec(
            "firm_weekly",
            deps=["firm_daily"],
            group_name="marts",
            kinds={"duckdb", "sql"},
            code_version=marts_version(),
            metadata=table_metadata("firm_weekly"),
            freshness_policy=DAILY_READ,
            description="firm_daily summed by week (weeks start on Monday).",
        ),
        dg.AssetSpec(
            "alerts",
            skippable=True,  # left alone when the marts did not change (see firm_trends)
            deps=["article_firm_stance", "articles"],
            group_name="marts",
            kinds={"duckdb", "sql"},
            code_version=alerts_version(),
            metadata=table_metadata("alerts"),
            description="Stance changes and coverage spikes, each recorded once "
            "when first seen and sent to the alerts webhook/command.",
        ),
        dg.AssetSpec(
            "trend_charts",
            skippable=True,  # left alone when the marts did not change (see firm_trends)
            deps=["firm_weekly"],
            group_name="marts",
            kinds={"duckdb", "plotly"},
            description="Google-vs-OpenAI and share-of-voice charts (PNG and offline "
            "HTML) under $DCWATCH_HOME/charts.",
        ),
        dg.AssetSpec(
            "analyst_report",
            skippable=True,  # left alone when the marts did not change (see firm_trends)
            deps=["firm_weekly", "alerts"],
            group_name="marts",
            kinds={"duckdb", "html"},
            description="The one-page HTML report ($DCWATCH_HOME/report.html, opens offline): "
            "each firm's stance now and since when, Google vs OpenAI, share of voice, top "
            "sources, latest stance changes. Same as `dcwatch report`.",
        ),
        dg.AssetSpec(
            "published_copy",
            skippable=True,  # left alone when the marts did not change (see firm_trends)
            deps=["firm_daily", "firm_weekly", "alerts"],
            group_name="marts",
            kinds={"duckdb"},
            description="Read-only copy of the warehouse, dcwatch-read.duckdb, for the "
            "duckdb CLI, notebooks and BI tools; republished every run.",
        ),
    ],
    pool=DUCKDB_POOL,
    can_subset=True,
    check_specs=[
        dg.AssetCheckSpec(
            "daily_totals_match_stances",
            asset="firm_daily",
            description="firm_daily counts every dated (article, firm) once.",
        ),
        dg.AssetCheckSpec(
            "weekly_totals_match_daily",
            asset="firm_weekly",
            description="firm_weekly sums to firm_daily.",
        ),
        dg.AssetCheckSpec(
            "no_new_alerts",
            asset="alerts",
            description="Warns when this run raised new alerts (stance changes "
            "or coverage spikes); they are in the asset's metadata.",
        ),
        dg.AssetCheckSpec(
            "charts_written",
            asset="trend_charts",
            description="Warns unless every chart with data is a PNG and a "
            "self-contained HTML file.",
        ),
        dg.AssetCheckSpec(
            "report_complete",
            asset="analyst_report",
            description="The report has every section and names every firm with a stated stance.",
        ),
        dg.AssetCheckSpec(
            "copy_matches_warehouse",
            asset="published_copy",
            description="The copy opens read-only on its own and has the warehouse's row counts.",
        ),
    ],
)
def firm_trends(context: dg.AssetExecutionContext, home: DcwatchHome, sources: SourcesResource):
    """Bring firm_daily and firm_weekly up to date, then alerts, charts, the report and the
    copy: those only when the marts changed (or their files are missing), so a refresh with
    nothing new does not redraw or recopy anything."""
    selected = context.selected_asset_keys
    checks = {k.name for k in context.selected_asset_check_keys}
    # A check whose asset is not materialized in this run judges what is stored now.
    alone = {k.name for k in context.selected_asset_check_keys if k.asset_key not in selected}
    frames, report, stated = {}, None, []
    changed = True
    with home.connect() as con:
        alone_results = list(_checks_alone(context, home, con, alone))
        if DAILY in selected or WEEKLY in selected:
            stats = run_step(con, "marts")
            changed = stats.rebuilt or stats.rows_in > 0
            yield from _mart_results(con, selected, checks)
        todo = {key for key in selected if changed or _missing(home, key)}
        if todo != selected:
            context.log.info(
                "marts unchanged: not redone: "
                + ", ".join(sorted(k.to_user_string() for k in selected - todo - {DAILY, WEEKLY}))
            )
        if ALERTS in todo:
            yield run_alerts(context, con, sources, "no_new_alerts" in checks)
        if CHARTS in todo:
            frames = chart_frames(con)
        if REPORT in todo:
            names = firm_names()
            report = build_report(con, names)
            stated = [names.get(f, f) for f in run_query(con, "firm_stances")["firm"]]
    # Files are drawn and copied after the connection is closed: the copy needs its own.
    if CHARTS in todo:
        yield render_charts(context, home, frames, "charts_written" in checks)
    if report is not None:
        yield report_result(home, report, stated, "report_complete" in checks)
    if COPY in todo:
        yield publish(home, "copy_matches_warehouse" in checks)
    yield from alone_results
    if "copy_matches_warehouse" in alone:
        yield copy_check(home)  # opens the database itself, so after ours is closed


def _checks_alone(context, home: DcwatchHome, con, names: set[str]):
    """The marts' checks run on their own (from the UI: a check's Execute button), each on
    what is stored now: tables, files, and the last alerts run."""
    if "daily_totals_match_stances" in names:
        yield _daily_check(con)
    if "weekly_totals_match_daily" in names:
        yield _weekly_check(con)
    if "no_new_alerts" in names:
        event = context.instance.get_latest_materialization_event(ALERTS)
        meta = event.asset_materialization.metadata if event and event.asset_materialization else {}
        new = meta.get("new_alerts")
        yield alerts_check(int(new.value) if new is not None else 0, meta.get("new"))  # type: ignore[union-attr]
    if "charts_written" in names:
        yield charts_on_disk(home, chart_frames(con))
    if "report_complete" in names:
        path = home.root / REPORT_FILE
        html = path.read_text(encoding="utf-8") if path.is_file() else ""
        names_ = firm_names()
        yield report_check(html, [names_.get(f, f) for f in run_query(con, "firm_stances")["firm"]])


def _missing(home: DcwatchHome, key: dg.AssetKey) -> bool:
    """Whether the file an asset writes is not there (so it is made even when unchanged)."""
    files = {
        CHARTS: home.root / "charts",
        REPORT: home.root / REPORT_FILE,
        COPY: home.root / READ_COPY_FILE,
    }
    path = files.get(key)
    return path is not None and not path.exists()


def _one(con, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _daily_check(con) -> dg.AssetCheckResult:
    daily = _one(con, "SELECT coalesce(sum(articles), 0) FROM firm_daily")
    dated = _one(
        con,
        "SELECT count(*) FROM article_firm_stance s JOIN articles a "
        "USING (article_id) WHERE a.published_day IS NOT NULL",
    )
    return dg.AssetCheckResult(
        check_name="daily_totals_match_stances",
        asset_key="firm_daily",
        passed=daily == dated,
        metadata={"firm_daily_articles": daily, "dated_article_firms": dated},
    )


def _weekly_check(con) -> dg.AssetCheckResult:
    daily = _one(con, "SELECT coalesce(sum(articles), 0) FROM firm_daily")
    weekly = _one(con, "SELECT coalesce(sum(articles), 0) FROM firm_weekly")
    return dg.AssetCheckResult(
        check_name="weekly_totals_match_daily",
        asset_key="firm_weekly",
        passed=weekly == daily,
        metadata={"weekly": weekly, "daily": daily},
    )


def _mart_results(con, selected, checks):
    n_daily, n_weekly = table_count(con, "firm_daily"), table_count(con, "firm_weekly")
    if DAILY in selected:
        yield dg.MaterializeResult(
            asset_key="firm_daily",
            metadata={"dagster/row_count": n_daily},
            check_results=[_daily_check(con)] if "daily_totals_match_stances" in checks else [],
        )
    if WEEKLY in selected:
        gvo = run_query(con, "google_vs_openai")
        yield dg.MaterializeResult(
            asset_key="firm_weekly",
            metadata={
                "dagster/row_count": n_weekly,
                "google_vs_openai": dg.MetadataValue.md(markdown_table(gvo.tail(12), 12)),
            },
            check_results=[_weekly_check(con)] if "weekly_totals_match_daily" in checks else [],
        )
