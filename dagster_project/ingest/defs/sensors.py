"""A sensor that starts `refresh` when a feed lists a new link, and stays quiet otherwise."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from dagster_project.ingest.watch import watch
from dagster_project.jobs import refresh
from dagster_project.resources import HttpFetcher, SourcesResource


@dg.sensor(
    job=refresh,
    minimum_interval_seconds=15 * 60,
    default_status=dg.DefaultSensorStatus.STOPPED,  # polls the live web: turn on deliberately
    description="Polls feeds and sitemaps with conditional GETs (nothing is recorded) and "
    "requests a refresh run only when a link appears that the cursor has not seen.",
)
def new_feed_items(
    context: dg.SensorEvaluationContext, sources: SourcesResource, http: HttpFetcher
):
    """Request `refresh` for new feed links; the cursor keeps ETags and link fingerprints."""
    config = sources.load()
    client = http.client(config.user_agent).for_run(config)
    result = watch(config, client, json.loads(context.cursor) if context.cursor else {})
    context.update_cursor(json.dumps(result.cursor, sort_keys=True))
    for name, reason in result.failed.items():
        context.log.warning(f"{name}: {reason}")
    if not result.new_links:
        return dg.SkipReason(
            f"no new links ({result.not_modified} feeds unchanged, {len(result.failed)} failed)"
        )
    fingerprints = result.fingerprints
    # The same set of new links never starts two runs, even if the cursor is reset.
    run_key = hashlib.sha256(",".join(fingerprints).encode()).hexdigest()[:20]
    return dg.RunRequest(
        run_key=run_key,
        tags={
            "dcwatch/trigger": "new_feed_items",
            "dcwatch/new_links": str(len(fingerprints)),
            "dcwatch/sources": ",".join(sorted(result.new_links))[:200],
        },
    )
