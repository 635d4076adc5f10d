"""`dcwatch import-archives --refresh`: the import and the refresh in one process, with the
same tables as the two commands run one after the other."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.cli import main
from tests.test_archive_backfill import archive_dir, sources_file  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow  # real Dagster runs

TABLES = {
    "articles": "SELECT url, title, published_at::VARCHAR, lang, body FROM articles ORDER BY url",
    "stances": "SELECT a.url, s.firm, s.stance, s.score FROM article_firm_stance s "
    "JOIN articles a USING (article_id) ORDER BY ALL",
    "weekly": "SELECT * FROM firm_weekly ORDER BY ALL",
}


def _tables(db) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(q).fetchall() for name, q in TABLES.items()}


def test_import_then_refresh_in_one_command_equals_the_two_commands(
    tmp_path,
    archive_dir,  # noqa: F811
    monkeypatch,
    capsys,
):
    monkeypatch.setenv("DCWATCH_SOURCES", str(sources_file(tmp_path, str(archive_dir))))
    monkeypatch.setenv("DCWATCH_HOME", str(tmp_path / "one"))
    assert main(["import-archives", "--refresh", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "[2/2] ccnews/2024-06/b.warc.gz: imported" in out
    assert "refresh finished in" in out
    assert "next: dcwatch run" not in out  # nothing is left to run
    one = _tables(tmp_path / "one" / "dcwatch.duckdb")

    monkeypatch.setenv("DCWATCH_HOME", str(tmp_path / "two"))
    assert main(["import-archives"]) == 0
    assert main(["run", "--quiet"]) == 0
    two = _tables(tmp_path / "two" / "dcwatch.duckdb")
    assert len(one["articles"]) == 3
    assert ("https://news.example/1", "google", "declined") in [r[:3] for r in one["stances"]]
    assert one == two
