"""What runs when: the refresh job, the replay job, and the morning schedule.

Every run carries ``dcwatch/job`` and, when something other than a person started it,
``dcwatch/trigger`` (schedule or sensor), so the Runs page can be filtered by either.
"""

import dagster as dg

PROJECTIONS = dg.AssetSelection.groups("parse", "score", "marts")

# Archive imports run per file (partition) in their own job, import_archives.
refresh = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("archive_imports"),
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
