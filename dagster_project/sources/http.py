"""The HTTP client every fetch goes through: one requests session, bounded in time and size.

``file://`` URLs are served by a requests transport adapter, so the bundled demo
corpus travels the same code path as a live feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import requests
from requests_file import FileAdapter

DEFAULT_USER_AGENT = "dcwatch/0.1 (+https://github.com/dcwatch/dcwatch; media monitor)"


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

    @property
    def ok(self) -> bool:
        return self.error is None


class HttpClient:
    """A polite, bounded GET: timeouts, a clear User-Agent, a cap on body size."""

    def __init__(
        self,
        user_agent: str = DEFAULT_USER_AGENT,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        max_bytes: int = 20 * 1024 * 1024,
        allow_file: bool = True,
    ):
        self.timeout = (connect_timeout, read_timeout)
        self.max_bytes = max_bytes
        self.allow_file = allow_file
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.session.headers["Accept-Language"] = "ko,en;q=0.8"
        if allow_file:
            self.session.mount("file://", FileAdapter())

    def get(self, url: str) -> FetchResult:
        """GET ``url``; never raises for network or HTTP faults, which become ``error``."""
        scheme = urlparse(url).scheme
        if scheme not in ("http", "https") and not (scheme == "file" and self.allow_file):
            return FetchResult(url=url, error=f"unsupported scheme: {scheme or 'none'}")
        try:
            with self.session.get(url, timeout=self.timeout, stream=True) as resp:
                body = self._read_capped(resp)
                if body is None:
                    return FetchResult(url, resp.url, resp.status_code, error="too_large")
                ctype = resp.headers.get("Content-Type")
                result = FetchResult(
                    url=url,
                    final_url=resp.url,
                    status=resp.status_code,
                    content_type=ctype,
                    etag=resp.headers.get("ETag"),
                    last_modified=resp.headers.get("Last-Modified"),
                    body=body,
                )
                if resp.status_code >= 400:
                    return FetchResult(url, resp.url, resp.status_code, ctype,
                                       error=f"http_{resp.status_code}")
                return result
        except requests.Timeout as exc:
            return FetchResult(url=url, error=f"timeout: {exc.__class__.__name__}")
        except requests.ConnectionError as exc:
            return FetchResult(url=url, error=f"connection: {_short(exc)}")
        except (requests.RequestException, OSError) as exc:
            return FetchResult(url=url, error=f"{exc.__class__.__name__}: {_short(exc)}")

    def _read_capped(self, resp: requests.Response) -> bytes | None:
        # Stream and stop at the cap: a hostile server cannot make us hold an unbounded body.
        chunks, total = [], 0
        for chunk in resp.iter_content(64 * 1024):
            total += len(chunk)
            if total > self.max_bytes:
                return None
            chunks.append(chunk)
        return b"".join(chunks)


def _short(exc: BaseException, limit: int = 200) -> str:
    text = str(exc)
    return text if len(text) <= limit else text[:limit] + "…"
