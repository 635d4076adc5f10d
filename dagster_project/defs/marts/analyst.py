"""The analyst's outputs of a marts run: alerts (and their delivery), charts, the read copy.

Thin glue: the work is in dagster_project.analysis and warehouse.publish_copy; these
functions turn it into MaterializeResults with metadata for the UI.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from dagster_project.analysis.alerts import update_alerts
from dagster_project.analysis.chartspec import QUERY_OF, chart_params
from dagster_project.analysis.notify import deliver, targets_from_config
from dagster_project.analysis.queries import run_query
from dagster_project.defs.common import markdown_table
from dagster_project.resources import DcwatchHome, SourcesResource
from dagster_project.warehouse import READ_COPY_FILE, publish_copy, sql_text, table_count


def alerts_version() -> str:
    """Version of the alert rules: a hash of the SQL that finds them."""
    text = sql_text("alerts") + sql_text("queries/stance_timeline")
    return "alerts-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def run_alerts(context: dg.AssetExecutionContext, con: duckdb.DuckDBPyConnection,
               sources: SourcesResource, with_check: bool) -> dg.MaterializeResult:
    """Record new alerts, send them where the sources file says, report them."""
    new = update_alerts(con)
    total = table_count(con, "alerts")
    sent = failed = 0
    if not new.is_empty():
        try:
            targets = targets_from_config(sources.load().extra.get("alerts"))
        except Exception as exc:  # a bad alerts section must not lose the recorded alerts
            context.log.warning(f"alerts: not delivered, the alerts section is unusable: {exc}")
        else:
            report = deliver(new.iter_rows(named=True), targets, context.log)
            sent, failed = report.sent, report.failed
    preview = new.select("kind", "firm", "day", "from_stance", "to_stance", "count", "evidence")
    checks = [dg.AssetCheckResult(
        check_name="no_new_alerts", asset_key="alerts", passed=new.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"new_alerts": new.height,
                  "new": dg.MetadataValue.md(markdown_table(preview, 20, 120))},
    )] if with_check else []
    return dg.MaterializeResult(
        asset_key="alerts",
        metadata={"dagster/row_count": total, "new_alerts": new.height,
                  "delivered": sent, "delivery_failures": failed,
                  "new": dg.MetadataValue.md(markdown_table(preview, 20, 120))},
        check_results=checks,
    )


def chart_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """The rows each chart draws, read while the run holds the database."""
    return {chart: run_query(con, query, **chart_params(chart))
            for chart, query in QUERY_OF.items()}


def render_charts(context: dg.AssetExecutionContext, home: DcwatchHome,
                  frames: dict[str, pl.DataFrame]) -> dg.MaterializeResult:
    """Draw every chart under $DCWATCH_HOME/charts; the summary lists the files."""
    out = home.root / "charts"
    try:
        from dagster_project.analysis.charts import render
    except ImportError as exc:
        # Charts are a view of the marts: an environment without the plotting libraries
        # still gets its tables, alerts and read copy, and the UI says what is missing.
        context.log.warning(f"charts not drawn: {exc}")
        return dg.MaterializeResult(asset_key="trend_charts", metadata={
            "summary": dg.MetadataValue.md(f"_charts not drawn: {exc}_")})
    lines, meta = ["| chart | PNG | HTML (offline) |", "|---|---|---|"], {}
    for chart, df in frames.items():
        if df.is_empty():
            lines.append(f"| {chart} | _no coverage yet_ | |")
            continue
        files = render(chart, df, out)
        lines.append(f"| {chart} | `{files.png}` | `{files.html}` |")
        meta[f"{chart}_png"] = dg.MetadataValue.path(str(files.png))
        meta[f"{chart}_html"] = dg.MetadataValue.path(str(files.html))
    return dg.MaterializeResult(
        asset_key="trend_charts",
        metadata={"summary": dg.MetadataValue.md("\n".join(lines)),
                  "folder": dg.MetadataValue.path(str(out)), **meta},
    )


def publish(home: DcwatchHome) -> dg.MaterializeResult:
    """Copy the checkpointed warehouse to dcwatch-read.duckdb (temporary name, then rename)."""
    dest = publish_copy(home.db_path, home.root / READ_COPY_FILE, home.lock_timeout_s)
    size = Path(dest).stat().st_size
    return dg.MaterializeResult(
        asset_key="published_copy",
        metadata={"path": dg.MetadataValue.path(str(dest)), "bytes": size,
                  "open_with": dg.MetadataValue.md(f"`duckdb -readonly {dest}`")},
    )
