"""Two ingest processes on one home against one rate-limited host: together they hold the
host's rate, and no page is fetched twice."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from werkzeug import Request, Response

from dagster_project.eventlog import EventLog
from tests.conftest import REPO
from tests.test_fetch_faults import PAGE, rss

RATE = 20.0  # requests per second configured for the host

CHILD = """
import sys, time, pathlib
from dagster_project.eventlog import EventLog
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
go = pathlib.Path(sys.argv[3])
while not go.exists():
    time.sleep(0.01)
run_ingest(load_sources(sys.argv[1]), EventLog(sys.argv[2]), HttpClient(), sys.argv[4])
"""


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


@pytest.mark.slow
def test_two_processes_share_the_host_rate_and_never_fetch_a_page_twice(httpserver, tmp_path):
    hits: list[tuple[float, str]] = []
    lock = threading.Lock()

    def page(request: Request) -> Response:
        with lock:
            hits.append((time.monotonic(), request.path))
        return Response(PAGE.format(t=request.path), content_type="text/html")

    groups = {g: [f"/{g}/{i}" for i in range(30)] for g in ("shared", "a", "b")}
    for g, paths in groups.items():
        httpserver.expect_request(f"/{g}.xml").respond_with_handler(
            lambda r, p=paths: (
                hits.append((time.monotonic(), r.path)),
                Response(rss([httpserver.url_for(x) for x in p]), content_type="text/xml"),
            )[1]
        )
        for p in paths:
            httpserver.expect_request(p).respond_with_handler(page)
    children, go = [], tmp_path / "go"
    for own in ("a", "b"):
        src = tmp_path / f"{own}.yaml"
        src.write_text(
            f"allow_private_hosts: true\npoliteness: {{rate_per_host: {RATE}}}\nsources:\n"
            f"  - {{name: shared, kind: rss, url: '{httpserver.url_for('/shared.xml')}'}}\n"
            f"  - {{name: {own}, kind: rss, url: '{httpserver.url_for(f'/{own}.xml')}'}}\n"
        )
        children.append(
            subprocess.Popen(
                [sys.executable, "-c", CHILD, str(src), str(tmp_path / "events"), str(go), own],
                cwd=REPO,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
        )
    time.sleep(3)  # both have imported everything and wait for the word
    go.touch()
    try:
        assert [c.wait(120) for c in children] == [0, 0]
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()

    times = sorted(t for t, _ in hits)
    rate = (len(times) - 1) / (times[-1] - times[0])
    pages = Counter(p for _, p in hits if not p.endswith(".xml"))
    print(f"two processes: {rate:.1f} requests/s against a configured {RATE:.0f}/s")
    assert abs(rate - RATE) / RATE <= 0.25, rate
    assert set(pages) == {p for paths in groups.values() for p in paths}
    assert max(pages.values()) == 1, pages.most_common(3)
    fetched = EventLog(tmp_path / "events").read(event_types=["ArticleFetched"])
    assert fetched["url"].n_unique() == fetched.height == 90
    assert set(fetched["run_id"]) == {"a", "b"}  # both took part
