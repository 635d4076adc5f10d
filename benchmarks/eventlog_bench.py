"""Does ingest cost grow with history? Append and ingest-state reads against the log size.

Appends S segments of E generated ArticleFetched events to a fresh log, and at each
tenth of the way times one more append (the dedup against every id already in the
log), ``sources.history.latest_seen`` (the validators and last fetch times every
ingest pass reads) and ``EventLog.read`` of one event type. Prints one row per
checkpoint; the point is how the columns change as the log grows.

    .venv/bin/python benchmarks/eventlog_bench.py --segments 2000 --events 100
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dagster_project.eventlog import Event, EventLog, events_frame, now_utc  # noqa: E402
from dagster_project.ingest.history import latest_seen  # noqa: E402


def batch(seg: int, n: int) -> list[Event]:
    return [
        Event(
            "ArticleFetched",
            f"https://news.example/{seg}/{i}",
            "bench",
            f"https://news.example/{seg}/{i}",
            now_utc(),
            status=200,
            content_type="text/html",
            etag=f'"{seg}-{i}"',
            body=f"<p>article {seg}-{i}</p>".encode() * 40,
            meta={},
        )
        for i in range(n)
    ]


def timed(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=2000)
    ap.add_argument("--events", type=int, default=100, help="events per segment")
    args = ap.parse_args()
    step = max(1, args.segments // 10)
    print(f"{'segments':>8} {'events':>9} {'append ms':>10} {'latest_seen ms':>15} {'read ms':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        log = EventLog(Path(tmp) / "events")
        for seg in range(1, args.segments + 1):
            log.append(events_frame(batch(seg, args.events), f"r{seg}"), f"r{seg}")
            if seg % step:
                continue
            probe = events_frame(batch(10**9 + seg, args.events), "probe")
            start = time.perf_counter()
            log.append(probe, f"p{seg}")  # counted in the log from here on
            append_s = time.perf_counter() - start
            seen_s = timed(lambda: latest_seen(log))
            read_s = timed(lambda: log.read(columns=["url"], event_types=["ArticleFetched"]))
            n = (seg + seg // step) * args.events
            print(
                f"{seg:>8} {n:>9,} {append_s * 1000:>10.1f} {seen_s * 1000:>15.1f} "
                f"{read_s * 1000:>8.1f}"
            )
    cmd = f"benchmarks/eventlog_bench.py --segments {args.segments} --events {args.events}"
    print(f"reproduce: .venv/bin/python {cmd}")


if __name__ == "__main__":
    main()
