"""Failures a user sees in the UI carry a message they can act on: which file, which entry,
which source, which URL, and what went wrong.

The runs here are the real ``refresh`` job executed in process; the UI shows exactly
these events (tests/test_ui_e2e.py checks one of them through the webserver).
"""

from __future__ import annotations

import dagster as dg
import pytest

from dagster_project.definitions import defs

# Slow tier: real Dagster runs, servers or whole-corpus passes (./bin/test -m "not slow" skips).
pytestmark = pytest.mark.slow

RAW_EVENTS = dg.AssetKey("raw_events")


def run_refresh(sources_path, only_ingest: bool = False) -> dg.ExecuteInProcessResult:
    """The refresh job with another sources file, as a launchpad run config would set it."""
    job = defs.resolve_job_def("refresh")
    return job.execute_in_process(
        run_config={"resources": {"sources": {"config": {"path": str(sources_path)}}}},
        asset_selection=[RAW_EVENTS] if only_ingest else None,
        raise_on_error=False,
    )


def failure_text(result: dg.ExecuteInProcessResult, step: str) -> str:
    """Everything the UI shows for a failed step: the description, the error and its causes."""
    [event] = [e for e in result.all_events if e.is_step_failure and e.step_key == step]
    data = event.step_failure_data
    parts = [data.user_failure_data.description] if data.user_failure_data else []
    error = data.error
    while error:
        parts.append(error.message)
        error = error.cause
    return "\n".join(p for p in parts if p)


MALFORMED = {
    "unknown kind": (
        "sources:\n  - {name: a, kind: rss, url: a.xml}\n"
        "  - {name: typo-feed, kind: rsss, url: b.xml}\n",
        ["sources[1]", "typo-feed", "'rsss'", "'rss', 'atom'"],
    ),
    "missing url": (
        "sources:\n  - {name: a, kind: rss, url: a.xml}\n  - {name: no-url, kind: rss}\n",
        ["sources[1]", "missing url"],
    ),
    "duplicate name": (
        "sources:\n  - {name: twice, kind: rss, url: a.xml}\n"
        "  - {name: twice, kind: atom, url: b.xml}\n",
        ["sources[1]", "duplicate source name 'twice'"],
    ),
    "not yaml": ("sources: [\n", ["not valid YAML", "line"]),
    "no sources list": ("feeds:\n  - a.xml\n", ["expected a mapping with a 'sources' list"]),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_sources_file_fails_at_once_naming_file_and_entry(tmp_path, case):
    text, expected = MALFORMED[case]
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_refresh(path)
    assert not result.success
    message = failure_text(result, "raw_events")
    for part in [str(path), *expected]:
        assert part in message, f"{part!r} not in the failure message:\n{message}"
    # A typo does not fix itself: no retries with backoff before the user learns about it.
    assert not [e for e in result.all_events if e.event_type_value == "STEP_UP_FOR_RETRY"]
    assert not result.get_asset_materialization_events()  # nothing downstream runs either


def test_missing_sources_file_names_the_path(tmp_path):
    result = run_refresh(tmp_path / "nowhere.yaml", only_ingest=True)
    assert f"sources file not found: {tmp_path / 'nowhere.yaml'}" in failure_text(
        result, "raw_events"
    )


def test_feed_answering_500_is_a_warning_naming_source_url_and_reason(tmp_path, httpserver):
    httpserver.expect_request("/rss.xml").respond_with_data("oops", status=500)
    url = httpserver.url_for("/rss.xml")
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"allow_private_hosts: true\nsources:\n"
        f"  - {{name: flaky-daily, kind: rss, url: '{url}'}}\n",
        encoding="utf-8",
    )
    result = run_refresh(path, only_ingest=True)
    assert result.success  # one bad feed must not stop the others, nor the run
    checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    feeds = checks["feeds_reachable"]
    assert not feeds.passed and feeds.severity == dg.AssetCheckSeverity.WARN
    for part in ("flaky-daily", url, "500"):
        assert part in feeds.description, f"{part!r} not in {feeds.description!r}"
    assert checks["segments_readable"].passed
