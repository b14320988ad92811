"""The server as Python's `requests` (urllib3) sees it: keep-alive, HEAD, caching, errors, headers."""
import re


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
