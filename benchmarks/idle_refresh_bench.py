"""A refresh with nothing new: the whole ``dcwatch run`` on the demo home, and what Dagster
alone costs.

For each source tree (this one, and with ``--before DIR`` an earlier checkout, e.g.
``git archive <commit> | tar -x -C DIR``), a fresh home gets one full refresh of the demo
corpus, then ``--repeat`` refreshes with nothing new, each timed as a process (start-up
included) and, when it made a Dagster run, as the run itself ("refresh finished in":
opening the Dagster instance, which imports Dagster, loading our definitions, and the
run), with the number of events the last run stored in the instance. This tree is measured
twice: as ``dcwatch run`` (which makes no run when a poll finds nothing new) and as
``dcwatch run --full-run`` (always a Dagster run). Then, in a fresh process each:
importing Dagster, loading our code location, and materializing one asset that does
nothing in an instance like ours (SQLite storage under a DAGSTER_HOME) — the floor under
any ``dcwatch run``.

    .venv/bin/python benchmarks/idle_refresh_bench.py --before /tmp/base --repeat 3
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
FLOOR = """
import time, tempfile, os, shutil
t = time.perf_counter(); import dagster as dg; imported = time.perf_counter() - t
t = time.perf_counter(); import dagster_project.definitions; loaded = time.perf_counter() - t
home = tempfile.mkdtemp()
shutil.copy(os.path.join(os.path.dirname(dagster_project.__file__), "dagster.yaml"), home)
os.environ["DAGSTER_HOME"] = home

@dg.asset
def nothing(): return None

with dg.DagsterInstance.get() as instance:
    dg.materialize([nothing], instance=instance)  # the first run creates the storage
    t = time.perf_counter(); dg.materialize([nothing], instance=instance)
    run = time.perf_counter() - t
print(f"{imported:.2f} {loaded:.2f} {run:.2f}")
"""


EVENTS = """
import sys, dagster as dg
with dg.DagsterInstance.from_config(sys.argv[1]) as instance:
    run = instance.get_runs(limit=1)[0]
    kinds = [e.dagster_event.event_type_value for e in instance.all_logs(run.run_id)
             if e.dagster_event]
    planned = sum(k.endswith("_PLANNED") for k in kinds)
    print(f"{len(instance.all_logs(run.run_id))} {planned} {kinds.count('STEP_START')}")
"""


def stored_events(tree: Path, home: Path) -> str:
    """How many events the last run stored in the Dagster instance (each one a write to
    its SQLite files), of which 'planned', and how many steps started."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", EVENTS, str(home / "dagster_home")],
        env=env,
        cwd=tree,  # `-c` and `-m` put the working folder first on sys.path
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return f"{out[0]} events stored ({out[1]} planned), {out[2]} steps run"


def refresh(tree: Path, home: Path, flags: tuple[str, ...] = ()) -> tuple[float, float]:
    """Seconds of the whole command and of the Dagster run (nan: no run was made)."""
    env = {**os.environ, "DCWATCH_HOME": str(home), "PYTHONPATH": str(tree)}
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "dagster_project", "run", *flags],
        env=env,
        cwd=tree,  # `-m` puts the working folder first on sys.path: the tree under test
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wall = time.perf_counter() - t
    m = re.search(r"refresh finished in ([\d.]+)s", out)
    return wall, float(m[1]) if m else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", help="source tree of the code to compare with")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    trees = {"this tree": (HERE, ()), "--full-run": (HERE, ("--full-run",))}
    if args.before:
        trees = {"before": (Path(args.before).resolve(), ()), **trees}
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 shared cores)")
    for label, (tree, flags) in trees.items():
        with tempfile.TemporaryDirectory() as tmp:
            refresh(tree, Path(tmp))  # the first refresh reads the whole demo corpus
            runs = [refresh(tree, Path(tmp), flags) for _ in range(args.repeat)]
            made = [r for _, r in runs if r == r]  # nan: no Dagster run
            events = stored_events(tree, Path(tmp)) if made else ""
        walls = [w for w, _ in runs]
        inner = (
            f"run {statistics.median(made):.1f} s (runs {', '.join(f'{r:.1f}' for r in made)}); "
            f"last run: {events}"
            if made
            else "no Dagster run made"
        )
        print(
            f"{label:>10}: nothing new, median of {args.repeat}: whole command "
            f"{statistics.median(walls):.1f} s (each {', '.join(f'{w:.1f}' for w in walls)}), "
            + inner
        )
    floors = [
        subprocess.run(
            [sys.executable, "-c", FLOOR], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(args.repeat)
    ]
    imported, loaded, run = (statistics.median(float(f[i]) for f in floors) for i in range(3))
    print(
        f"Dagster alone, median of {args.repeat}: import {imported:.1f} s, our code location "
        f"{loaded:.1f} s, one no-op asset run {run:.1f} s"
    )
    print(f"reproduce: .venv/bin/python {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
