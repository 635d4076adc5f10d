"""Where dcwatch keeps its data: ``$DCWATCH_HOME``, resolved in this one place.

Pure (no Dagster): the CLI reads it for every command, and the code location pins it so
the ``home`` resource's ``dg.EnvVar("DCWATCH_HOME")`` always resolves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from pathlib import Path

HOME_VAR, DEFAULT_HOME = "DCWATCH_HOME", "data"


def dcwatch_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$DCWATCH_HOME`` (default ``./data``) as an absolute path."""
    environ = os.environ if environ is None else environ
    return Path(environ.get(HOME_VAR) or DEFAULT_HOME).expanduser().resolve()


def pin_home(environ: MutableMapping[str, str] | None = None) -> Path:
    """Resolve ``$DCWATCH_HOME`` once and write it back, so later readers and child processes
    (the resource's ``dg.EnvVar``, run workers, ``dagster dev``) all see the same folder."""
    environ = os.environ if environ is None else environ
    path = dcwatch_home(environ)
    environ[HOME_VAR] = str(path)
    return path
