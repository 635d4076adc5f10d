"""Article-body extraction benchmark: our extractor against trafilatura's defaults.

Usage:
    python benchmarks/extraction_bench.py PAGES_DIR GROUND_TRUTH_JSON [--repeat 5]

PAGES_DIR holds html/<id>.html.gz (or <id>.html.gz); GROUND_TRUTH_JSON maps each
id to {"url": ..., "articleBody": ...}. Bodies are scored the way the public
article-extraction benchmark scores them: \\w+ tokens, multisets of 4-token
shingles, per-page tp/fp/fn normalised to sum to 1, mean precision and recall
over pages, F1 from the two means, and accuracy as the share of exact token
matches. Pages are decoded once, untimed; the timing covers body extraction only,
and pages/s is the median over the repeats.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import shlex
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def tokens(text: str | None) -> list[str]:
    """Unicode word tokens of a text (None counts as empty)."""
    return _TOKEN.findall(text or "")


def shingles(toks: list[str], n: int = SHINGLE) -> Counter:
    """Multiset of n-token shingles; a text shorter than n is one shingle."""
    if 0 < len(toks) < n:
        return Counter([" ".join(toks)])
    return Counter(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_counts(truth: str | None, pred: str | None) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page over shingles, normalised to sum to 1."""
    t, p = shingles(tokens(truth)), shingles(tokens(pred))
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        tp += min(t[key], p[key])
        fp += max(0, p[key] - t[key])
        fn += max(0, t[key] - p[key])
    total = tp + fp + fn
    if total == 0:  # both empty: a perfect answer
        return 1.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _aggregate(pages: list[tuple[float, float, float, bool]]) -> dict[str, float]:
    precisions = [tp / (tp + fp) for tp, fp, _, _ in pages if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn, _ in pages if tp + fn > 0]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    exact = sum(1 for *_, same in pages if same)
    return {"f1": f1, "precision": p, "recall": r, "accuracy": exact / len(pages) if pages else 0.0}


def per_page(
    pairs: Iterable[tuple[str | None, str | None]],
) -> list[tuple[float, float, float, bool]]:
    """(tp, fp, fn, tokens equal) of each (truth, prediction) pair."""
    return [(*page_counts(t, p), tokens(t) == tokens(p)) for t, p in pairs]


def score(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy over (truth, prediction) pairs."""
    return _aggregate(per_page(pairs))


def f1_spread(pages: list[tuple[float, float, float, bool]], n: int = 1000, seed: int = 0) -> float:
    """Standard deviation of F1 over n bootstrap resamples of the pages."""
    rng = random.Random(seed)
    f1s = [_aggregate(rng.choices(pages, k=len(pages)))["f1"] for _ in range(n)]
    return statistics.pstdev(f1s) if f1s else 0.0


def _load_parsing():
    # Run as a script from a checkout: make the repository importable.
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from dagster_project.parse import encoding, extract

    return encoding, extract


def load_pages(pages_dir: Path, truth: dict) -> list[tuple[str, str, str]]:
    """(id, url, decoded html) for every ground-truth id with a page file."""
    encoding, _ = _load_parsing()
    out = []
    for page_id, item in sorted(truth.items()):
        for path in (pages_dir / "html" / f"{page_id}.html.gz", pages_dir / f"{page_id}.html.gz"):
            if path.exists():
                html = encoding.decode_html(gzip.decompress(path.read_bytes())).text
                out.append((page_id, item.get("url") or "", html))
                break
    return out


def run(extractors: dict[str, Callable[[str, str], str | None]], pages, repeat: int):
    """{name: (outputs of the last repeat, median pages/s)}.

    Repeats alternate between the extractors, so load from other processes on
    the machine falls on both alike and the speed ratio stays fair.
    """
    rates: dict[str, list[float]] = {name: [] for name in extractors}
    outputs: dict[str, list] = {}
    for _ in range(repeat):
        for name, extractor in extractors.items():
            start = time.perf_counter()
            outputs[name] = [extractor(html, url) for _id, url, html in pages]
            rates[name].append(len(pages) / (time.perf_counter() - start))
    return {name: (outputs[name], statistics.median(rates[name])) for name in extractors}


def _no_fallback(extract, html: str, url: str) -> str | None:
    """Our extractor without the trafilatura fallback (``body_text`` without the html)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    extract.prune.strip_code(tree)
    extract.prune.prune(tree)
    return extract.body_text(tree, url, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages_dir", type=Path)
    parser.add_argument("ground_truth", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--show-worst", type=int, default=0, help="list the N worst pages of ours")
    args = parser.parse_args(argv)
    import trafilatura

    truth = json.loads(args.ground_truth.read_text(encoding="utf-8"))
    pages = load_pages(args.pages_dir, truth)
    _, extract = _load_parsing()
    extractors = {
        "ours": lambda html, url: extract.body_from_html(html, url),
        "ours-no-fb": lambda html, url: _no_fallback(extract, html, url),
        "trafilatura": lambda html, url: trafilatura.extract(html, url=url),
    }
    results = {}
    for name, (outputs, rate) in run(extractors, pages, args.repeat).items():
        pairs = zip(pages, outputs, strict=True)
        counts = per_page((truth[pid]["articleBody"], out) for (pid, _, _), out in pairs)
        results[name] = (_aggregate(counts), f1_spread(counts), rate, outputs)
    print(f"{len(pages)} pages, {args.repeat} repeats, one process; ± is the bootstrap std of F1")
    print(f"{'extractor':<12} {'F1':>12} {'prec':>6} {'recall':>6} {'acc':>6} {'pages/s':>8}")
    for name, (s, spread, rate, _) in results.items():
        print(
            f"{name:<12} {s['f1']:6.3f}±{spread:.3f} {s['precision']:6.3f} {s['recall']:6.3f} "
            f"{s['accuracy']:6.3f} {rate:8.1f}"
        )
    ratio = results["ours"][2] / results["trafilatura"][2]
    print(f"speed ratio ours/trafilatura: {ratio:.2f}x")
    # ours-no-fb is our extractor without the trafilatura fallback: the pages where the two
    # differ are the pages that took the fallback
    taken = sum(a != b for a, b in zip(results["ours"][3], results["ours-no-fb"][3], strict=True))
    gain = results["ours"][0]["f1"] - results["ours-no-fb"][0]["f1"]
    print(f"trafilatura fallback: taken on {taken} of {len(pages)} pages; it adds {gain:+.3f} F1")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if args.show_worst:
        worst = sorted(
            (page_counts(truth[pid]["articleBody"], out), pid)
            for (pid, _, _), out in zip(pages, results["ours"][3], strict=True)
        )
        for (tp, fp, fn), pid in worst[: args.show_worst]:
            print(f"  {pid[:12]} tp={tp:.2f} fp={fp:.2f} fn={fn:.2f}")
    cmd = " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv])
    print(f"reproduce: {cmd}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
