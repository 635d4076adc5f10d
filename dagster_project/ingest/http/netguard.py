"""Which addresses an untrusted URL may reach: no loopback, private or metadata services.

Links in feeds are written by strangers. Without this check a feed could point the
fetcher at ``http://169.254.169.254/`` (cloud credentials) or an intranet admin page,
and the log would faithfully record the answer. Names are checked after DNS
resolution (a public-looking name can resolve to ``10.0.0.5``) and again on every
redirect hop, because the client follows redirects itself.

The check returns the addresses it approved, and the client pins its connection
to one of them (``pinning``), so a DNS answer that changes between the check and the
connection (DNS rebinding) cannot slip a private address through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

Resolver = Callable[[str, int], list[str]]

# Metadata endpoints by name: some clouds answer on names that resolve only inside them.
BLOCKED_NAMES = frozenset({"metadata.google.internal", "metadata", "metadata.azure.internal"})
BLOCKED_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack metadata
        ipaddress.ip_address("fd00:ec2::254"),  # AWS metadata over IPv6
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud metadata
    }
)


class BlockedAddress(Exception):
    """The URL's host is, or resolves to, an address dcwatch refuses to fetch."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver returns for ``host`` (IPv4 and IPv6), in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))  # the system's preference order


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback in disguise
    return ip


def is_metadata(address: str) -> bool:
    """True for cloud metadata endpoints, refused even when private hosts are allowed."""
    return _ip(address) in BLOCKED_ADDRESSES


def is_public(address: str) -> bool:
    """True when ``address`` is a globally routable unicast address that is not a metadata one."""
    ip = _ip(address)
    if ip in BLOCKED_ADDRESSES:
        return False
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def check_url(
    url: str, resolver: Resolver = system_resolver, allow_private: bool = False
) -> list[str]:
    """Raise BlockedAddress unless every address ``url``'s host resolves to is public.

    With ``allow_private`` (tests, intranets) only cloud metadata endpoints are
    refused: no news source lives there, and their answer is a credential.

    Returns the approved addresses; an empty list when the name does not resolve
    (not a refusal: the caller reports it as the connection error it is).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise BlockedAddress("no host")
    if host in BLOCKED_NAMES:
        raise BlockedAddress(host)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolver(host, parts.port or (443 if parts.scheme == "https" else 80))
        except OSError:
            return []
    for address in addresses:
        if is_metadata(address) or not (allow_private or is_public(address)):
            raise BlockedAddress(f"{host} -> {address}")
    return addresses


def is_internal(url: str, resolver: Resolver = system_resolver) -> bool:
    """True when ``url``'s host is, or resolves to, a non-public address (an intranet, loopback)."""
    try:
        check_url(url, resolver)
    except BlockedAddress:
        return True
    return False
