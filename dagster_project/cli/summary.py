"""What `dcwatch run` prints after a refresh: Google vs OpenAI, the latest stances, the weeks."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dagster_project.cli.common import print_frame


def summary(db_path: Path) -> None:
    """Print Google versus OpenAI: stance mix, latest evidence, and the recent weeks."""
    from dagster_project import warehouse
    from dagster_project.marts.queries import run_query

    with warehouse.connect(db_path, read_only=True) as con:
        totals = warehouse.frame(
            con,
            """
            SELECT firm, sum(articles)::INT AS articles, sum(committed)::INT AS committed,
                   sum(considering)::INT AS considering, sum(declined)::INT AS declined,
                   sum(operating)::INT AS operating, sum(mentioned)::INT AS mentioned
            FROM firm_weekly WHERE firm IN ('google', 'openai') GROUP BY ALL ORDER BY firm""",
        )
        stances = run_query(con, "firm_stances")
        latest = stances.filter(pl.col("firm").is_in(["google", "openai"]))
        others = stances.filter(~pl.col("firm").is_in(["google", "openai"]))
        weekly = run_query(con, "google_vs_openai").filter(pl.col("articles") > 0)
    print("\nGoogle vs OpenAI: articles and data-center stances, whole period")
    print_frame(totals)
    print("\nLatest stated stance, with the sentence that says so")
    for row in latest.iter_rows(named=True):
        print(f"  {row['firm']:<7} {row['stance']:<12} {row['published_day']}  {row['source']}")
        print(f"          “{row['evidence']}”")
    if others.height:
        print("\nThe other foreign firms' latest stated stance (dcwatch query firm_stances)")
        for row in others.iter_rows(named=True):
            print(
                f"  {row['firm']:<10} {row['stance']:<12} {row['published_day']}  "
                f"{_clip(row['evidence'], 90)}"
            )
    print("\nWeek by week (weeks with coverage; as a table: dcwatch query google_vs_openai)")
    print_frame(side_by_side(weekly))
    print(f"\nDuckDB file: {db_path}")


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


STANCE_ORDER = ("committed", "considering", "declined", "operating", "mentioned")


def side_by_side(weekly: pl.DataFrame, weeks: int | None = None) -> pl.DataFrame:
    """One row per week, one column per firm: its stance mix and net score that week."""
    if weekly.is_empty():
        return weekly
    shown = weekly["period"].unique().sort()
    recent = weekly.filter(pl.col("period").is_in(shown.tail(weeks) if weeks else shown))
    mix = pl.concat_str(
        [
            pl.when(pl.col(s) > 0).then(pl.format("{} {}", pl.col(s), pl.lit(s)))
            for s in STANCE_ORDER
        ],
        separator=", ",
        ignore_nulls=True,
    )
    cell = (
        pl.when(pl.col("articles") > 0)
        .then(pl.format("{} (net {})", mix, pl.col("net_score")))
        .otherwise(pl.lit("–"))
    )
    return (
        recent.select(pl.col("period").alias("week"), "firm", cell.alias("cell"))
        .pivot(on="firm", index="week", values="cell")
        .sort("week")
        .fill_null("–")
    )
