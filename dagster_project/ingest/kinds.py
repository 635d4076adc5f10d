"""The fields each source kind accepts, with their types and defaults.

Kept as data so the validation message can list what a kind expects, and so a new
kind is one entry here plus a reader module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

GDELT_API = "https://api.gdeltproject.org/api/v2/doc/doc"
# Feed hosts whose item links lead to a script redirect, not to the article.
AGGREGATORS = ("news.google.com",)

# kind -> {field: (type, default)}; a default of ... means the field is required.
KIND_FIELDS: dict[str, dict[str, tuple[type | tuple[type, ...], Any]]] = {
    # headlines_only: record the items (headline, outlet, date) without fetching their
    # links; unset, true for aggregators whose links are script redirects (AGGREGATORS)
    "rss": {"headlines_only": (bool, None)},
    "atom": {"headlines_only": (bool, None)},
    "sitemap": {"max_depth": (int, 2), "max_sitemaps": (int, 50), "max_urls": (int, 1000)},
    "gdelt": {
        "query": (str, ...),
        "days": (int, 1),  # a window ending now; or `start`/`end` for a fixed window
        "start": ((str, date, datetime), None),
        "end": ((str, date, datetime), None),
        "min_window_minutes": (int, 60),
        "max_requests": (int, 20),
        "rate_limit_s": ((int, float), 5.0),  # GDELT asks for one request per 5 s
    },
    "warc": {"flush_every": (int, 1000), "max_records": (int, 0)},
}
COMMON_FIELDS = {"name", "kind", "url", "lang"}
URL_OPTIONAL = {"gdelt"}  # for gdelt, `url` is the API base and defaults to GDELT's


def kind_params(kind: str, entry: dict) -> dict[str, Any]:
    """Validate ``entry``'s kind-specific fields; return them with defaults filled in.

    Raises ValueError with a message naming the field and what was expected.
    """
    spec = KIND_FIELDS[kind]
    unknown = sorted(set(entry) - COMMON_FIELDS - set(spec))
    if unknown:
        allowed = ", ".join(sorted(spec)) or "none"
        raise ValueError(
            f"unknown field(s) {', '.join(unknown)} for kind {kind!r} (its own fields: {allowed})"
        )
    params: dict[str, Any] = {}
    for key, (typ, default) in spec.items():
        value = entry.get(key, default)
        if value is ...:
            raise ValueError(f"kind {kind!r} needs {key!r}")
        # True is an int to Python, not to a sources file: only a bool field takes it
        if value is not None and (
            not isinstance(value, typ) or (isinstance(value, bool) and typ is not bool)
        ):
            raise ValueError(f"{key!r} must be {_type_name(typ)}, got {value!r}")
        if isinstance(value, int | float) and value < 0:
            raise ValueError(f"{key!r} must not be negative, got {value!r}")
        params[key] = value
    if kind == "gdelt":
        if not params["query"].strip():
            raise ValueError("'query' must not be empty")
        for key in ("start", "end"):
            params[key] = _when(key, params[key])
        if (params["start"] is None) != (params["end"] is None):
            raise ValueError("give both 'start' and 'end', or neither (then 'days' ending now)")
        if params["start"] and params["start"] >= params["end"]:
            raise ValueError("'start' must be before 'end'")
    return params


def _when(key: str, value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value.astimezone(UTC) if isinstance(value, datetime) else None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{key!r} must be an ISO date or time, got {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _type_name(typ: type | tuple[type, ...]) -> str:
    names = [t.__name__ for t in (typ if isinstance(typ, tuple) else (typ,))]
    return " or ".join(names)
