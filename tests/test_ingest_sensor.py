"""The feed sensor: conditional polls, a run only for new links, nothing written to the log."""

from __future__ import annotations

import json

import dagster as dg
import pytest
from werkzeug import Request, Response

from dagster_project.ingest.defs.sensors import new_feed_items
from dagster_project.resources import HttpFetcher, SourcesResource
from tests.test_fetch_faults import rss


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


def evaluate(cursor, sources_path):
    ctx = dg.build_sensor_context(
        cursor=cursor,
        resources={"sources": SourcesResource(path=str(sources_path)), "http": HttpFetcher()},
    )
    result = new_feed_items(ctx)
    return result, ctx.cursor


@pytest.mark.slow
def test_sensor_requests_runs_only_for_new_links(httpserver, tmp_path, monkeypatch):
    state = {"links": [httpserver.url_for("/a"), httpserver.url_for("/b")], "etag": '"1"'}
    conditional: list[str | None] = []

    def feed(request: Request):
        conditional.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == state["etag"]:
            return Response(status=304)
        return Response(
            rss(state["links"]), content_type="application/rss+xml", headers={"ETag": state["etag"]}
        )

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    src = tmp_path / "sources.yaml"
    src.write_text(
        "allow_private_hosts: true\npoliteness: {rate_per_host: 50}\nsources:\n"
        f"  - {{name: f, kind: rss, url: '{httpserver.url_for('/feed.xml')}'}}\n"
    )
    monkeypatch.setenv("DCWATCH_HOME", str(tmp_path / "home"))

    first, cursor = evaluate(None, src)
    assert isinstance(first, dg.RunRequest) and first.tags["dcwatch/new_links"] == "2"
    assert json.loads(cursor)[httpserver.url_for("/feed.xml")]["etag"] == '"1"'

    unchanged, cursor = evaluate(cursor, src)
    assert isinstance(unchanged, dg.SkipReason) and conditional[-1] == '"1"'

    # Same links, new ETag (a feed rebuilt with a new timestamp): still nothing new.
    state["etag"] = '"2"'
    rebuilt, cursor = evaluate(cursor, src)
    assert isinstance(rebuilt, dg.SkipReason)

    state["links"] = [httpserver.url_for("/c?utm_source=rss")] + state["links"]
    state["etag"] = '"3"'
    fresh, cursor = evaluate(cursor, src)
    assert isinstance(fresh, dg.RunRequest) and fresh.tags["dcwatch/new_links"] == "1"
    assert fresh.run_key != first.run_key
    # A tracking parameter does not make an old link new.
    state["links"] = [httpserver.url_for("/c?utm_source=twitter")] + state["links"][1:]
    state["etag"] = '"4"'
    assert isinstance(evaluate(cursor, src)[0], dg.SkipReason)
    assert not (tmp_path / "home").exists()  # the sensor never writes the log


def test_sensor_is_registered_and_stopped_by_default():
    from dagster_project.definitions import defs

    sensor = defs.resolve_sensor_def("new_feed_items")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    assert sensor.job_name == "refresh"
