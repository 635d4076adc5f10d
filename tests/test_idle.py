"""What a refresh still has to do past ingest (dagster_project/idle.py), on a real log and
DuckDB file: nothing after a full pass, and each kind of pending work named."""

from __future__ import annotations

import pytest
from event_support import fetched_page

from dagster_project import warehouse
from dagster_project.eventlog import EventLog, events_frame
from dagster_project.idle import MART_FILES, pending_work
from dagster_project.replay import replay

# Slow tier: a replay scores with the Korean model loaded.
pytestmark = pytest.mark.slow


def page(n: int):
    html = (
        f"<html><head><title>Oracle story {n}</title></head><body><article><p>Oracle will "
        f"build a data center in Seoul, story {n}. The company confirmed the plan.</p>"
        "</article></body></html>"
    )
    return fetched_page(f"https://a.example/story-{n}", html)


@pytest.fixture
def home(tmp_path):
    log = EventLog(tmp_path / "events")
    log.append(events_frame([page(1), page(2)], "r1"), "r1")
    with warehouse.connect(tmp_path / "dcwatch.duckdb") as con:
        replay(con, log)
    (tmp_path / "charts").mkdir()
    for name in MART_FILES[1:]:
        (tmp_path / name).write_text("made")
    return tmp_path, log


def test_nothing_pending_after_a_full_pass(home):
    root, log = home
    with warehouse.connect(root / "dcwatch.duckdb") as con:
        assert pending_work(con, log, root) == []


def test_a_new_segment_a_missing_file_or_a_pending_story_is_work(home):
    root, log = home
    log.append(events_frame([page(3)], "r2"), "r2")
    (root / "report.html").unlink()
    with warehouse.connect(root / "dcwatch.duckdb") as con:
        con.execute("INSERT INTO story_changes VALUES ('x')")
        work = pending_work(con, log, root)
    assert work == [
        "articles: log segments after 1",
        "marts: days to recount",
        "marts: report.html is missing",
    ]


def test_rows_of_another_code_version_are_work(home):
    root, log = home
    with warehouse.connect(root / "dcwatch.duckdb") as con:
        con.execute(
            "UPDATE projection_state SET code_version = 'old' WHERE projection = 'mentions'"
        )
        work = pending_work(con, log, root)
    assert work[0].startswith("mentions: scorer ") and work[0].endswith("(rows from old)")
    assert "marts: new mart SQL or projection versions" in work
