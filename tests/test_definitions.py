"""The code location loads with the assets, checks, jobs and schedule users rely on."""

from __future__ import annotations

import dagster as dg

from dagster_project.definitions import defs

EXPECTED_ASSETS = {
    "raw_events",
    "articles",
    "stories",
    "mentions",
    "article_firm_stance",
    "firm_daily",
    "firm_weekly",
    "alerts",
    "trend_charts",
    "published_copy",
}


def test_assets_groups_and_pools():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == EXPECTED_ASSETS
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups == {
        "raw_events": "ingest",
        "articles": "parse",
        "stories": "parse",
        "mentions": "score",
        "article_firm_stance": "score",
        "firm_daily": "marts",
        "firm_weekly": "marts",
        "alerts": "marts",
        "trend_charts": "marts",
        "published_copy": "marts",
    }
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if key.to_user_string() not in ("raw_events", "trend_charts"):
            assert node.pools == {"duckdb"}, key


def test_every_asset_has_a_check():
    graph = defs.resolve_asset_graph()
    checked = {ck.asset_key.to_user_string() for ck in graph.asset_check_keys}
    assert checked == EXPECTED_ASSETS


def test_jobs_and_schedule():
    refresh = defs.resolve_job_def("refresh")
    assert refresh is not None and defs.resolve_job_def("replay") is not None
    schedule = defs.resolve_schedule_def("refresh_every_morning")
    assert schedule.job_name == "refresh"
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert schedule.execution_timezone == "Asia/Seoul"


def test_package_is_the_code_location_and_loads_dagster_lazily():
    import subprocess
    import sys

    import dagster_project

    assert dagster_project.location is defs
    probe = (
        "import sys, dagster_project.eventlog, dagster_project.parsing; "
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
