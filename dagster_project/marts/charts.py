"""Charts of the trend queries: a PNG (matplotlib, Agg) and a self-contained HTML (plotly).

The HTML inlines plotly.js, so it opens offline (≈5 MB a file). Labels are ASCII (firm
ids, dates, English titles), so no Korean font is needed on the machine that renders.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: the pipeline renders on servers and in tests

import matplotlib.pyplot as plt  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import polars as pl  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from plotly.subplots import make_subplots  # noqa: E402

from dagster_project.marts.chartspec import CHARTS, QUERY_OF  # noqa: E402, F401

TOP_FIRMS = 8  # share of voice shows the biggest firms and folds the rest into "other"


@dataclass(frozen=True)
class ChartFiles:
    png: Path
    html: Path


def _wide(df: pl.DataFrame, value: str) -> tuple[list, dict[str, list]]:
    """Periods (sorted) and, per firm, its values in that order (nulls kept as None)."""
    periods = sorted(df["period"].unique().to_list())
    series = {}
    for firm in sorted(df["firm"].unique().to_list()):
        got = dict(df.filter(pl.col("firm") == firm).select("period", value).iter_rows())
        series[firm] = [got.get(p) for p in periods]
    return periods, series


def share_frame(df: pl.DataFrame, top: int = TOP_FIRMS) -> pl.DataFrame:
    """share_of_voice rows with firms past the ``top`` biggest folded into ``other``.

    Periods without coverage are dropped: they have no shares, and drawing them as
    zeros would cut the stack to the floor.
    """
    df = df.filter(pl.col("period_articles") > 0)
    ranked = (
        df.group_by("firm")
        .agg(pl.col("articles").sum())
        .sort(["articles", "firm"], descending=[True, False])
    )
    keep = ranked["firm"].head(top).to_list()
    return (
        df.with_columns(
            firm=pl.when(pl.col("firm").is_in(keep)).then("firm").otherwise(pl.lit("other"))
        )
        .group_by("period", "firm")
        .agg(pl.col("share").fill_null(0).sum())
        .sort("period", "firm")
    )


def mpl_figure(chart: str, df: pl.DataFrame) -> Figure:
    """The static chart as a matplotlib figure (bars and lines carry the query's numbers)."""
    if chart == "google-vs-openai":
        periods, articles = _wide(df, "articles")
        _, score = _wide(df, "net_score")
        fig, (top, bottom) = plt.subplots(
            2, 1, figsize=(11, 6.5), sharex=True, height_ratios=[3, 2]
        )
        # Bars side by side inside a period (x is in days): 70% of the period for the group.
        gaps = [(b - a).days for a, b in zip(periods, periods[1:], strict=False)]
        step = min(gaps) if gaps else 7
        group = 0.7 * step
        width = group / max(len(articles), 1)
        for i, (firm, values) in enumerate(articles.items()):
            offsets = [p + dt.timedelta(days=i * width - group / 2 + width / 2) for p in periods]
            top.bar(offsets, values, width=width, label=firm)
            bottom.plot(
                periods,
                [float("nan") if v is None else v for v in score[firm]],
                marker="o",
                label=firm,
            )
        top.set_ylabel("articles")
        top.yaxis.set_major_locator(MaxNLocator(integer=True))  # no half articles
        top.set_title("Google vs OpenAI: data-center coverage and net stance")
        top.legend(loc="upper left")
        bottom.axhline(0, color="grey", linewidth=0.8)
        bottom.set_ylim(-1.05, 1.05)
        bottom.set_ylabel("net score")
    elif chart == "share-of-voice":
        folded = share_frame(df)
        periods, share = _wide(folded, "share")
        fig, ax = plt.subplots(figsize=(11, 5))
        ax.stackplot(periods, *[[v or 0 for v in s] for s in share.values()], labels=list(share))
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of firm mentions")
        ax.set_title("Share of voice in data-center coverage")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    else:
        raise ValueError(f"unknown chart {chart!r}; known: {', '.join(CHARTS)}")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def plotly_figure(chart: str, df: pl.DataFrame) -> go.Figure:
    """The interactive chart as a plotly figure (traces carry the query's numbers)."""
    if chart == "google-vs-openai":
        periods, articles = _wide(df, "articles")
        _, score = _wide(df, "net_score")
        fig = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            row_heights=[0.6, 0.4],
            subplot_titles=("articles", "net score"),
        )
        for firm in articles:
            fig.add_trace(
                go.Bar(x=periods, y=articles[firm], name=firm, legendgroup=firm), row=1, col=1
            )
            fig.add_trace(
                go.Scatter(
                    x=periods,
                    y=score[firm],
                    name=f"{firm} net score",
                    legendgroup=firm,
                    mode="lines+markers",
                    connectgaps=False,
                ),
                row=2,
                col=1,
            )
        fig.update_layout(
            barmode="group", title="Google vs OpenAI: data-center coverage and net stance"
        )
        fig.update_yaxes(range=[-1.05, 1.05], row=2, col=1)
    elif chart == "share-of-voice":
        periods, share = _wide(share_frame(df), "share")
        fig = go.Figure(
            [
                go.Scatter(x=periods, y=values, name=firm, stackgroup="share", mode="lines")
                for firm, values in share.items()
            ]
        )
        fig.update_layout(
            title="Share of voice in data-center coverage",
            yaxis={"range": [0, 1], "title": "share of firm mentions"},
        )
    else:
        raise ValueError(f"unknown chart {chart!r}; known: {', '.join(CHARTS)}")
    return fig


def render(chart: str, df: pl.DataFrame, out_dir: str | os.PathLike[str]) -> ChartFiles:
    """Write ``<chart>.png`` and ``<chart>.html`` into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = ChartFiles(out / f"{chart}.png", out / f"{chart}.html")
    fig = mpl_figure(chart, df)
    try:
        _atomic(files.png, lambda p: fig.savefig(p, dpi=110, format="png"))
    finally:
        plt.close(fig)
    html = plotly_figure(chart, df).to_html(include_plotlyjs=True, full_html=True)
    _atomic(files.html, lambda p: p.write_text(html, encoding="utf-8"))
    return files


def _atomic(path: Path, write) -> None:
    # Written beside the target, then renamed: a browser or BI tool never sees half a file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
