"""Scoring the labelled set in `eval/labelled.tsv`: per-stance precision, recall, F1,
macro-F1 over the five stances, and a confusion matrix.

Each row becomes a one-article corpus (its text as the body); the prediction is the
firm's stance in `aggregate_stances`, or `none` when the firm is not found at all
(the expected label of look-alike rows such as 메타버스 or "Apple pie").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .aggregate import aggregate_stances
from .rules import STANCES
from .score import score_articles

LABELLED = Path(__file__).resolve().parent / "eval" / "labelled.tsv"
LABELS = (*STANCES, "none")


@dataclass(frozen=True)
class Report:
    """Evaluation result: the joined predictions, per-stance metrics and macro-F1."""

    predictions: pl.DataFrame
    per_stance: pl.DataFrame
    macro_f1: float
    confusion: pl.DataFrame
    location_accuracy: float


def load_labelled(path: Path | str = LABELLED) -> pl.DataFrame:
    """The labelled set as a frame (all columns as strings, empty cells as '')."""
    frame = pl.read_csv(path, separator="\t", infer_schema=False, quote_char=None)
    return frame.with_columns(pl.all().fill_null(""))


def predict(labelled: pl.DataFrame, *, data_dir: Path | str | None = None) -> pl.DataFrame:
    """Add `predicted_stance` and `predicted_location` to each labelled row."""
    # A `title` column (the demo corpus has one) is scored as the headline, as in production.
    title = pl.col("title") if "title" in labelled.columns else pl.lit(None, pl.String)
    articles = labelled.select(
        pl.col("id").alias("article_id"),
        "lang",
        title.alias("title"),
        pl.col("text").alias("body"),
    )
    stances = aggregate_stances(score_articles(articles, data_dir=data_dir))
    return (
        labelled.join(
            stances.select(
                pl.col("article_id").alias("id"),
                "firm",
                pl.col("stance").alias("predicted_stance"),
                pl.col("location").alias("predicted_location"),
            ),
            on=["id", "firm"],
            how="left",
        )
        .with_columns(
            pl.col("predicted_stance").fill_null("none"), pl.col("predicted_location").fill_null("")
        )
        .sort("id")
    )


def evaluate(labelled: pl.DataFrame | None = None, *, data_dir: Path | str | None = None) -> Report:
    """Predict the labelled set and measure it."""
    labelled = load_labelled() if labelled is None else labelled
    pred = predict(labelled, data_dir=data_dir)
    exp, got = pred["expected_stance"].to_list(), pred["predicted_stance"].to_list()
    rows = []
    for s in STANCES:
        tp = sum(e == s and g == s for e, g in zip(exp, got, strict=True))
        fp = sum(e != s and g == s for e, g in zip(exp, got, strict=True))
        fn = sum(e == s and g != s for e, g in zip(exp, got, strict=True))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append({"stance": s, "precision": p, "recall": r, "f1": f, "support": tp + fn})
    per = pl.DataFrame(rows)
    confusion = pl.DataFrame(
        [
            {
                "expected": e,
                **{
                    g: sum(x == e and y == g for x, y in zip(exp, got, strict=True)) for g in LABELS
                },
            }
            for e in LABELS
        ]
    )
    with_loc = pred.filter(
        pl.col("expected_stance").is_in(["committed", "considering", "declined", "operating"])
    )
    loc_ok = (with_loc["expected_location"] == with_loc["predicted_location"]).sum()
    return Report(pred, per, float(per["f1"].mean()), confusion, loc_ok / max(with_loc.height, 1))
