"""Progress bars of the long stages: on a terminal (or forced), never in piped output."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dagster_project import progress
from dagster_project.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "materialize"
BAR_NOISE = ("\r", " pages", " articles/s", "it/s")


def test_bars_follow_the_terminal_unless_forced(monkeypatch):
    # pytest captures stderr: not a terminal
    assert progress.enabled() is False
    monkeypatch.setenv(progress.PROGRESS_ENV, "1")
    assert progress.enabled() is True
    monkeypatch.setenv(progress.PROGRESS_ENV, "0")
    assert progress.enabled() is False


def test_advance_counts_on_the_open_bar_only(monkeypatch, capsys):
    progress.advance(5)  # no bar open: nothing drawn, nothing raised
    monkeypatch.setenv(progress.PROGRESS_ENV, "1")
    with progress.stage("parse", "pages"):
        progress.advance(3)
        time.sleep(0.6)  # bars redraw at most twice a second
        progress.advance(4)
    err = capsys.readouterr().err
    assert "parse" in err and "7 pages" in err


@pytest.fixture
def sources(httpserver, tmp_path, monkeypatch):
    base = httpserver.url_for("").rstrip("/")
    items = "".join(
        f"<item><title>{p}</title><link>{base}/{p}</link><guid>{p}</guid>"
        "<pubDate>Tue, 03 Feb 2026 01:00:00 GMT</pubDate></item>"
        for p in ("ko1", "en1")
    )
    httpserver.expect_request("/rss.xml").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>',
        content_type="application/rss+xml",
    )
    for page in ("ko1", "en1"):
        httpserver.expect_request(f"/{page}").respond_with_data(
            (FIXTURES / f"{page}.html").read_bytes(), content_type="text/html; charset=utf-8"
        )
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"allow_private_hosts: true\nsources:\n  - {{name: t, kind: rss, url: '{base}/rss.xml'}}\n"
    )
    monkeypatch.setenv("DCWATCH_SOURCES", str(path))


@pytest.mark.slow
def test_piped_run_has_no_bars_and_a_forced_replay_shows_them(sources, monkeypatch, capsys):
    assert main(["run", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "articles: 2 rows, 2 new" in out  # one line per step, as before
    assert not [noise for noise in BAR_NOISE if noise in out + err], err

    monkeypatch.setenv(progress.PROGRESS_ENV, "1")
    assert main(["replay"]) == 0
    out, err = capsys.readouterr()
    assert "parse:" in err and " pages" in err
    assert "score:" in err and " articles" in err
    assert " pages" not in out  # bars go to stderr; the step lines stay plain on stdout


@pytest.mark.slow
def test_a_run_with_nothing_new_says_which_steps_it_skipped(sources, capsys):
    assert main(["run", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["run", "--quiet", "--full-run"]) == 0
    out = capsys.readouterr().out
    assert "articles: nothing new" in out
    for step in ("stance_scores", "stories", "firm_trends"):
        assert f"{step}: skipped, nothing new" in out
