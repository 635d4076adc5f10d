"""The articles projection: latest version wins, checkpoint advances with the rows."""

from __future__ import annotations

import pytest
from event_support import fetched_page

from dagster_project import warehouse
from dagster_project.checkpoints import get_state
from dagster_project.eventlog import Event, EventLog, events_frame
from dagster_project.parse.project import update_articles
from dagster_project.replay import replay

URL = "https://a.example/story"
PAGE = "<html><head><title>{t}</title></head><body><article><p>{t} {b}</p></article></body></html>"


def fetched(title: str) -> Event:
    body = PAGE.format(t=title, b="Microsoft already operates a data center in Seoul. " * 3)
    return fetched_page(URL, body)


@pytest.mark.slow
def test_newer_version_replaces_older_and_checkpoint_follows_each_segment(tmp_path):
    log = EventLog(tmp_path / "events")
    log.append(events_frame([fetched("First draft")], "r1"), "r1")
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        update_articles(con, log)
        assert get_state(con, "articles")[0] == 1
        log.append(events_frame([fetched("Corrected")], "r2"), "r2")
        stats = update_articles(con, log)
        assert (stats.from_seq, stats.to_seq, stats.rows_in) == (1, 2, 1)
        rows = con.execute("SELECT title, n_versions, event_seq FROM articles").fetchall()
        assert rows == [("Corrected", 2, 2)]
        # A replay from the log reaches the same state.
        replay(con, log)
        assert con.execute("SELECT title, n_versions FROM articles").fetchall() == [
            ("Corrected", 2)
        ]
        assert get_state(con, "articles")[0] == 2
