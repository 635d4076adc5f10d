"""Run a Dagster job in process on the shared instance, one plain line per step.

Dagster's own event stream (60-odd DEBUG lines a run) goes to the console only with
``--verbose``; every event is still recorded in the instance, so the UI shows the run.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field

from dagster_project.cli.causes import innermost, plain

# What each step reports first, after its row count: the news of this run.
NEWS = {
    "new_events": "new events",
    "failures": "fetch failures",
    "new_versions": "new",
    "rescored_articles": "rescored articles",
    "new_alerts": "new",
}


@dataclass
class StepProgress:
    """Listens to a run's events and prints a line when a step ends."""

    groups: dict[str, str]  # step key -> Dagster group of its assets
    out: object = field(default_factory=lambda: sys.stdout)  # the stdout of this run, not of import
    started: dict[str, float] = field(default_factory=dict)
    counts: dict[str, list[str]] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (step, plain cause)
    warnings: list[str] = field(default_factory=list)

    def __call__(self, entry) -> None:
        event = entry.dagster_event
        if event is None:
            return
        kind, step = event.event_type_value, event.step_key
        if kind == "STEP_START":
            self.started[step] = entry.timestamp
        elif kind == "ASSET_MATERIALIZATION":
            mat = event.event_specific_data.materialization
            self.counts.setdefault(step, []).append(_describe(mat))
        elif kind == "ASSET_CHECK_EVALUATION":
            check = event.event_specific_data
            if not check.passed:
                level = "warning" if check.severity.value == "WARN" else "FAILED"
                self.warnings.append(
                    f"check {level}: {check.asset_key.to_user_string()}.{check.check_name}"
                    + (f": {check.description}" if check.description else "")
                )
        elif kind == "STEP_UP_FOR_RETRY":
            cause = plain(*innermost(event.event_specific_data.error))
            print(
                f"  {self.groups.get(step, ''):<7} {step} failed, will retry: {cause}",
                file=self.out,
                flush=True,
            )
        elif kind == "STEP_SKIPPED":
            # Dagster skips the steps after one that materialized nothing (nothing new).
            print(f"  {self.groups.get(step, ''):<7} {step}: skipped, nothing new", file=self.out)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            took = entry.timestamp - self.started.get(step, entry.timestamp)
            what = " · ".join(self.counts.get(step, [])) or f"{step}: nothing new"
            if kind == "STEP_FAILURE":
                cause = plain(*innermost(event.event_specific_data.error))
                self.failures.append((step, cause))
                what = f"{step} FAILED"
            group = self.groups.get(step, "")
            print(f"  {group:<7} {what} ({took:.1f}s)", file=self.out, flush=True)


def _describe(mat) -> str:
    meta = {k: getattr(v, "value", v) for k, v in mat.metadata.items()}
    name = mat.asset_key.to_user_string()
    parts = [f"{meta[k]:,} {label}" for k, label in NEWS.items() if k in meta]
    if "dagster/row_count" in meta:
        parts.insert(0, f"{meta['dagster/row_count']:,} rows")
    return f"{name}: {', '.join(parts)}" if parts else name


@dataclass(frozen=True)
class Outcome:
    success: bool
    failures: list[tuple[str, str]]
    warnings: list[str]


def execute(
    job_name: str,
    instance,
    verbose: bool = False,
    partition_key: str | None = None,
    run_id: str | None = None,
):
    """Run ``job_name`` in this process on ``instance`` (as run ``run_id``, default a new
    one); print a line per step."""
    from dagster_project.cli.instance import run_tags
    from dagster_project.definitions import assets, defs

    job = defs.resolve_job_def(job_name)
    groups = {a.op.name: next(iter(a.group_names_by_key.values()), "") for a in assets}
    progress = StepProgress(groups)
    run_id = run_id or str(uuid.uuid4())  # known before the run starts, so we can listen to it
    instance.add_event_listener(run_id, progress)
    run_config = dict(job.run_config or {})
    if not verbose:
        # Failures are told once, by cause, in our closing lines; the UI keeps every event.
        run_config["loggers"] = {"console": {"config": {"log_level": "CRITICAL"}}}
    result = job.execute_in_process(
        run_config=run_config,
        instance=instance,
        partition_key=partition_key,
        raise_on_error=False,
        run_id=run_id,
        tags=run_tags(),
    )
    for line in progress.warnings:
        print(line, file=sys.stderr)
    if not progress.counts and not progress.failures and not result.success:
        progress.failures.append(("run", "the run failed before any step started"))
    return Outcome(result.success, progress.failures, progress.warnings)
