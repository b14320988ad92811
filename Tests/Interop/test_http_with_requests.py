"""The server as Python's `requests` (urllib3) sees it: keep-alive, HEAD, caching, errors, headers."""
import json
import re
import socket

import pytest

from conftest import Portico


def test_keep_alive_connection_serves_many_requests(portico, http):
    for _ in range(20):
        response = http.get(portico.url("/healthz"))
        assert response.status_code == 200
        assert response.text == "ok\n"
    # Had the server closed any of them, urllib3 would have opened more: the server counts exactly one.
    metrics = http.get(portico.url("/metrics")).text
    assert "portico_open_connections 1\n" in metrics


def test_pages_are_html_with_security_headers(portico, http):
    response = http.get(portico.url("/login"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "<title>Sign in · Portico</title>" in response.text


def test_head_has_the_get_length_and_no_body(portico, http):
    get = http.get(portico.url("/login"))
    head = http.head(portico.url("/login"))
    assert head.status_code == 200
    assert head.headers["Content-Length"] == str(len(get.content))
    assert head.content == b""


def test_stylesheet_revalidates_with_its_etag(portico, http):
    page = http.get(portico.url("/login")).text
    stylesheet = re.search(r'href="(/static/app\.[0-9a-f]{8}\.css)"', page).group(1)
    first = http.get(portico.url(stylesheet))
    assert first.status_code == 200
    assert "immutable" in first.headers["Cache-Control"]
    again = http.get(portico.url("/static/app.css"), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_not_found_and_method_not_allowed_are_pages(portico, http):
    missing = http.get(portico.url("/nowhere"))
    assert missing.status_code == 404
    assert "Not Found" in missing.text
    assert missing.headers["X-Request-Id"] in missing.text
    wrong = http.delete(portico.url("/healthz"))
    assert wrong.status_code == 405
    assert wrong.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_every_request_is_logged_as_one_json_line_without_its_query(portico, http):
    http.get(portico.url("/healthz?token=do-not-log-me"))
    entry = portico.read_log(1)[0]
    assert entry["method"] == "GET"
    assert entry["path"] == "/healthz"
    assert entry["status"] == 200
    assert "do-not-log-me" not in str(entry)


def test_metrics_are_prometheus_text(portico, http):
    http.get(portico.url("/healthz"))
    metrics = http.get(portico.url("/metrics"))
    assert metrics.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert 'portico_http_requests_total{route="/healthz",method="GET",status="200"} 1' in metrics.text


METRICS_TOKEN = "interop-metrics-token-0123"


def outward_address():
    """This host's address on the interface to the outside, or None; connecting a UDP socket sends nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_metrics_need_the_configured_token_as_a_bearer_token_from_loopback_too(http):
    server = Portico({"PORTICO_METRICS_TOKEN": METRICS_TOKEN})
    try:
        missing = http.get(server.url("/metrics"))
        assert missing.status_code == 401
        assert missing.headers["WWW-Authenticate"] == "Bearer"
        assert "portico_open_connections" not in missing.text
        wrong = http.get(server.url("/metrics"), headers={"Authorization": "Bearer not-" + METRICS_TOKEN})
        assert wrong.status_code == 401
        scraped = http.get(server.url("/metrics"), headers={"Authorization": "Bearer " + METRICS_TOKEN})
        assert scraped.status_code == 200
        assert 'portico_http_requests_total{route="/metrics",method="GET",status="401"} 2' in scraped.text
    finally:
        assert server.stop() == 0
    assert METRICS_TOKEN not in json.dumps(server.log_lines)


def test_metrics_without_a_token_answer_loopback_only(http):
    address = outward_address()
    if address is None:
        pytest.skip("this host has no address but loopback")
    server = Portico({"PORTICO_LISTEN": "0.0.0.0:0"})
    try:
        port = server.base_url.rsplit(":", 1)[1]
        assert http.get("http://127.0.0.1:%s/metrics" % port).status_code == 200
        # The same server reached over this host's outward address: the TCP peer is not loopback.
        remote = http.get("http://%s:%s/metrics" % (address, port), headers={"X-Forwarded-For": "127.0.0.1"})
        assert remote.status_code == 403
        assert "PORTICO_METRICS_TOKEN" in remote.text
        assert "portico_open_connections" not in remote.text
    finally:
        assert server.stop() == 0
