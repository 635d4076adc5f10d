"""What the UI's catalog tells a reader: freshness, column schemas, the schedule and the sensor."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from dagster_project.catalog import (
    DAILY_READ,
    SQL_FILES,
    column_comment,
    table_metadata,
    table_schemas,
)
from dagster_project.definitions import defs
from dagster_project.warehouse import sql_text

READ_BY_USERS = ("articles", "article_firm_stance")  # firm_weekly too, once marts declares it
TABLE_ASSETS = ("articles", "stories", "mentions", "article_firm_stance")


def test_tables_users_read_have_a_freshness_policy():
    graph = defs.resolve_asset_graph()
    for name in READ_BY_USERS:
        assert graph.get(dg.AssetKey(name)).freshness_policy == DAILY_READ, name


@pytest.mark.parametrize("table", sorted(table_schemas()))
def test_column_schemas_match_the_warehouse_ddl(table):
    con = duckdb.connect()
    for name in SQL_FILES:
        con.execute(sql_text(name))
    described = con.execute(f"DESCRIBE {table}").fetchall()
    schema = table_schemas()[table]
    assert [(c.name, c.type, c.constraints.nullable) for c in schema.columns] == [
        (name, ctype, null == "YES") for name, ctype, null, *_ in described
    ]
    assert schema.columns, f"{table} has no columns"


def test_table_assets_show_their_columns_with_descriptions():
    graph = defs.resolve_asset_graph()
    for name in TABLE_ASSETS:
        schema = graph.get(dg.AssetKey(name)).metadata["dagster/column_schema"]
        assert schema == table_metadata(name)["dagster/column_schema"], name
    mentions = {c.name: c for c in table_schemas()["mentions"].columns}
    assert "declined" in mentions["stance"].description  # the DDL's comment, shown in the UI
    assert not mentions["stance"].constraints.nullable
    with pytest.raises(KeyError, match="sql/schema.sql"):
        table_metadata("no_such_table")


def test_schedule_and_sensor_are_documented_and_off_until_switched_on():
    schedule = defs.resolve_schedule_def("refresh_every_morning")
    assert schedule.description and "07:00" in schedule.description
    for sensor in defs.sensors or []:
        assert sensor.description, f"sensor {sensor.name} has no description for the UI"


def test_replay_needs_no_launchpad_config():
    job = defs.resolve_job_def("replay")
    # An empty run config validates: the rebuild settings are the job's defaults.
    assert dg.validate_run_config(job, {}) is not None
    defaults = dg.validate_run_config(job, {})["ops"]
    assert defaults["articles"]["config"]["rebuild"] is True
    assert defaults["stance_scores"]["config"]["rebuild"] is True


@pytest.mark.parametrize(
    ("line", "column", "comment"),
    [
        (
            "    published_day  DATE,               -- a day in Korea",
            "published_day",
            "a day in Korea",
        ),
        ('    "count"        INTEGER, -- how many', "count", "how many"),
        (
            "    sum(articles)::INTEGER    AS articles, -- articles naming the firm",
            "articles",
            "articles naming the firm",
        ),
        ("    a.published_day AS day,  -- the Korean day", "day", "the Korean day"),
        ("    firm,                    -- firm id", "firm", "firm id"),
        (
            "    avg(score) AS mean_score -- weight (committed 1 … declined -1)",
            "mean_score",
            "weight (committed 1 … declined -1)",
        ),
    ],
)
def test_column_comments_in_ddl_and_select_lists(line, column, comment):
    assert column_comment(line) == (column, comment)
    assert column_comment("    FROM stance_rows(NULL, NULL, NULL, NULL)") is None


def test_every_column_of_every_table_asset_is_described():
    specs = {s.key.path[-1]: s for s in defs.resolve_all_asset_specs()}
    tables = [name for name in table_schemas() if name in specs]
    assert {"articles", "mentions", "article_firm_stance", "firm_daily", "alerts"} <= set(tables)
    missing = []
    for name in tables:
        schema = specs[name].metadata.get("dagster/column_schema")
        assert schema is not None, f"asset {name} shows no columns"
        missing += [f"{name}.{c.name}" for c in schema.columns if not (c.description or "").strip()]
    for name, schema in table_schemas().items():  # the tables no asset shows, too
        missing += [f"{name}.{c.name}" for c in schema.columns if not (c.description or "").strip()]
    assert not missing, f"columns without a description (add a -- comment in sql/*.sql): {missing}"


def test_marts_tables_have_schemas_too():
    assert {"firm_daily", "firm_weekly"} <= set(table_schemas())
    weekly = [c.name for c in table_schemas()["firm_weekly"].columns]
    assert weekly[:3] == ["week", "firm", "articles"] and "mean_score" in weekly
