"""Folders of web archives: one `archive_imports` partition per WARC file, imported by real
Dagster runs, registered by the sensor, backfilled from the CLI, then parsed by refresh."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime

import dagster as dg
import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from dagster_project.cli import main
from dagster_project.eventlog import EventLog
from dagster_project.ingest.archives import (
    ArchiveError,
    archive_files,
    is_archive_folder,
    partition_source,
)
from dagster_project.ingest.config import load_sources
from dagster_project.ingest.defs.archives import (
    ARCHIVE_FILES,
    READ_WHOLE_CHECK,
    archive_imports,
    new_archive_files,
)
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
from dagster_project.ingest.warc import archived_pages
from dagster_project.resources import DcwatchHome, HttpFetcher, SourcesResource
from tests.test_sources_kinds import make_warc

# Slow tier: real Dagster runs, servers or whole-corpus passes (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow

ARTICLE = """<html><head><title>{title}</title>
<meta property="article:published_time" content="{when}"></head>
<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"""


def page(i: int, when: str) -> tuple[str, str, bytes, str]:
    html = ARTICLE.format(
        title=f"Archived story {i}",
        when=when,
        body=f"Story number {i} from the archive says OpenAI is considering a data center "
        "in Korea, while Google ruled out building one there.",
    )
    return (f"https://news.example/{i}", "text/html; charset=utf-8", html.encode(), when)


@pytest.fixture
def archive_dir(tmp_path):
    folder = tmp_path / "ccnews"
    (folder / "2024-05").mkdir(parents=True)
    (folder / "2024-06").mkdir()
    make_warc(folder / "2024-05" / "a.warc.gz", [page(1, "2024-05-02T09:00:00Z")])
    make_warc(
        folder / "2024-06" / "b.warc.gz",
        [page(2, "2024-06-03T09:00:00Z"), page(3, "2024-06-04T09:00:00Z")],
    )
    (folder / "2024-06" / "b.warc.gz.md5").write_text("not an archive\n")
    return folder


def sources_file(tmp_path, url: str):
    path = tmp_path / "sources.yaml"
    path.write_text(f"sources:\n  - {{name: ccnews, kind: warc, url: '{url}'}}\n")
    return path


def resources(sources_path, home):
    return {
        "home": DcwatchHome(home=str(home)),
        "sources": SourcesResource(path=str(sources_path)),
        "http": HttpFetcher(),
    }


def test_a_folder_or_a_glob_lists_its_archive_files_as_partition_keys(tmp_path, archive_dir):
    folder = load_sources(sources_file(tmp_path, "ccnews/")).sources[0]
    glob = load_sources(sources_file(tmp_path, "ccnews/2024-06/*.warc.gz")).sources[0]
    assert is_archive_folder(folder) and is_archive_folder(glob)
    assert list(archive_files(folder)) == ["ccnews/2024-05/a.warc.gz", "ccnews/2024-06/b.warc.gz"]
    assert list(archive_files(glob)) == ["ccnews/b.warc.gz"]  # keys are relative to the glob
    single = load_sources(sources_file(tmp_path, "ccnews/2024-05/a.warc.gz")).sources[0]
    assert not is_archive_folder(single)


def test_an_unknown_partition_names_what_is_missing(tmp_path, archive_dir):
    config = load_sources(sources_file(tmp_path, "ccnews/"))
    assert partition_source(config, "ccnews/2024-05/a.warc.gz").url.endswith("/a.warc.gz")
    with pytest.raises(ArchiveError, match="no such archive file"):
        partition_source(config, "ccnews/2024-07/c.warc.gz")
    with pytest.raises(ArchiveError, match="no WARC folder source named 'other'"):
        partition_source(config, "other/a.warc.gz")


def test_refresh_leaves_archive_folders_to_their_partitions(tmp_path, archive_dir):
    config = load_sources(sources_file(tmp_path, "ccnews/"))
    log = EventLog(tmp_path / "events")
    report = run_ingest(config, log, HttpClient(), "r", progress=False)
    assert report.archive_folders == ["ccnews"]
    assert report.counts["ArticleFetched"] == 0 and log.read().height == 0


def test_each_partition_imports_its_own_file_once(tmp_path, archive_dir):
    src = sources_file(tmp_path, "ccnews/")
    home = tmp_path / "home"
    with dg.DagsterInstance.ephemeral() as inst:
        keys = ["ccnews/2024-05/a.warc.gz", "ccnews/2024-06/b.warc.gz"]
        inst.add_dynamic_partitions(ARCHIVE_FILES.name, keys)

        def run(key):
            result = dg.materialize(
                [archive_imports], partition_key=key, instance=inst, resources=resources(src, home)
            )
            mat = result.asset_materializations_for_node("archive_imports")[0]
            return {k: v.value for k, v in mat.metadata.items()}

        first = run(keys[1])
        messages = [e.user_message for e in inst.all_logs(inst.get_runs()[0].run_id)]
        assert any("ccnews: 2 pages read (100% of" in m for m in messages), messages
        events = EventLog(home / "events").read().sort("url")
        assert first["pages"] == 2 and first["new_events"] == 2
        assert events["url"].to_list() == ["https://news.example/2", "https://news.example/3"]
        # archived pages keep the archive's fetch date, not the import time
        assert events["recorded_at"][0] == datetime(2024, 6, 3, 9, tzinfo=UTC)
        assert json.loads(events["meta"][0])["warc"].endswith("/2024-06/b.warc.gz")
        assert b"Archived story 2" in events["body"][0]  # the page itself, not just its record
        assert run(keys[0])["new_events"] == 1
        assert run(keys[1])["new_events"] == 0  # a re-import adds nothing
        assert EventLog(home / "events").read().height == 3
        done = inst.get_materialized_partitions(dg.AssetKey("archive_imports"))
        assert done == set(keys)


def test_a_truncated_file_keeps_its_pages_and_warns(tmp_path, archive_dir):
    pages = [page(i, f"2024-07-0{i}T09:00:00Z") for i in range(1, 5)]
    make_warc(tmp_path / "full.warc.gz", pages)
    data = (tmp_path / "full.warc.gz").read_bytes()
    (archive_dir / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3])
    src = sources_file(tmp_path, "ccnews/")
    home = tmp_path / "home"
    with dg.DagsterInstance.ephemeral() as inst:
        inst.add_dynamic_partitions(ARCHIVE_FILES.name, ["ccnews/cut.warc.gz"])
        result = dg.materialize(
            [archive_imports],
            partition_key="ccnews/cut.warc.gz",
            instance=inst,
            resources=resources(src, home),
        )
        check = result.get_asset_check_evaluations()[0]
        assert check.check_name == READ_WHOLE_CHECK and not check.passed
        assert check.severity == dg.AssetCheckSeverity.WARN
        assert "bad_warc" in (check.description or "")
        # Run on its own (the check's Execute button), it reports what that import found.
        alone = dg.materialize(  # no partition, as the UI launches it: every file imported
            [archive_imports],
            instance=inst,
            resources=resources(src, home),
            selection=dg.AssetSelection.checks(*archive_imports.check_keys),
        )
        assert not alone.get_asset_materialization_events()
        (again,) = alone.get_asset_check_evaluations()
        assert not again.passed and again.description == check.description
    events = EventLog(home / "events").read()
    fetched = events.filter(events["event_type"] == "ArticleFetched").height
    assert 1 <= fetched < 4
    failed = events.filter(events["event_type"] == "FetchFailed")
    assert failed.height == 1 and failed["error"][0].startswith("bad_warc")


def test_a_vanished_file_fails_with_a_message_and_no_retry(tmp_path, archive_dir):
    src = sources_file(tmp_path, "ccnews/")
    with dg.DagsterInstance.ephemeral() as inst:
        inst.add_dynamic_partitions(ARCHIVE_FILES.name, ["ccnews/gone.warc.gz"])
        result = dg.materialize(
            [archive_imports],
            partition_key="ccnews/gone.warc.gz",
            instance=inst,
            resources=resources(src, tmp_path / "home"),
            raise_on_error=False,
        )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "no such archive file" in failure.event_specific_data.error.message


def test_the_sensor_registers_new_files_and_requests_one_import_each(tmp_path, archive_dir):
    src = sources_file(tmp_path, "ccnews/")
    with dg.DagsterInstance.ephemeral() as inst:

        def evaluate():
            ctx = dg.build_sensor_context(
                instance=inst, resources={"sources": SourcesResource(path=str(src))}
            )
            result = new_archive_files(ctx)
            if isinstance(result, dg.SensorResult):  # what the daemon would apply
                for req in result.dynamic_partitions_requests or []:
                    inst.add_dynamic_partitions(req.partitions_def_name, req.partition_keys)
            return result

        first = evaluate()
        assert [r.partition_key for r in first.run_requests] == [
            "ccnews/2024-05/a.warc.gz",
            "ccnews/2024-06/b.warc.gz",
        ]
        assert all(r.run_key == r.partition_key for r in first.run_requests)
        assert isinstance(evaluate(), dg.SkipReason)
        make_warc(archive_dir / "2024-06" / "c.warc.gz", [page(9, "2024-06-09T09:00:00Z")])
        later = evaluate()
        assert [r.partition_key for r in later.run_requests] == ["ccnews/2024-06/c.warc.gz"]


def test_cli_imports_every_file_then_refresh_parses_them(
    tmp_path, archive_dir, monkeypatch, capsys
):
    monkeypatch.setenv("DCWATCH_SOURCES", str(sources_file(tmp_path, "ccnews/")))
    assert main(["import-archives"]) == 0
    out = capsys.readouterr().out
    assert "[1/2] ccnews/2024-05/a.warc.gz: imported" in out
    assert "[2/2] ccnews/2024-06/b.warc.gz: imported" in out
    assert main(["run", "--quiet"]) == 0
    db = tmp_path / "home" / "dcwatch.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT url, published_at::DATE::VARCHAR FROM articles ORDER BY url"
        ).fetchall()
        stances = dict(
            con.execute(
                "SELECT firm, stance FROM article_firm_stance JOIN articles USING (article_id) "
                "WHERE url = 'https://news.example/1'"
            ).fetchall()
        )
    assert rows == [
        ("https://news.example/1", "2024-05-02"),
        ("https://news.example/2", "2024-06-03"),
        ("https://news.example/3", "2024-06-04"),
    ]
    assert stances == {"openai": "considering", "google": "declined"}
    assert main(["import-archives", "--source", "nothing-here"]) == 2


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_every_cut_of_an_archive_short_of_a_record_boundary_is_reported(tmp_path, compressed):
    """warcio ends quietly when a file stops inside a gzip member or a plain record; the
    reader must not: a cut download would lose its last pages without a word."""
    make_warc(tmp_path / "a.warc.gz", [page(i, f"2024-07-0{i}T09:00:00Z") for i in (1, 2)])
    data = (tmp_path / "a.warc.gz").read_bytes()
    if not compressed:
        data = gzip.decompress(data)  # the members, concatenated: a plain WARC file
    it = ArchiveIterator(io.BytesIO(data))
    boundaries = {it.get_record_offset() for _ in it} | {len(data)}
    assert len(boundaries) == 4  # 2 responses + 1 request record, and the end
    assert len(list(archived_pages(io.BytesIO(data), "s", "w"))) == 3
    silent = []
    for cut in range(1, len(data)):
        following = min(b for b in boundaries if b >= cut)
        if not data[cut:following].strip():
            continue  # cut between records (or in the blank lines that end one): nothing lost
        try:
            list(archived_pages(io.BytesIO(data[:cut]), "s", "w"))
            silent.append(cut)
        except Exception:  # noqa: BLE001 - any error is a reported fault; silence is the bug
            pass
    assert silent == []
