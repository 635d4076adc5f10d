"""Untrusted links: private, loopback and metadata addresses are refused, also after redirects.

The test server is on loopback, so the feed's own host name ``localhost`` is mapped
to a public address by the resolver handed to the client: the address check sees a
public site, the socket still reaches the local server.
"""

from __future__ import annotations

import pytest
from werkzeug import Response

from dagster_project.eventlog import EventLog
from dagster_project.ingest.http import netguard
from dagster_project.ingest.http.client import HttpClient
from dagster_project.ingest.run import run_ingest
from tests.test_fetch_faults import PAGE, config, failure, fetched, serve_feed


@pytest.fixture(autouse=True)
def _no_robots(httpserver):
    httpserver.no_handler_status_code = 404


def public_localhost(host: str, port: int) -> list[str]:
    return ["93.184.216.34"] if host == "localhost" else netguard.system_resolver(host, port)


@pytest.fixture
def hostile(httpserver):
    port = httpserver.port
    httpserver.expect_request("/secret").respond_with_data("token=abc", content_type="text/html")
    httpserver.expect_request("/ok").respond_with_data(
        PAGE.format(t="ok"), content_type="text/html"
    )
    httpserver.expect_request("/go").respond_with_data(
        "", status=302, headers={"Location": f"http://127.0.0.1:{port}/secret"}
    )
    httpserver.expect_request("/to-file").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    links = [
        f"http://127.0.0.1:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[fd00:ec2::254]/latest/meta-data/v6",
        f"http://[::ffff:127.0.0.1]:{port}/secret?v6",
        f"http://localhost:{port}/go",
        f"http://localhost:{port}/to-file",
        "file:///etc/passwd",
        f"http://localhost:{port}/ok",
    ]
    return serve_feed(httpserver, links)


def test_private_and_metadata_links_from_a_feed_are_refused(hostile, httpserver, tmp_path):
    client = HttpClient(resolver=public_localhost, backoff_factor=0.01)
    log = EventLog(tmp_path / "e")
    report = run_ingest(config(tmp_path, hostile, private=False), log, client, "r")
    events = log.read()
    for suffix in (
        "/secret",
        "/meta-data/",
        "/meta-data/v6",
        "/computeMetadata/v1/",
        "/secret?v6",
        "/go",
    ):
        assert failure(events, suffix)["error"].startswith("blocked_address"), suffix
    assert failure(events, "/to-file")["error"] == "unsupported scheme: file"
    assert failure(events, "file:///etc/passwd")["error"] == "unsupported scheme: file"
    assert fetched(events, "/ok").height == 1 and report.counts["FeedPolled"] == 1
    # The redirect was followed to the refusal, and the private page was never asked for.
    assert "/go" in [r.path for r, _ in httpserver.log]
    assert "/secret" not in [r.path for r, _ in httpserver.log]


def test_allow_private_hosts_lets_an_intranet_be_read(hostile, httpserver, tmp_path):
    log = EventLog(tmp_path / "e")
    run_ingest(config(tmp_path, hostile, private=True), log, HttpClient(backoff_factor=0.01), "r")
    events = log.read()
    assert fetched(events, "/secret").height == 1 and fetched(events, "/go").height == 1
    # Cloud metadata stays out even then: no news lives there, and the answer is a credential.
    for suffix in ("/meta-data/", "/meta-data/v6", "/computeMetadata/v1/"):
        assert failure(events, suffix)["error"].startswith("blocked_address"), suffix
    assert failure(events, "file:///etc/passwd")["error"] == "unsupported scheme: file"


def test_the_feed_itself_on_loopback_is_refused_by_default(httpserver, tmp_path):
    report = run_ingest(
        config(tmp_path, serve_feed(httpserver, []), private=False),
        EventLog(tmp_path / "e"),
        HttpClient(),
        "r",
    )
    assert report.failures[0][2].startswith("blocked_address: localhost -> 127.0.0.1")


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("169.254.1.1", False),
        ("fd00:ec2::254", False),
        ("::1", False),
        ("fe80::1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),
        ("100.64.0.1", False),
        ("240.0.0.1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_address_classes(address, public):
    assert netguard.is_public(address) is public


def test_a_public_looking_name_resolving_privately_is_blocked():
    def rebind(host, port):
        return {"news.example": ["93.184.216.34", "10.0.0.5"]}[host]

    with pytest.raises(netguard.BlockedAddress, match="10.0.0.5"):
        netguard.check_url("https://news.example/a", rebind)
    netguard.check_url("https://news.example/a", lambda h, p: ["93.184.216.34"])


@pytest.mark.slow
def test_connections_go_to_the_checked_address_not_a_second_lookup(httpserver):
    # `pinned.invalid` can never resolve through the system (RFC 6761), so the page can
    # only arrive if the socket went to the address the check approved.
    hosts: list[str] = []

    def page(request):
        hosts.append(request.headers["Host"])
        return Response(PAGE.format(t="p"), content_type="text/html")

    httpserver.expect_request("/ok").respond_with_handler(page)

    def resolver(host, port):
        return ["127.0.0.1"] if host == "pinned.invalid" else netguard.system_resolver(host, port)

    client = HttpClient(resolver=resolver, pin_dns=True, allow_private_hosts=True)
    res = client.get(f"http://pinned.invalid:{httpserver.port}/ok")
    assert res.ok and res.body == PAGE.format(t="p").encode()
    assert hosts == [f"pinned.invalid:{httpserver.port}"]  # the virtual host is kept


def test_an_unresolvable_name_is_a_connection_failure_without_a_second_lookup():
    client = HttpClient(resolver=lambda h, p: [], pin_dns=True, retries=0)
    res = client.get("http://nowhere.invalid/a", robots=False)
    assert res.error == "connection: cannot resolve nowhere.invalid"
