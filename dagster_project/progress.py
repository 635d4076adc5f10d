"""Progress bars for the long stages (parsing, scoring, archive imports), on the terminal.

A bar goes to stderr, and only when stderr is a terminal, so logs, pipes, CI and the
Dagster UI stay free of bar noise; ``DCWATCH_PROGRESS=1`` forces bars (``0`` turns them
off). The stage opens a bar with :func:`stage`; the loop that does the work calls
:func:`advance` with what it finished, without knowing whether anyone shows it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from tqdm import tqdm

PROGRESS_ENV = "DCWATCH_PROGRESS"
_bar: ContextVar[tqdm | None] = ContextVar("dcwatch_progress", default=None)


def enabled() -> bool:
    """Whether to draw bars: ``DCWATCH_PROGRESS`` (1 or 0) if set, else whether stderr is
    a terminal."""
    forced = os.environ.get(PROGRESS_ENV, "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    return sys.stderr.isatty()


@contextmanager
def stage(desc: str, unit: str) -> Iterator[None]:
    """A bar counting ``unit`` for the work done inside the block (cleared at its end: the
    stage's summary line replaces it)."""
    if not enabled():
        yield
        return
    bar = tqdm(desc=f"  {desc}", unit=f" {unit}", file=sys.stderr, leave=False, mininterval=0.5)
    token = _bar.set(bar)
    try:
        yield
    finally:
        _bar.reset(token)
        bar.close()


def advance(n: int) -> None:
    """Count ``n`` more units done on the open bar, if any."""
    bar = _bar.get()
    if bar is not None and n:
        bar.update(n)
