"""Marts: day and week aggregates per firm for trend queries (rebuilt in full, they are small)."""


import dagster as dg

from dagster_project.defs.common import DUCKDB_POOL, markdown_table
from dagster_project.projections import marts_version, update_marts
from dagster_project.resources import DcwatchHome
from dagster_project.warehouse import frame, sql_text, table_count


@dg.multi_asset(
    specs=[
        dg.AssetSpec("firm_daily", deps=["article_firm_stance", "articles"], group_name="marts",
                     kinds={"duckdb", "sql"}, code_version=marts_version(),
                     description="One row per (day, firm): articles, mentions, stance counts "
                                 "and mean stance score."),
        dg.AssetSpec("firm_weekly", deps=["firm_daily"], group_name="marts",
                     kinds={"duckdb", "sql"}, code_version=marts_version(),
                     description="firm_daily summed by week (weeks start on Monday)."),
    ],
    pool=DUCKDB_POOL,
    check_specs=[
        dg.AssetCheckSpec("daily_totals_match_stances", asset="firm_daily",
                          description="firm_daily counts every dated (article, firm) once."),
        dg.AssetCheckSpec("weekly_totals_match_daily", asset="firm_weekly",
                          description="firm_weekly sums to firm_daily."),
    ],
)
def firm_trends(home: DcwatchHome):
    """Rebuild firm_daily and firm_weekly from the stance projection."""
    with home.connect() as con:
        update_marts(con)
        daily = con.execute("SELECT coalesce(sum(articles), 0) FROM firm_daily").fetchone()[0]  # type: ignore[index]
        dated = con.execute(
            "SELECT count(*) FROM article_firm_stance s JOIN articles a USING (article_id) "
            "WHERE a.published_day IS NOT NULL"
        ).fetchone()[0]  # type: ignore[index]
        weekly = con.execute("SELECT coalesce(sum(articles), 0) FROM firm_weekly").fetchone()[0]  # type: ignore[index]
        n_daily, n_weekly = table_count(con, "firm_daily"), table_count(con, "firm_weekly")
        gvo = frame(con, sql_text("queries/google_vs_openai"))
    yield dg.MaterializeResult(
        asset_key="firm_daily",
        metadata={"dagster/row_count": n_daily},
        check_results=[dg.AssetCheckResult(
            check_name="daily_totals_match_stances", asset_key="firm_daily",
            passed=daily == dated, metadata={"firm_daily_articles": int(daily),
                                             "dated_article_firms": int(dated)})],
    )
    yield dg.MaterializeResult(
        asset_key="firm_weekly",
        metadata={"dagster/row_count": n_weekly,
                  "google_vs_openai": dg.MetadataValue.md(markdown_table(gvo.tail(12), 12))},
        check_results=[dg.AssetCheckResult(
            check_name="weekly_totals_match_daily", asset_key="firm_weekly",
            passed=weekly == daily, metadata={"weekly": int(weekly), "daily": int(daily)})],
    )
