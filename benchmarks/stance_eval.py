"""Stance accuracy on the hand-labelled set.

    .venv/bin/python benchmarks/stance_eval.py [--errors] [--labelled PATH]
    .venv/bin/python benchmarks/stance_eval.py --demo [--errors]

Prints per-stance precision/recall/F1, macro-F1 over the five stances, the confusion
matrix (rows: expected, columns: predicted; `none` = firm not found) and location
accuracy on the rows that hold a stance.

--demo scores the bundled demo corpus end to end (HTML pages through
dagster_project.parse.parse_pages, then the scorer) against its manifest
(expected stance per article and firm), and also reports the pages the parser could
not read, whose firms then come out as `none`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dagster_project.score import SCORER_VERSION  # noqa: E402
from dagster_project.score.evaluation import LABELLED, evaluate, load_labelled  # noqa: E402


def demo_labelled() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The demo manifest as a labelled frame (text = parsed body) and the parse report."""
    from datetime import UTC, datetime

    from dagster_project.parse import parse_pages

    demo = Path(__file__).resolve().parents[1] / "dagster_project" / "demo"
    manifest = pl.read_csv(demo / "manifest.csv", infer_schema=False)
    paths = manifest["path"].unique().sort().to_list()
    pages = pl.DataFrame(
        {
            "version_id": paths,
            "url": [f"https://demo.invalid/{p}" for p in paths],
            "source": ["demo"] * len(paths),
            "raw": [(demo / p).read_bytes() for p in paths],
            "fetched_at": [datetime(2026, 1, 1, tzinfo=UTC)] * len(paths),
        }
    )
    parsed = parse_pages(pages).select(
        pl.col("version_id").alias("path"), "parse_status", "title", "body"
    )
    labelled = manifest.join(parsed, on="path", how="left").select(
        pl.col("path").alias("id"),
        "lang",
        "title",  # the parsed headline, scored as a headline (as the pipeline does)
        pl.col("body").fill_null("").alias("text"),
        "firm",
        "expected_stance",
        pl.lit("").alias("trap"),
        pl.lit("").alias("expected_location"),
    )
    return labelled, parsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--labelled", default=str(LABELLED))
    parser.add_argument("--errors", action="store_true", help="list the misclassified rows")
    parser.add_argument("--demo", action="store_true", help="the demo corpus, through the parser")
    args = parser.parse_args()
    if args.demo:
        labelled, parsed = demo_labelled()
        unread = parsed.filter(pl.col("parse_status") != "ok")
        print(f"demo corpus: {parsed.height} pages, {unread.height} not parsed (their firms: none)")
        labelled = labelled.unique(["id", "firm"], keep="first", maintain_order=True)
        read = parsed.filter(pl.col("parse_status") == "ok")["path"]
        only_read = evaluate(labelled.filter(pl.col("id").is_in(read.implode())))
        print(f"macro-F1 on the {read.len()} pages the parser read: {only_read.macro_f1:.3f}")
        report = evaluate(labelled)
    else:
        report = evaluate(load_labelled(args.labelled))
    pl.Config.set_tbl_rows(200)
    pl.Config.set_tbl_width_chars(200)
    pl.Config.set_fmt_str_lengths(120)
    print(f"scorer {SCORER_VERSION}, {report.predictions.height} labelled rows")
    print(report.per_stance.with_columns(pl.col("precision", "recall", "f1").round(3)))
    print(f"macro-F1 (5 stances): {report.macro_f1:.3f}")
    print("confusion (rows expected, columns predicted):")
    print(report.confusion)
    if not args.demo:  # the demo manifest has no locations
        print(f"location accuracy (stance rows): {report.location_accuracy:.3f}")
    if args.errors:
        wrong = report.predictions.filter(pl.col("expected_stance") != pl.col("predicted_stance"))
        print(wrong.select("id", "firm", "expected_stance", "predicted_stance", "trap", "text"))
    flag = " --demo" if args.demo else ""
    print(f"reproduce: .venv/bin/python benchmarks/stance_eval.py{flag} --errors")


if __name__ == "__main__":
    main()
