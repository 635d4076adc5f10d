"""A CC-NEWS-like web archive for benchmarks: a gzipped WARC, one gzip member per record.

Off-topic news are the extraction benchmark's pages, on-topic ones the demo corpus's
pages (all about data centers), mixed so that ``dc_share`` of the responses are on
topic. Each response has its own URL and WARC-Date (spread over a year), and the pages'
own canonical links are neutralised so that every record is an article of its own, as in
a real crawl. A request record precedes each response, as Common Crawl writes them.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "dagster_project" / "demo" / "outlets"
EXTRACTION = ROOT.parent / "shared" / "benchmarks" / "extraction-dev"
_CANONICAL = re.compile(rb"""rel\s*=\s*["']?canonical""", re.I)
_OG_URL = re.compile(rb"""og:url""", re.I)
START = datetime(2025, 9, 1, tzinfo=UTC)


def _pages(extraction_dir: Path) -> tuple[list[bytes], list[bytes]]:
    off = [gzip.decompress(p.read_bytes()) for p in sorted(extraction_dir.glob("html/*.html.gz"))]
    on = [p.read_bytes() for p in sorted(DEMO.glob("*/articles/*/*/*.html"))]
    if not off or not on:
        raise SystemExit(f"no pages under {extraction_dir}/html or {DEMO}")
    strip = [(_CANONICAL, b'rel="x-canonical'), (_OG_URL, b"og:x-url")]
    for pool in (off, on):
        for i, html in enumerate(pool):
            for rx, repl in strip:
                html = rx.sub(repl, html)
            pool[i] = html
    return off, on


def _member(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    return packer.compress(head.encode() + block + b"\r\n\r\n") + packer.flush()


def _record(kind: str, uri: str, when: datetime, block: bytes, ctype: str) -> bytes:
    rid = hashlib.sha1(f"{kind}{uri}".encode()).hexdigest()
    headers = [
        ("WARC-Type", kind),
        (
            "WARC-Record-ID",
            f"<urn:uuid:{rid[:8]}-{rid[8:12]}-{rid[12:16]}-{rid[16:20]}-{rid[20:32]}>",
        ),
        ("WARC-Date", when.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("WARC-Target-URI", uri),
        ("Content-Type", ctype),
    ]
    return _member(headers, block)


def build(path: Path, html_mb: float, dc_share: float, extraction_dir: Path = EXTRACTION) -> dict:
    """Write the archive to ``path``; return its make-up (pages, on-topic pages, MB)."""
    off, on = _pages(extraction_dir)
    target, html_bytes, n, n_on = html_mb * 1e6, 0, 0, 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        while html_bytes < target:
            on_topic = int((n + 1) * dc_share) > int(n * dc_share)
            html = on[n_on % len(on)] if on_topic else off[(n - n_on) % len(off)]
            n_on += on_topic
            uri = f"https://news{n % 40}.example.com/{'dc' if on_topic else 'news'}/{n:07d}"
            when = START + timedelta(minutes=5 * n)
            request = f"GET /{n} HTTP/1.1\r\nHost: news.example.com\r\n\r\n".encode()
            fh.write(_record("request", uri, when, request, "application/http; msgtype=request"))
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            http += f"Content-Length: {len(html)}\r\n\r\n".encode() + html
            fh.write(_record("response", uri, when, http, "application/http; msgtype=response"))
            html_bytes += len(html)
            n += 1
    tmp.replace(path)
    return {"pages": n, "on_topic": n_on, "html_mb": html_bytes / 1e6}
