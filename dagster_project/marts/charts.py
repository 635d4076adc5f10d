"""Charts of the trend queries: a PNG (matplotlib, Agg) and a self-contained HTML (plotly).

google-vs-openai: articles per period (one colour per firm), then for each firm its stance
mix per period, stacked by stance, with each stance change marked where it happened.
share-of-voice: each firm's share of coverage. The HTML inlines plotly.js, so it opens
offline (≈5 MB a file). Labels are ASCII, so no Korean font is needed to render.
"""

from __future__ import annotations

import bisect
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

from dagster_project.marts.chartspec import (  # noqa: E402
    CHARTS,
    STANCE_COLOURS,
    STANCE_ORDER,
    firm_colour,
)

TOP_FIRMS = 8  # share of voice shows the biggest firms and folds the rest into "other"
TITLE = "Google vs OpenAI: data-center coverage and stance mix"


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


def stance_changes(changes: pl.DataFrame | None, periods: list) -> dict[str, list[tuple]]:
    """Per firm, its stance changes as (period, from, to), each in the period of its day."""
    marks: dict[str, list[tuple]] = {}
    if changes is None or changes.is_empty() or not periods:
        return marks
    for row in changes.filter(pl.col("from_stance").is_not_null()).iter_rows(named=True):
        i = bisect.bisect_right(periods, row["day"]) - 1
        if i >= 0:
            marks.setdefault(row["firm"], []).append(
                (periods[i], row["from_stance"], row["to_stance"])
            )
    return marks


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


def _bar_width(periods: list) -> float:
    gaps = [(b - a).days for a, b in zip(periods, periods[1:], strict=False)]
    return 0.8 * (min(gaps) if gaps else 7)


def mpl_figure(chart: str, df: pl.DataFrame, changes: pl.DataFrame | None = None) -> Figure:
    """The static chart as a matplotlib figure (bars carry the query's numbers)."""
    if chart == "google-vs-openai":
        periods, articles = _wide(df, "articles")
        firms, marks, width = list(articles), stance_changes(changes, periods), _bar_width(periods)
        fig, axes = plt.subplots(
            1 + len(firms), 1, figsize=(11, 3 + 2 * len(firms)), sharex=True,
            height_ratios=[3] + [2] * len(firms), squeeze=False,
        )  # fmt: skip
        top, rows = axes[0][0], [a[0] for a in axes[1:]]
        group = width / max(len(firms), 1)
        for i, firm in enumerate(firms):
            x = [p + dt.timedelta(days=i * group - width / 2 + group / 2) for p in periods]
            top.bar(x, articles[firm], width=group, label=firm, color=firm_colour(firm))
        top.set_ylabel("articles")
        top.set_title(TITLE)
        top.legend(loc="upper left")
        for ax, firm in zip(rows, firms, strict=True):
            bottom = [0] * len(periods)
            for stance in STANCE_ORDER:
                _, counts = _wide(df.filter(pl.col("firm") == firm), stance)
                values = [v or 0 for v in counts.get(firm, [0] * len(periods))]
                ax.bar(periods, values, width=width, bottom=bottom, label=stance,
                       color=STANCE_COLOURS[stance])  # fmt: skip
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
            height = dict(zip(periods, bottom, strict=True))
            seen: dict = {}
            for period, old, new in marks.get(firm, []):
                k = seen[period] = seen.get(period, -1) + 1  # stack labels of one period
                ax.annotate(f"{old}→{new}", (period, height[period]), xytext=(0, 6 + 9 * k),
                            textcoords="offset points", ha="center", fontsize=7,
                            arrowprops={"arrowstyle": "-", "color": "black"})  # fmt: skip
            ax.set_ylabel(f"{firm}\nstance mix")
            ax.set_ylim(0, max(bottom + [1]) * 1.35)
        if rows:
            rows[0].legend(loc="upper left", ncol=len(STANCE_ORDER), fontsize="small")
        for ax in [top, *rows]:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # no half articles
    elif chart == "share-of-voice":
        periods, share = _wide(share_frame(df), "share")
        fig, ax = plt.subplots(figsize=(11, 5))
        ax.stackplot(periods, *[[v or 0 for v in s] for s in share.values()], labels=list(share),
                     colors=[firm_colour(f) for f in share])  # fmt: skip
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of firm mentions")
        ax.set_title("Share of voice in data-center coverage")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    else:
        raise ValueError(f"unknown chart {chart!r}; known: {', '.join(CHARTS)}")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def _count_axis(top: int) -> dict:
    """Whole-number ticks, about five of them."""
    return {"rangemode": "tozero", "tickformat": "d", "dtick": max(1, -(-top // 5))}


def plotly_figure(chart: str, df: pl.DataFrame, changes: pl.DataFrame | None = None) -> go.Figure:
    """The interactive chart as a plotly figure (traces carry the query's numbers)."""
    if chart == "google-vs-openai":
        periods, articles = _wide(df, "articles")
        firms, marks = list(articles), stance_changes(changes, periods)
        n = len(firms)
        fig = make_subplots(
            rows=1 + n, cols=1, shared_xaxes=True, vertical_spacing=0.04,
            row_heights=[0.4] + [0.6 / max(n, 1)] * n,
            subplot_titles=["articles", *[f"{f}: stance mix (▼ a stance change)" for f in firms]],
        )  # fmt: skip
        for firm in firms:
            fig.add_trace(go.Bar(x=periods, y=articles[firm], name=firm, legendgroup=firm,
                                 marker_color=firm_colour(firm), meta={"firm": firm}),
                          row=1, col=1)  # fmt: skip
        fig.update_yaxes(**_count_axis(max([v or 0 for s in articles.values() for v in s] + [1])),
                         row=1, col=1)  # fmt: skip
        for row, firm in enumerate(firms, start=2):
            rows = df.filter(pl.col("firm") == firm)
            totals = [0] * len(periods)
            for stance in STANCE_ORDER:
                values = [v or 0 for v in _wide(rows, stance)[1].get(firm, [0] * len(periods))]
                fig.add_trace(go.Bar(x=periods, y=values, name=stance, legendgroup=stance,
                                     showlegend=row == 2, marker_color=STANCE_COLOURS[stance],
                                     meta={"firm": firm, "stance": stance}),
                              row=row, col=1)  # fmt: skip
                totals = [t + v for t, v in zip(totals, values, strict=True)]
            height = dict(zip(periods, totals, strict=True))
            if marks.get(firm):
                at = [p for p, _, _ in marks[firm]]
                fig.add_trace(go.Scatter(
                    x=at, y=[height[p] + 0.3 for p in at], mode="markers",
                    marker={"symbol": "triangle-down", "size": 11, "color": "black"},
                    hovertext=[f"{firm}: {old} → {new}" for _, old, new in marks[firm]],
                    hoverinfo="text+x", showlegend=False, meta={"firm": firm, "changes": True},
                ), row=row, col=1)  # fmt: skip
            fig.update_yaxes(**_count_axis(max(totals + [1])), row=row, col=1)
        # Stacked: the firms' articles in the first row, the stances in each firm's row.
        fig.update_layout(barmode="stack", title=TITLE, height=320 + 200 * n,
                          margin={"t": 80, "b": 40})  # fmt: skip
    elif chart == "share-of-voice":
        periods, share = _wide(share_frame(df), "share")
        fig = go.Figure(
            [
                go.Scatter(
                    x=periods,
                    y=values,
                    name=firm,
                    stackgroup="share",
                    mode="lines",
                    line={"color": firm_colour(firm)},
                )  # fmt: skip
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


def render(
    chart: str,
    df: pl.DataFrame,
    out_dir: str | os.PathLike[str],
    changes: pl.DataFrame | None = None,
) -> ChartFiles:
    """Write ``<chart>.png`` and ``<chart>.html`` into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = ChartFiles(out / f"{chart}.png", out / f"{chart}.html")
    fig = mpl_figure(chart, df, changes)
    try:
        _atomic(files.png, lambda p: fig.savefig(p, dpi=100, format="png"))
    finally:
        plt.close(fig)
    html = plotly_figure(chart, df, changes).to_html(include_plotlyjs=True, full_html=True)
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
