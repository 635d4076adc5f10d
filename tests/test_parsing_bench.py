"""The benchmark's body scoring on tiny hand-made examples."""

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).parent.parent / "benchmarks" / "extraction_bench.py"
_spec = importlib.util.spec_from_file_location("extraction_bench", _PATH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_tokens_are_unicode_words():
    assert bench.tokens("구글은, 데이터센터를 (짓지) 않는다!") == [
        "구글은",
        "데이터센터를",
        "짓지",
        "않는다",
    ]
    assert bench.tokens(None) == []


def test_shingles_are_a_multiset_of_four_token_windows():
    sh = bench.shingles("a b c d a b c d".split())
    assert sh["a b c d"] == 2
    assert sum(sh.values()) == 5
    assert bench.shingles(["x", "y"]) == {"x y": 1}


def test_identical_texts_score_perfectly():
    s = bench.score([("one two three four five", "one two three four five")])
    assert s == {"f1": 1.0, "precision": 1.0, "recall": 1.0, "accuracy": 1.0}


def test_extra_boilerplate_costs_precision_not_recall():
    truth = "the firm will build a data center in korea next year"
    pred = truth + " share this story on social media now"
    tp, fp, fn = bench.page_counts(truth, pred)
    assert fn == 0 and fp > 0
    assert tp + fp + fn == pytest.approx(1.0)
    s = bench.score([(truth, pred)])
    assert s["recall"] == 1.0
    assert s["precision"] == pytest.approx(8 / 15)  # 8 true shingles of 15 predicted
    assert s["accuracy"] == 0.0


def test_missing_text_costs_recall_and_pages_weigh_equally():
    long_truth = " ".join(f"w{i}" for i in range(103))  # 100 shingles
    half = " ".join(f"w{i}" for i in range(53))  # 50 shingles, all right
    s = bench.score([(long_truth, half), ("a b c d", "a b c d")])
    assert s["precision"] == 1.0
    assert s["recall"] == pytest.approx((0.5 + 1.0) / 2)
    assert s["f1"] == pytest.approx(2 * 1.0 * 0.75 / 1.75)
    assert s["accuracy"] == 0.5


def test_empty_prediction_has_no_precision_entry_and_zero_recall():
    s = bench.score([("a b c d e", None), ("a b c d", "a b c d")])
    assert s["precision"] == 1.0  # only the second page has predictions
    assert s["recall"] == 0.5
    both_empty = bench.score([("", "")])
    assert both_empty["f1"] == 1.0


def test_bootstrap_spread_is_zero_for_identical_pages_and_positive_otherwise():
    same = bench.per_page([("a b c d e", "a b c d e")] * 5)
    assert bench.f1_spread(same, n=50) == 0.0
    mixed = bench.per_page([("a b c d e", "a b c d e"), ("a b c d e", "x y z w v")] * 3)
    assert bench.f1_spread(mixed, n=200) > 0.0
