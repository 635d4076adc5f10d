"""Scoring cost against parsing cost, per article, on the same pages in the same run.

Parses the bundled demo corpus's pages (or any folder of .html or .html.gz files) with
``parse_pages`` and scores the parsed articles with ``score_articles`` +
``aggregate_stances``, alternating the two stages R times after one warm-up (which
loads the Korean model), and prints the medians and the ratio score/parse.

    .venv/bin/python benchmarks/score_vs_parse.py [PAGES_DIR] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import statistics
import time
from pathlib import Path

import polars as pl

from dagster_project.parse import parse_pages
from dagster_project.score import aggregate_stances, score_articles

DEMO = Path(__file__).resolve().parents[1] / "dagster_project" / "demo" / "outlets"


def pages_frame(folder: Path) -> pl.DataFrame:
    """The .html and .html.gz files under `folder` as a pages frame (gzip decompressed:
    the extraction benchmark stores its pages that way)."""
    files = sorted([*folder.rglob("*.html"), *folder.rglob("*.html.gz")])
    n = len(files)
    return pl.DataFrame(
        {
            "version_id": [str(i) for i in range(n)],
            "url": [f.resolve().as_uri() for f in files],
            "source": [f.relative_to(folder).parts[0] for f in files],
            "content_type": [None] * n,
            "raw": [_read(f) for f in files],
            "fetched_at": [dt.datetime(2026, 11, 1, tzinfo=dt.UTC)] * n,
            "feed_published_at": [None] * n,
            "feed_title": [None] * n,
            "lang_hint": [None] * n,
        },
        schema_overrides={
            "content_type": pl.String,
            "feed_published_at": pl.Datetime("us", "UTC"),
            "feed_title": pl.String,
            "lang_hint": pl.String,
        },
    )


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="?", type=Path, default=DEMO)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    pages = pages_frame(args.pages)
    articles = parse_pages(pages).select(
        pl.col("version_id").alias("article_id"), "lang", "title", "body"
    )
    aggregate_stances(score_articles(articles))  # warm-up: loads Kiwi once per process
    parse_s, score_s = [], []
    for _ in range(args.runs):
        parse_s.append(timed(lambda: parse_pages(pages)))
        score_s.append(timed(lambda: aggregate_stances(score_articles(articles))))
    n = pages.height
    p, s = statistics.median(parse_s), statistics.median(score_s)
    print(f"{n} pages from {args.pages}, median of {args.runs} alternating runs:")
    print(f"  parse  {p:.2f} s  ({n / p:.0f} articles/s)")
    print(f"  score  {s:.2f} s  ({n / s:.0f} articles/s)")
    print(f"  scoring adds {s / p:.0%} to the parse stage's time per article")
    cmd = f".venv/bin/python benchmarks/score_vs_parse.py {args.pages} --runs {args.runs}"
    print(f"reproduce: {cmd}")


if __name__ == "__main__":
    main()
