"""Small helpers shared by the stage assets: metadata that reads well in the UI, and the
checks a run selected."""

from collections.abc import Callable, Iterator

import dagster as dg
import polars as pl

DUCKDB_POOL = "duckdb"  # every asset that writes the DuckDB file runs in this pool (limit 1)
# Fetching meets flaky networks: a failed ingest step is retried twice, 10 s then 20 s later
# (faults of single URLs never fail the step; they are FetchFailed events).
INGEST_RETRY = dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL)


class ProjectionConfig(dg.Config):
    """Run config of the projection assets."""

    rebuild: bool = False  # empty the projection and rebuild it from the whole log
    workers: int = 0  # processes for parsing (0: DCWATCH_WORKERS, else one per core)


def markdown_table(df: pl.DataFrame, max_rows: int = 5, max_chars: int = 80) -> str:
    """A small Markdown preview of a frame (long cells cut), for asset metadata."""
    if df.is_empty():
        return "_no rows_"
    head = df.head(max_rows)
    cols = head.columns

    def cell(v: object) -> str:
        text = "" if v is None else str(v).replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= max_chars else text[: max_chars - 1] + "…"

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in head.iter_rows()]
    return "\n".join(lines)


def column_schema(df: pl.DataFrame) -> dg.TableSchema:
    """A Dagster table schema from a frame's columns and dtypes."""
    return dg.TableSchema(
        columns=[dg.TableColumn(name, str(dtype)) for name, dtype in df.schema.items()]
    )


CheckFn = Callable[..., dg.AssetCheckResult]


def selected_checks(
    context: dg.AssetExecutionContext, checks: dict[str, CheckFn], *args
) -> Iterator[dg.AssetCheckResult]:
    """The results of the checks in ``checks`` (by name) that this run selected, each
    computed from what is stored now: the same code whether the check runs after its
    asset or on its own (the op is subsettable, so the UI can run a check alone)."""
    wanted = {key.name for key in context.selected_asset_check_keys}
    for name, check in checks.items():
        if name in wanted:
            yield check(*args)
