"""First-contact grading of firm stances on real news pages, labelled blind.

    .venv/bin/python benchmarks/real_news/grade.py batch_a PAGES_DIR [--errors] [--explain]

The labels (``batch_a.json`` beside this file: URL, title, date, language and, per foreign
firm named in the article, the analyst's label or labels) are committed; the pages are
not. ``PAGES_DIR`` holds one HTML file per article, ``<id>.html``, rebuilt from the URL
(headline, date and the article's paragraphs). Each page goes through the pipeline's own
parser and scorer; a judgement is right when the firm's stance is one of its labels (a
firm the scorer does not find counts as ``none``, a miss).

Prints accuracy over firm judgements (all, Korean, English), recall per label, the
confusion matrix (rows: the analyst's first label, columns: predicted) and, with
``--errors``, every miss with its deciding sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dagster_project.parse import parse_pages  # noqa: E402
from dagster_project.score import SCORER_VERSION, aggregate_stances, score_articles  # noqa: E402

HERE = Path(__file__).resolve().parent
ORDER = ["committed", "considering", "declined", "operating", "mentioned", "none"]


def load_batch(name: str) -> list[dict]:
    """The labelled articles of one batch (``HERE/<name>.json``)."""
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def predict(batch: list[dict], pages: Path) -> pl.DataFrame:
    """One row per labelled (article, firm): labels, prediction and the deciding sentence."""
    missing = [a["id"] for a in batch if not (pages / f"{a['id']}.html").exists()]
    if missing:
        raise SystemExit(f"{len(missing)} pages missing from {pages}: {', '.join(missing[:5])} …")
    raw = pl.DataFrame(
        {
            "version_id": [a["id"] for a in batch],
            "url": [a["url"] for a in batch],
            "source": ["real-news"] * len(batch),
            "raw": [(pages / f"{a['id']}.html").read_bytes() for a in batch],
            "fetched_at": [datetime(2026, 1, 1, tzinfo=UTC)] * len(batch),
        }
    )
    parsed = parse_pages(raw)
    bad = parsed.filter(pl.col("parse_status") != "ok")
    if bad.height:
        print(f"pages not parsed: {bad.select('version_id', 'parse_status').rows()}")
    articles = parsed.select(
        pl.col("version_id").alias("article_id"),
        "lang",
        "title",
        pl.col("body").fill_null(""),
        "published_at",
        "fetched_at",
    )
    stances = aggregate_stances(score_articles(articles))
    labels = pl.DataFrame(
        [
            {"id": a["id"], "lang": a["lang"], "firm": firm, "labels": list(ls)}
            for a in batch
            for firm, ls in a["labels"].items()
        ]
    )
    return labels.join(
        stances.select(
            pl.col("article_id").alias("id"),
            "firm",
            pl.col("stance").alias("predicted"),
            "evidence",
        ),
        on=["id", "firm"],
        how="left",
    ).with_columns(
        pl.col("predicted").fill_null("none"),
        right=pl.col("labels").list.contains(pl.col("predicted").fill_null("none")),
        expected=pl.col("labels").list.first(),
    )


def report(pred: pl.DataFrame) -> None:
    """Print accuracy, per-label recall and the confusion matrix."""

    def acc(frame: pl.DataFrame) -> str:
        return f"{frame['right'].sum()}/{frame.height} = {frame['right'].mean():.3f}"

    print(f"scorer {SCORER_VERSION}")
    print(f"firm judgements right: {acc(pred)}")
    for lang in ("ko", "en"):
        print(f"  {lang}: {acc(pred.filter(pl.col('lang') == lang))}")
    baseline = pred["labels"].list.contains("mentioned").mean()
    print(f"  (calling everything 'mentioned' would score {baseline:.3f})")
    print("recall by the analyst's first label:")
    for label in ORDER[:-1]:
        part = pred.filter(pl.col("expected") == label)
        if part.height:
            right = part["right"]
            print(f"  {label:<12} {right.sum():>3}/{part.height:<3} {right.mean():.2f}")
    matrix = (
        pred.with_columns(
            pl.when(pl.col("right"))
            .then(pl.col("expected"))
            .otherwise(pl.col("predicted"))
            .alias("got")
        )
        .pivot(on="got", index="expected", values="id", aggregate_function="len")
        .fill_null(0)
    )
    cols = ["expected"] + [c for c in ORDER if c in matrix.columns]
    print(
        "confusion (rows: first label, columns: predicted; a defensible second label counts right):"
    )
    with pl.Config(tbl_rows=20, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(matrix.select(cols).sort(pl.col("expected").replace_strict(ORDER, range(6))))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("batch", help="batch name: batch_a or batch_b (the JSON beside this file)")
    parser.add_argument("pages", type=Path, help="folder of <id>.html pages rebuilt from the URLs")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    args = parser.parse_args()
    pred = predict(load_batch(args.batch), args.pages)
    report(pred)
    if args.errors:
        wrong = pred.filter(~pl.col("right"))
        for row in wrong.iter_rows(named=True):
            print(
                f"- {row['id']} {row['firm']}: {'/'.join(row['labels'])} → {row['predicted']}"
                f"  | {(row['evidence'] or '')[:160]}"
            )
    print(f"reproduce: .venv/bin/python benchmarks/real_news/grade.py {args.batch} {args.pages}")


if __name__ == "__main__":
    main()
