"""The dcwatch code location: assets by stage, jobs, schedule and resources."""

import dagster as dg

from dagster_project.home import HOME_VAR, pin_home
from dagster_project.ingest.defs.archives import archive_imports, import_archives, new_archive_files
from dagster_project.ingest.defs.assets import raw_events
from dagster_project.ingest.defs.sensors import new_feed_items
from dagster_project.jobs import (
    new_log_segments,
    project_segments,
    refresh,
    refresh_schedule,
    replay,
)
from dagster_project.marts.defs.assets import firm_trends
from dagster_project.parse.defs import articles, parsed_segments, stories
from dagster_project.resources import DcwatchHome, HttpFetcher, SourcesResource
from dagster_project.score.defs import scored_segments, stance_scores

# Who to ask about an asset, by stage: filterable under Catalog → Owner.
OWNERS = {
    "ingest": ["team:ingest"],  # sources files, politeness, the event log
    "parse": ["team:ingest"],  # extraction and dedup ride with the pages they read
    "score": ["team:scoring"],  # firm registry, lexicons, stance rules
    "marts": ["team:analysis"],  # trend tables, queries, charts, alerts
}


def _owned(spec: dg.AssetSpec) -> dg.AssetSpec:
    return spec.replace_attributes(owners=OWNERS[spec.group_name or ""])


# DCWATCH_HOME defaults to ./data of the process that loads the code location; pinned here so
# the resource's EnvVar always resolves, whether dcwatch or plain `dagster dev` loads it.
pin_home()

assets = [
    raw_events,
    archive_imports,
    parsed_segments,
    articles,
    stories,
    scored_segments,
    stance_scores,
    firm_trends,
]

defs = dg.Definitions(
    assets=dg.map_asset_specs(_owned, assets),
    jobs=[refresh, replay, import_archives, project_segments],
    schedules=[refresh_schedule],
    sensors=[new_feed_items, new_archive_files, new_log_segments],
    resources={
        "home": DcwatchHome(home=dg.EnvVar(HOME_VAR)),
        "sources": SourcesResource(),
        "http": HttpFetcher(),
    },
)
