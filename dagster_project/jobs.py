"""What runs when: the refresh job, the replay job, and the morning schedule.

Every run carries ``dcwatch/job`` and, when something other than a person started it,
``dcwatch/trigger`` (schedule or sensor), so the Runs page can be filtered by either.
"""

import dagster as dg

from dagster_project.parse.defs import LOG_SEGMENTS
from dagster_project.resources import DcwatchHome

# Per-segment outputs run per partition in their own job, project_segments; the refresh
# computes any that are missing itself, so it needs no partition.
SEGMENT_OUTPUTS = dg.AssetSelection.assets("parsed_segments", "scored_segments")
PROJECTIONS = dg.AssetSelection.groups("parse", "score", "marts") - SEGMENT_OUTPUTS

# Archive imports run per file (partition) in their own job, import_archives.
refresh = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all()
    - dg.AssetSelection.assets("archive_imports")
    - SEGMENT_OUTPUTS,
    description=(
        "Ingest every source, then bring every projection and mart up to date. Incremental: "
        "only new events are parsed and scored. Launched by the schedule "
        "refresh_every_morning, the sensor new_feed_items, `dcwatch run`, or by hand."
    ),
    tags={"dcwatch/job": "refresh"},
)

# The rebuild settings are the job's default run config, so the launchpad opens with them
# filled in and "Launch run" needs nothing more; they can still be edited there.
replay = dg.define_asset_job(
    "replay",
    selection=PROJECTIONS,
    description=(
        "Rebuild every projection and mart from the event log, without fetching "
        "(rebuild: true). Use after a parser or scorer change, or to check that the tables "
        "are reproducible. Same as `dcwatch replay`."
    ),
    config={
        "ops": {
            "articles": {"config": {"rebuild": True, "workers": 2}},
            "stance_scores": {"config": {"rebuild": True}},
        }
    },
    tags={"dcwatch/job": "replay"},
)

refresh_schedule = dg.ScheduleDefinition(
    name="refresh_every_morning",
    job=refresh,
    cron_schedule="0 7 * * *",
    execution_timezone="Asia/Seoul",
    default_status=dg.DefaultScheduleStatus.STOPPED,  # turn on in the UI once sources are set
    description=(
        "Refresh at 07:00 Korean time, before the morning news meeting. Off by default: "
        "switch it on under Automation once DCWATCH_SOURCES points at real sources. "
        "articles and article_firm_stance warn when a morning is missed."
    ),
    tags={"dcwatch/trigger": "schedule"},
)

project_segments = dg.define_asset_job(
    "project_segments",
    selection=SEGMENT_OUTPUTS,
    partitions_def=LOG_SEGMENTS,
    description=(
        "Parse and score one log segment into its Parquet outputs (one partition per "
        "segment), on whichever worker takes the step. The next refresh loads the outputs "
        "into DuckDB instead of computing them."
    ),
    tags={"dcwatch/job": "project_segments"},
)


@dg.sensor(
    job=project_segments,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,  # the refresh computes them on one machine
    description=(
        "Registers each new log segment as a partition of log_segments and runs "
        "project_segments for it. Off by default; switch it on where workers share the work "
        "(deploy/), so segments are parsed and scored as they arrive."
    ),
)
def new_log_segments(context: dg.SensorEvaluationContext, home: DcwatchHome):
    known = set(context.instance.get_dynamic_partitions(LOG_SEGMENTS.name))
    new = [str(s.seq) for s in home.eventlog().segments() if str(s.seq) not in known]
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(partition_key=k, tags={"dcwatch/trigger": "sensor"}) for k in new
        ],
        dynamic_partitions_requests=[LOG_SEGMENTS.build_add_request(new)] if new else [],
    )
