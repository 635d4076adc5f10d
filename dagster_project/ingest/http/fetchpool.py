"""Fetch many URLs at once without being rude to any one host, and stop when told.

URLs are grouped by host and each host gets as many lanes as its concurrency
limit; a bounded set of worker threads runs the lanes. A worker therefore never sits
in one host's rate-limit wait while another host has work, and the run takes about
``max(URLs per host / host rate)`` instead of the sum of every response time.

Results come back as they are ready, so the caller can write them out as it goes.
When ``stop`` is set, no new URL is started; requests already in flight get a short
grace, then are abandoned (the workers are daemon threads, so a stuck request never
holds up the process's exit).
"""

from __future__ import annotations

import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from dagster_project.ingest.http.politeness import host_key

T = TypeVar("T")
R = TypeVar("R")
GRACE_S = 2.0  # how long requests in flight may finish once a stop is asked for
_DONE = object()


def lanes(items: Sequence[T], url_of: Callable[[T], str], per_host: int) -> list[list[T]]:
    """Split ``items`` into per-host lanes (``per_host`` lanes per host, round robin).

    ``file://`` items share one lane per ``per_host`` too: the local disk has no
    rate limit, but a single lane keeps bundled-corpus runs simple and ordered.
    """
    by_host: dict[str, list[T]] = defaultdict(list)
    for item in items:
        by_host[host_key(url_of(item))].append(item)
    out: list[list[T]] = []
    for host in sorted(by_host):
        group = by_host[host]
        n = max(1, min(per_host, len(group)))
        out.extend(group[i::n] for i in range(n))
    # Longest lanes first, so the slowest host starts at once.
    return sorted(out, key=len, reverse=True)


def fetch_iter(
    items: Sequence[T],
    work: Callable[[T], R],
    url_of: Callable[[T], str],
    max_workers: int = 8,
    per_host: int = 1,
    stop: threading.Event | None = None,
    tick_s: float = 0.25,
) -> Iterator[tuple[T, R] | None]:
    """Run ``work`` on the items, lanes in parallel; yield ``(item, result)`` as each ends.

    Also yields None every ``tick_s`` while waiting, so the caller can act on time
    (flush, notice a stop). ``work`` must not raise for an expected fault (it records
    it instead); an unexpected exception is re-raised here, because it is a bug.
    """
    stop = stop or threading.Event()
    halt = threading.Event()  # this generator was closed: its workers must not go on
    pending: queue.Queue = queue.Queue()
    for lane in lanes(items, url_of, per_host):
        pending.put(lane)
    results: queue.Queue = queue.Queue()

    def worker() -> None:
        try:
            while not (stop.is_set() or halt.is_set()):
                try:
                    lane = pending.get_nowait()
                except queue.Empty:
                    return
                for item in lane:
                    if stop.is_set() or halt.is_set():
                        return
                    results.put((item, work(item)))
        except BaseException as exc:  # handed to the caller's thread, which re-raises it
            results.put(exc)
        finally:
            results.put(_DONE)

    workers = max(1, min(max_workers, pending.qsize()))
    for i in range(workers if items else 0):
        threading.Thread(target=worker, name=f"fetch-{i}", daemon=True).start()
    running, deadline = workers if items else 0, None
    try:
        while running:
            if stop.is_set() and deadline is None:
                deadline = time.monotonic() + GRACE_S
            if deadline is not None and time.monotonic() > deadline:
                return  # abandon what is still in flight
            try:
                got = results.get(timeout=tick_s)
            except queue.Empty:
                yield None
                continue
            if got is _DONE:
                running -= 1
            elif isinstance(got, BaseException):
                raise got
            else:
                yield got
    finally:
        halt.set()
