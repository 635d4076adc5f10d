"""What a log segment costs to publish and to read back, on a folder and on an S3 server.

Writes S segments of P generated pages (HTML of about 40 KB each, the size of a
CC-NEWS record, zstd-compressed as the log stores it) through ``EventLog.append``, then
reads them all back in a fresh process state (every checksum verified) with
``EventLog.read``. Reports segments/s and MB/s (of the stored, compressed bytes) for:

* a local folder (publish = write, fsync, hard link);
* moto's S3 server on 127.0.0.1 (publish = one conditional PUT), started here, run one
  request at a time as deploy/s3server.py does. moto keeps objects in memory in one
  Python process, so its figures bound the client's cost from below, not S3's.

It also times the sha256 of the stored bytes alone, to show what the checksum adds.

    .venv/bin/python benchmarks/log_store_bench.py --segments 40 --pages 200
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dagster_project.eventlog import Event, EventLog, events_frame, now_utc  # noqa: E402

WORDS = "data center Korea cloud region investment GPU campus power grid".split()


def page(rng: random.Random, seg: int, i: int) -> Event:
    text = " ".join(rng.choice(WORDS) for _ in range(6000))  # ~40 KB of HTML-like text
    body = f"<html><body><article><p>{text}</p></article></body></html>".encode()
    url = f"https://news.example/{seg}/{i}"
    return Event("ArticleFetched", url, "bench", url, now_utc(), status=200, body=body)


def measure(location: str, segments: int, pages: int) -> dict[str, float]:
    rng = random.Random(7)
    frames = [
        events_frame([page(rng, s, i) for i in range(pages)], f"s{s}") for s in range(segments)
    ]
    log = EventLog(location)
    start = time.perf_counter()
    for s, frame in enumerate(frames):
        log.append(frame, f"s{s}")
    write_s = time.perf_counter() - start
    stored = sum(len(log.store.get(seg.name)) for seg in log.segments())
    start = time.perf_counter()
    events = EventLog(location).read(columns=["event_id", "body"]).height
    read_s = time.perf_counter() - start
    assert events == segments * pages
    blobs = [log.store.get(seg.name) for seg in log.segments()]
    start = time.perf_counter()
    for blob in blobs:
        hashlib.sha256(blob).hexdigest()
    sha_s = time.perf_counter() - start
    mb = stored / 1e6
    return {
        "MB": mb,
        "write seg/s": segments / write_s,
        "write MB/s": mb / write_s,
        "read seg/s": segments / read_s,
        "read MB/s": mb / read_s,
        "sha256 share of read": sha_s / read_s,
    }


def s3_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "deploy" / "s3server.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    urllib.request.urlopen(urllib.request.Request(f"{url}/bench", method="PUT"))
    os.environ.update(
        AWS_ENDPOINT_URL=url,
        AWS_ACCESS_KEY_ID="b",
        AWS_SECRET_ACCESS_KEY="b",
        AWS_REGION="us-east-1",
    )
    return proc, "s3://bench/events"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=40)
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args()
    print(
        f"command: .venv/bin/python benchmarks/log_store_bench.py --segments {args.segments} "
        f"--pages {args.pages}"
    )
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        rows["folder"] = measure(str(Path(tmp) / "events"), args.segments, args.pages)
    proc, url = s3_server()
    try:
        rows["S3 (moto, loopback)"] = measure(url, args.segments, args.pages)
    finally:
        proc.terminate()
        proc.wait(10)
    for where, row in rows.items():
        print(f"{where:22s} " + "  ".join(f"{k} {v:,.2f}" for k, v in row.items()))


if __name__ == "__main__":
    main()
