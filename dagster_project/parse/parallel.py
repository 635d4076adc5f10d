"""Work spread over processes with bounded memory: parsing here, scoring in score/parallel.py.

One pool of spawned worker processes serves a stage from start to end (the articles step
parses segment after segment; in one process, scoring then reuses it): a worker pays its
start-up (imports, the language model, the Korean model) once, not once per segment. At
most ``2 * workers`` batches are in flight, so a replay of the whole log holds a few
batches in memory, whatever its size. The pool is
used only when there are at least two batches to do: a small refresh never starts one.
A daemonic process (a Celery prefork worker running a step, a multiprocessing pool's
worker) may not start processes of its own, so there the work runs in process: the
distributed stack spreads steps over its workers instead.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import TypeVar

import polars as pl

from dagster_project.progress import advance

from .frame import parse_pages

WORKERS_ENV = "DCWATCH_WORKERS"
In = TypeVar("In")
Key = TypeVar("Key")
Out = TypeVar("Out")
_pools: dict[int, ProcessPoolExecutor] = {}


def worker_count(requested: int | None = None) -> int:
    """Processes to use: one in a daemonic process (``may_start_processes``), else
    ``requested`` when above 0, else ``DCWATCH_WORKERS``, else one per core this process may
    run on."""
    if not may_start_processes():
        return 1
    if requested and requested > 0:
        return requested
    env = os.environ.get(WORKERS_ENV, "").strip()
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"{WORKERS_ENV}={env!r} is not a whole number of processes (>= 1)")
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def may_start_processes() -> bool:
    """False in a daemonic process, such as a Celery prefork worker or a multiprocessing
    pool's worker: Python refuses it children ("daemonic processes are not allowed to have
    children"), and killing it would leave them orphaned."""
    return not multiprocessing.current_process().daemon


def _pool(workers: int) -> ProcessPoolExecutor:
    pool = _pools.get(workers)
    if pool is None:
        # 'spawn' because forking a process that runs polars' thread pool can deadlock.
        context = multiprocessing.get_context("spawn")
        pool = _pools[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    return pool


def close_pools() -> None:
    """Stop the worker processes. Each stage calls it when done (the ``articles`` asset,
    ``update_mentions``): a process started by multiprocessing, as Dagster runs a step,
    joins its children at exit without running exit hooks, so a pool left open would
    hold that step forever."""
    while _pools:
        _pools.popitem()[1].shutdown(wait=True, cancel_futures=True)


def process_map(fn: Callable[[In], Out], items: Iterable[In], workers: int) -> Iterator[Out]:
    """Yield ``fn(item)`` for each item, in input order, on ``workers`` processes (in this
    one when ``workers`` is 1 or there is a single item). ``fn`` and the items must pickle;
    a calling script needs the usual ``if __name__ == "__main__":`` guard."""
    items = iter(items)
    head = list(islice(items, 2))
    if workers <= 1 or len(head) < 2 or not may_start_processes():
        for item in chain(head, items):
            result = fn(item)
            advance(_rows(item))
            yield result
        return
    pool = _pool(workers)
    pending: deque[tuple[Future, int]] = deque()
    try:
        for item in chain(head, items):
            pending.append((pool.submit(fn, item), _rows(item)))
            if len(pending) >= 2 * workers:
                yield _done(pending.popleft())
        while pending:
            yield _done(pending.popleft())
    finally:
        # A consumer that stops early should not wait for batches it will never read.
        for future, _ in pending:
            future.cancel()


def _rows(item: object) -> int:
    """What an item counts for on a progress bar: a frame's rows (a tuple's frame's), else
    one."""
    if isinstance(item, tuple):
        return next((part.height for part in item if hasattr(part, "height")), 1)
    return getattr(item, "height", 1)


def _done(entry: tuple[Future, int]):
    future, rows = entry
    result = future.result()
    advance(rows)
    return result


def parse_pages_parallel(
    batches: Iterable[pl.DataFrame], workers: int | None = None
) -> Iterator[pl.DataFrame]:
    """Yield parse_pages(batch) for each batch, in input order, on ``worker_count(workers)``
    processes."""
    yield from process_map(parse_pages, batches, worker_count(workers))


def _parse_tagged(item: tuple[Key, pl.DataFrame, bool]) -> tuple[Key, pl.DataFrame, bool]:
    key, pages, last = item
    return key, parse_pages(pages), last


def parse_tagged_parallel(
    items: Iterable[tuple[Key, pl.DataFrame, bool]], workers: int | None = None
) -> Iterator[tuple[Key, pl.DataFrame, bool]]:
    """``(key, parse_pages(pages), last)`` for each ``(key, pages, last)``, in input order, on
    ``worker_count(workers)`` processes: a stream of batches from several sources (log
    segments) told apart by their key, ``last`` marking each source's final batch."""
    yield from process_map(_parse_tagged, items, worker_count(workers))
