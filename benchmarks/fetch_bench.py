"""Fetch throughput: the per-host-limited pool versus serial fetching, on loopback.

Twenty local servers (127.0.0.1 … 127.0.0.20, one per "host") answer every request
after an injected latency. Each host serves one RSS feed listing its share of the
article URLs, and a full ``run_ingest`` pass (robots.txt, feed, pages, segment
write) is timed. With per-host rate r and H hosts, the pool should approach H × r
URLs/s; serial fetching is bounded by 1 / latency whatever the limits.

    .venv/bin/python benchmarks/fetch_bench.py                 # 500 URLs, 20 hosts, 1 req/s/host
    .venv/bin/python benchmarks/fetch_bench.py --rate 4 --repeats 5
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dagster_project.eventlog import EventLog  # noqa: E402
from dagster_project.ingest.config import load_sources  # noqa: E402
from dagster_project.ingest.http.client import HttpClient  # noqa: E402
from dagster_project.ingest.run import run_ingest  # noqa: E402

PAGE = b"<html><head><title>t</title></head><body><article><p>%s</p></article></body></html>"


def make_handler(latency: float, per_host: int):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            time.sleep(latency)
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            if self.path == "/feed.xml":
                host = self.headers["Host"]
                items = "".join(
                    f"<item><link>http://{host}/p{i}</link><guid>{i}</guid></item>"
                    for i in range(per_host)
                )
                body = f'<rss version="2.0"><channel><title>b</title>{items}</channel></rss>'
                self._send(body.encode(), "application/rss+xml")
                return
            self._send(PAGE % self.path.encode(), "text/html; charset=utf-8")

        def _send(self, body: bytes, ctype: str):
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def start_servers(hosts: int, latency: float, per_host: int) -> tuple[list, int]:
    first = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(latency, per_host))
    port = first.server_address[1]
    servers = [first] + [
        ThreadingHTTPServer((f"127.0.0.{i}", port), make_handler(latency, per_host))
        for i in range(2, hosts + 1)
    ]
    for s in servers:
        s.daemon_threads = True
        threading.Thread(target=s.serve_forever, daemon=True).start()
    return servers, port


def sources(folder: Path, hosts: int, port: int, rate: float, workers: int):
    lines = [
        "allow_private_hosts: true",
        f"politeness: {{rate_per_host: {rate}, max_workers: {workers}}}",
        "sources:",
    ]
    lines += [
        f"  - {{name: h{i}, kind: rss, url: 'http://127.0.0.{i}:{port}/feed.xml'}}"
        for i in range(1, hosts + 1)
    ]
    (folder / "sources.yaml").write_text("\n".join(lines) + "\n")
    return load_sources(folder / "sources.yaml")


def pool_pass(folder: Path, hosts: int, port: int, rate: float, workers: int, per_host: int):
    """A whole ingest pass: robots.txt, 20 feeds, their pages, one segment."""
    cfg = sources(folder, hosts, port, rate, workers)
    start = time.perf_counter()
    report = run_ingest(cfg, EventLog(folder / "events"), HttpClient(), "bench", progress=False)
    elapsed = time.perf_counter() - start
    if report.failures:
        raise SystemExit(f"unexpected failures: {report.failures[:3]}")
    return elapsed, report.counts["ArticleFetched"]


def serial_pass(folder: Path, hosts: int, port: int, rate: float, workers: int, per_host: int):
    """The same client, one URL after another, hosts interleaved (the best a serial loop does)."""
    client = HttpClient().for_run(sources(folder, hosts, port, rate, 1))
    urls = [f"http://127.0.0.{h}:{port}/p{i}" for i in range(per_host) for h in range(1, hosts + 1)]
    for h in range(1, hosts + 1):  # robots.txt outside the timing, as the pool's warm-up is not
        client.robots.verdict(f"http://127.0.0.{h}:{port}/")
    start = time.perf_counter()
    pages = sum(1 for u in urls if client.get(u).ok)
    return time.perf_counter() - start, pages


def measure(label, repeats, hosts, per_host, latency, rate, workers) -> float:
    servers, port = start_servers(hosts, latency, per_host)
    one_pass = pool_pass if workers > 1 else serial_pass
    rates = []
    try:
        for _ in range(repeats):
            with tempfile.TemporaryDirectory() as tmp:
                elapsed, pages = one_pass(Path(tmp), hosts, port, rate, workers, per_host)
            rates.append(pages / elapsed)
            print(
                f"  {label}: {pages} pages in {elapsed:.2f} s = {pages / elapsed:.1f} URLs/s",
                flush=True,
            )
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()
    return statistics.median(rates)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--urls", type=int, default=500)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--latency", type=float, default=0.2, help="seconds per response")
    ap.add_argument("--rate", type=float, default=1.0, help="requests/s per host")
    ap.add_argument("--workers", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument(
        "--serial-urls",
        type=int,
        default=100,
        help="URLs for the serial baseline (its rate does not depend on the count)",
    )
    args = ap.parse_args()
    per_host = args.urls // args.hosts
    print("command: " + shlex.join([sys.executable, *sys.argv]))
    print(
        f"{per_host * args.hosts} URLs over {args.hosts} hosts, {args.latency * 1000:.0f} ms "
        f"latency, {args.rate} req/s per host, {args.workers} workers"
    )
    pool = measure(
        "pool", args.repeats, args.hosts, per_host, args.latency, args.rate, args.workers
    )
    serial = measure(
        "serial",
        args.repeats,
        args.hosts,
        args.serial_urls // args.hosts,
        args.latency,
        args.rate,
        1,
    )
    ceiling = args.hosts * min(args.rate, 1 / args.latency)
    print(f"pool:   median {pool:.1f} URLs/s (limit hosts x rate = {ceiling:.1f})")
    print(f"serial: median {serial:.1f} URLs/s (bound 1/latency = {1 / args.latency:.1f})")
    print(
        f"speed-up {pool / serial:.1f}x; the pool reaches {pool / ceiling:.0%} of hosts x rate "
        "(its timing includes each host's robots.txt and feed, which use the same budget)"
    )


if __name__ == "__main__":
    main()
