"""Being a good guest on news sites: a per-host rate and concurrency limit, and robots.txt.

Both are shared by every thread of a run, so a pool of workers can fetch from
twenty hosts at once while each host still sees at most its own rate.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser


def host_key(url: str) -> str:
    """The politeness unit: scheme-less ``host[:port]``, lowercased."""
    return urlsplit(url).netloc.lower()


class HostLimiter:
    """At most ``concurrency`` requests in flight and one start per ``1/rate`` s, per host."""

    def __init__(
        self,
        rate: float = 1.0,
        concurrency: int = 1,
        host_rates: dict[str, float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
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

    def slow_down(self, host: str, interval_s: float) -> None:
        """Space requests to ``host`` at least ``interval_s`` apart (crawl-delay, API limits)."""
        with self._lock:
            self._intervals[host] = max(interval_s, self._intervals.get(host, 0.0))

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's concurrency slots, started no sooner than its rate allows."""
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        with sem:
            with self._lock:
                # Reserve the start time under the lock, sleep outside it: other hosts
                # never wait for this one.
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._intervals.get(host, self.interval)
            if start > now:
                self._sleep(start - now)
            yield


class RobotsCache:
    """robots.txt per host, fetched once per run through the same guarded client.

    Follows RFC 9309: a 4xx answer means no rules, a 5xx answer means "stay out"
    for this run. A network failure allows the fetch, so the page's own request
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
        self._rules: dict[str, RobotFileParser | str] = {}
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
        if not rules.can_fetch(self.agent, url):
            return "robots", None
        delay = rules.crawl_delay(self.agent)
        return None, float(delay) if delay is not None else None

    def _load(self, origin: str) -> RobotFileParser | str:
        status, body = self._fetch(origin + "/robots.txt")
        parser = RobotFileParser()
        if status is not None and status >= 500 and not self._internal(origin):
            return f"robots: unavailable (http_{status})"
        lines = (body or b"").decode("utf-8", "replace").splitlines() if status == 200 else []
        parser.parse([_whole_delay(line) for line in lines])
        return parser


_DELAY = re.compile(r"^(\s*crawl-delay\s*:\s*)(\d*\.\d+)", re.IGNORECASE)


def _whole_delay(line: str) -> str:
    # urllib.robotparser ignores fractional delays; round up, so we never go faster than asked.
    return _DELAY.sub(lambda m: f"{m.group(1)}{math.ceil(float(m.group(2)))}", line)
