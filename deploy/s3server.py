"""An S3-compatible server on 127.0.0.1 for trying the stack: moto's standalone server,
run one request at a time.

Why not ``moto_server`` itself: it serves requests on threads, and its check of
``If-None-Match: *`` and its write are two steps, so two conditional PUTs of one key
arriving together can both succeed. S3 (and MinIO) decide such a race atomically, and
the event log relies on it to give each segment its own number. One request at a time
restores that guarantee; the log's requests are few and large, so it costs little.

    python deploy/s3server.py --port 9000       # then AWS_ENDPOINT_URL=http://127.0.0.1:9000
"""

from __future__ import annotations

import argparse
import signal
import sys

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=9000)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, app, threaded=False, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
