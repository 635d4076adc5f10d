"""`dcwatch run` with nothing new: decided before Dagster is imported, on a real home fed by a
local HTTP feed; a new feed item still makes a full run, and --full-run always makes one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dagster_project.cli import main
from dagster_project.eventlog import EventLog
from dagster_project.idle import client_for
from dagster_project.ingest.config import load_sources
from dagster_project.resources import HttpFetcher
from dagster_project.warehouse import frame

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "materialize"
TABLES = ("articles", "stories", "article_firm_stance", "firm_daily", "projection_state")
# `dcwatch run --quiet` in a fresh process; the last line says whether Dagster was imported.
RUN = "import sys; from dagster_project.cli import main; c = main(sys.argv[1:]); " + (
    "print('dagster imported:', 'dagster' in sys.modules); sys.exit(c)"
)


class Feed:
    """An RSS feed on 127.0.0.1 whose items can grow between polls."""

    def __init__(self, httpserver):
        self.server, self.pages = httpserver, ["ko1"]
        self.base = httpserver.url_for("").rstrip("/")
        httpserver.expect_request("/rss.xml").respond_with_handler(self._rss)
        for page in ("ko1", "en1"):
            httpserver.expect_request(f"/{page}").respond_with_data(
                (FIXTURES / f"{page}.html").read_bytes(), content_type="text/html; charset=utf-8"
            )

    def _rss(self, request):
        from werkzeug import Response

        items = "".join(
            f"<item><title>{p}</title><link>{self.base}/{p}</link><guid>{p}</guid>"
            "<pubDate>Tue, 03 Feb 2026 01:00:00 GMT</pubDate></item>"
            for p in self.pages
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
        return Response(body + "</channel></rss>", content_type="application/rss+xml")


@pytest.fixture
def feed(httpserver, tmp_path, monkeypatch):
    feed = Feed(httpserver)
    path = tmp_path / "sources.yaml"
    path.write_text(
        "allow_private_hosts: true\nsources:\n"
        f"  - {{name: t, kind: rss, url: '{feed.base}/rss.xml'}}\n"
    )
    monkeypatch.setenv("DCWATCH_SOURCES", str(path))
    return feed


def home() -> Path:
    return Path(os.environ["DCWATCH_HOME"])


def tables() -> dict[str, pl.DataFrame]:
    with duckdb.connect(str(home() / "dcwatch.duckdb"), read_only=True) as con:
        return {t: frame(con, f"SELECT * FROM {t}").sort(pl.all()) for t in TABLES}


def runs() -> list[str]:
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home() / "dagster_home")) as instance:
        return [r.run_id for r in instance.get_runs()]


def test_the_poll_uses_the_client_of_the_http_resource(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("user_agent: dcwatch-test/1\nsources:\n  - {name: t, kind: rss, url: x}\n")
    config = load_sources(path)
    ours, theirs = vars(client_for(config)), vars(HttpFetcher().client(config.user_agent))
    plain = (str, int, float, bool, tuple, type(None))
    settings = {k for k, v in theirs.items() if isinstance(v, plain)}
    assert "user_agent" in settings and "retries" in settings
    assert {k: ours[k] for k in settings} == {k: theirs[k] for k in settings}


@pytest.mark.slow
def test_nothing_new_makes_no_run_and_a_new_item_makes_one(feed):
    assert main(["run", "--quiet"]) == 0
    before, made = tables(), runs()
    log = home() / "events"
    segments = sorted(log.glob("seg-*.parquet"))
    assert before["articles"].height == 1 and len(made) == 1

    idle = subprocess.run(
        [sys.executable, "-c", RUN, "run", "--quiet"],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    assert idle.returncode == 0, idle.stderr[-2000:]
    assert "Nothing new from 1 sources; tables are current" in idle.stdout
    assert "dagster imported: False" in idle.stdout and "refresh finished" not in idle.stdout
    assert sorted(log.glob("seg-*.parquet")) == segments
    after = tables()
    for table in TABLES:
        assert after[table].equals(before[table]), table
    assert runs() == made

    feed.pages.append("en1")
    assert main(["run", "--quiet"]) == 0
    assert tables()["articles"].height == 2
    newest = runs()
    assert len(newest) == 2
    # What the poll before the run fetched is logged under the id of the run that followed.
    fetched = EventLog(log).read(0, ["run_id", "stream_key"], ["ArticleFetched"])
    en1 = fetched.filter(pl.col("stream_key").str.ends_with("/en1"))
    assert en1["run_id"].to_list() == [newest[0]]


@pytest.mark.slow
def test_full_run_makes_a_run_with_nothing_new(feed, capsys):
    assert main(["run", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["run", "--quiet", "--full-run"]) == 0
    out = capsys.readouterr().out
    assert "refresh finished in" in out and "articles: nothing new" in out
    assert len(runs()) == 2
