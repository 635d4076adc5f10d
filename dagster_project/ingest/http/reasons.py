"""Plain failure reasons: what went wrong on the wire, without library internals.

requests and urllib3 nest exceptions whose text carries class names, object reprs
and connection-pool descriptions. A ``FetchFailed`` reason is read by people and
grouped by prefix, so it says the cause in a few words instead.
"""

from __future__ import annotations

import re

# (text found anywhere in the exception chain, the reason to record), first match wins
_KNOWN = (
    ("CERTIFICATE_VERIFY_FAILED", "TLS certificate not trusted"),
    ("SSLError", "TLS handshake failed"),
    ("Connection refused", "connection refused"),
    ("Connection reset", "connection reset by the server"),
    ("RemoteDisconnected", "the server closed the connection without answering"),
    ("IncompleteRead", "the server closed the connection mid-body"),
    ("InvalidChunkLength", "the server sent a broken chunked body"),
    ("Name or service not known", "host name not found"),
    ("nodename nor servname", "host name not found"),
    ("Temporary failure in name resolution", "host name lookup failed"),
    ("No route to host", "no route to host"),
    ("Network is unreachable", "network unreachable"),
    ("timed out", "timed out"),
    ("Connection aborted", "the connection was aborted"),
    ("Connection broken", "the connection broke mid-body"),
)
_ERRNO = re.compile(r"\[Errno -?\d+\] ([A-Za-z][A-Za-z ,'-]*)")


def _chain(exc: BaseException) -> str:
    parts, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        parts.append(f"{type(exc).__name__}: {exc}")
        exc = exc.__cause__ or exc.__context__
    return " | ".join(parts)


def plain(exc: BaseException, default: str = "the connection failed") -> str:
    """A few words saying why a request or a body read failed."""
    text = _chain(exc)
    for needle, reason in _KNOWN:
        if needle in text:
            return reason
    m = _ERRNO.search(text)
    return m.group(1).strip().lower() if m else default
