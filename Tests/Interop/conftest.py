"""Fixtures for interop tests: a real `portico serve` on a loopback port 0 with a fresh data directory."""
import json
import os
import pathlib
import queue
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]


def portico_binary():
    """The debug build `swift build` made (scripts/test builds before running these tests)."""
    explicit = os.environ.get("PORTICO_BINARY")
    if explicit:
        return explicit
    output = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return os.path.join(output.stdout.strip(), "portico")


class Portico:
    """A running server: its base URL, its data directory and the JSON lines it logged."""

    def __init__(self, extra_env=None, drop_prefixes=()):
        """`drop_prefixes`: variables of this process's environment the server does not inherit (such as
        `AWS_`, so that only `extra_env` gives it AWS settings)."""
        self.data_dir = tempfile.mkdtemp(prefix="portico-interop-")
        env = {key: value for key, value in os.environ.items() if not key.startswith(tuple(drop_prefixes))}
        env.update(PORTICO_LISTEN="127.0.0.1:0", PORTICO_DATA_DIR=self.data_dir, PORTICO_RESOURCES_DIR=str(ROOT))
        env.update(extra_env or {})
        self.process = subprocess.Popen([portico_binary(), "serve"], env=env, stderr=subprocess.PIPE, text=True)
        self.log_lines = []
        self._lines = queue.Queue()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        # Boot may log first (demo loaded, first admin created); the server is up at "listening".
        listening = self._next_log_line(timeout=20)
        while listening.get("message") != "listening":
            listening = self._next_log_line(timeout=20)
        self.base_url = "http://" + listening["address"]
        # An empty database without PORTICO_ADMIN_* prints its one-time setup link next.
        self.setup_url = None
        if "PORTICO_ADMIN_EMAIL" not in env and env.get("PORTICO_DEMO") != "1":
            self.setup_url = self._next_log_line(timeout=5)["setup_url"]

    def _read_stderr(self):
        """Runs on a thread: select() on a buffered pipe misses lines already read ahead, a queue does not."""
        for line in self.process.stderr:
            self._lines.put(line)
        self._lines.put(None)

    def _next_log_line(self, timeout):
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            line = None
        if line is None:
            raise AssertionError("portico logged nothing in time; exit code %s" % self.process.poll())
        entry = json.loads(line)
        self.log_lines.append(entry)
        return entry

    def read_log(self, count, timeout=5):
        """Waits for `count` more log lines."""
        return [self._next_log_line(timeout) for _ in range(count)]

    def url(self, path):
        return self.base_url + path

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=20)
        shutil.rmtree(self.data_dir, ignore_errors=True)
        return code


@pytest.fixture
def portico():
    server = Portico()
    yield server
    assert server.stop() == 0


@pytest.fixture
def http():
    with requests.Session() as session:
        yield session


ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "interop admin password"


ADMIN_ENV = {"PORTICO_ADMIN_EMAIL": ADMIN_EMAIL, "PORTICO_ADMIN_PASSWORD": ADMIN_PASSWORD}


@pytest.fixture
def portico_with_admin():
    """A server whose first admin came from PORTICO_ADMIN_EMAIL / PORTICO_ADMIN_PASSWORD."""
    server = Portico(ADMIN_ENV)
    yield server
    assert server.stop() == 0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def portico_on_known_port():
    """Like `portico_with_admin`, on a port chosen beforehand, so the default base URL (and so every absolute
    link Portico builds, such as a shortcut) names the port the server really listens on."""
    server = Portico(ADMIN_ENV | {"PORTICO_LISTEN": "127.0.0.1:%d" % free_port()})
    yield server
    assert server.stop() == 0


class WebAuthnPortico(Portico):
    """A server whose base URL is `http://localhost:<port>`: WebAuthn needs a host name as its relying party
    (browsers refuse an IP address), so the key's origin and rp id are these, while requests still go to
    127.0.0.1 (the address the server listens on; `localhost` could mean ::1)."""

    def __init__(self, extra_env=None):
        port = free_port()
        self.origin = "http://localhost:%d" % port
        self.rp_id = "localhost"
        super().__init__(ADMIN_ENV | {"PORTICO_LISTEN": "127.0.0.1:%d" % port, "PORTICO_BASE_URL": self.origin}
                         | (extra_env or {}))

    def query(self, sql, *arguments):
        """Rows from the server's SQLite database, opened read-only: tests look at what was stored, never change it."""
        db = sqlite3.connect("file:%s?mode=ro" % os.path.join(self.data_dir, "portico.sqlite3"), uri=True)
        try:
            return db.execute(sql, arguments).fetchall()
        finally:
            db.close()


class MotoSTS:
    """moto in server mode on a loopback port, standing in for STS (AssumeRoleWithSAML, GetCallerIdentity).
    MOTO_ACCOUNT_ID is set so that credentials from AssumeRoleWithSAML answer GetCallerIdentity with their
    assumed-role ARN (without it moto answers `…:user/moto`)."""

    ACCOUNT_ID = "123456789012"

    def __init__(self, extra_env=None, pin_account=True):
        """`pin_account=False` leaves MOTO_ACCOUNT_ID unset: moto then files each call under the account of its
        credentials (an assumed role's account) or its `x-moto-account-id` header, which MOTO_ACCOUNT_ID would
        override for every request."""
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        from aws_clients import MOTO_SERVER
        env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        env |= {"AWS_EC2_METADATA_DISABLED": "true"} | (extra_env or {})
        if pin_account:
            env["MOTO_ACCOUNT_ID"] = self.ACCOUNT_ID
        self.process = subprocess.Popen([MOTO_SERVER, "-H", "127.0.0.1", "-p", str(self.port)], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(self.url + "/moto-api/", timeout=1)
                return
            except (requests.ConnectionError, requests.Timeout):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise AssertionError("moto_server did not start (exit code %s)" % self.process.poll())
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def moto_sts():
    server = MotoSTS()
    yield server
    server.stop()


@pytest.fixture
def portico_aws(moto_sts):
    """The demo organisation (PORTICO_DEMO=1) on a port chosen beforehand, so the start URL and verification
    URIs Portico builds name the port it listens on, calling STS at the moto server."""
    server = Portico({"PORTICO_DEMO": "1", "PORTICO_LISTEN": "127.0.0.1:%d" % free_port(),
                      "PORTICO_STS_ENDPOINT": moto_sts.url + "/"})
    server.sts = moto_sts
    yield server
    assert server.stop() == 0


def chromium(*extra_args):
    """Debian's Chromium through Playwright, with `extra_args` on its command line; yields the browser."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (scripts/test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", *extra_args])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def chromium_browser():
    """Debian's Chromium through Playwright, one per test module."""
    yield from chromium()
