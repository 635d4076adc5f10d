"""The dcwatch code location with Dagster's Celery executor: every step of every job is a
Celery task, run by whichever worker takes it from the broker.

The assets, jobs and resources are the embedded ones (``dagster_project.definitions``),
unchanged; only the executor differs. The broker and result backend come from
``DCWATCH_CELERY_BROKER`` and ``DCWATCH_CELERY_BACKEND`` (``deploy/stack.sh`` sets both).
Workers need the same code and the same environment (``DCWATCH_LOG``, ``DCWATCH_HOME``,
the AWS variables), and the instance in Postgres (``deploy/dagster.yaml``), since they
record each step's events there.
"""

import dagster as dg
from dagster_celery import celery_executor

from dagster_project.definitions import defs as embedded

celery = celery_executor.configured(
    {
        "broker": {"env": "DCWATCH_CELERY_BROKER"},
        "backend": {"env": "DCWATCH_CELERY_BACKEND"},
        # A step whose worker dies is retried by the run's own retry policy; Celery also
        # hands an unacknowledged task to another worker (acks_late, in the worker config).
        "retries": {"enabled": {}},
    },
    name="celery",
)

defs = dg.Definitions.merge(embedded, dg.Definitions(executor=celery))
