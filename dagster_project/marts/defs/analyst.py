"""The analyst's outputs of a marts run: alerts (and their delivery), charts, the read copy.

Thin glue: the work is in dagster_project.marts and warehouse.publish_copy; these
functions turn it into MaterializeResults with metadata for the UI.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.defs_common import markdown_table
from dagster_project.marts.alerts import update_alerts
from dagster_project.marts.chartspec import CHARTS, chart_data
from dagster_project.marts.notify import deliver, targets_from_config
from dagster_project.marts.report import REPORT_FILE, SECTIONS, write_report
from dagster_project.resources import DcwatchHome, SourcesResource
from dagster_project.warehouse import (
    READ_COPY_FILE,
    connect,
    publish_copy,
    sql_text,
    table_count,
)


def alerts_version() -> str:
    """Version of the alert rules: a hash of the SQL that finds them."""
    text = sql_text("macros") + sql_text("alerts") + sql_text("reference/stance_timeline")
    return "alerts-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def run_alerts(
    context: dg.AssetExecutionContext,
    con: duckdb.DuckDBPyConnection,
    sources: SourcesResource,
    with_check: bool,
) -> dg.MaterializeResult:
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
    table = dg.MetadataValue.md(markdown_table(preview, 20, 120))
    checks = [alerts_check(new.height, table)] if with_check else []
    return dg.MaterializeResult(
        asset_key="alerts",
        metadata={
            "dagster/row_count": total,
            "new_alerts": new.height,
            "delivered": sent,
            "delivery_failures": failed,
            "new": table,
        },
        check_results=checks,
    )


def alerts_check(new: int, table=None) -> dg.AssetCheckResult:
    """no_new_alerts: warns when the alerts run raised ``new`` alerts (``table``: a preview)."""
    return dg.AssetCheckResult(
        check_name="no_new_alerts",
        asset_key="alerts",
        passed=new == 0,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{new} new alert(s): stance changes or coverage spikes; "
        "see the alerts table or: dcwatch query stance_timeline",
        metadata={"new_alerts": new, **({"new": table} if table is not None else {})},
    )


def chart_frames(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """The rows each chart draws (and the changes it marks), read while the run holds the db."""
    return {chart: chart_data(con, chart) for chart in CHARTS}


def render_charts(
    context: dg.AssetExecutionContext,
    home: DcwatchHome,
    frames: dict[str, tuple],
    with_check: bool,
) -> dg.MaterializeResult:
    """Draw every chart under $DCWATCH_HOME/charts; the summary lists the files."""
    out = home.root / "charts"
    lines, meta, problems = ["| chart | PNG | HTML (offline) |", "|---|---|---|"], {}, []
    try:
        from dagster_project.marts.charts import render
    except ImportError as exc:
        # Charts are a view of the marts: an environment without the plotting libraries
        # still gets its tables, alerts and read copy, and the UI says what is missing.
        context.log.warning(f"charts not drawn: {exc}")
        render, problems = None, [f"charts not drawn: {exc}"]
        lines = [f"_charts not drawn: {exc}_"]
    for chart, (df, changes) in frames.items() if render else ():
        if df.is_empty():
            lines.append(f"| {chart} | _no coverage yet_ | |")
            continue
        files = render(chart, df, out, changes)
        lines.append(f"| {chart} | `{files.png}` | `{files.html}` |")
        meta[f"{chart}_png"] = dg.MetadataValue.path(str(files.png))
        meta[f"{chart}_html"] = dg.MetadataValue.path(str(files.html))
        # The picture itself, so it shows on the asset page (Markdown with a data: URL).
        picture = base64.b64encode(files.png.read_bytes()).decode()
        meta[chart] = dg.MetadataValue.md(f"![{chart}](data:image/png;base64,{picture})")
        problems += _chart_problems(files.png, files.html)
    checks = [charts_check(problems)] if with_check else []
    return dg.MaterializeResult(
        asset_key="trend_charts",
        metadata={
            "summary": dg.MetadataValue.md("\n".join(lines)),
            "folder": dg.MetadataValue.path(str(out)),
            **meta,
        },
        check_results=checks,
    )


def charts_check(problems: list[str]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name="charts_written",
        asset_key="trend_charts",
        passed=not problems,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"problems": "; ".join(problems) or "none"},
    )


def charts_on_disk(home: DcwatchHome, frames: dict[str, tuple]) -> dg.AssetCheckResult:
    """charts_written judged on the files there now: every chart with data drawn whole."""
    out, problems = home.root / "charts", []
    for chart, (df, _) in frames.items():
        if not df.is_empty():
            problems += _chart_problems(out / f"{chart}.png", out / f"{chart}.html")
    return charts_check(problems)


def _chart_problems(png: Path, html: Path) -> list[str]:
    problems = []
    if not png.is_file() or png.read_bytes()[:4] != b"\x89PNG":
        problems.append(f"{png} is not a PNG")
    text = html.read_text(encoding="utf-8") if html.is_file() else ""
    # Offline means plotly.js is in the file, not loaded from a CDN when it is opened.
    if "<script" not in text or '<script src="http' in text:
        problems.append(f"{html} is not a self-contained chart")
    return problems


def report_result(
    home: DcwatchHome, html: str, firms: list[str], with_check: bool
) -> dg.MaterializeResult:
    """Write the report page; its metadata links it; its check says every part is there."""
    path = write_report(html, home.root / REPORT_FILE)
    checks = [report_check(html, firms)]
    return dg.MaterializeResult(
        asset_key="analyst_report",
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "open": dg.MetadataValue.url(path.as_uri()),
            "bytes": path.stat().st_size,
        },
        check_results=checks if with_check else [],
    )


def report_check(html: str, firms: list[str]) -> dg.AssetCheckResult:
    """Every section of the report is there, and every firm with a stated stance."""
    missing = [f"section {s}" for s in SECTIONS if f'id="{s}"' not in html]
    missing += [f"firm {f}" for f in firms if f not in html]
    return dg.AssetCheckResult(
        check_name="report_complete",
        asset_key="analyst_report",
        passed=not missing,
        metadata={"missing": ", ".join(missing) or "none", "firms": len(firms)},
    )


PUBLISHED_TABLES = ("articles", "article_firm_stance", "firm_daily", "firm_weekly", "alerts")


def publish(home: DcwatchHome, with_check: bool) -> dg.MaterializeResult:
    """Copy the checkpointed warehouse to dcwatch-read.duckdb (temporary name, then rename)."""
    dest = publish_copy(home.db_path, home.root / READ_COPY_FILE, home.lock_timeout_s)
    checks = [copy_check(home)] if with_check else []
    return dg.MaterializeResult(
        asset_key="published_copy",
        metadata={
            "path": dg.MetadataValue.path(str(dest)),
            "bytes": Path(dest).stat().st_size,
            "open_with": dg.MetadataValue.md(f"`duckdb -readonly {dest}`"),
        },
        check_results=checks,
    )


def copy_check(home: DcwatchHome) -> dg.AssetCheckResult:
    """The copy opens on its own, read-only, and holds what the warehouse holds."""
    dest = home.root / READ_COPY_FILE
    with home.connect(read_only=True) as con:
        want = {t: table_count(con, t) for t in PUBLISHED_TABLES}
    got: dict[str, int] = {}
    if dest.is_file():
        with connect(dest, read_only=True) as con:
            got = {t: table_count(con, t) for t in PUBLISHED_TABLES}
    return dg.AssetCheckResult(
        check_name="copy_matches_warehouse",
        asset_key="published_copy",
        passed=got == want,
        description=None if dest.is_file() else f"{dest} is missing: materialize published_copy",
        metadata={"copy": str(got), "warehouse": str(want)},
    )
