"""Fetch many URLs at once without being rude to any one host.

URLs are grouped by host and each host gets as many lanes as its concurrency
limit; a bounded thread pool runs the lanes. A worker therefore never sits in one
host's rate-limit wait while another host has work, and the run takes about
``max(URLs per host / host rate)`` instead of the sum of every response time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from dagster_project.ingest.http.politeness import host_key

T = TypeVar("T")
R = TypeVar("R")


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


def fetch_all(
    items: Sequence[T],
    work: Callable[[T], R],
    url_of: Callable[[T], str],
    max_workers: int = 8,
    per_host: int = 1,
) -> list[R]:
    """Run ``work`` on every item, lanes in parallel; results in the order of ``items``.

    ``work`` must not raise for an expected fault (it records it instead); an
    unexpected exception propagates, because it is a bug, not a bad URL.
    """
    if not items:
        return []
    index = {id(item): i for i, item in enumerate(items)}
    results: list[R | None] = [None] * len(items)

    def run_lane(lane: list[T]) -> None:
        for item in lane:
            results[index[id(item)]] = work(item)

    groups = lanes(items, url_of, per_host)
    workers = max(1, min(max_workers, len(groups)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        for future in [pool.submit(run_lane, lane) for lane in groups]:
            future.result()
    return results  # type: ignore[return-value]
