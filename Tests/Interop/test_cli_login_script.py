"""Portico's login script for AWS CLI v2 2.35.13 and later (`/cli/portico-sso-login.py`), run as users run it:
python3 in a fresh HOME, the code approved through the device page by a signed-in demo user, then boto3 with
the config from `/me/aws-config` using the token the script cached, through Portico's portal API; and the current
AWS CLI v2 (2.38.5) itself using that token for a `--profile` command against moto as STS, while its own
`aws sso login` still refuses Portico's start URL."""
import configparser
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import tempfile

import pytest
import requests

import aws_clients
from conftest import Portico, free_port
from test_sign_in import csrf_field, sign_in

DEMO_USER = "hanako.sato@example.com"
DEMO_PASSWORD = "portico-demo"
CODE = re.compile(r"code: ([A-Z0-9]{4}-[A-Z0-9]{4})")


@pytest.fixture
def demo():
    # A known port, so the default base URL (baked into the script and the config) is where the server listens.
    server = Portico({"PORTICO_DEMO": "1", "PORTICO_LISTEN": "127.0.0.1:%d" % free_port()})
    yield server
    assert server.stop() == 0


@pytest.fixture
def home():
    with tempfile.TemporaryDirectory(prefix="portico-cli-home-") as directory:
        yield directory


def clean_env(home):
    """HOME pointed at the test's own, and no AWS_* variable of the machine running the tests."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env["HOME"] = home
    return env


def signed_in_browser(portico):
    http = requests.Session()
    assert sign_in(portico, http, DEMO_USER, DEMO_PASSWORD).status_code == 303
    return http


def install(portico, http, home):
    """Saves the script and the user's config the way the setup page says."""
    script = requests.get(portico.url("/cli/portico-sso-login.py"))
    assert script.status_code == 200
    path = os.path.join(home, "portico-sso-login.py")
    with open(path, "w") as file:
        file.write(script.text)
    config = http.get(portico.url("/me/aws-config"))
    assert config.status_code == 200
    os.makedirs(os.path.join(home, ".aws"))
    with open(os.path.join(home, ".aws", "config"), "w") as file:
        file.write(config.text)
    return path, config.text


def start_login(script, home):
    process = subprocess.Popen([sys.executable, script, "--no-browser"], env=clean_env(home), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        match = CODE.search(line)
        if match:
            return process, match.group(1)
    process.wait(timeout=10)
    raise AssertionError("no code printed; stderr: %s" % process.stderr.read())


def decide(portico, http, code, decision):
    page = http.get(portico.url("/device"), params={"user_code": code})
    assert page.status_code == 200
    assert code in page.text
    answer = http.post(portico.url("/device"), data={"csrf": csrf_field(page.text), "user_code": code, "decision": decision})
    assert answer.status_code in (200, 303)


def cache_file(home):
    return os.path.join(home, ".aws", "sso", "cache", hashlib.sha1(b"portico").hexdigest() + ".json")


BOTO3_LIST_ACCOUNTS = """
import json, sys, boto3
profile, token = sys.argv[1], sys.argv[2]
sso = boto3.Session(profile_name=profile).client("sso")
try:
    accounts = [a["accountId"] for page in sso.get_paginator("list_accounts").paginate(accessToken=token) for a in page["accountList"]]
    print(json.dumps({"accounts": sorted(accounts)}))
except sso.exceptions.UnauthorizedException:
    print(json.dumps({"error": "UnauthorizedException"}))
"""


def boto3_list_accounts(home, profile, token):
    result = subprocess.run([sys.executable, "-c", BOTO3_LIST_ACCOUNTS, profile, token], env=clean_env(home),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_script_signs_in_and_boto3_uses_its_token(demo, home):
    http = signed_in_browser(demo)
    script, config = install(demo, http, home)
    profiles = re.findall(r"^\[profile ([^\]]+)\]$", config, re.MULTILINE)
    account_ids = sorted(set(re.findall(r"^sso_account_id = (\d{12})$", config, re.MULTILINE)))
    assert profiles and account_ids

    process, code = start_login(script, home)
    decide(demo, http, code, "approve")
    output, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    assert "Signed in to Portico until" in output

    path = cache_file(home)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    with open(path) as file:
        cached = json.load(file)
    assert set(cached) == {"startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret",
                           "registrationExpiresAt", "refreshToken"}
    assert cached["startUrl"] == demo.base_url + "/start"
    assert cached["region"] == "us-east-1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", cached["expiresAt"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", cached["registrationExpiresAt"])
    # Tokens never reach the terminal.
    for secret in (cached["accessToken"], cached["refreshToken"], cached["clientSecret"]):
        assert secret not in output and secret not in errors

    listed = boto3_list_accounts(home, profiles[0], cached["accessToken"])
    assert listed == {"accounts": account_ids}

    # --logout ends the session at Portico and deletes the file.
    logout = subprocess.run([sys.executable, script, "--logout"], env=clean_env(home), capture_output=True, text=True,
                            timeout=30)
    assert logout.returncode == 0, logout.stderr
    assert not os.path.exists(path)
    assert boto3_list_accounts(home, profiles[0], cached["accessToken"]) == {"error": "UnauthorizedException"}


def test_a_denied_sign_in_fails_with_a_message_and_caches_nothing(demo, home):
    http = signed_in_browser(demo)
    script, _ = install(demo, http, home)
    process, code = start_login(script, home)
    decide(demo, http, code, "deny")
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "portico-sso-login: the sign-in was denied in the browser" in errors
    assert not os.path.exists(cache_file(home))



def test_the_current_cli_v2_uses_the_scripts_token_for_a_profile_and_still_refuses_to_log_in(portico_aws, home):
    """The path the README gives users of AWS CLI v2 2.35.13 and later: the script signs in, then the unmodified
    current CLI (2.38.5) runs a `--profile` command from `/me/aws-config` with the cached token: the portal API
    at Portico, then AssumeRoleWithSAML (Portico) and GetCallerIdentity (the CLI) at moto. The CLI's own
    `aws sso login` fails on the same config, as the README says."""
    cli = aws_clients.current_cli_v2()
    http = signed_in_browser(portico_aws)
    script, config = install(portico_aws, http, home)
    parsed = configparser.ConfigParser()
    parsed.read_string(config)
    # shop-dev's PowerUserAccess, which Hanako holds through project-a-developers (an account reached directly,
    # not through the demo's jump account).
    account, role = "200000000003", "PowerUserAccess"
    profile = next(section.removeprefix("profile ") for section in parsed.sections() if section.startswith("profile ")
                   and (parsed[section]["sso_account_id"], parsed[section]["sso_role_name"]) == (account, role))

    process, code = start_login(script, home)
    decide(portico_aws, http, code, "approve")
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    with open(cache_file(home)) as file:
        cached = file.read()

    # Endpoints for sso and sso-oidc come from the config's [services portico] section; STS is moto. A proxy
    # on a closed loopback port stands guard, so that nothing could leave loopback.
    env = aws_clients.botocore_env(home, sts_url=portico_aws.sts.url)
    env |= {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    version = subprocess.run([cli, "--version"], env=env, capture_output=True, text=True, timeout=60)
    assert "aws-cli/2.38." in version.stdout, version.stdout + version.stderr
    identity = subprocess.run([cli, "sts", "get-caller-identity", "--profile", profile, "--output", "json"], env=env,
                              capture_output=True, text=True, timeout=60)
    assert identity.returncode == 0, identity.stderr
    caller = json.loads(identity.stdout)
    assert caller["Account"] == account
    assert caller["Arn"].startswith("arn:aws:sts::%s:assumed-role/%s/" % (account, role)), caller

    refused = subprocess.run([cli, "sso", "login", "--no-browser", "--sso-session", "portico"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    # An http start URL is refused for its scheme; an https one on a host that is not AWS's after one HEAD.
    assert ("must use the https scheme" in refused.stderr
            or "to an AWS-owned endpoint" in refused.stderr), refused.stderr
    with open(cache_file(home)) as file:
        assert file.read() == cached
