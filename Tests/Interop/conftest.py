"""Fixtures for interop tests: a real `portico serve` on a loopback port 0 with a fresh data directory."""
import json
import os
import pathlib
import select
import shutil
import signal
import subprocess
import tempfile
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

    def __init__(self, extra_env=None):
        self.data_dir = tempfile.mkdtemp(prefix="portico-interop-")
        env = dict(os.environ, PORTICO_LISTEN="127.0.0.1:0", PORTICO_DATA_DIR=self.data_dir,
                   PORTICO_RESOURCES_DIR=str(ROOT), **(extra_env or {}))
        self.process = subprocess.Popen([portico_binary(), "serve"], env=env, stderr=subprocess.PIPE, text=True)
        self.log_lines = []
        listening = self._next_log_line(timeout=20)
        assert listening.get("message") == "listening", listening
        self.base_url = "http://" + listening["address"]

    def _next_log_line(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            ready, _, _ = select.select([self.process.stderr], [], [], max(0.0, deadline - time.time()))
            if ready:
                line = self.process.stderr.readline()
                if not line:
                    break
                entry = json.loads(line)
                self.log_lines.append(entry)
                return entry
        raise AssertionError("portico logged nothing in time; exit code %s" % self.process.poll())

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
