"""Stance scoring: which foreign firm holds which data-center stance, sentence by sentence.

    from dagster_project.score import (
        SCORER_VERSION, STANCES, aggregate_stances, load_registry, score_articles,
    )

Pure Python and polars; the registry and lexicons are data files in this package, and
SCORER_VERSION changes whenever one of them or a rule module changes.
"""

from .aggregate import STANCE_SCHEMA, aggregate_stances
from .registry import Registry, load_registry
from .rules import STANCE_PRIORITY, STANCE_WEIGHTS, STANCES
from .score import MENTION_SCHEMA, score_articles
from .version import scorer_version

SCORER_VERSION: str = scorer_version()

__all__ = [
    "MENTION_SCHEMA",
    "SCORER_VERSION",
    "STANCES",
    "STANCE_PRIORITY",
    "STANCE_SCHEMA",
    "STANCE_WEIGHTS",
    "Registry",
    "aggregate_stances",
    "load_registry",
    "score_articles",
    "scorer_version",
]
