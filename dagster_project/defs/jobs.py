"""What runs when: the refresh job, the replay job, and the morning schedule."""


import dagster as dg

PROJECTIONS = dg.AssetSelection.groups("parse", "score", "marts")

refresh = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    description="Ingest every source, then bring every projection and mart up to date.",
    tags={"dcwatch/job": "refresh"},
)

replay = dg.define_asset_job(
    "replay",
    selection=PROJECTIONS,
    description="Rebuild every projection and mart from the event log, without fetching.",
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
    description="Refresh at 07:00 Korean time, before the morning news meeting.",
)
