"""Regression gate on the labelled sets: macro-F1 over the five stances may not drop more
than two points below the score each set has today, nothing that is not a firm is scored
as one, and the first set stays balanced and covers the named traps."""

from __future__ import annotations

import polars as pl
import pytest

from dagster_project.score import STANCES
from dagster_project.score.evaluation import LABELLED, evaluate, load_labelled

# Today's macro-F1 per set (benchmarks/stance_eval.py --labelled …). A change that costs a
# set more than MAX_DROP fails; raise a figure here when a general fix lifts it.
CURRENT = {
    "labelled.tsv": 1.000,
    "holdout.tsv": 1.000,
    "holdout2.tsv": 0.985,
    "holdout3.tsv": 1.000,
    "holdout4.tsv": 1.000,
    "holdout5.tsv": 1.000,
    "holdout6.tsv": 0.970,
}
MAX_DROP = 0.02

TRAPS = {
    "demand_target",
    "contrast",
    "subject_carryover",
    "declined_to_comment",
    "dc_revenue",
    "quoted_speech",
    "future_tense",
    "past_tense",
    "conditional",
    "domestic_partner",
    "person_holder",
    "lookalike_metaverse",
    "lookalike_application",
    "oracle_of_omaha",
    "apple_pie",
    "amazon_rainforest",
    "negation_scope",
    "hedge_reported",
}


def test_labelled_set_is_balanced_and_bilingual():
    frame = load_labelled()
    assert frame.height >= 240
    counts = frame.group_by("expected_stance").len()
    for stance in STANCES:
        assert counts.filter(pl.col("expected_stance") == stance)["len"].item() >= 40
    assert set(frame["lang"].unique()) == {"ko", "en"}
    assert frame["id"].n_unique() == frame.height
    assert TRAPS <= set(frame["trap"].to_list())


@pytest.mark.parametrize("name", sorted(CURRENT))
def test_macro_f1_within_two_points_of_today(name):
    report = evaluate(load_labelled(LABELLED.parent / name))
    assert report.predictions.height >= 50
    assert report.macro_f1 >= CURRENT[name] - MAX_DROP - 1e-9, report.per_stance
    # nothing that is not a firm may be scored as one
    none_row = report.confusion.filter(pl.col("expected") == "none")
    if none_row.height:
        assert none_row.select(pl.exclude("expected", "none")).sum_horizontal().item() == 0


def test_location_accuracy_at_least_0_90():
    assert evaluate().location_accuracy >= 0.90
