"""Portico behind Caddy, the proxy of the compose file's TLS profile (Debian's caddy, run as a plain HTTP
reverse proxy on loopback): with `trusted_proxies` naming the proxy, each person is counted and audited
under their own address, not the proxy's; an address that is not a trusted proxy cannot claim another with
`X-Forwarded-For`. Clients get distinct source addresses from 127.0.0.0/8, which Linux routes to loopback."""
import json
import os
import shutil
import subprocess
import tempfile
import time

import pytest
import requests
from requests.adapters import HTTPAdapter

from conftest import ADMIN_EMAIL, ADMIN_ENV, ADMIN_PASSWORD, Portico, free_port
from test_sign_in import csrf_field

pytestmark = pytest.mark.skipif(shutil.which("caddy") is None, reason="Debian's caddy is not installed")


class SourceAddress(HTTPAdapter):
    """Connects from a chosen loopback address, as if from another machine."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client(address):
    session = requests.Session()
    session.mount("http://", SourceAddress(address))
    return session


class Caddy:
    def __init__(self, upstream):
        self.home = tempfile.mkdtemp(prefix="portico-caddy-")
        self.port = free_port()
        config = os.path.join(self.home, "Caddyfile")
        with open(config, "w") as file:
            file.write("{\n\tadmin off\n\tauto_https off\n}\nhttp://127.0.0.1:%d {\n\treverse_proxy %s\n}\n" % (self.port, upstream))
        env = dict(os.environ, HOME=self.home, XDG_DATA_HOME=self.home, XDG_CONFIG_HOME=self.home)
        self.process = subprocess.Popen(["caddy", "run", "--config", config, "--adapter", "caddyfile"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                requests.get(self.url("/healthz"), timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise AssertionError("caddy did not start")

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture
def behind_caddy():
    portico = Portico(ADMIN_ENV | {"PORTICO_TRUSTED_PROXIES": "127.0.0.1/32"})
    caddy = Caddy(portico.base_url.removeprefix("http://"))
    yield portico, caddy
    caddy.stop()
    assert portico.stop() == 0


def sign_in(http, url, email, password):
    page = http.get(url("/login"))
    assert page.status_code == 200
    return http.post(url("/login"), allow_redirects=False,
                     data={"csrf": csrf_field(page.text), "email": email, "password": password, "return_to": ""})


def audit(http, url):
    download = http.get(url("/admin/audit.jsonl?action=auth.signin"))
    assert download.status_code == 200
    return [json.loads(line) for line in download.text.splitlines() if line]


def test_each_person_behind_the_proxy_is_counted_and_audited_under_their_own_address(behind_caddy):
    portico, caddy = behind_caddy
    with client("127.0.0.2") as guesser:
        statuses = [sign_in(guesser, caddy.url, "nobody-%d@example.com" % n, "wrong password").status_code for n in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429, "the guessing address is slowed down"

    # Before trusted_proxies everyone shared the proxy's address, so this was a 429 too.
    with client("127.0.0.3") as admin:
        signed_in = sign_in(admin, caddy.url, ADMIN_EMAIL, ADMIN_PASSWORD)
        assert signed_in.status_code == 303
        events = audit(admin, caddy.url)
        sessions = admin.get(caddy.url("/me/sessions")).text
    failures = [event for event in events if event["outcome"] == "failure"]
    assert {event["ip"] for event in failures} == {"127.0.0.2"}
    successes = [event for event in events if event["outcome"] == "success"]
    assert [event["ip"] for event in successes] == ["127.0.0.3"]
    assert "127.0.0.3" in sessions and "127.0.0.1" not in sessions.replace("127.0.0.1:", "")


def test_an_untrusted_peer_cannot_claim_another_address(behind_caddy):
    portico, caddy = behind_caddy
    with client("127.0.0.4") as spoofer:
        spoofer.headers["X-Forwarded-For"] = "203.0.113.9"
        statuses = [sign_in(spoofer, portico.url, "nobody-%d@example.com" % n, "wrong password").status_code
                    for n in range(21)]
        assert statuses[20] == 429, "a header does not give a direct client a fresh allowance"
    # Through the proxy the same header is replaced by the client's real address (Caddy drops it).
    with client("127.0.0.5") as viewer:
        viewer.headers["X-Forwarded-For"] = "203.0.113.10"
        assert sign_in(viewer, caddy.url, ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 303
        events = audit(viewer, caddy.url)
    ips = {event["ip"] for event in events}
    assert "127.0.0.4" in ips and "127.0.0.5" in ips
    assert not ips & {"203.0.113.9", "203.0.113.10"}
