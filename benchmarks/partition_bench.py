"""Partitions per second: parse and score log segments as independent partitions, with 1 and
2 worker processes.

Writes S segments of P generated article pages (the pages of ``replay_bench.py``) into a
fresh log, then computes every segment's parsed and scored outputs with the function a
``project_segments`` step runs (``scored_partition``: parse the segment, score it, write
both Parquet files), in a pool of W worker processes, each into a fresh output folder.
Each worker loads the code and the Korean model once before the clock starts (a Dagster
worker keeps them loaded between steps too). Reports partitions/s and pages/s per W.

    .venv/bin/python benchmarks/partition_bench.py --segments 16 --pages 100 --workers 1,2
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from replay_bench import page_event  # noqa: E402


def build_log(root: Path, segments: int, pages: int, seed: int = 11) -> None:
    import random

    from dagster_project.eventlog import EventLog, events_frame

    rng = random.Random(seed)
    log = EventLog(root)
    for s in range(segments):
        when = datetime(2026, 1, 1, tzinfo=UTC)
        events = [page_event(i, rng, when) for i in range(s * pages, (s + 1) * pages)]
        log.append(events_frame(events, f"s{s}"), f"s{s}")


_STATE: dict = {}


def _start(log_root: str, out_root: str) -> None:
    from dagster_project.eventlog import EventLog
    from dagster_project.partitions import PartitionStore
    from dagster_project.score import score_articles

    # the fixed cost of a worker, paid once: code, Kiwi's Korean model
    score_articles(_warm_up())
    _STATE["log"], _STATE["store"] = EventLog(log_root), PartitionStore(out_root)


def _warm_up():
    import polars as pl

    body = "구글은 국내에 데이터센터를 짓기로 했다. Google will build a data center."
    return pl.DataFrame({"article_id": ["w"], "lang": ["ko"], "title": ["t"], "body": [body]})


def _ready(_: int) -> int:
    time.sleep(0.5)  # long enough that every worker takes one: all are started and warm
    return os.getpid()


def one_partition(seq: int) -> tuple[int, float]:
    """Parse and score one segment into its outputs; (seq, CPU seconds of this process)."""
    from dagster_project.score.project import Scoring, scored_partition

    cpu = time.process_time()
    scored_partition(_STATE["store"], _STATE["log"], seq, Scoring(), fresh=True)
    return seq, time.process_time() - cpu


def measure(log_root: Path, out_root: Path, workers: int, seqs: list[int]) -> tuple[float, float]:
    """(wall seconds for every partition, CPU seconds they took in all)."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_start, initargs=(str(log_root), str(out_root))) as pool:
        pool.map(_ready, range(workers), chunksize=1)
        start = time.perf_counter()
        done = pool.map(one_partition, seqs, chunksize=1)
        took = time.perf_counter() - start
    assert sorted(s for s, _ in done) == seqs
    return took, sum(c for _, c in done)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=16)
    ap.add_argument("--pages", type=int, default=100, help="pages per segment")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    args = ap.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        log_root = Path(tmp) / "events"
        build_log(log_root, args.segments, args.pages)
        seqs = list(range(1, args.segments + 1))
        print(
            f"log: {args.segments} segments × {args.pages} pages; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        results = {}
        for w in counts:
            took, cpu = measure(log_root, Path(tmp) / f"out-{w}", w, seqs)
            results[w] = took
            print(
                f"  {w} worker(s): {took:.1f} s  →  {args.segments / took:.2f} partitions/s, "
                f"{args.segments * args.pages / took:.0f} pages/s; "
                f"{cpu / args.segments:.2f} CPU-s per partition "
                f"({args.segments * args.pages / cpu:.0f} pages per CPU-second)"
            )
    if len(counts) > 1:
        base = results[counts[0]]
        for w in counts[1:]:
            print(f"  speed-up {counts[0]} → {w} workers: {base / results[w]:.2f}x")
    print(f"  load average after: {os.getloadavg()[0]:.1f}")
    print(
        f"reproduce: .venv/bin/python benchmarks/partition_bench.py --segments {args.segments} "
        f"--pages {args.pages} --workers {args.workers}"
    )


if __name__ == "__main__":
    main()
