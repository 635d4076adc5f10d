"""Named queries: the SQL files in sql/queries/, their declared parameters, and running them.

A query file starts with a one-line comment saying what it answers, then declares its
parameters, one a line::

    -- param: period   week  (week|month) weeks start on Monday
    -- param: firms    google,openai  comma-separated firm ids, or all
    -- example: dcwatch query google_vs_openai --period month --location KR

(name, default, optional choices, help), and ``-- example:`` lines give command lines
that ``dcwatch query --list`` prints (a test runs each). ``-`` as a default means "not set". The SQL
reads them as DuckDB named parameters (``$period``), bound as values: a parameter is
never formatted into SQL text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import polars as pl

from dagster_project.warehouse import frame, query_names, sql_text

_EXAMPLE = re.compile(r"^--\s*example:\s*(dcwatch .+)$")
_PARAM = re.compile(r"^--\s*param:\s*(\w+)\s+(\S+)(?:\s+\(([^)]*)\))?\s*(.*)$")
UNSET = ("-", "", "any", "all")  # how a user says "no filter"
# A count parameter (--per-firm) past this is a typo; DuckDB's INTEGER ends at 2^31 anyway.
MAX_COUNT = 100_000


class QueryError(ValueError):
    """A query name or parameter value cannot be used."""


@dataclass(frozen=True)
class Param:
    name: str
    default: str
    choices: tuple[str, ...]
    help: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    params: tuple[Param, ...]
    sql: str
    examples: tuple[str, ...] = ()  # command lines shown by `dcwatch query --list` (and tested)

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


def parse(name: str, text: str) -> NamedQuery:
    """A query from its file text: the first comment line and the ``-- param:`` lines."""
    lines = text.splitlines()
    summary = lines[0].lstrip("-").strip() if lines else ""
    params = []
    for line in lines:
        m = _PARAM.match(line.strip())
        if m:
            choices = tuple(c.strip() for c in m[3].split("|")) if m[3] else ()
            params.append(Param(m[1], m[2], choices, m[4].strip()))
    examples = tuple(m[1].strip() for m in map(_EXAMPLE.match, lines) if m)
    # A trailing semicolon would break `COPY (query) TO ...`, which exports reuse.
    return NamedQuery(name, summary, tuple(params), text.strip().rstrip(";"), examples)


def load(name: str) -> NamedQuery:
    """The named query ``sql/queries/<name>.sql``."""
    if name not in query_names():
        raise QueryError(f"unknown query {name!r}; known: {', '.join(query_names())}")
    return parse(name, sql_text(f"queries/{name}"))


def catalogue() -> list[NamedQuery]:
    """Every named query, by name."""
    return [load(n) for n in query_names()]


def _value(param: Param, raw: str) -> object:
    """One parameter's text (from the CLI or a default) as the value DuckDB binds."""
    text, flag = raw.strip(), "--" + param.name.replace("_", "-")
    if param.choices:
        if text not in param.choices:
            raise QueryError(f"{flag} must be one of {'|'.join(param.choices)}, not {text!r}")
        return text
    if text.lower() in UNSET:
        return None
    if param.name == "firms":
        return [f.strip().lower() for f in text.split(",") if f.strip()] or None
    if param.name == "location":
        return text.upper()
    if param.name in ("since", "until"):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise QueryError(f"{flag} must be a date YYYY-MM-DD, not {text!r}") from exc
    if param.default.isdigit():
        if not text.isdigit() or not 1 <= int(text) <= MAX_COUNT:
            raise QueryError(f"{flag} must be a whole number from 1 to {MAX_COUNT:,}, not {text!r}")
        return int(text)
    return text


def bind(query: NamedQuery, given: Mapping[str, object | None]) -> dict[str, object]:
    """Values for every declared parameter: those given (None = default), else defaults."""
    unknown = sorted(k for k, v in given.items() if v is not None and query.param(k) is None)
    if unknown:
        raise QueryError(
            f"{query.name} has no parameter {', '.join('--' + u for u in unknown)}; "
            f"it takes: {' '.join('--' + p.name for p in query.params) or 'none'}"
        )
    values = {}
    for p in query.params:
        raw = given.get(p.name)
        values[p.name] = _value(p, p.default if raw is None else str(raw))
    return values


def use_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Define the shared SQL (``sql/macros.sql``: stance_rows, period_series) on ``con``.

    Temporary macros, so a read-only connection (the published copy) gets them too."""
    con.execute(sql_text("macros"))


def run_bound(
    con: duckdb.DuckDBPyConnection, query: NamedQuery, values: Mapping[str, object]
) -> pl.DataFrame:
    """Run a query with values already bound (``bind``)."""
    use_macros(con)
    return frame(con, query.sql, dict(values)) if values else frame(con, query.sql)


def run_query(con: duckdb.DuckDBPyConnection, name: str, **given: object) -> pl.DataFrame:
    """Run a named query with parameters (strings as a user types them, or None for default)."""
    query = load(name)
    return run_bound(con, query, bind(query, given))


def run_reference(con: duckdb.DuckDBPyConnection, name: str, **given: object) -> pl.DataFrame:
    """Run the raw-row reference of a mart-backed query (``sql/reference/<name>.sql``): the
    same answer, read from the stance rows instead of the marts."""
    query = parse(name, sql_text(f"reference/{name}"))
    return run_bound(con, query, bind(query, given))
