"""The distributed stack for real: Postgres, Redis, an S3 server and two Celery workers as
separate processes on 127.0.0.1 (deploy/stack.sh), the refresh job on the demo through
them with one worker's process killed mid-step, and the tables it gives equal to the
embedded run's."""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

MISSING = [
    what
    for what, present in {
        "Debian's postgresql": bool(glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        "redis-server": shutil.which("redis-server") is not None,
        "the deploy extras (pip install -e '.[deploy]')": all(
            importlib.util.find_spec(m) for m in ("dagster_celery", "dagster_postgres", "moto")
        ),
    }.items()
    if not present
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def received(log: Path) -> list[str]:
    """Task ids a Celery worker's log says it took, in order."""
    text = log.read_text() if log.exists() else ""
    return [line.split("[")[2].split("]")[0] for line in text.splitlines() if "] received" in line]


def kill_a_busy_worker_process(
    stack: Path, run: subprocess.Popen, output: Path, after_tasks: int = 3
) -> str:
    """SIGKILL the process running a step (as the OOM killer would), once the workers have
    taken ``after_tasks`` tasks; return the id of the task it was running."""
    logs = [stack / f"worker-{i}.log" for i in (1, 2)]
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if run.poll() is not None:  # a failed step ends the run: say why, not "not busy"
            pytest.fail(f"the run ended before a step was killed:\n{output.read_text()[-3000:]}")
        if sum(len(received(log)) for log in logs) >= after_tasks:
            for i, log in enumerate(logs, 1):
                [*_, task] = received(log) or [""]
                if task and f"{task}] succeeded" not in log.read_text():
                    wrapper = (stack / f"worker-{i}.pid").read_text().strip()
                    main = children(wrapper)[0]  # dagster-celery -> celery -> its pool process
                    for pid in children(main):
                        os.kill(int(pid), 9)
                    return task
        time.sleep(0.2)
    pytest.fail("no worker was busy with a step to kill")


def children(pid: str) -> list[str]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", pid], capture_output=True, text=True)
    return out.stdout.split()


def tables(home: Path) -> dict[str, pl.DataFrame]:
    import duckdb

    from dagster_project.warehouse import frame

    queries = {  # fetched_at is each run's own fetch time; every other column must agree
        "articles": "SELECT * EXCLUDE (fetched_at) FROM articles",
        **{t: f"SELECT * FROM {t}" for t in ("stories", "mentions", "article_firm_stance")},
        "firm_weekly": "SELECT * FROM firm_weekly",
    }
    with duckdb.connect(str(home / "dcwatch.duckdb"), read_only=True) as con:
        return {t: frame(con, q).sort(pl.all()) for t, q in queries.items()}


@pytest.mark.skipif(bool(MISSING), reason=f"the stack needs {', '.join(MISSING)}")
def test_refresh_through_celery_workers_with_the_log_on_s3_equals_the_embedded_run(tmp_path):
    # Postgres runs as its own user, which cannot enter pytest's private tmp folders.
    stack = Path(tempfile.mkdtemp(prefix="dcwatch-stack-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DCWATCH_", "AWS_"))},
        "DCWATCH_STACK": str(stack),
        "PYTHON": sys.executable,
        "DCWATCH_PG_PORT": str(free_port()),
        "DCWATCH_REDIS_PORT": str(free_port()),
        "DCWATCH_S3_PORT": str(free_port()),
    }
    env.pop("DAGSTER_HOME", None)
    script = str(REPO / "deploy" / "stack.sh")
    try:
        started = subprocess.run([script, "start", "2"], env=env, capture_output=True, text=True)
        assert started.returncode == 0, started.stderr[-3000:]
        assert "2 celery workers ready" in started.stderr
        output = stack / "run.log"
        with open(output, "w") as out:
            run = subprocess.Popen([script, "run"], env=env, stdout=out, stderr=subprocess.STDOUT)
            killed = kill_a_busy_worker_process(stack, run, output)
            assert run.wait(600) == 0, output.read_text()[-3000:]
        assert "RUN_SUCCESS" in output.read_text()
        # the killed step went back to the broker and was run again, to its end
        logs = "".join((stack / f"worker-{i}.log").read_text() for i in (1, 2))
        assert "WorkerLostError" in logs and f"{killed}] succeeded" in logs
        taken = [received(stack / f"worker-{i}.log") for i in (1, 2)]
        assert all(taken) and sum(t.count(killed) for t in taken) == 2, taken
        # the run is recorded in Postgres; the log is in the bucket, not on disk
        stack_env = dict(
            line.removeprefix("export ").split("=", 1)
            for line in subprocess.run(
                [script, "env"], env=env, capture_output=True, text=True, check=True
            ).stdout.splitlines()
        )
        psql = subprocess.run(
            [
                "psql",
                stack_env["DCWATCH_PG_URL"].replace("+psycopg2", ""),
                "-Atc",
                "SELECT status FROM runs",
            ],
            capture_output=True,
            text=True,
        )
        assert psql.stdout.split() == ["SUCCESS"], psql.stderr
        assert not (stack / "home" / "events").exists()
        distributed = tables(stack / "home")
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True)
        shutil.rmtree(stack, ignore_errors=True)

    home = tmp_path / "embedded"
    embedded_env = {**env, "DCWATCH_HOME": str(home)}
    local = subprocess.run(
        [sys.executable, "-m", "dagster_project", "run"], env=embedded_env, capture_output=True
    )
    assert local.returncode == 0, local.stderr[-3000:]
    for name, rows in tables(home).items():
        assert rows.height > 0 and rows.equals(distributed[name]), name
