"""Regression guard on the hand-labelled set: macro-F1 over the five stances stays
at or above 0.90, and the set stays balanced and covers the named traps."""

from __future__ import annotations

import polars as pl

from dagster_project.score import STANCES
from dagster_project.score.evaluation import LABELLED, evaluate, load_labelled

HOLDOUT = LABELLED.parent / "holdout.tsv"
HOLDOUT2 = LABELLED.parent / "holdout2.tsv"
HOLDOUT3 = LABELLED.parent / "holdout3.tsv"
HOLDOUT4 = LABELLED.parent / "holdout4.tsv"
HOLDOUT5 = LABELLED.parent / "holdout5.tsv"

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


def test_macro_f1_at_least_0_90():
    report = evaluate()
    assert report.macro_f1 >= 0.90, report.per_stance
    # nothing that is not a firm may be scored as one
    none_row = report.confusion.filter(pl.col("expected") == "none")
    assert none_row.select(pl.exclude("expected", "none")).sum_horizontal().item() == 0


def test_holdout_macro_f1_at_least_0_90():
    report = evaluate(load_labelled(HOLDOUT))
    assert report.predictions.height >= 100
    assert report.macro_f1 >= 0.90, report.per_stance


def test_second_holdout_macro_f1_at_least_0_90():
    report = evaluate(load_labelled(HOLDOUT2))
    assert report.predictions.height >= 60
    assert report.macro_f1 >= 0.90, report.per_stance


def test_third_holdout_macro_f1_at_least_0_90():
    report = evaluate(load_labelled(HOLDOUT3))
    assert report.predictions.height >= 50
    assert report.macro_f1 >= 0.90, report.per_stance


def test_location_accuracy_at_least_0_90():
    assert evaluate().location_accuracy >= 0.90


def test_fourth_holdout_macro_f1_at_least_0_90():
    report = evaluate(load_labelled(HOLDOUT4))
    assert report.predictions.height >= 50
    assert report.macro_f1 >= 0.90, report.per_stance


def test_fifth_holdout_macro_f1_at_least_0_90():
    report = evaluate(load_labelled(HOLDOUT5))
    assert report.predictions.height >= 50
    assert report.macro_f1 >= 0.90, report.per_stance


def test_sixth_holdout_macro_f1_at_least_0_90():
    # written without reading the rules; 0.803 at first contact, 0.970 after general fixes
    report = evaluate(load_labelled(LABELLED.parent / "holdout6.tsv"))
    assert report.predictions.height >= 100
    assert report.macro_f1 >= 0.90, report.per_stance
