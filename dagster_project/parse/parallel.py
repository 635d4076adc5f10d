"""Parse a stream of page batches across processes with bounded memory."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

import polars as pl

from .frame import parse_pages


def parse_pages_parallel(batches: Iterable[pl.DataFrame], workers: int) -> Iterator[pl.DataFrame]:
    """Yield parse_pages(batch) for each batch, in input order, using ``workers`` processes.

    At most ``2 * workers`` batches are submitted and not yet yielded, so a
    replay over the whole log holds only a few batches in memory at a time.
    Workers are spawned, so a calling script needs the usual
    ``if __name__ == "__main__":`` guard.
    """
    if workers <= 1:
        yield from (parse_pages(b) for b in batches)
        return
    # 'spawn' because forking a process that runs polars' thread pool can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future] = deque()
        try:
            for batch in batches:
                pending.append(pool.submit(parse_pages, batch))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            # A consumer that stops early should not wait for batches it will never read.
            for future in pending:
                future.cancel()
