"""Retries of one request: bounded in count and in time, polite, honouring Retry-After.

urllib3's ``Retry`` decides (status list, counters, exponential backoff with
jitter, Retry-After parsing); this loop sends, so every attempt goes through the
per-host limiter and the whole thing stops at the run's deadline.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import requests
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from dagster_project.ingest.http.politeness import host_key
from dagster_project.ingest.http.reasons import plain

if TYPE_CHECKING:
    from dagster_project.ingest.http.client import HttpClient

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class RetryGiveUp(Exception):
    """No usable response: the last error or status, as the reason to record."""

    def __init__(self, reason: str, status: int | None, attempts: int):
        super().__init__(reason)
        self.reason, self.status, self.attempts = reason, status, attempts


def policy(retries: int, backoff_factor: float) -> Retry:
    """The retry policy of every GET: GET only, 429/5xx and network errors, jittered backoff."""
    return Retry(
        total=retries,
        redirect=False,
        allowed_methods={"GET"},
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_factor,
        backoff_jitter=backoff_factor,
        backoff_max=30,
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def send_with_retries(
    client: HttpClient, url: str, headers: dict, deadline: float, retries: int | None = None
) -> tuple[requests.Response, int]:
    """Send GET ``url`` until a final answer; return the open streaming response and attempts.

    A retryable status is returned as is once retries or time run out, so the caller
    records ``http_503``; a network error that outlives its retries raises RetryGiveUp.
    """
    retry = policy(client.retries if retries is None else retries, client.backoff_factor)
    attempts = 0
    while True:
        attempts += 1
        resp, error = None, None
        with client.limiter.slot(host_key(url)):
            try:
                resp = client.session.get(
                    url, headers=headers, timeout=client.timeout, stream=True, allow_redirects=False
                )
            except requests.Timeout as exc:
                error = f"timeout: {exc.__class__.__name__}"
            except requests.ConnectionError as exc:
                error = f"connection: {plain(exc)}"
            except (requests.RequestException, OSError) as exc:
                raise RetryGiveUp(
                    f"request: {plain(exc, 'refused by the client')}", None, attempts
                ) from exc
        if resp is not None:
            has_after = "Retry-After" in resp.headers
            if not retry.is_retry("GET", resp.status_code, has_after):
                return resp, attempts
        try:
            retry = retry.increment(
                "GET",
                url,
                response=resp.raw if resp is not None else None,
                error=RuntimeError(error) if error else None,
            )
        except MaxRetryError:
            return _give_up(resp, error, attempts)
        wait = retry.get_backoff_time()
        if resp is not None and "Retry-After" in resp.headers:
            try:
                wait = max(wait, retry.parse_retry_after(resp.headers["Retry-After"]))
            except Exception:  # a malformed Retry-After is the server's bug: use our backoff
                pass
        if time.monotonic() + wait > deadline:
            # Waiting longer than the budget would stall the run; record the fault instead.
            return _give_up(resp, error, attempts)
        if resp is not None:
            resp.close()
        time.sleep(wait)


def _give_up(resp, error, attempts):
    if resp is not None:
        return resp, attempts
    raise RetryGiveUp(error or "unknown", None, attempts)
