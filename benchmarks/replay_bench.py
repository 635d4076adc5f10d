"""Replay throughput: rebuild every projection from a log of N generated articles.

Writes N article pages (Korean and English, several templates, firms with stances
and plenty of sentences without any) into a fresh event log, then times
the steps of ``dagster_project.replay.replay`` (parse → score → stories → marts, every
partition output computed afresh) in a child process per repeat, so each peak-memory
figure is that replay's own, with the peak reached by the end of each step. Reports
medians.

    .venv/bin/python benchmarks/replay_bench.py --n 10000 --repeat 3 --workers 2
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

FIRMS_KO = ["구글은", "오픈AI는", "마이크로소프트는", "아마존웹서비스(AWS)는", "오라클은", "메타는"]
FIRMS_EN = ["Google", "OpenAI", "Microsoft", "AWS", "Oracle", "Meta"]
STANCE_KO = [
    "국내에 데이터센터를 짓기로 확정했다.",
    "한국에 데이터센터 설립을 검토하고 있다.",
    "한국에 데이터센터를 세울 계획이 없다고 밝혔다.",
    "서울에서 데이터센터를 운영하고 있다.",
    "새 검색 기능을 공개했다.",
]
STANCE_EN = [
    "has agreed to build a data center in Korea.",
    "is considering a data center in Korea.",
    "has no plans to build a data center in Korea.",
    "already operates a data center in Seoul.",
    "released a new version of its app.",
]
FILLER_KO = [
    "업계에서는 전력 수급과 부지 확보가 관건이라는 분석이 나온다.",
    "정부는 지역 균형 발전을 위해 비수도권 입지를 우대하겠다고 밝혔다.",
    "관계자는 구체적인 일정은 아직 정해지지 않았다고 말했다.",
]
FILLER_EN = [
    "Power supply and land remain the main constraints, analysts said.",
    "The government has promised faster permits outside the capital region.",
    "No timetable was given for the next phase of the project.",
]


def page(i: int, rng: random.Random) -> tuple[bytes, str]:
    ko = rng.random() < 0.6
    firms, stances, filler = (
        (FIRMS_KO, STANCE_KO, FILLER_KO) if ko else (FIRMS_EN, STANCE_EN, FILLER_EN)
    )
    paras = []
    for _ in range(rng.randint(4, 9)):
        sents = [rng.choice(filler) for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.35:
            sents.insert(0, f"{rng.choice(firms)} {rng.choice(stances)}")
        paras.append("<p>" + " ".join(sents) + "</p>")
    day = datetime(2025, 9, 1, tzinfo=UTC) + timedelta(days=i % 420)
    title = f"{'데이터센터 경쟁' if ko else 'Data center race'} {i}"
    html = (
        f'<html lang="{"ko" if ko else "en"}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{day.isoformat()}">'
        f'<link rel="canonical" href="https://bench.example/a/{i}"></head><body>'
        f'<nav><a href="/">Home</a><a href="/tech">Tech</a></nav><article><h1>{title}</h1>'
        + "".join(paras)
        + "</article><aside><ul><li>Most read: Google Maps update</li>"
        "</ul></aside><footer>© bench</footer></body></html>"
    )
    return html.encode(), f"https://bench.example/a/{i}"


def page_event(i: int, rng: random.Random, fetched_at: datetime):
    """The ArticleFetched event of generated page ``i`` (the benchmarks' shared log input)."""
    from dagster_project.eventlog import Event

    body, url = page(i, rng)
    return Event(
        "ArticleFetched",
        url,
        "bench",
        url,
        fetched_at,
        final_url=url,
        status=200,
        content_type="text/html; charset=utf-8",
        body=body,
        meta={"lang_hint": None},
    )


def build_log(root: Path, n: int, seed: int = 7) -> None:
    from dagster_project.eventlog import EventLog, events_frame

    rng = random.Random(seed)
    log = EventLog(root / "events")
    batch = []
    for i in range(n):
        batch.append(page_event(i, rng, datetime(2026, 1, 1, tzinfo=UTC)))
        if len(batch) == 2000:
            log.append(events_frame(batch, f"b{i}"), f"b{i}")
            batch = []
    if batch:
        log.append(events_frame(batch, "last"), "last")


def child(root: str, workers: int) -> None:
    from dagster_project import warehouse
    from dagster_project.eventlog import EventLog
    from dagster_project.partitions import PartitionStore
    from dagster_project.replay import STEPS, run_step

    db = Path(root) / f"bench-{time.time_ns()}.duckdb"
    # each replay computes its partition outputs afresh, in its own folder
    store = PartitionStore(Path(root) / f"projections-{time.time_ns()}")
    log = EventLog(Path(root) / "events")
    start = time.perf_counter()
    stats, step_peaks, step_seconds = [], {}, {}
    with warehouse.connect(db) as con:
        # the steps of ``replay``, one by one, to see which one sets the peak
        for step in STEPS:
            t0 = time.perf_counter()
            stats.append(run_step(con, step, log, rebuild=True, workers=workers, store=store))
            step_seconds[step] = round(time.perf_counter() - t0, 1)
            step_peaks[step] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "articles": stats[0].rows_out,
                "mentions": stats[1].rows_out,
                "peak_mb": peak_kb / 1024,
                "peak_worker_mb": peak_children_kb / 1024,
                "peak_mb_after_step": {k: round(v) for k, v in step_peaks.items()},
                "seconds_per_step": step_seconds,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--keep", metavar="DIR", help="write the log and the databases to DIR and keep them"
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.workers)
        return
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        t0 = time.perf_counter()
        if (Path(tmp) / "events").exists():
            print(f"the log in {tmp} (written with --n it was given then)")
        else:
            build_log(Path(tmp), args.n)
            print(f"generated a log of {args.n} articles in {time.perf_counter() - t0:.1f}s")
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--child", tmp, "--workers", str(args.workers)],
                check=True,
                capture_output=True,
                text=True,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"  run: {runs[-1]}")
    secs = statistics.median(r["seconds"] for r in runs)
    print(f"\nreplay of N={args.n} articles, workers={args.workers}, {args.repeat} runs (median):")
    print(f"  {secs:.1f} s  →  {args.n / secs:.0f} articles/s")
    print(f"  mentions: {runs[0]['mentions']}, articles: {runs[0]['articles']}")
    print(
        f"  peak RSS: main {statistics.median(r['peak_mb'] for r in runs):.0f} MB, "
        f"largest parse worker {statistics.median(r['peak_worker_mb'] for r in runs):.0f} MB"
    )
    print(f"  peak RSS of main after each step (first run): {runs[0]['peak_mb_after_step']}")
    print(f"  seconds per step (first run): {runs[0]['seconds_per_step']}")
    print(
        f"reproduce: .venv/bin/python benchmarks/replay_bench.py --n {args.n} "
        f"--repeat {args.repeat} --workers {args.workers}"
    )


if __name__ == "__main__":
    main()
