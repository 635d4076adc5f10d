"""Trend queries at scale: the named queries read from the marts vs from the raw stance rows.

Generates a warehouse of N articles with two stance rows each (10M stance rows for the
default 5M articles; one story in ten told by two or more articles) with DuckDB's own
``range()``, builds the marts with ``update_marts`` (timed), then times each mart-backed
named query in process (``run_query``, median of repeats after one warm-up) next to its
raw-row reference (``sql/reference/``, the query as it was before the marts) in the same
run, and the whole ``dcwatch query google_vs_openai`` command as a user runs it.

    .venv/bin/python benchmarks/trend_query_bench.py --articles 5000000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ("google_vs_openai", "share_of_voice", "stance_timeline", "firm_stances")
FIRMS = (
    "['google','openai','microsoft','amazon','meta','oracle','nvidia','apple','ibm','anthropic']"
)
STANCES = "['committed','considering','declined','operating','mentioned','mentioned']"
GENERATE = f"""
INSERT INTO articles (article_id, version_id, url, fetched_url, source, title, published_at,
    published_day, lang, body, parse_status, fetched_at, n_versions, event_seq, parser_version)
SELECT 'a' || i, 'v' || i, 'https://x.example/' || i, 'https://x.example/' || i,
       's' || (i % 40), 'title ' || i, t, (t AT TIME ZONE 'Asia/Seoul')::DATE, 'en', '', 'ok',
       TIMESTAMPTZ '2026-01-01', 1, 0, 'bench'
FROM (SELECT i, TIMESTAMPTZ '2022-01-01' + to_minutes((hash(i) % (60 * 24 * 1460))::BIGINT) AS t
      FROM range(?) r(i));
INSERT INTO article_firm_stance
SELECT 'a' || i, {FIRMS}[1 + ((hash(i) + 5 * k) % 10)::INTEGER], stance,
       CASE stance WHEN 'committed' THEN 1 WHEN 'considering' THEN 0.5 WHEN 'declined' THEN -1
                   WHEN 'operating' THEN 0.75 ELSE 0 END,
       0.8, 'evidence ' || i, CASE WHEN hash(i, k, 1) % 3 = 0 THEN NULL
                                   WHEN hash(i, k, 1) % 3 = 1 THEN 'KR' ELSE 'US' END,
       1 + (hash(i, k, 2) % 3)::INTEGER, 'bench'
FROM (SELECT i, k, {STANCES}[1 + (hash(i, k, 3) % 6)::INTEGER] AS stance
      FROM range(?) r(i), (VALUES (0), (1)) v(k));
INSERT INTO stories
SELECT 'a' || i, 'a' || (CASE WHEN i % 10 = 9 THEN i - 1 - (hash(i) % 3)::BIGINT ELSE i END),
       'h', i % 10 = 9, 0
FROM range(?) r(i);
"""


def timed(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm-up: the first read pulls the tables into memory
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", help="build the warehouse here (and keep it) instead of a temp dir")
    args = ap.parse_args()

    from dagster_project import warehouse
    from dagster_project.marts.project import update_marts
    from dagster_project.marts.queries import run_query, run_reference

    tmp = tempfile.TemporaryDirectory()
    root = Path(args.keep or tmp.name)
    db = root / "dcwatch.duckdb"
    t = time.perf_counter()
    with warehouse.connect(db) as con:
        for statement in filter(str.strip, GENERATE.split(";")):
            con.execute(statement, [args.articles])
        rows = con.execute("SELECT count(*) FROM article_firm_stance").fetchone()[0]  # type: ignore[index]
        generated = time.perf_counter() - t
        t = time.perf_counter()
        update_marts(con, rebuild=True)
        built = time.perf_counter() - t
        sizes = {
            name: warehouse.table_count(con, name)
            for name in ("firm_location_daily", "firm_story_days", "stated_stances")
        }
    print(f"{args.articles:,} articles, {rows:,} stance rows: generated in {generated:.0f} s,")
    print(f"marts built in {built:.0f} s (rebuild; a refresh redoes only touched days): {sizes}")
    print(f"\nin process, median of {args.repeat} after a warm-up:")
    print(f"{'query':<18} {'marts ms':>9} {'raw rows ms':>12} {'speed-up':>9}  same rows")
    with warehouse.connect(db, read_only=True) as con:
        for name in QUERIES:
            fast, got = timed(lambda n=name: run_query(con, n), args.repeat)
            slow, want = timed(lambda n=name: run_reference(con, n), args.repeat)
            same = got.equals(want)  # type: ignore[union-attr]
            print(
                f"{name:<18} {fast * 1000:>9.0f} {slow * 1000:>12.0f} {slow / fast:>8.1f}x  {same}"
            )
    cli = Path(sys.executable).parent / "dcwatch"
    command = [str(cli), "query", "google_vs_openai", "--db", str(db), "--format", "csv"]
    walls = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=os.environ)
        walls.append(time.perf_counter() - t)
    wall = statistics.median(walls)
    print(f"\nwhole CLI call, median of 3: {wall:.2f} s  ({' '.join(command[1:4])})")
    print("target: google_vs_openai <= 100 ms in process.")
    print(f"reproduce: .venv/bin/python {' '.join(sys.argv)}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
