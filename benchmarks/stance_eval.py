"""Stance accuracy on the hand-labelled set.

    .venv/bin/python benchmarks/stance_eval.py [--errors] [--labelled PATH]

Prints per-stance precision/recall/F1, macro-F1 over the five stances, the confusion
matrix (rows: expected, columns: predicted; `none` = firm not found) and location
accuracy on the rows that hold a stance.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dagster_project.scoring import SCORER_VERSION  # noqa: E402
from dagster_project.scoring.evaluation import LABELLED, evaluate, load_labelled  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--labelled", default=str(LABELLED))
    parser.add_argument("--errors", action="store_true", help="list the misclassified rows")
    args = parser.parse_args()
    report = evaluate(load_labelled(args.labelled))
    pl.Config.set_tbl_rows(200)
    pl.Config.set_tbl_width_chars(200)
    pl.Config.set_fmt_str_lengths(120)
    print(f"scorer {SCORER_VERSION}, {report.predictions.height} labelled rows")
    print(report.per_stance.with_columns(pl.col("precision", "recall", "f1").round(3)))
    print(f"macro-F1 (5 stances): {report.macro_f1:.3f}")
    print("confusion (rows expected, columns predicted):")
    print(report.confusion)
    print(f"location accuracy (stance rows): {report.location_accuracy:.3f}")
    if args.errors:
        wrong = report.predictions.filter(pl.col("expected_stance") != pl.col("predicted_stance"))
        print(wrong.select("id", "firm", "expected_stance", "predicted_stance", "trap", "text"))
    print("reproduce: .venv/bin/python benchmarks/stance_eval.py --errors")


if __name__ == "__main__":
    main()
