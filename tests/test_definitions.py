"""The code location loads with the assets, checks, jobs and schedule users rely on."""

from __future__ import annotations

import dagster as dg
import pytest

from dagster_project.definitions import defs

EXPECTED_ASSETS = {
    "raw_events",
    "archive_imports",
    "parsed_segments",
    "scored_segments",
    "articles",
    "stories",
    "mentions",
    "article_firm_stance",
    "firm_daily",
    "firm_weekly",
    "alerts",
    "trend_charts",
    "analyst_report",
    "published_copy",
}


def test_assets_groups_and_pools():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == EXPECTED_ASSETS
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups == {
        "raw_events": "ingest",
        "archive_imports": "ingest",
        "parsed_segments": "parse",
        "scored_segments": "score",
        "articles": "parse",
        "stories": "parse",
        "mentions": "score",
        "article_firm_stance": "score",
        "firm_daily": "marts",
        "firm_weekly": "marts",
        "alerts": "marts",
        "trend_charts": "marts",
        "analyst_report": "marts",
        "published_copy": "marts",
    }
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        # ingest appends to the event log, the segment outputs are Parquet files and charts
        # read the published copy: no DuckDB writes
        no_duckdb = ("raw_events", "archive_imports", "parsed_segments", "scored_segments")
        if key.to_user_string() not in (*no_duckdb, "trend_charts"):
            assert node.pools == {"duckdb"}, key


def test_every_asset_has_an_owner_by_stage():
    graph = defs.resolve_asset_graph()
    owners = {k.to_user_string(): graph.get(k).owners for k in graph.get_all_asset_keys()}
    assert owners["raw_events"] == ["team:ingest"]
    assert owners["mentions"] == ["team:scoring"]
    assert owners["firm_weekly"] == ["team:analysis"]
    assert all(owners.values()), owners


def test_every_asset_has_a_check():
    graph = defs.resolve_asset_graph()
    checked = {ck.asset_key.to_user_string() for ck in graph.asset_check_keys}
    assert checked == EXPECTED_ASSETS


def test_every_check_can_run_on_its_own():
    # The UI offers a check's own Execute button only when it is alone in its execution set
    # (its op is subsettable); otherwise it says the check needs its asset materialized.
    graph = defs.resolve_asset_graph()
    tied = {
        ck.to_user_string(): sorted(map(str, graph.get_execution_set_asset_and_check_keys(ck)))
        for ck in graph.asset_check_keys
        if graph.get_execution_set_asset_and_check_keys(ck) != {ck}
    }
    assert tied == {}
    assert len(graph.asset_check_keys) == 17


def test_jobs_and_schedule():
    refresh = defs.resolve_job_def("refresh")
    assert refresh is not None and defs.resolve_job_def("replay") is not None
    schedule = defs.resolve_schedule_def("refresh_every_morning")
    assert schedule.job_name == "refresh"
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert schedule.execution_timezone == "Asia/Seoul"


def test_archive_imports_run_per_file_outside_refresh():
    graph = defs.resolve_asset_graph()
    archives = graph.get(dg.AssetKey("archive_imports"))
    assert isinstance(archives.partitions_def, dg.DynamicPartitionsDefinition)
    assert archives.partitions_def.name == "archive_files"
    # refresh has no partition to give it; its own job does, and articles reads what it adds
    refresh_keys = defs.resolve_job_def("refresh").asset_layer.executable_asset_keys
    assert dg.AssetKey("archive_imports") not in refresh_keys
    job = defs.resolve_job_def("import_archives")
    assert job.asset_layer.executable_asset_keys == {dg.AssetKey("archive_imports")}
    assert dg.AssetKey("archive_imports") in graph.get(dg.AssetKey("articles")).parent_keys
    sensor = defs.resolve_sensor_def("new_archive_files")
    assert sensor.job_name == "import_archives"
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


@pytest.mark.slow
def test_package_is_the_code_location_and_loads_dagster_lazily():
    import subprocess
    import sys

    import dagster_project

    assert dagster_project.location is defs
    probe = (
        "import sys, dagster_project.eventlog, dagster_project.parse; "
        "print('dagster' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    loaded = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-m", "dagster_project"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
