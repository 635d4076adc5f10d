"""The Dagster instance every dcwatch command shares, and the runs killed commands leave."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
from dagster._utils.concurrency import ConcurrencySlotStatus  # no public name for it

from dagster_project.cli.instance import (
    BUNDLED_SETTINGS,
    HOST_TAG,
    PID_TAG,
    dagster_home,
    open_instance,
    reap_dead_runs,
)

pytestmark = pytest.mark.slow  # a real sqlite-backed Dagster instance


def test_the_default_instance_lives_under_dcwatch_home_with_the_bundled_settings():
    home = Path(os.environ["DCWATCH_HOME"])
    path, warnings = dagster_home(dict(os.environ))
    assert path == home / "dagster_home" and warnings == []
    assert (path / "dagster.yaml").read_text() == BUNDLED_SETTINGS.read_text()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_killed_commands_run_is_closed_and_its_pool_slot_freed():
    from dagster_project.definitions import defs

    job = defs.resolve_job_def("refresh")
    with open_instance() as instance:

        def started(pid: int) -> str:
            run = instance.create_run_for_job(
                job, tags={PID_TAG: str(pid), HOST_TAG: socket.gethostname()}
            )
            instance.run_storage.handle_run_event(
                run.run_id,
                dg.DagsterEvent(
                    event_type_value="PIPELINE_START", job_name=run.job_name, message="start"
                ),
            )
            return run.run_id

        storage = instance.event_log_storage
        storage.initialize_concurrency_limit_to_default("duckdb")  # limit 1, from dagster.yaml
        dead, alive = started(_dead_pid()), started(os.getpid())
        claim = storage.claim_concurrency_slot("duckdb", dead, "articles")
        assert claim.slot_status == ConcurrencySlotStatus.CLAIMED
        blocked = storage.claim_concurrency_slot("duckdb", alive, "articles")
        assert blocked.slot_status == ConcurrencySlotStatus.BLOCKED  # the dead run holds it
        assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.STARTED
        assert reap_dead_runs(instance) == [dead]
        assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(alive).status == dg.DagsterRunStatus.STARTED
        # The slot is free again: the live run's step gets it instead of waiting forever.
        retry = storage.claim_concurrency_slot("duckdb", alive, "articles")
        assert retry.slot_status == ConcurrencySlotStatus.CLAIMED
