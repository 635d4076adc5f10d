"""One Dagster instance for every dcwatch command, so runs from the CLI show in the UI.

``dcwatch run``, ``replay``, ``import-archives`` and ``ui`` all use ``$DAGSTER_HOME`` when it
is set, else ``$DCWATCH_HOME/dagster_home``, which gets the bundled ``dagster.yaml``
(telemetry off, the ``duckdb`` pool limited to 1) the first time it is used.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from dagster_project.home import dcwatch_home

BUNDLED_SETTINGS = Path(__file__).resolve().parents[1] / "dagster.yaml"
PID_TAG, HOST_TAG = "dcwatch/pid", "dcwatch/host"  # who runs an in-process run


def dagster_home(environ: Mapping[str, str]) -> tuple[Path, list[str]]:
    """The instance folder (created, with settings) and the warnings a user should see first."""
    warnings = []
    if environ.get("DAGSTER_HOME"):
        path = Path(environ["DAGSTER_HOME"]).expanduser().resolve()
        if not (path / "dagster.yaml").is_file():
            warnings.append(
                f"DAGSTER_HOME={path} has no dagster.yaml: telemetry stays on and the 'duckdb' "
                f"pool has no limit, so concurrent runs can collide on the DuckDB lock. Copy "
                f"{BUNDLED_SETTINGS} there, or unset DAGSTER_HOME to use "
                f"$DCWATCH_HOME/dagster_home."
            )
        path.mkdir(parents=True, exist_ok=True)
        return path, warnings
    path = dcwatch_home(environ) / "dagster_home"
    path.mkdir(parents=True, exist_ok=True)
    if not (path / "dagster.yaml").is_file():
        shutil.copyfile(BUNDLED_SETTINGS, path / "dagster.yaml")
    return path, warnings


def run_tags() -> dict[str, str]:
    """Tags that let a later command tell whether this process still runs the run."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def reap_dead_runs(instance) -> list[str]:
    """Mark as failed the in-process runs of this machine whose process is gone.

    A killed ``dcwatch run`` leaves its run STARTED and its ``duckdb`` pool slot claimed;
    left alone, the next run would wait for that slot forever.
    """
    import dagster as dg

    host, reaped = socket.gethostname(), []
    active = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING]
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=active, tags={HOST_TAG: host})):
        pid = run.tags.get(PID_TAG, "")
        if pid.isdigit() and not _alive(int(pid)):
            instance.report_run_failed(run, message=f"process {pid} running it is gone")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            reaped.append(run.run_id)
    return reaped


@contextmanager
def open_instance() -> Iterator:
    """The shared Dagster instance, with the runs of killed dcwatch processes closed."""
    import dagster as dg

    path, warnings = dagster_home(os.environ)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    with dg.DagsterInstance.from_config(str(path)) as instance:
        reap_dead_runs(instance)
        yield instance
