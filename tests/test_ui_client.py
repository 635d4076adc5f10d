"""A small client of the Dagster webserver's GraphQL API, for the UI tests (and its own tests).

It does what a user does in the UI: find the code location, launch a job from the
launchpad with the job's default config, watch the run, read its event log.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

ASSETS = ("raw_events", "articles", "mentions", "article_firm_stance", "firm_daily", "firm_weekly")

REPOSITORIES = """{ repositoriesOrError { __typename
  ... on RepositoryConnection { nodes { name location { name } jobs { name } } }
  ... on PythonError { message } } }"""
LAUNCH = """mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename
  ... on LaunchRunSuccess { run { runId } }
  ... on RunConfigValidationInvalid { errors { message } }
  ... on Error { message } } }"""
STATUS = "query($id: ID!) { runOrError(runId: $id) { __typename ... on Run { status } } }"
EVENTS = """query($id: ID!, $after: String) { logsForRun(runId: $id, afterCursor: $after) {
  __typename ... on EventConnection { cursor hasMore events { __typename
    ... on MessageEvent { message }
    ... on ExecutionStepFailureEvent { stepKey error { ...Err cause { ...Err cause { ...Err } } } }
    ... on MaterializationEvent { assetKey { path } metadataEntries { ...Meta } }
    ... on AssetCheckEvaluationEvent { evaluation { checkName success severity description
      assetKey { path } metadataEntries { ...Meta } } } } } } }
fragment Err on PythonError { className message }
fragment Meta on MetadataEntry { label
  ... on TextMetadataEntry { text } ... on IntMetadataEntry { intValue }
  ... on FloatMetadataEntry { floatValue } ... on MarkdownMetadataEntry { mdStr }
  ... on BoolMetadataEntry { boolValue } }"""
DEFAULT_CONFIG = """query($s: PipelineSelector!) { runConfigSchemaOrError(selector: $s) {
  __typename ... on RunConfigSchema { rootDefaultYaml } } }"""
DONE = {"SUCCESS", "FAILURE", "CANCELED"}


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def error_chain(error: dict | None) -> str:
    """A failure as the UI shows it: the error, then each cause."""
    parts = []
    while error:
        parts.append(f"{error.get('className') or 'Error'}: {error['message'].strip()}")
        error = error.get("cause")
    return "\n  caused by ".join(parts)


def metadata(event: dict) -> dict:
    """An event's metadata entries as label → value."""
    return {
        m["label"]: next((v for k, v in m.items() if k != "label"), None)
        for m in event.get("metadataEntries", [])
    }


def describe_check(evaluation: dict) -> str:
    """A check evaluation as one line: name, severity, description and metadata."""
    key = "/".join(evaluation["assetKey"]["path"]) + "." + evaluation["checkName"]
    meta = ", ".join(
        f"{m['label']}={next((v for k, v in m.items() if k != 'label'), '')}"
        for m in evaluation.get("metadataEntries", [])
    )
    return f"{key} ({evaluation['severity']}): {evaluation['description'] or ''} [{meta}]"


class Dagster:
    """The webserver at ``url``; ``log_path`` is its output, quoted when something fails."""

    def __init__(self, url: str, log_path: Path | None = None):
        self.url, self.log_path = url, log_path
        self.location = self.repository = ""

    def query(self, text: str, **variables) -> dict:
        body = json.dumps({"query": text, "variables": variables}).encode()
        req = urllib.request.Request(
            f"{self.url}/graphql", body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=60) as resp:
            doc = json.load(resp)
        assert not doc.get("errors"), doc["errors"]
        return doc["data"]

    def log_tail(self, n: int = 40) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])

    def wait_ready(self, timeout_s: float, proc=None) -> None:
        """Wait until the code location has loaded and offers the ``refresh`` job."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert proc is None or proc.poll() is None, f"server exited:\n{self.log_tail()}"
            try:
                repos = self.query(REPOSITORIES)["repositoriesOrError"]
                for node in repos.get("nodes", []):
                    if "refresh" in {j["name"] for j in node["jobs"]}:
                        self.location, self.repository = node["location"]["name"], node["name"]
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass  # not listening yet
            time.sleep(1)
        raise AssertionError(f"no refresh job after {timeout_s:.0f}s:\n{self.log_tail()}")

    def launch(self, job: str, run_config: dict | None = None) -> str:
        selector = {
            "repositoryLocationName": self.location,
            "repositoryName": self.repository,
            "jobName": job,
        }
        result = self.query(LAUNCH, p={"selector": selector, "runConfigData": run_config or {}})
        result = result["launchRun"]
        assert result["__typename"] == "LaunchRunSuccess", result
        return result["run"]["runId"]

    def wait_for_run(self, run_id: str, timeout_s: float) -> str:
        deadline = time.monotonic() + timeout_s
        status = "NOT_STARTED"
        while time.monotonic() < deadline:
            status = self.query(STATUS, id=run_id)["runOrError"]["status"]
            if status in DONE:
                return status
            time.sleep(1)
        raise AssertionError(f"run {run_id} still {status} after {timeout_s:.0f}s")

    def events(self, run_id: str) -> list[dict]:
        """Every event of the run, in order (the log is paged)."""
        events, cursor = [], None
        while True:
            page = self.query(EVENTS, id=run_id, after=cursor)["logsForRun"]
            events += page["events"]
            cursor = page["cursor"]
            if not page["hasMore"]:
                return events


def test_error_chain_reads_like_the_ui():
    error = {
        "className": "DagsterExecutionStepExecutionError",
        "message": "op failed\n",
        "cause": {"className": "SourcesError", "message": "f.yaml: sources[1]: bad", "cause": None},
    }
    assert error_chain(error) == (
        "DagsterExecutionStepExecutionError: op failed\n"
        "  caused by SourcesError: f.yaml: sources[1]: bad"
    )
    assert error_chain(None) == ""


def test_free_port_is_bindable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", free_port()))
