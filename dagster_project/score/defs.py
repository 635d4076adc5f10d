"""Score: each foreign firm named in an article, its data-center stance, with the evidence."""

import dagster as dg

from dagster_project.catalog import DAILY_READ, table_metadata
from dagster_project.defs_common import (
    DUCKDB_POOL,
    ProjectionConfig,
    markdown_table,
    selected_checks,
)
from dagster_project.parse import PARSER_VERSION
from dagster_project.parse.defs import LOG_SEGMENTS, partition_store, segment_seqs
from dagster_project.partitions import SCORED
from dagster_project.progress import stage
from dagster_project.replay import run_step
from dagster_project.resources import DcwatchHome
from dagster_project.score import SCORER_VERSION, STANCES
from dagster_project.score.project import Scoring, scored_partition
from dagster_project.warehouse import frame, table_count


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "scored_segments",
            deps=["parsed_segments"],
            group_name="score",
            kinds={"parquet", "polars"},
            code_version=SCORER_VERSION,
            tags={"stage": "score"},
            description="The mentions of one log segment's articles, scored by this scorer "
            "version from the segment's parsed rows, as Parquet (reused when already "
            "written); mentions loads them.",
        )
    ],
    partitions_def=LOG_SEGMENTS,
    can_subset=True,  # so the check can also run on its own
    check_specs=[
        dg.AssetCheckSpec(
            "segment_scored",
            asset="scored_segments",
            description="No article of the segment failed scoring.",
        )
    ],
)
def scored_segments(context: dg.AssetExecutionContext, home: DcwatchHome):
    """Score one log segment's parsed rows into its Parquet output."""
    store = partition_store(home)
    if context.selected_asset_keys:
        seq = int(context.partition_key)
        mentions, _ = scored_partition(store, home.eventlog(), seq, Scoring())
        yield dg.MaterializeResult(
            asset_key="scored_segments",
            metadata={"dagster/row_count": mentions.height, "scorer_version": SCORER_VERSION},
        )
    if context.selected_asset_check_keys:
        yield _segment_scored(store, segment_seqs(context, home))


def _segment_scored(store, seqs: list[int]) -> dg.AssetCheckResult:
    key, failed, problems = (SCORER_VERSION, PARSER_VERSION), 0, []
    for seq in seqs:
        if not store.exists(SCORED, key, seq, "status"):  # judged as written; never scores
            problems.append(
                f"no scored output for log segment {seq} (scorer {SCORER_VERSION}): "
                "materialize scored_segments for it"
            )
            continue
        status = store.read(SCORED, key, seq, "status")
        failed += status.filter(status["status"] == "failed").height
    return dg.AssetCheckResult(
        check_name="segment_scored",
        asset_key="scored_segments",
        passed=failed == 0 and not problems,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(problems) or None,
        metadata={"failed_articles": failed},
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "mentions",
            deps=["articles", "scored_segments"],
            group_name="score",
            kinds={"duckdb", "polars"},
            code_version=SCORER_VERSION,
            metadata=table_metadata("mentions"),
            description="One row per foreign firm named in a sentence: stance, score, "
            "confidence, evidence and location.",
        ),
        dg.AssetSpec(
            "article_firm_stance",
            deps=["mentions"],
            group_name="score",
            kinds={"duckdb", "polars"},
            code_version=SCORER_VERSION,
            metadata=table_metadata("article_firm_stance"),
            freshness_policy=DAILY_READ,
            description="One row per (article, firm): the firm's stance in that "
            "article and the sentence that decides it.",
        ),
    ],
    pool=DUCKDB_POOL,
    can_subset=True,  # so each check can also run on its own
    check_specs=[
        dg.AssetCheckSpec(
            "valid_stances",
            asset="mentions",
            description="Every stance is one of the five and every score is in [-1, 1].",
        ),
        dg.AssetCheckSpec(
            "one_row_per_article_firm",
            asset="article_firm_stance",
            description="No (article, firm) pair appears twice.",
        ),
        dg.AssetCheckSpec(
            "articles_scored",
            asset="article_firm_stance",
            description="No article failed scoring (failed ones are skipped and listed in "
            "article_score_status); also counts the over-long articles scored on their "
            "first part.",
        ),
    ],
)
def stance_scores(context: dg.AssetExecutionContext, config: ProjectionConfig, home: DcwatchHome):
    """Score new or changed articles into mentions and per-article stances."""
    selected = {key.to_user_string() for key in context.selected_asset_keys}
    with home.connect() as con:
        if selected:  # one projection step writes both tables
            with stage("score", "articles"):
                stats = run_step(con, "mentions", home.eventlog(), rebuild=config.rebuild)
            context.log.info(f"mentions: {stats}")
            if "mentions" in selected:
                yield dg.MaterializeResult(
                    asset_key="mentions",
                    metadata={
                        "dagster/row_count": table_count(con, "mentions"),
                        "rescored_articles": stats.rows_in,
                        "rebuilt": stats.rebuilt,
                        "scorer_version": SCORER_VERSION,
                    },
                )
            if "article_firm_stance" in selected:
                yield _stance_result(con)
        yield from selected_checks(context, SCORE_CHECKS, con)


def _stance_result(con) -> dg.MaterializeResult:
    mix = frame(
        con,
        "SELECT firm, stance, count(*)::INTEGER AS articles "
        "FROM article_firm_stance GROUP BY ALL ORDER BY firm, articles DESC",
    )
    evidence = frame(
        con,
        "SELECT firm, stance, evidence FROM article_firm_stance "
        "WHERE stance <> 'mentioned' ORDER BY confidence DESC, article_id "
        "LIMIT 5",
    )
    return dg.MaterializeResult(
        asset_key="article_firm_stance",
        metadata={
            "dagster/row_count": table_count(con, "article_firm_stance"),
            "scorer_version": SCORER_VERSION,
            "stance_mix": dg.MetadataValue.md(markdown_table(mix, 40)),
            "evidence_preview": dg.MetadataValue.md(markdown_table(evidence, 5, 120)),
        },
    )


def _valid_stances(con) -> dg.AssetCheckResult:
    bad = con.execute(
        "SELECT count(*) FROM mentions WHERE stance NOT IN (SELECT unnest(?)) "
        "OR score < -1 OR score > 1 OR confidence < 0 OR confidence > 1",
        [list(STANCES)],
    ).fetchone()[0]  # type: ignore[index]
    return dg.AssetCheckResult(
        check_name="valid_stances",
        asset_key="mentions",
        passed=bad == 0,
        metadata={"invalid_rows": int(bad)},
    )


def _one_row_per_article_firm(con) -> dg.AssetCheckResult:
    dupes = con.execute(
        "SELECT count(*) FROM (SELECT article_id, firm FROM article_firm_stance "
        "GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()[0]  # type: ignore[index]
    return dg.AssetCheckResult(
        check_name="one_row_per_article_firm",
        asset_key="article_firm_stance",
        passed=dupes == 0,
        metadata={"duplicate_pairs": int(dupes)},
    )


def _articles_scored(con) -> dg.AssetCheckResult:
    status = frame(
        con, "SELECT status, count(*)::INTEGER AS n FROM article_score_status GROUP BY ALL"
    )
    failures = frame(
        con,
        "SELECT article_id, reason FROM article_score_status WHERE status = 'failed' "
        "ORDER BY article_id LIMIT 5",
    )
    counts = dict(zip(status["status"].to_list(), status["n"].to_list(), strict=True))
    n_failed, n_truncated = counts.get("failed", 0), counts.get("truncated", 0)
    return dg.AssetCheckResult(
        check_name="articles_scored",
        asset_key="article_firm_stance",
        passed=n_failed == 0,
        severity=dg.AssetCheckSeverity.WARN,
        description=None
        if n_failed == 0
        else f"{n_failed} article(s) failed scoring and were skipped: "
        "SELECT * FROM article_score_status WHERE status = 'failed'",
        metadata={
            "failed_articles": n_failed,
            "truncated_articles": n_truncated,
            "failures": dg.MetadataValue.md(markdown_table(failures, 5, 160)),
        },
    )


SCORE_CHECKS = {
    "valid_stances": _valid_stances,
    "one_row_per_article_firm": _one_row_per_article_firm,
    "articles_scored": _articles_scored,
}
