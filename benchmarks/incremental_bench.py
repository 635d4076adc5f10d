"""Incremental cost against history: 1,000 new articles over an N-article home vs an empty one.

The home's history is written straight into the warehouse with the project's own writers
(``warehouse.insert_frame`` for articles, stance and mention rows; ``update_stories`` and
``update_marts`` then build the story index and the marts over it, as a refresh would), so
a 100,000-article home takes a minute instead of a day of parsing and scoring. The 1,000
new articles are real HTML pages in one log segment (the generator of replay_bench.py),
the same in every home. Each refresh runs on a copy of its home in its own child process
(articles → mentions → stories → marts, ``replay.run_step`` as the refresh job does), so
its peak memory is its own; the homes take turns, and each reports its best run.

    .venv/bin/python benchmarks/incremental_bench.py --history 100000 --new 1000
    .venv/bin/python benchmarks/incremental_bench.py --history 100000 1000000 --new 1000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).parent))
from replay_bench import page_event  # noqa: E402  (the benchmark page generator)

STEPS = ("articles", "mentions", "stories", "marts")
FIRMS = ["google", "openai", "microsoft", "amazon", "meta", "oracle", "nvidia", "apple"]
STANCES = {"committed": 1.0, "considering": 0.5, "declined": -1.0, "operating": 0.75}
VOCAB = [f"w{i}" for i in range(20_000)]


def write_log(root: Path, n: int) -> None:
    """One segment of ``n`` new article pages (ids after any history's)."""
    from dagster_project.eventlog import EventLog, events_frame

    rng = random.Random(11)
    when = datetime(2026, 11, 1, tzinfo=UTC)
    events = [page_event(10_000_000 + i, rng, when) for i in range(n)]
    EventLog(root / "events").append(events_frame(events, "new"), "new")


def history_chunk(start: int, n: int, rng: np.random.Generator) -> tuple[pl.DataFrame, ...]:
    """``n`` parsed articles (5% exact and 5% near copies of an earlier one), one stance
    and one mention row each."""
    words = rng.integers(0, len(VOCAB), size=(n, 150))
    copy_of = rng.integers(0, max(n // 2, 1), size=n)
    kind = rng.random(n)
    bodies = []
    for i in range(n):
        if kind[i] < 0.05 and i > copy_of[i]:
            bodies.append(bodies[copy_of[i]])
        elif kind[i] < 0.10 and i > copy_of[i]:
            bodies.append("Wire. " + bodies[copy_of[i]][:-40] + " w1 w2 w3")
        else:
            bodies.append(" ".join(VOCAB[w] for w in words[i]))
    ids = [f"h{start + i:09d}" for i in range(n)]
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    when = [t0 + timedelta(minutes=int(m)) for m in rng.integers(0, 60 * 24 * 900, size=n)]
    articles = pl.DataFrame(
        {
            "article_id": ids,
            "version_id": [f"v{a}" for a in ids],
            "url": [f"https://history.example/{a}" for a in ids],
            "fetched_url": [f"https://history.example/{a}" for a in ids],
            "source": "history",
            "title": [f"title {a}" for a in ids],
            "published_at": when,
            "lang": "en",
            "body": bodies,
            "parse_status": "ok",
            "fetched_at": t0,
            "n_versions": 1,
            "event_seq": 0,
        },
        schema_overrides={"published_at": pl.Datetime("us", "UTC"), "n_versions": pl.Int32},
    ).with_columns(
        published_day=pl.col("published_at").dt.convert_time_zone("Asia/Seoul").dt.date()
    )
    stance = [list(STANCES)[s] for s in rng.integers(0, len(STANCES), size=n)]
    firm = [FIRMS[f] for f in rng.integers(0, len(FIRMS), size=n)]
    stances = pl.DataFrame(
        {
            "article_id": ids,
            "firm": firm,
            "stance": stance,
            "score": [STANCES[s] for s in stance],
            "confidence": 0.9,
            "evidence": "a sentence",
            "location": "KR",
            "n_mentions": 1,
        },
        schema_overrides={"n_mentions": pl.Int32},
    )
    return articles, stances


def build_home(root: Path, history: int) -> float:
    """The warehouse of an ``history``-article home (nothing of it in the log)."""
    from dagster_project import warehouse
    from dagster_project.checkpoints import set_state
    from dagster_project.marts.project import update_marts
    from dagster_project.parse import PARSER_VERSION
    from dagster_project.parse.stories import update_stories
    from dagster_project.score import SCORER_VERSION

    start = time.perf_counter()
    rng = np.random.default_rng(5)
    with warehouse.connect(root / "dcwatch.duckdb") as con:
        for at in range(0, history, 50_000):
            articles, stances = history_chunk(at, min(50_000, history - at), rng)
            articles = articles.with_columns(parser_version=pl.lit(PARSER_VERSION))
            warehouse.insert_frame(con, "articles", articles)
            stances = stances.with_columns(scorer_version=pl.lit(SCORER_VERSION))
            warehouse.insert_frame(con, "article_firm_stance", stances)
            con.execute(
                "INSERT INTO mentions (article_id, firm, sentence_idx, sentence, evidence, "
                "stance, score, confidence, location, scorer_version) "
                "SELECT article_id, firm, 1, evidence, evidence, stance, score, confidence, "
                "location, scorer_version FROM article_firm_stance WHERE article_id >= ?",
                [f"h{at:09d}"],
            )
        if history:
            set_state(con, "articles", 0, PARSER_VERSION)
            set_state(con, "mentions", 0, SCORER_VERSION)
            update_stories(con)
            update_marts(con)
    return time.perf_counter() - start


def peak_mb() -> float:
    """This process's own peak RSS (VmHWM). ``ru_maxrss`` is not it here: Linux keeps it
    across exec, so a child forked from a parent that built a large home would report the
    parent's RSS at the fork."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(root: str) -> None:
    from dagster_project import warehouse
    from dagster_project.eventlog import EventLog
    from dagster_project.replay import run_step

    log, seconds = EventLog(Path(root) / "events"), {}
    start = time.perf_counter()
    with warehouse.connect(Path(root) / "dcwatch.duckdb") as con:
        for step in STEPS:
            t = time.perf_counter()
            run_step(con, step, log)
            seconds[step] = time.perf_counter() - t
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
    seconds["total"] = time.perf_counter() - start
    # parse and score workers, when the pool started: the largest one's peak
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = {"seconds": seconds, "peak_mb": peak_mb(), "peak_worker_mb": workers, "articles": n}
    print(json.dumps(out))


def measure(home: Path) -> dict:
    """One refresh of a copy of ``home`` in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(home, tmp, dirs_exist_ok=True)
        out = subprocess.run(
            [sys.executable, __file__, "--child", tmp], check=True, capture_output=True, text=True
        )
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--history", type=int, nargs="+", default=[100_000])
    ap.add_argument("--new", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        homes, built = {}, {}
        for h in [0, *args.history]:
            homes[h] = Path(tmp) / f"home-{h}"
            write_log(homes[h], args.new)
            built[h] = build_home(homes[h], h)
            print(f"home of {h:,} articles built in {built[h]:.0f} s", flush=True)
        # Alternate the homes, so a busier minute on a shared machine hits each alike.
        trials = {h: [] for h in homes}
        for _ in range(args.repeat):
            for h, home in homes.items():
                trials[h].append(measure(home))
                print(f"  {h:,}: {trials[h][-1]}", flush=True)
        sizes = {h: (home / "dcwatch.duckdb").stat().st_size / 2**20 for h, home in homes.items()}
    runs = {h: min(t, key=lambda r: r["seconds"]["total"]) for h, t in trials.items()}
    empty = runs[0]["seconds"]["total"]
    print(f"{args.new:,} new articles: refresh steps ({', '.join(STEPS)}) in process,")
    print(f"best of {args.repeat} per home (all totals: see 'runs')")
    print(
        f"{'home':>10} {'total s':>8} "
        + " ".join(f"{s:>9}" for s in STEPS)
        + "  ratio  peak MB (main, largest worker)"
    )
    for h, r in runs.items():
        s = r["seconds"]
        print(
            f"{h:>10,} {s['total']:>8.1f} "
            + " ".join(f"{s[k]:>9.2f}" for k in STEPS)
            + f"  {s['total'] / empty:>4.2f}x  {r['peak_mb']:>6.0f} {r['peak_worker_mb']:>6.0f}"
            + (f"   (home built in {built[h]:.0f} s, {sizes[h]:.0f} MB)" if h else "")
            + "   runs: "
            + ", ".join(f"{t['seconds']['total']:.1f}" for t in trials[h])
        )
    print(f"target: <= 1.2x the empty home. reproduce: .venv/bin/python {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
