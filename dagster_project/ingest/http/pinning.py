"""Connect to the address that was checked, not to whatever DNS answers a moment later.

Without this, a hostile DNS server could answer a public address to the address
check and ``127.0.0.1`` to the connection (DNS rebinding). The client resolves,
checks, and pins ``(host, port) -> address`` for the current thread; the transport
below opens its socket to the pinned address. TLS still uses the host name for SNI
and certificate checks, so HTTPS verification is unchanged.
"""

from __future__ import annotations

import socket
import threading

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util.connection import create_connection

_pins = threading.local()


def pin(host: str, port: int, addresses: list[str]) -> None:
    """Make this thread's connections to ``host:port`` go to ``addresses`` (tried in order)."""
    table = getattr(_pins, "table", None)
    if table is None:
        table = _pins.table = {}
    table[(host.lower(), port)] = list(addresses)


class _Pinned:
    host: str
    port: int
    timeout: float | None
    source_address: tuple[str, int] | None
    socket_options: list | None

    def _new_conn(self) -> socket.socket:
        addresses = getattr(_pins, "table", {}).get((self.host.lower(), self.port))
        if not addresses:
            return super()._new_conn()  # type: ignore[misc]
        # urllib3's own _new_conn connects to ``_dns_host``, which is also what ``host``
        # (Host header, SNI, certificate name) reads; so connect here instead of editing it.
        error: Exception | None = None
        for address in addresses:  # like the OS would: the next address when one is down
            try:
                return create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError:
                error = ConnectTimeoutError(
                    self, f"Connection to {self.host} ({address}) timed out"
                )
            except OSError as exc:
                error = NewConnectionError(self, f"Failed to establish a new connection: {exc}")
        raise error  # type: ignore[misc]


class PinnedHTTPConnection(_Pinned, HTTPConnection):
    pass


class PinnedHTTPSConnection(_Pinned, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = PinnedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = PinnedHTTPSConnection


class PinningAdapter(HTTPAdapter):
    """A requests transport adapter whose connections honour this thread's pins."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
