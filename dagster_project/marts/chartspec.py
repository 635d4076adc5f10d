"""Which query each chart draws, with which defaults (no plotting library needed to read it)."""

from __future__ import annotations

CHARTS = ("google-vs-openai", "share-of-voice")
QUERY_OF = {"google-vs-openai": "google_vs_openai", "share-of-voice": "share_of_voice"}
# Shares of a handful of articles a week swing from 0 to 1; a month is the readable default.
DEFAULTS: dict[str, dict[str, str]] = {
    "google-vs-openai": {},
    "share-of-voice": {"period": "month"},
}


def chart_params(chart: str, given: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """The query parameters for a chart: its defaults, overridden by what the user gave."""
    params: dict[str, str | None] = dict(DEFAULTS[chart])
    params.update({k: v for k, v in (given or {}).items() if v is not None})
    return params
