"""Query filters checked against the data, and empty answers explained.

An unknown firm or place is an error that lists the valid values and the closest one;
``--since`` after ``--until`` is an error; an empty answer names the filter that emptied
it. Checked in the command, not in ``run_query``, so library callers bind what they pass.
"""

from __future__ import annotations

import difflib

import duckdb

from dagster_project.marts.queries import NamedQuery, QueryError
from dagster_project.warehouse import frame

FILTERS = ("firms", "location", "since", "until", "old", "new")


def _column(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [str(v) for v in frame(con, sql).to_series().to_list() if v is not None]


def known_firms(con: duckdb.DuckDBPyConnection) -> tuple[list[str], dict[str, str]]:
    """Firm ids (the registry's and any in the data) and every alias, lowercased → id."""
    from dagster_project.score.registry import load_registry

    registry = load_registry()
    aliases = {surface.lower(): firm for surface, (firm, domestic) in registry.aliases.items()}
    data = _column(con, "SELECT DISTINCT firm FROM article_firm_stance")
    return sorted({*registry.foreign_ids, *data}), aliases


def _guess(value: str, choices: list[str], aliases: dict[str, str] | None = None) -> str:
    if aliases and value in aliases:
        return f"; did you mean {aliases[value]!r}?"
    pool = list(choices) + list(aliases or {})
    close = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if not close:
        return ""
    return f"; did you mean {(aliases or {}).get(close[0], close[0])!r}?"


def check(con: duckdb.DuckDBPyConnection, query: NamedQuery, values: dict[str, object]) -> None:
    """Raise QueryError for a value the data cannot have, naming the valid ones."""
    firms = values.get("firms")
    if firms:
        known, aliases = known_firms(con)
        for firm in firms:  # type: ignore[union-attr]
            if firm not in known:
                raise QueryError(
                    f"unknown firm {firm!r}{_guess(firm, known, aliases)}. "
                    f"Firm ids: {', '.join(known)}"
                )
    location = values.get("location")
    if location:
        places = _column(con, "SELECT DISTINCT location FROM article_firm_stance ORDER BY location")
        if location not in places:
            what = (
                f"no stance in the data names a data center in {location!r}"
                if len(str(location)) == 2
                else f"unknown location {location!r} (an ISO-2 country code: KR is Korea)"
            )
            raise QueryError(
                f"{what}{_guess(str(location), places)}. "
                f"Locations in the data: {', '.join(places) or 'none yet'}, or any"
            )
    since, until = values.get("since"), values.get("until")
    if since and until and since > until:  # type: ignore[operator]
        raise QueryError(f"--since {since} is after --until {until}: nothing can match")
    for side in ("old", "new"):
        version = values.get(side)
        if version:
            versions = _column(con, "SELECT scorer_version FROM scorer_versions ORDER BY 1")
            if version not in versions:
                raise QueryError(
                    f"unknown scorer version {version!r} for --{side}"
                    f"{_guess(str(version), versions)}. "
                    f"Versions: {', '.join(versions) or 'none'}"
                )


def why_empty(
    con: duckdb.DuckDBPyConnection, query: NamedQuery, values: dict[str, object], run
) -> str:
    """Which filter emptied an answer: the one whose removal brings rows back."""
    if query.name == "scorer_diff":
        n = len(_column(con, "SELECT scorer_version FROM scorer_versions"))
        if n < 2:
            return (
                f"no rows: scorer_diff compares two scorer versions and the warehouse has {n}; "
                "a second appears after a rule or lexicon change and `dcwatch run`"
            )
        return "no rows: the two scorer versions agree on every article they both scored"
    if not _column(con, "SELECT article_id FROM article_firm_stance LIMIT 1"):
        return "no rows: the warehouse has no stances yet; run `dcwatch run` first"
    given = [f for f in FILTERS if values.get(f) is not None and query.param(f) is not None]
    culprits = [f for f in given if not run({**values, f: None}).is_empty()]
    if len(culprits) == 1:
        return f"no rows: {_shown(culprits[0], values)} leaves nothing (without it there are rows)"
    if given:
        both = " and ".join(_shown(f, values) for f in culprits or given)
        return f"no rows for {both} together (fewer filters give rows)"
    return "no rows"


def _shown(name: str, values: dict[str, object]) -> str:
    value = values[name]
    return f"--{name.replace('_', '-')} " + (
        ",".join(value) if isinstance(value, list) else str(value)
    )
