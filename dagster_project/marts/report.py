"""The analyst's report: one self-contained HTML page (no external files, opens offline).

What an analyst wants first: each firm's current stance, since when, and the sentence and
link that say so; the Google-vs-OpenAI timeline (with the chart); share of voice; the top
sources; the latest stance changes. Built from the named queries, so it says what they say.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
from html import escape
from pathlib import Path

import duckdb
import polars as pl

from dagster_project.marts.chartspec import STANCE_COLOURS, firm_colour
from dagster_project.marts.queries import run_query

REPORT_FILE = "report.html"  # under $DCWATCH_HOME, rewritten by every refresh
SECTIONS = ("stances", "google-vs-openai", "share", "sources", "changes")

CSS = """
body{font-family:"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",
 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%} td,th{padding:.35em .5em;vertical-align:top;
 border-bottom:1px solid #eee;text-align:left} th{background:#f6f6f6}
.stance{display:inline-block;padding:.05em .5em;border-radius:.7em;color:#fff;font-size:.9em}
.firm{font-weight:600;border-left:.5em solid;padding-left:.4em} .muted{color:#777}
.bar{height:.9em;display:inline-block;vertical-align:middle} img{max-width:100%}
"""


def _stance(stance: str | None) -> str:
    if not stance:
        return '<span class="muted">–</span>'
    colour = STANCE_COLOURS.get(stance, "#777")
    return f'<span class="stance" style="background:{colour}">{escape(stance)}</span>'


def _firm(firm: str, names: dict[str, str]) -> str:
    name = escape(names.get(firm, firm))
    return f'<span class="firm" style="border-color:{firm_colour(firm)}">{name}</span>'


def _quote(text: str | None, url: str | None, lang: str | None = None) -> str:
    if not text:
        return ""
    attr = f' lang="{escape(lang)}"' if lang else ""
    link = f' <a href="{escape(url)}">source</a>' if url else ""
    return f"<span{attr}>“{escape(text)}”</span>{link}"


def _since(change: dict | None) -> str:
    """When the firm's stance last changed, and from what."""
    if change is None:
        return '<span class="muted">first stated</span>'
    return f"{escape(str(change['day']))} (was {_stance(change['from_stance'])})"


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return '<p class="muted">Nothing yet.</p>'
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def _chart_png(con: duckdb.DuckDBPyConnection) -> str | None:
    """The google-vs-openai chart as a data: URL, or None without coverage."""
    from dagster_project.marts.charts import mpl_figure, plt
    from dagster_project.marts.chartspec import chart_data

    df, changes = chart_data(con, "google-vs-openai", {"period": "month"})
    if df.is_empty():
        return None
    fig = mpl_figure("google-vs-openai", df, changes)
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=90)
    finally:
        plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def firm_names() -> dict[str, str]:
    """Firm id → display name, from the firm registry (Google, OpenAI, …)."""
    from dagster_project.score.registry import load_registry

    return load_registry().names


def build_report(con: duckdb.DuckDBPyConnection, names: dict[str, str] | None = None) -> str:
    """The report as one HTML document; ``names`` maps firm ids to display names (default:
    the firm registry's)."""
    names = firm_names() if names is None else names
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    current = run_query(con, "firm_stances")
    timeline = run_query(con, "stance_timeline")
    changes = timeline.filter(pl.col("from_stance").is_not_null())
    since = changes.group_by("firm").agg(pl.all().sort_by("published_at").last())
    since = {r["firm"]: r for r in since.iter_rows(named=True)}
    stands = [
        [_firm(r["firm"], names), _stance(r["stance"]), _since(since.get(r["firm"])),
         escape(f"{r['published_day']} · {r['source']}"),
         _quote(r["evidence"], r["url"], r["lang"])]
        for r in current.iter_rows(named=True)
    ]  # fmt: skip
    gvo = timeline.filter(pl.col("firm").is_in(["google", "openai"])).sort("published_at")
    gvo_rows = [
        [escape(str(r["day"])), _firm(r["firm"], names), _stance(r["from_stance"]) + " → "
         + _stance(r["to_stance"]), escape(r["source"]), _quote(r["evidence"], r["url"])]
        for r in gvo.iter_rows(named=True)
    ]  # fmt: skip
    share = run_query(con, "share_of_voice", period="month")
    share = share.group_by("firm").agg(pl.col("articles").sum()).sort("articles", descending=True)
    total = max(int(share["articles"].sum() or 0), 1)
    share_rows = [
        [_firm(r["firm"], names), str(r["articles"]), f"{r['articles'] / total:.0%}",
         f'<span class="bar" style="width:{300 * r["articles"] / total:.0f}px;'
         f'background:{firm_colour(r["firm"])}"></span>']
        for r in share.iter_rows(named=True)
    ]  # fmt: skip
    sources = (
        run_query(con, "by_source")
        .group_by("source")
        .agg(
            pl.col("articles").sum(),
            pl.col("firm").n_unique().alias("firms"),
            pl.col("last_day").max(),
        )  # fmt: skip
        .sort(["articles", "source"], descending=[True, False])
        .head(10)
    )
    source_rows = [
        [escape(r["source"]), str(r["articles"]), str(r["firms"]), escape(str(r["last_day"]))]
        for r in sources.iter_rows(named=True)
    ]
    latest = changes.sort("published_at", descending=True).head(10)
    latest_rows = [
        [escape(str(r["day"])), _firm(r["firm"], names), _stance(r["from_stance"]) + " → "
         + _stance(r["to_stance"]), _quote(r["evidence"], r["url"])]
        for r in latest.iter_rows(named=True)
    ]  # fmt: skip
    chart = _chart_png(con)
    picture = f'<img alt="Google vs OpenAI by month" src="{chart}">' if chart else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>dcwatch report</title>
<style>{CSS}</style></head><body>
<h1>Foreign tech firms and AI data centers in Korea</h1>
<p class="muted">dcwatch report, generated {now}. Stances: committed, operating, considering,
declined; a firm only named is "mentioned".</p>
<h2 id="stances">Where each firm stands</h2>
{_table(["firm", "stance now", "since", "said", "the sentence"], stands)}
<h2 id="google-vs-openai">Google vs OpenAI</h2>
{picture}
{_table(["day", "firm", "change", "source", "the sentence"], gvo_rows)}
<h2 id="share">Share of voice</h2>
{_table(["firm", "articles", "share", ""], share_rows)}
<h2 id="sources">Top sources</h2>
{_table(["source", "articles", "firms covered", "latest"], source_rows)}
<h2 id="changes">Latest stance changes</h2>
{_table(["day", "firm", "change", "the sentence"], latest_rows)}
</body></html>
"""


def write_report(html: str, path: Path) -> Path:
    """Write the page under a temporary name, then rename it: a reader never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
