"""Reading a response body without trusting the server about its size.

The cap counts decoded bytes, and the ratio of decoded to wire bytes is watched,
so a 100 KB gzip stream that inflates to gigabytes (a decompression bomb) is
stopped after a few megabytes instead of filling memory.
"""

from __future__ import annotations

import requests

CHUNK = 16 * 1024
RATIO_FLOOR = 1024 * 1024  # small bodies may compress very well; judge the ratio past 1 MiB


class BodyRefused(Exception):
    """The body was abandoned while streaming; ``reason`` is what gets recorded."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_body(resp: requests.Response, max_bytes: int, max_ratio: float) -> bytes:
    """Stream ``resp``'s decoded body, raising BodyRefused past ``max_bytes`` or ``max_ratio``."""
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyRefused("too_large")
    raw = resp.raw
    wire_counter = getattr(raw, "tell", None)
    stream = getattr(raw, "stream", None)
    if stream is None or wire_counter is None:  # file:// and other non-urllib3 transports
        chunks = resp.iter_content(CHUNK)
        wire_counter = None
    else:
        chunks = stream(CHUNK, decode_content=True)
    parts, total = [], 0
    for chunk in chunks:
        total += len(chunk)
        if total > max_bytes:
            raise BodyRefused("too_large")
        if wire_counter is not None and total > RATIO_FLOOR:
            wire = wire_counter() or 1
            if total / wire > max_ratio:
                raise BodyRefused(f"decompression_bomb: {total} bytes from {wire} on the wire")
        parts.append(chunk)
    return b"".join(parts)
