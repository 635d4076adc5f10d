"""The HTTP client every fetch goes through: guarded, polite, bounded in time and size.

``file://`` URLs are served by a requests transport adapter, so the bundled demo
corpus travels the same code path as a live feed, minus robots.txt and rate limits.

Retries use urllib3's ``Retry`` as the policy (which statuses, how many, backoff
with jitter, Retry-After parsing) but this module drives the loop instead of
mounting it in the adapter, because inside urllib3 the sleeps and re-requests would
bypass the per-host limiter, the address check and the run's time budget.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import requests
from requests_file import FileAdapter

from dagster_project.ingest.http import netguard, pinning
from dagster_project.ingest.http.body import BodyRefused, read_body
from dagster_project.ingest.http.pinning import PinningAdapter
from dagster_project.ingest.http.politeness import HostLimiter, RobotsCache, host_key
from dagster_project.ingest.http.reasons import plain
from dagster_project.ingest.http.retrying import RetryGiveUp, send_with_retries

DEFAULT_USER_AGENT = "dcwatch/0.2 (+https://github.com/dcwatch/dcwatch; media monitor)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchResult:
    """What one GET observed. ``error`` is set (and ``body`` is None) when it failed."""

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes | None = None
    error: str | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        """The server confirmed our cached copy (conditional GET): there is no body."""
        return self.status == 304 and self.error is None


class HttpClient:
    """A polite, bounded, guarded GET. Construct once; ``for_run`` gives a run its own caches."""

    def __init__(
        self,
        user_agent: str = DEFAULT_USER_AGENT,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        max_bytes: int = 20 * 1024 * 1024,
        allow_file: bool = True,
        *,
        allow_private_hosts: bool = False,
        resolver: netguard.Resolver | None = None,
        max_redirects: int = 5,
        retries: int = 3,
        backoff_factor: float = 0.5,
        time_budget_s: float = 60.0,
        max_ratio: float = 100.0,
        limiter: HostLimiter | None = None,
        respect_robots: bool = True,
        pin_dns: bool | None = None,
    ):
        self.user_agent = user_agent
        self.timeout = (connect_timeout, read_timeout)
        self.max_bytes, self.max_ratio = max_bytes, max_ratio
        self.allow_file = allow_file
        self.allow_private_hosts = allow_private_hosts
        self.resolver = resolver or netguard.system_resolver
        # Connect to the checked address. Off by default with a custom resolver, whose
        # answers (in tests) describe the address check, not where the server listens.
        self.pin_dns = resolver is None if pin_dns is None else pin_dns
        self.max_redirects, self.retries = max_redirects, retries
        self.backoff_factor, self.time_budget_s = backoff_factor, time_budget_s
        self.limiter = limiter or HostLimiter()
        self.respect_robots = respect_robots
        self.robots = self._robots_cache()
        self._local = threading.local()

    def for_run(self, config, shared_dir=None) -> HttpClient:
        """A copy for one ingest run: the sources file's politeness, fresh robots and limits.

        With ``shared_dir`` the per-host limits hold across every process using that folder.
        """
        twin = object.__new__(HttpClient)
        twin.__dict__.update(self.__dict__)
        twin.user_agent = config.user_agent or self.user_agent
        twin.allow_private_hosts = config.allow_private_hosts or self.allow_private_hosts
        twin.respect_robots = config.respect_robots and self.respect_robots
        twin.limiter = HostLimiter(
            config.rate_per_host,
            config.concurrency_per_host,
            dict(config.host_rates),
            shared_dir=shared_dir,
        )
        twin.robots = twin._robots_cache()
        twin._local = threading.local()
        return twin

    @property
    def session(self) -> requests.Session:
        # requests.Session is not documented as thread-safe: one per worker thread.
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            s.headers["User-Agent"] = self.user_agent
            s.headers["Accept-Language"] = "ko,en;q=0.8"
            s.max_redirects = self.max_redirects
            if self.allow_file:
                s.mount("file://", FileAdapter())
            if self.pin_dns:
                s.mount("http://", PinningAdapter())
                s.mount("https://", PinningAdapter())
            self._local.session = s
        return s

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: tuple[str, ...] | None = None,
        allow_file: bool | None = None,
        robots: bool = True,
        retries: int | None = None,
    ) -> FetchResult:
        """GET ``url``; never raises for network or HTTP faults, which become ``error``.

        ``etag``/``last_modified`` make it conditional (a 304 comes back as
        ``not_modified``); ``accept`` lists the content types worth reading;
        ``allow_file`` is False for links that came from a remote document.
        """
        scheme = urlsplit(url).scheme
        allow_file = self.allow_file if allow_file is None else (allow_file and self.allow_file)
        if scheme == "file" and allow_file:
            return self._get_file(url)
        if scheme not in ("http", "https"):
            return FetchResult(url=url, error=f"unsupported scheme: {scheme or 'none'}")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.time_budget_s
        current, attempts = url, 0
        for _hop in range(self.max_redirects + 1):
            refusal = self._refusal(current, robots)
            if refusal:
                return FetchResult(url, current, error=refusal, attempts=attempts)
            try:
                resp, n = send_with_retries(self, current, headers, deadline, retries)
            except RetryGiveUp as exc:
                return FetchResult(
                    url, current, exc.status, error=exc.reason, attempts=attempts + exc.attempts
                )
            attempts += n
            with resp:
                location = resp.headers.get("Location")
                if resp.status_code in REDIRECTS and location:
                    current = urljoin(current, location)
                    continue
                return self._finish(url, resp, accept, attempts)
        return FetchResult(url, current, error="too_many_redirects", attempts=attempts)

    def _refusal(self, url: str, robots: bool) -> str | None:
        if urlsplit(url).scheme not in ("http", "https"):
            return f"unsupported scheme: {urlsplit(url).scheme or 'none'}"  # e.g. a redirect to file://
        try:
            addresses = netguard.check_url(url, self.resolver, self.allow_private_hosts)
        except netguard.BlockedAddress as exc:
            return f"blocked_address: {exc}"
        if self.pin_dns:
            parts = urlsplit(url)
            if not addresses:
                return f"connection: cannot resolve {parts.hostname}"
            port = parts.port or (443 if parts.scheme == "https" else 80)
            pinning.pin(parts.hostname or "", port, addresses)
        if robots and self.respect_robots:
            reason, delay = self.robots.verdict(url)
            if reason:
                return reason
            if delay:
                self.limiter.slow_down(host_key(url), delay)
        return None

    def _finish(self, url, resp, accept, attempts) -> FetchResult:
        ctype = resp.headers.get("Content-Type")
        base = FetchResult(
            url,
            resp.url,
            resp.status_code,
            ctype,
            resp.headers.get("ETag"),
            resp.headers.get("Last-Modified"),
            attempts=attempts,
        )
        if resp.status_code == 304:
            return base
        if resp.status_code >= 300:
            return replace(base, error=f"http_{resp.status_code}")
        mime = (ctype or "").split(";", 1)[0].strip().lower()
        if accept and mime and mime not in accept:
            # Decided on the headers: a PDF or image we would not parse is never downloaded.
            return replace(base, error=f"content_type: {mime}")
        try:
            body = read_body(resp, self.max_bytes, self.max_ratio)
        except BodyRefused as exc:
            return replace(base, error=exc.reason)
        except requests.Timeout:
            return replace(base, error="timeout: reading the body")
        except (requests.RequestException, OSError) as exc:
            return replace(base, error=f"read: {plain(exc, 'the body could not be read')}")
        return replace(base, body=body)

    def _get_file(self, url: str) -> FetchResult:
        try:
            with self.session.get(url, stream=True) as resp:
                if resp.status_code >= 400:
                    return FetchResult(
                        url, resp.url, resp.status_code, error=f"http_{resp.status_code}"
                    )
                body = read_body(resp, self.max_bytes, self.max_ratio)
                return FetchResult(
                    url, resp.url, resp.status_code, resp.headers.get("Content-Type"), body=body
                )
        except BodyRefused as exc:
            return FetchResult(url, error=exc.reason)
        except OSError as exc:
            return FetchResult(url=url, error=f"file: {exc.strerror or 'cannot be read'}")
        except (requests.RequestException, ValueError):
            # requests-file raises ValueError for file://host/... URLs it cannot map to a path.
            return FetchResult(url=url, error="file: not a local path")

    def _robots_cache(self) -> RobotsCache:
        def internal(origin: str) -> bool:
            return self.allow_private_hosts and netguard.is_internal(origin, self.resolver)

        return RobotsCache(self._fetch_robots, self.user_agent, internal)

    def _fetch_robots(self, robots_url: str) -> tuple[int | None, bytes | None]:
        res = self.get(robots_url, robots=False, retries=1)
        return (res.status, res.body) if res.status is not None else (None, None)
