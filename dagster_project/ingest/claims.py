"""Which pages the ingest processes running now on this log have taken on.

Two runs started close together (a schedule and a hand-started ``dcwatch run``) see
the same new links. Each run claims the pages it will fetch in its own file under
``_locks/claims/``, locked (flock) for as long as the run lives; a run skips the
pages that a live run has claimed, and those that a run which has finished since
wrote to the log. The kernel drops the lock of a killed run, so its claims lapse
with it and its unfetched pages are owed to the next pass.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


class Claims:
    """This run's claims file; use as a context manager around the fetching."""

    def __init__(self, folder: Path, run_id: str):
        self.folder = folder / "claims"
        self.path = self.folder / f"{run_id}-{os.getpid()}.txt"
        self._fh = None

    def __enter__(self) -> Claims:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Locked before it gets its name, so no other run ever sees it unlocked.
        tmp = self.path.with_name(f".{self.path.stem}.tmp")
        self._fh = open(tmp, "w", encoding="utf-8")  # noqa: SIM115 - held until __exit__
        fcntl.flock(self._fh, fcntl.LOCK_EX)
        os.replace(tmp, self.path)
        return self

    def __exit__(self, *exc) -> None:
        self.path.unlink(missing_ok=True)
        self._fh.close()

    @contextmanager
    def exclusive(self) -> Iterator[set[str]]:
        """Hold the claims lock; yield the URLs other live runs have claimed."""
        with open(self.folder / ".lock", "a", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield self._claimed_by_others()

    def add(self, urls: Iterable[str]) -> None:
        """Claim ``urls`` for this run (inside ``exclusive``)."""
        self._fh.writelines(f"{u}\n" for u in urls)
        self._fh.flush()

    def _claimed_by_others(self) -> set[str]:
        taken: set[str] = set()
        for path in self.folder.glob("*.txt"):
            if path == self.path:
                continue
            try:
                with open(path, encoding="utf-8") as fh:
                    try:
                        fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    except BlockingIOError:  # its run is alive
                        taken.update(line.rstrip("\n") for line in fh)
                        continue
                path.unlink(missing_ok=True)  # its run is gone: the claims lapse
            except FileNotFoundError:
                continue
        return taken
