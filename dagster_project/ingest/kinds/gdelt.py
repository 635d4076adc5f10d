"""GDELT DOC 2.0 queries (``kind: gdelt``): a query and a time window, split when full.

Not watched by the feed sensor: every request spends the API's quota.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from dagster_project.ingest import gdelt
from dagster_project.ingest.discover import Polled, Validators, bad, discovered, request
from dagster_project.ingest.feeds import FeedError
from dagster_project.ingest.kinds import Kind, register

GDELT_API = "https://api.gdeltproject.org/api/v2/doc/doc"


def poll_gdelt(source, client, validators: Validators) -> Polled:
    """Run a GDELT query over its window, splitting windows that hit the 250-article cap."""
    out, p = Polled(), source.params
    windows, requests = [gdelt.window(p["days"], p["start"], p["end"])], 0
    while windows and requests < p["max_requests"]:
        start, end = windows.pop(0)
        url = gdelt.request_url(source.url, p["query"], start, end)
        requests += 1
        meta = {"query": p["query"], "start": start.isoformat(), "end": end.isoformat()}
        res = request(source, url, client, {}, out, meta)  # a query answer is never cached
        if res is None:
            continue
        try:
            items = gdelt.parse_artlist(res.body or b"")
        except FeedError as exc:
            bad(source, url, res, exc, out)
            continue
        if len(items) >= gdelt.MAX_RECORDS:
            windows.extend(gdelt.halves(start, end, p["min_window_minutes"]))
        discovered(source, source.url, items, out)
    return out


def _prepare(params: dict, url: str) -> dict:
    if not params["query"].strip():
        raise ValueError("'query' must not be empty")
    for key in ("start", "end"):
        params[key] = _when(key, params[key])
    if (params["start"] is None) != (params["end"] is None):
        raise ValueError("give both 'start' and 'end', or neither (then 'days' ending now)")
    if params["start"] and params["start"] >= params["end"]:
        raise ValueError("'start' must be before 'end'")
    return params


def _when(key: str, value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value.astimezone(UTC) if isinstance(value, datetime) else None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{key!r} must be an ISO date or time, got {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


register(
    Kind(
        "gdelt",
        fields={
            "query": (str, ...),
            "days": (int, 1),  # a window ending now; or `start`/`end` for a fixed window
            "start": ((str, date, datetime), None),
            "end": ((str, date, datetime), None),
            "min_window_minutes": (int, 60),
            "max_requests": (int, 20),
            "rate_limit_s": ((int, float), 5.0),  # GDELT asks for one request per 5 s
        },
        poll=poll_gdelt,
        default_url=GDELT_API,  # `url` is the API base
        prepare=_prepare,
        host_rate=lambda p: 1.0 / p["rate_limit_s"] if p["rate_limit_s"] else None,
    )
)
