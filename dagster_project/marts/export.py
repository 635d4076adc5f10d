"""Export the marts to Parquet or CSV files with DuckDB's COPY, for tools outside DuckDB."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from dagster_project.marts.queries import bind, load, use_macros

# Times in CSV as ISO 8601 UTC, the same as `dcwatch query --format csv` prints them.
CSV_TIME = "%Y-%m-%dT%H:%M:%SZ"
FORMATS = {
    "parquet": "(FORMAT parquet, COMPRESSION zstd)",
    "csv": f"(FORMAT csv, HEADER true, TIMESTAMPFORMAT '{CSV_TIME}')",
}
# What is exported: the two trend marts, every (article, firm) stance with the article's
# title, URL and day (the named query article_stances), and the alerts.
TABLES = ("firm_daily", "firm_weekly", "article_stances", "alerts")


def export_marts(
    con: duckdb.DuckDBPyConnection, out_dir: str | os.PathLike[str], fmt: str = "parquet"
) -> dict[str, Path]:
    """Write each exported table to ``out_dir/<name>.<fmt>``; return name → path."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    use_macros(con)
    for name in TABLES:
        path = out / f"{name}.{fmt}"
        if name == "article_stances":
            query = load(name)
            sql, params = query.sql, bind(query, {})
        else:
            # Marts are kept day by day, so their rows are stored in no particular order.
            sql, params = f"SELECT * FROM {name} ORDER BY ALL", {}
        # The file name is bound as a parameter like every other value.
        con.execute(f"COPY ({sql}) TO $out_path {FORMATS[fmt]}", {**params, "out_path": str(path)})
        written[name] = path
    return written
