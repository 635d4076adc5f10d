"""Which query each chart draws, with which defaults, and the colours every view shares
(no plotting library needed to read it: the report uses the colours too)."""

from __future__ import annotations

import hashlib

CHARTS = ("google-vs-openai", "share-of-voice")
QUERY_OF = {"google-vs-openai": "google_vs_openai", "share-of-voice": "share_of_voice"}
# Shares of a handful of articles a week swing from 0 to 1; a month is the readable default.
DEFAULTS: dict[str, dict[str, str]] = {
    "google-vs-openai": {},
    "share-of-voice": {"period": "month"},
}

# Stacked bottom to top: the firm's own plans, then what it runs, then the rest.
STANCE_ORDER = ("committed", "operating", "considering", "mentioned", "declined")
STANCE_COLOURS = {
    "committed": "#2e7d32",
    "operating": "#1565c0",
    "considering": "#f9a825",
    "mentioned": "#bdbdbd",
    "declined": "#c62828",
}
# One colour per firm in every chart and panel (Tableau 10 for the firms named most).
FIRM_COLOURS = {
    "google": "#4e79a7",
    "openai": "#f28e2b",
    "microsoft": "#59a14f",
    "amazon": "#e15759",
    "meta": "#76b7b2",
    "oracle": "#edc948",
    "nvidia": "#b07aa1",
    "apple": "#ff9da7",
    "anthropic": "#9c755f",
    "ibm": "#17becf",
    "other": "#bab0ac",
}
_MORE = ("#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5")


def firm_colour(firm: str) -> str:
    """The firm's colour: fixed for the main firms, a stable pick for the rest."""
    if firm in FIRM_COLOURS:
        return FIRM_COLOURS[firm]
    return _MORE[int(hashlib.sha1(firm.encode()).hexdigest(), 16) % len(_MORE)]


def chart_params(chart: str, given: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """The query parameters for a chart: its defaults, overridden by what the user gave."""
    params: dict[str, str | None] = dict(DEFAULTS[chart])
    params.update({k: v for k, v in (given or {}).items() if v is not None})
    return params


def chart_data(con, chart: str, given: dict[str, str | None] | None = None):
    """(rows the chart draws, the stance changes it marks or None), read from ``con``."""
    from dagster_project.marts.queries import run_query

    params = chart_params(chart, given)
    df = run_query(con, QUERY_OF[chart], **params)
    if chart != "google-vs-openai":
        return df, None
    keep = {k: params.get(k) for k in ("location", "since", "until")}
    changes = run_query(
        con, "stance_timeline", firms=params.get("firms") or "google,openai", **keep
    )
    return df, changes
