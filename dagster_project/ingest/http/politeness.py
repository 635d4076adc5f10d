"""Being a good guest on news sites: a per-host rate and concurrency limit, and robots.txt.

Both are shared by every thread of a run, so a pool of workers can fetch from
twenty hosts at once while each host still sees at most its own rate.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from protego import Protego


def host_key(url: str) -> str:
    """The politeness unit: scheme-less ``host[:port]``, lowercased."""
    return urlsplit(url).netloc.lower()


class HostLimiter:
    """At most ``concurrency`` requests in flight and one start per ``1/rate`` s, per host.

    With ``shared_dir``, both limits hold across the processes that share the folder:
    a host's next free start time is kept in a file there, read and advanced under an
    flock, and each in-flight request holds an flock on one of the host's slot files.
    """

    def __init__(
        self,
        rate: float = 1.0,
        concurrency: int = 1,
        host_rates: dict[str, float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        shared_dir: Path | None = None,
    ):
        if rate <= 0 or concurrency < 1:
            raise ValueError("rate must be > 0 and concurrency >= 1")
        self.interval = 1.0 / rate
        self.concurrency = concurrency
        self._intervals = {h.lower(): 1.0 / r for h, r in (host_rates or {}).items()}
        self._next: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()
        self._sleep = sleep
        self.shared_dir = shared_dir
        if shared_dir is not None:
            shared_dir.mkdir(parents=True, exist_ok=True)

    def slow_down(self, host: str, interval_s: float) -> None:
        """Space requests to ``host`` at least ``interval_s`` apart (crawl-delay, API limits)."""
        with self._lock:
            self._intervals[host] = max(interval_s, self._intervals.get(host, 0.0))

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's concurrency slots, started no sooner than its rate allows."""
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        with sem, ExitStack() as held:
            if self.shared_dir is not None:
                held.enter_context(self._shared_slot(host))
            with self._lock:
                # Reserve the start time under the lock, sleep outside it: other hosts
                # never wait for this one.
                interval = self._intervals.get(host, self.interval)
                if self.shared_dir is not None:
                    wait = self._reserve_shared(host, interval)
                else:
                    now = time.monotonic()
                    start = max(now, self._next.get(host, now))
                    self._next[host] = start + interval
                    wait = start - now
            if wait > 0:
                self._sleep(wait)
            # A late wake-up (a busy machine) must not shorten the gap to the next start by
            # more than a tenth; correcting it in full would slow the average rate instead.
            self._started(host, 0.9 * interval)
            yield

    def _started(self, host: str, gap: float) -> None:
        with self._lock:
            if self.shared_dir is None:
                now = time.monotonic()
                self._next[host] = max(self._next.get(host, now), now + gap)
                return
            with open(self._file(host, ".next"), "a+", encoding="ascii") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                fh.seek(0)
                try:
                    planned = float(fh.read() or 0)
                except ValueError:
                    planned = 0.0
                if planned < time.time() + gap:
                    fh.seek(0)
                    fh.truncate()
                    fh.write(repr(time.time() + gap))

    def _file(self, host: str, suffix: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", host)[:80]
        digest = hashlib.sha1(host.encode()).hexdigest()[:8]
        return self.shared_dir / f"{safe}-{digest}{suffix}"

    def _reserve_shared(self, host: str, interval: float) -> float:
        """Advance the host's next start time in its shared file; return the wait."""
        with open(self._file(host, ".next"), "a+", encoding="ascii") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            fh.seek(0)
            try:
                planned = float(fh.read() or 0)
            except ValueError:  # a damaged file only costs one interval
                planned = 0.0
            now = time.time()  # wall clock: monotonic clocks are not shared between processes
            start = max(now, planned if planned < now + 3600 else now)
            fh.seek(0)
            fh.truncate()
            fh.write(repr(start + interval))
        return start - now

    @contextmanager
    def _shared_slot(self, host: str) -> Iterator[None]:
        """Hold an flock on one of the host's ``concurrency`` slot files, waiting for one."""
        while True:
            for i in range(self.concurrency):
                fh = open(self._file(host, f".slot{i}"), "a")  # noqa: SIM115 - closed below
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    fh.close()
                    continue
                try:
                    yield
                finally:
                    fh.close()  # closing drops the lock
                return
            self._sleep(0.01)


class RobotsCache:
    """robots.txt per host, fetched once per run through the same guarded client.

    Follows RFC 9309 (through Protego, which also reads ``*`` and ``$`` in paths and
    fractional crawl-delays; the standard library's parser ignores both, so it would
    fetch what ``Disallow: /*?`` forbids): a 4xx answer means no rules, a 5xx answer
    means "stay out" for this run. A network failure allows the fetch, so the page's own request
    records the real error instead of a misleading ``robots``. ``internal`` names
    hosts on our own network (reachable only with ``allow_private_hosts``): there a
    5xx robots.txt is an unconfigured server, not a site asking us to stay away.
    """

    def __init__(
        self,
        fetch: Callable[[str], tuple[int | None, bytes | None]],
        agent: str,
        internal: Callable[[str], bool] = lambda origin: False,
    ):
        self._fetch = fetch
        self._internal = internal
        self.agent = agent.split("/", 1)[0].strip() or "*"
        self._rules: dict[str, Protego | str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def verdict(self, url: str) -> tuple[str | None, float | None]:
        """``(refusal reason or None, crawl-delay in seconds or None)`` for ``url``."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per host even when many threads ask at once
            if origin not in self._rules:
                self._rules[origin] = self._load(origin)
        rules = self._rules[origin]
        if isinstance(rules, str):
            return rules, None
        if not rules.can_fetch(url, self.agent):
            return "robots", None
        delay = rules.crawl_delay(self.agent)
        return None, float(delay) if delay is not None else None

    def _load(self, origin: str) -> Protego | str:
        status, body = self._fetch(origin + "/robots.txt")
        if status is not None and status >= 500 and not self._internal(origin):
            return f"robots: unavailable (http_{status})"
        text = (body or b"").decode("utf-8", "replace") if status == 200 else ""
        return Protego.parse(text)
