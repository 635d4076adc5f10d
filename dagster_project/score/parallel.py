"""Scoring spread over processes: chunks of articles scored by the shared worker pool.

Each worker loads the Korean model once (about 1 GB) and keeps it until scoring ends
(``update_mentions`` then stops the pool, giving the memory back); at most
``2 * workers`` chunks are in flight, so memory is bounded by the chunk size, not by how
many articles changed. The pool and its bounds are the parse stage's
(``parse/parallel.py``): a run's workers parse first and then score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator

import polars as pl

from dagster_project.parse.parallel import close_pools, process_map, worker_count

__all__ = ["chunk_rows", "close_pools", "score_chunks", "worker_count"]

Chunked = Callable[[pl.DataFrame], tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]]
# Below this many articles a chunk is not worth a worker's round trip.
MIN_CHUNK = 100


def chunk_rows(articles: int, batch_rows: int, workers: int) -> int:
    """Rows per chunk: ``batch_rows``, or smaller so that every worker gets a few chunks."""
    if workers <= 1:
        return batch_rows
    return max(MIN_CHUNK, min(batch_rows, math.ceil(articles / (2 * workers))))


def score_chunks(
    score_chunk: Chunked, chunks: Iterable[pl.DataFrame], workers: int | None = None
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]]:
    """``score_chunk(chunk)`` for each chunk, in order, on ``worker_count(workers)``
    processes (in this one for a single chunk). ``score_chunk`` must pickle: a module
    function, or a ``functools.partial`` of one."""
    yield from process_map(score_chunk, chunks, worker_count(workers))
