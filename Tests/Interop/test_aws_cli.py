"""AWS's own clients get short-term credentials from Portico's SSO-OIDC API (`/aws/oidc`) and SSO portal API
(`/aws/portal`), unmodified: Debian's AWS CLI v2 2.9 (/usr/bin/aws, device flow), the AWS CLI v1 and boto3 from
PyPI, aws-sso-util, and a PKCE client written here from RFC 7636.

Portico is the demo organisation (PORTICO_DEMO=1) and calls STS AssumeRoleWithSAML at a moto server
(PORTICO_STS_ENDPOINT), which also answers the clients' `sts get-caller-identity`. requests plays the person's
browser: it signs in with a password and approves the device code or the consent page. aws_clients.py keeps every
client on loopback (own HOME, no credentials, endpoint variables or CLI v2 model files)."""
import base64
import configparser
import datetime
import hashlib
import html
import json
import pathlib
import queue
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse

import boto3
import botocore
import botocore.exceptions
import pytest
import requests
from botocore.config import Config
from lxml import html as lxml_html

import aws_clients
from aws_clients import AWS_SSO_UTIL, CLI_V1, CLI_V2, REGION
from conftest import free_port
from test_sign_in import sign_in

USER, PASSWORD = "ben.carter@example.com", "portico-demo"
# Ben is in project-a-developers: PowerUserAccess in shop-dev, ReadOnlyAccess in shop-prod, nothing in ledger-prod.
SHOP_DEV, SHOP_PROD, LEDGER_PROD = "200000000003", "200000000001", "300000000001"
ROLE = "PowerUserAccess"
SESSION_NAME = "portico"  # the [sso-session] /me/aws-config writes
USER_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")
PORTAL_ERRORS = {"InvalidRequestException", "UnauthorizedException", "TooManyRequestsException",
                 "ResourceNotFoundException"}


# ---------------------------------------------------------------------------------------------------------
# The person's browser

def browser_for(portico):
    """A requests session signed in as Ben with his password."""
    browser = requests.Session()
    response = sign_in(portico, browser, email=USER, password=PASSWORD)
    assert response.status_code in (302, 303), response.text
    return browser


def post_form(browser, page, decision, extra=None):
    """Submits the page's POST form as a browser would: its hidden fields (CSRF among them), `decision`, to its
    action (relative to the page's URL). `extra` fills fields the form may not carry as hidden inputs."""
    document = lxml_html.fromstring(page.text)
    # The one with the decision buttons: every signed-in page also has the header's sign-out form.
    forms = [form for form in document.forms if (form.get("method") or "").lower() == "post"
             and form.xpath(".//*[@name='decision']")]
    assert len(forms) == 1, "no single POST form with a decision in %s" % page.url
    form = forms[0]
    assert {node.get("value") for node in form.xpath(".//*[@name='decision']")} >= {decision}
    fields = {node.get("name"): node.get("value") or "" for node in form.xpath(".//input[@type='hidden']")
              if node.get("name")}
    for key, value in (extra or {}).items():
        fields.setdefault(key, value)
    fields["decision"] = decision
    assert "csrf" in fields, "the form carries no csrf field"
    action = urllib.parse.urljoin(page.url, form.get("action") or page.url)
    return browser.post(action, data=fields, allow_redirects=False)


def answer_device_code(portico, browser, user_code, decision="approve", client_name=None):
    page = browser.get(portico.url("/device"), params={"user_code": user_code})
    assert page.status_code == 200, page.text
    assert user_code in page.text
    if client_name:
        assert html.escape(client_name) in page.text
    response = post_form(browser, page, decision, {"user_code": user_code})
    assert response.status_code < 400, response.text
    return response


# ---------------------------------------------------------------------------------------------------------
# Portico's APIs, spoken by botocore clients pointed at it explicitly

def oidc_client(portico):
    return boto3.session.Session(region_name=REGION).client(
        "sso-oidc", endpoint_url=portico.url("/aws/oidc"),
        config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}))


def portal_client(portico):
    return boto3.session.Session(region_name=REGION).client(
        "sso", endpoint_url=portico.url("/aws/portal"),
        config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}))


def device_token(portico, browser, client_name="portico-interop"):
    """The device flow over plain HTTP, as RFC 8628 and the SSO-OIDC model describe it: register, start, one
    early poll (pending), approve in the browser, poll until the token comes. Returns (token, registration)."""
    def call(path, body):
        response = requests.post(portico.url("/aws/oidc" + path), json=body, timeout=10)
        return response, (response.json() if response.content else {})

    response, registration = call("/client/register", {"clientName": client_name, "clientType": "public",
                                                       "scopes": ["sso:account:access"]})
    assert response.status_code == 200, response.text
    assert {"clientId", "clientSecret", "clientIdIssuedAt", "clientSecretExpiresAt"} <= registration.keys()
    response, device = call("/device_authorization", {"clientId": registration["clientId"],
                                                      "clientSecret": registration["clientSecret"],
                                                      "startUrl": portico.url("/start")})
    assert response.status_code == 200, response.text
    assert USER_CODE.match(device["userCode"])
    assert device["verificationUri"] == portico.url("/device")
    assert device["verificationUriComplete"] == portico.url("/device?user_code=" + device["userCode"])
    token_request = {"clientId": registration["clientId"], "clientSecret": registration["clientSecret"],
                     "grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": device["deviceCode"]}
    response, body = call("/token", token_request)
    assert response.status_code == 400
    assert response.headers["x-amzn-ErrorType"].split(":")[0] == "AuthorizationPendingException"
    assert body["error"] == "authorization_pending"
    answer_device_code(portico, browser, device["userCode"], client_name=client_name)
    deadline = time.monotonic() + 30
    while True:
        time.sleep(device.get("interval", 5))
        response, body = call("/token", token_request)
        if response.status_code == 200:
            break
        assert response.headers["x-amzn-ErrorType"].split(":")[0] == "AuthorizationPendingException", response.text
        assert time.monotonic() < deadline, "no token after approval"
    assert body["tokenType"] == "Bearer" and body["accessToken"] and body["refreshToken"], body
    assert body["expiresIn"] > 0
    return body, registration


def aws_config(portico, browser):
    """GET /me/aws-config, checked: one sso-session, every profile through it and the `portico` services section,
    which points sso and sso-oidc at this Portico."""
    response = browser.get(portico.url("/me/aws-config"))
    assert response.status_code == 200, response.text
    parser = configparser.ConfigParser()
    parser.read_string(response.text)
    session = parser["sso-session " + SESSION_NAME]
    assert session["sso_start_url"] == portico.url("/start")
    assert session["sso_region"] == REGION
    services = parser["services portico"]
    assert re.search(r"endpoint_url\s*=\s*" + re.escape(portico.url("/aws/portal")) + r"\s*$", services["sso"])
    assert re.search(r"endpoint_url\s*=\s*" + re.escape(portico.url("/aws/oidc")) + r"\s*$", services["sso_oidc"])
    profiles = {name.removeprefix("profile "): parser[name] for name in parser.sections()
                if name.startswith("profile ")}
    for profile in profiles.values():
        assert profile["sso_session"] == SESSION_NAME and profile["services"] == "portico"
        assert profile["region"]
    held = {(profile["sso_account_id"], profile["sso_role_name"]) for profile in profiles.values()}
    assert (SHOP_DEV, ROLE) in held and (SHOP_PROD, "ReadOnlyAccess") in held
    assert not any(account == LEDGER_PROD for account, _ in held)
    name = next(name for name, profile in profiles.items()
                if profile["sso_account_id"] == SHOP_DEV and profile["sso_role_name"] == ROLE)
    return response.text, name


def write_config(home, text):
    path = pathlib.Path(home, ".aws", "config")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def cache_file(home, key):
    return pathlib.Path(home, ".aws", "sso", "cache", hashlib.sha1(key.encode()).hexdigest() + ".json")


def iso(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def run(command, env, check=True, timeout=60):
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, "%s\n%s\n%s" % (command, result.stdout, result.stderr)
    return result


def run_json(command, env):
    return json.loads(run(command + ["--output", "json"], env).stdout)


def assert_assumed_role(identity, account=SHOP_DEV, role=ROLE):
    assert identity["Account"] == account
    assert identity["Arn"].startswith("arn:aws:sts::%s:assumed-role/%s/" % (account, role)), identity


def assert_rejected_token(portico, token):
    response = requests.get(portico.url("/aws/portal/assignment/accounts"),
                            headers={"x-amz-sso_bearer_token": token}, timeout=10)
    assert response.status_code == 401, response.text
    assert response.headers["x-amzn-ErrorType"].split(":")[0] == "UnauthorizedException"
    portal = portal_client(portico)  # a client's exception classes are its own: raise and catch with one client
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.list_accounts(accessToken=token)


class Lines:
    """A child's output stream, read line by line on a thread so a test can wait for a line with a timeout."""

    def __init__(self, stream):
        self.seen = []
        self._queue = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def until(self, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError("no such line; output so far:\n" + "\n".join(self.seen))
            self.seen.append(line)
            if predicate(line):
                return line


# ---------------------------------------------------------------------------------------------------------
# Debian's AWS CLI v2 2.9: aws sso login (device flow), the portal API, a profile's credentials, logout

def test_debian_cli_v2_logs_in_with_the_device_flow_and_gets_role_credentials(portico_aws, tmp_path):
    portico = portico_aws
    browser = browser_for(portico)
    config, profile = aws_config(portico, browser)
    write_config(tmp_path, config)
    env = aws_clients.cli_v2_env(tmp_path, portico.url("/aws/oidc"), portico.url("/aws/portal"), portico.sts.url)

    login = subprocess.Popen([CLI_V2, "sso", "login", "--no-browser", "--sso-session", SESSION_NAME], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout = Lines(login.stdout)
        stdout.until(lambda line: line.startswith("Then enter the code"))
        user_code = stdout.until(lambda line: USER_CODE.match(line.strip())).strip()
        complete = stdout.until(lambda line: "user_code=" in line).strip()
        assert complete == portico.url("/device?user_code=" + user_code)
        assert portico.url("/device") in stdout.seen
        answer_device_code(portico, browser, user_code)
        assert login.wait(timeout=60) == 0, login.stderr.read()
        stdout.until(lambda line: line == "Successfully logged into Start URL: " + portico.url("/start"))
    finally:
        if login.poll() is None:
            login.kill()
            login.wait()

    cached = json.loads(cache_file(tmp_path, SESSION_NAME).read_text())
    assert cached["startUrl"] == portico.url("/start") and cached["region"] == REGION
    token = cached["accessToken"]
    assert cached["refreshToken"] and cached["clientId"] and cached["clientSecret"]

    accounts = run_json([CLI_V2, "sso", "list-accounts", "--access-token", token, "--region", REGION], env)
    ids = {account["accountId"] for account in accounts["accountList"]}
    assert {SHOP_DEV, SHOP_PROD} <= ids and LEDGER_PROD not in ids
    roles = run_json([CLI_V2, "sso", "list-account-roles", "--access-token", token, "--account-id", SHOP_DEV,
                      "--region", REGION], env)
    assert [role["roleName"] for role in roles["roleList"]] == [ROLE]
    assert all(role["accountId"] == SHOP_DEV for role in roles["roleList"])

    # The profile from /me/aws-config: the CLI's SSO provider calls GetRoleCredentials with the cached token,
    # and moto answers GetCallerIdentity with the role Portico assumed.
    assert_assumed_role(run_json([CLI_V2, "sts", "get-caller-identity", "--profile", profile], env))

    run([CLI_V2, "sso", "logout"], env)
    assert not cache_file(tmp_path, SESSION_NAME).exists()
    assert_rejected_token(portico, token)


# ---------------------------------------------------------------------------------------------------------
# The AWS CLI v1 from PyPI: raw portal API commands with a token, and a profile reading the token cache

def test_cli_v1_lists_accounts_and_roles_and_gets_role_credentials(portico_aws, tmp_path):
    portico = portico_aws
    browser = browser_for(portico)
    token, registration = device_token(portico, browser, client_name="aws-cli-v1-interop")
    access_token = token["accessToken"]
    env = aws_clients.cli_v1_env(tmp_path, portico.url("/aws/oidc"), portico.url("/aws/portal"), portico.sts.url)

    accounts = run_json([CLI_V1, "sso", "list-accounts", "--access-token", access_token], env)
    by_id = {account["accountId"]: account for account in accounts["accountList"]}
    assert by_id[SHOP_DEV]["accountName"] == "shop-dev" and LEDGER_PROD not in by_id
    roles = run_json([CLI_V1, "sso", "list-account-roles", "--access-token", access_token, "--account-id", SHOP_DEV],
                     env)
    assert [role["roleName"] for role in roles["roleList"]] == [ROLE]
    credentials = run_json([CLI_V1, "sso", "get-role-credentials", "--access-token", access_token,
                            "--account-id", SHOP_DEV, "--role-name", ROLE], env)["roleCredentials"]
    assert credentials["accessKeyId"].startswith("ASIA")
    # Epoch milliseconds, in the future (the CLI prints the number as it came).
    assert credentials["expiration"] > time.time() * 1000 > credentials["expiration"] / 1000
    identity = run_json([CLI_V1, "sts", "get-caller-identity"], env | {
        "AWS_ACCESS_KEY_ID": credentials["accessKeyId"], "AWS_SECRET_ACCESS_KEY": credentials["secretAccessKey"],
        "AWS_SESSION_TOKEN": credentials["sessionToken"]})
    assert_assumed_role(identity)

    # A profile from /me/aws-config, with the token in botocore's cache: v1's botocore reads [services portico].
    config, profile = aws_config(portico, browser)
    write_config(tmp_path, config)
    write_token_cache(tmp_path, portico, token, registration, expires_in=token["expiresIn"])
    profile_env = aws_clients.cli_v1_env(tmp_path, sts_url=portico.sts.url)
    assert_assumed_role(run_json([CLI_V1, "sts", "get-caller-identity", "--profile", profile], profile_env))


# ---------------------------------------------------------------------------------------------------------
# A current AWS CLI v2 (2.38.5): it logs in only at an AWS-owned start URL (see test_aws_harness.py), but a
# profile from /me/aws-config works with a token another client obtained, through the [services portico] section

def test_current_cli_v2_gets_role_credentials_with_a_portico_token_and_logs_out(portico_aws, tmp_path):
    portico = portico_aws
    cli = aws_clients.current_cli_v2()
    browser = browser_for(portico)
    token, registration = device_token(portico, browser, client_name="aws-cli-v2-current-interop")
    config, profile = aws_config(portico, browser)
    write_config(tmp_path, config)
    write_token_cache(tmp_path, portico, token, registration, expires_in=token["expiresIn"])
    env = aws_clients.botocore_env(tmp_path, sts_url=portico.sts.url)

    assert_assumed_role(run_json([cli, "sts", "get-caller-identity", "--profile", profile], env))
    exported = json.loads(run([cli, "configure", "export-credentials", "--profile", profile, "--format", "process"],
                              env).stdout)
    assert exported["Version"] == 1 and exported["AccessKeyId"].startswith("ASIA") and exported["Expiration"]
    accounts = run_json([cli, "sso", "list-accounts", "--access-token", token["accessToken"], "--profile", profile],
                        env)
    assert SHOP_DEV in {account["accountId"] for account in accounts["accountList"]}

    run([cli, "sso", "logout", "--profile", profile], env)
    assert not cache_file(tmp_path, SESSION_NAME).exists()
    assert_rejected_token(portico, token["accessToken"])


def write_token_cache(home, portico, token, registration, expires_in):
    """botocore's token cache for the sso-session `portico` (key sha1 of the session name)."""
    path = cache_file(home, SESSION_NAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    path.write_text(json.dumps({
        "startUrl": portico.url("/start"), "region": REGION, "accessToken": token["accessToken"],
        "expiresAt": iso(now + datetime.timedelta(seconds=expires_in)), "refreshToken": token["refreshToken"],
        "clientId": registration["clientId"], "clientSecret": registration["clientSecret"],
        "registrationExpiresAt": iso(datetime.datetime.fromtimestamp(registration["clientSecretExpiresAt"],
                                                                     datetime.timezone.utc))}))
    return path


# ---------------------------------------------------------------------------------------------------------
# boto3: an sso-session profile whose cached token is about to expire is refreshed with the refresh token

def test_boto3_refreshes_an_expiring_token_with_the_refresh_token(portico_aws, tmp_path):
    portico = portico_aws
    browser = browser_for(portico)
    token, registration = device_token(portico, browser, client_name="boto3-interop")
    config, profile = aws_config(portico, browser)
    write_config(tmp_path, config)
    # Five minutes left: under botocore's mandatory refresh window (10 min), so it must refresh before use.
    path = write_token_cache(tmp_path, portico, token, registration, expires_in=300)

    # In a child Python: botocore fixes its token cache directory (~/.aws/sso/cache) when it is imported, so HOME
    # must be the test's before that. sso and sso-oidc come from the config's [services portico]; only STS (moto)
    # needs a variable.
    env = aws_clients.botocore_env(tmp_path, sts_url=portico.sts.url)
    script = (
        "import json, sys, boto3\n"
        "session = boto3.session.Session(profile_name=sys.argv[1])\n"
        "credentials = session.get_credentials().get_frozen_credentials()\n"
        "identity = session.client('sts').get_caller_identity()\n"
        "print(json.dumps({'access_key': credentials.access_key, 'token': credentials.token,\n"
        "                  'Account': identity['Account'], 'Arn': identity['Arn']}))\n")
    answer = json.loads(run([sys.executable, "-c", script, profile], env).stdout)
    assert answer["access_key"].startswith("ASIA") and answer["token"]
    assert_assumed_role(answer)

    cached = json.loads(path.read_text())
    assert cached["accessToken"] != token["accessToken"]
    assert cached["refreshToken"] != token["refreshToken"]
    expires = datetime.datetime.strptime(cached["expiresAt"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)
    assert expires > datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=15)
    assert cached["clientId"] == registration["clientId"]
    # The new token works; the refresh token that was used cannot be used again.
    assert portal_client(portico).list_accounts(accessToken=cached["accessToken"])["accountList"]
    oidc = oidc_client(portico)
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(clientId=registration["clientId"], clientSecret=registration["clientSecret"],
                          grantType="refresh_token", refreshToken=token["refreshToken"])


# ---------------------------------------------------------------------------------------------------------
# aws-sso-util: login (device flow, --headless) and credential-process

def test_aws_sso_util_logs_in_and_serves_credential_process(portico_aws, tmp_path):
    portico = portico_aws
    browser = browser_for(portico)
    # aws-sso-util 4.33 reads no sso-session: its profile carries the start URL and region itself.
    write_config(tmp_path, "[profile shop-dev]\nsso_start_url = %s\nsso_region = %s\nsso_account_id = %s\n"
                           "sso_role_name = %s\nregion = %s\n" % (portico.url("/start"), REGION, SHOP_DEV, ROLE, REGION))
    env = aws_clients.aws_sso_util_env(tmp_path, portico.url("/aws/oidc"), portico.url("/aws/portal"),
                                       portico.sts.url)
    login = subprocess.Popen([AWS_SSO_UTIL, "login", "--headless", "--profile", "shop-dev"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stderr = Lines(login.stderr)
        stderr.until(lambda line: line.strip() == portico.url("/device"))
        stderr.until(lambda line: line.startswith("Then enter the code"))
        user_code = stderr.until(lambda line: USER_CODE.match(line.strip())).strip()
        answer_device_code(portico, browser, user_code)
        assert login.wait(timeout=60) == 0, login.stdout.read()
    finally:
        if login.poll() is None:
            login.kill()
            login.wait()
    # Legacy (start URL) form: the cache key is sha1 of the start URL.
    assert json.loads(cache_file(tmp_path, portico.url("/start")).read_text())["accessToken"]

    output = json.loads(run([AWS_SSO_UTIL, "credential-process", "--profile", "shop-dev"], env).stdout)
    assert output["Version"] == 1 and output["AccessKeyId"].startswith("ASIA")
    assert output["SessionToken"] and output["Expiration"]
    identity = boto3.session.Session(
        aws_access_key_id=output["AccessKeyId"], aws_secret_access_key=output["SecretAccessKey"],
        aws_session_token=output["SessionToken"], region_name=REGION,
    ).client("sts", endpoint_url=portico.sts.url).get_caller_identity()
    assert_assumed_role(identity)


# ---------------------------------------------------------------------------------------------------------
# Authorization code with PKCE (RFC 7636), as CLI v2 ≥ 2.22 does it, written out here

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


def pkce_pair():
    verifier = "".join(secrets.choice(UNRESERVED) for _ in range(64))
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).decode().rstrip("=")
    return verifier, challenge


def register_pkce_client(portico):
    registration = oidc_client(portico).register_client(
        clientName="pkce-interop", clientType="public", scopes=["sso:account:access"],
        grantTypes=["authorization_code", "refresh_token"], redirectUris=["http://127.0.0.1/oauth/callback"],
        issuerUrl=portico.url("/start"))
    return registration


def authorize_query(registration, redirect_uri, challenge, state):
    return {"response_type": "code", "client_id": registration["clientId"], "redirect_uri": redirect_uri,
            "state": state, "code_challenge": challenge, "code_challenge_method": "S256",
            "scopes": "sso:account:access"}


def authorize(portico, browser, registration, redirect_uri, challenge, state, decision="allow"):
    """The consent page and its answer; returns the redirect's parsed query (not followed)."""
    query = authorize_query(registration, redirect_uri, challenge, state)
    page = browser.get(portico.url("/aws/oidc/authorize"), params=query, allow_redirects=False)
    assert page.status_code == 200, page.text
    assert "pkce-interop" in page.text
    response = post_form(browser, page, decision, query)
    assert response.status_code == 303, response.text
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert (location.scheme, location.netloc, location.path) == tuple(urllib.parse.urlsplit(redirect_uri)[:3])
    return urllib.parse.parse_qs(location.query)


def test_pkce_authorization_code_flow(portico_aws):
    portico = portico_aws
    browser = browser_for(portico)
    oidc = oidc_client(portico)
    registration = register_pkce_client(portico)
    assert registration["clientSecretExpiresAt"] > time.time()
    redirect_uri = "http://127.0.0.1:%d/oauth/callback" % free_port()  # any loopback port (RFC 8252 §7.3)
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(16)

    answer = authorize(portico, browser, registration, redirect_uri, challenge, state)
    assert answer["state"] == [state] and "error" not in answer
    code = answer["code"][0]
    exchange = {"clientId": registration["clientId"], "clientSecret": registration["clientSecret"],
                "grantType": "authorization_code", "redirectUri": redirect_uri}
    token = oidc.create_token(code=code, codeVerifier=verifier, **exchange)
    assert token["tokenType"] == "Bearer" and token["accessToken"] and token["refreshToken"]
    assert token["expiresIn"] > 0
    accounts = portal_client(portico).list_accounts(accessToken=token["accessToken"])["accountList"]
    assert SHOP_DEV in {account["accountId"] for account in accounts}

    # The code was used: a replay is refused.
    with pytest.raises(oidc.exceptions.InvalidGrantException) as replay:
        oidc.create_token(code=code, codeVerifier=verifier, **exchange)
    assert replay.value.response["error"] == "invalid_grant"

    # A verifier that does not hash to the challenge is refused, and so burns the code.
    verifier, challenge = pkce_pair()
    code = authorize(portico, browser, registration, redirect_uri, challenge, "second")["code"][0]
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(code=code, codeVerifier=pkce_pair()[0], **exchange)

    # Deny: back to the client with error=access_denied (RFC 6749 §4.1.2.1) and the state, no code.
    answer = authorize(portico, browser, registration, redirect_uri, pkce_pair()[1], "third", decision="deny")
    assert answer["error"] == ["access_denied"] and answer["state"] == ["third"] and "code" not in answer


@pytest.mark.parametrize("redirect_uri", ["http://127.0.0.1:%d/elsewhere", "https://client.invalid/oauth/callback",
                                          "http://127.0.0.1.client.invalid:%d/oauth/callback"])
def test_pkce_refuses_an_unregistered_redirect_uri_without_redirecting(portico_aws, redirect_uri):
    portico = portico_aws
    browser = browser_for(portico)
    registration = register_pkce_client(portico)
    if "%d" in redirect_uri:
        redirect_uri %= free_port()
    query = authorize_query(registration, redirect_uri, pkce_pair()[1], "s")
    page = browser.get(portico.url("/aws/oidc/authorize"), params=query, allow_redirects=False)
    assert page.status_code == 400, page.text
    assert "Location" not in page.headers
    # An error page: no consent form (the header's sign-out form may be there).
    assert not lxml_html.fromstring(page.text).xpath("//form//*[@name='decision']")


# ---------------------------------------------------------------------------------------------------------
# Refusals through the portal API and the device flow

def test_a_role_not_held_and_an_unknown_account_are_refused_alike(portico_aws):
    portico = portico_aws
    token, _ = device_token(portico, browser_for(portico))
    answers = []
    for account, role in ((LEDGER_PROD, "ReadOnlyAccess"), (SHOP_PROD, ROLE), ("999999999999", ROLE)):
        response = requests.get(portico.url("/aws/portal/federation/credentials"),
                                params={"role_name": role, "account_id": account},
                                headers={"x-amz-sso_bearer_token": token["accessToken"]}, timeout=10)
        error_type = response.headers.get("x-amzn-ErrorType", "").split(":")[0]
        assert response.status_code in (401, 403, 404), response.text
        assert error_type in {"ResourceNotFoundException", "UnauthorizedException"}, response.headers
        assert "accessKeyId" not in response.text
        answers.append((response.status_code, error_type, response.json().get("message")))
        with pytest.raises(botocore.exceptions.ClientError) as refusal:
            portal_client(portico).get_role_credentials(accessToken=token["accessToken"], accountId=account,
                                                        roleName=role)
        assert refusal.value.response["Error"]["Code"] in PORTAL_ERRORS
    assert answers[0] == answers[1] == answers[2]
    # The token itself is still good.
    assert portal_client(portico).get_role_credentials(accessToken=token["accessToken"], accountId=SHOP_DEV,
                                                       roleName=ROLE)["roleCredentials"]["accessKeyId"]


def test_a_token_whose_session_ended_is_unauthorized(portico_aws):
    portico = portico_aws
    token, _ = device_token(portico, browser_for(portico))
    portal = portal_client(portico)
    assert portal.list_accounts(accessToken=token["accessToken"])["accountList"]
    response = requests.post(portico.url("/aws/portal/logout"),
                             headers={"x-amz-sso_bearer_token": token["accessToken"]}, timeout=10)
    assert response.status_code == 200, response.text
    assert_rejected_token(portico, token["accessToken"])
    for operation in (lambda: portal.list_account_roles(accessToken=token["accessToken"], accountId=SHOP_DEV),
                      lambda: portal.get_role_credentials(accessToken=token["accessToken"], accountId=SHOP_DEV,
                                                          roleName=ROLE)):
        with pytest.raises(portal.exceptions.UnauthorizedException):
            operation()


def test_missing_and_unknown_tokens_are_unauthorized(portico_aws):
    portico = portico_aws
    assert_rejected_token(portico, "not-a-token")
    response = requests.get(portico.url("/aws/portal/assignment/accounts"), timeout=10)
    assert response.status_code in (400, 401)
    assert response.headers["x-amzn-ErrorType"].split(":")[0] in {"UnauthorizedException", "InvalidRequestException"}


def test_device_flow_polling_too_fast_slows_down_and_a_denied_code_is_refused(portico_aws):
    portico = portico_aws
    oidc = oidc_client(portico)
    registration = oidc.register_client(clientName="fast-poller", clientType="public")
    device = oidc.start_device_authorization(clientId=registration["clientId"],
                                             clientSecret=registration["clientSecret"], startUrl=portico.url("/start"))
    poll = {"clientId": registration["clientId"], "clientSecret": registration["clientSecret"],
            "grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": device["deviceCode"]}
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        oidc.create_token(**poll)
    with pytest.raises(oidc.exceptions.SlowDownException) as slow:
        oidc.create_token(**poll)
    assert slow.value.response["error"] == "slow_down"

    answer_device_code(portico, browser_for(portico), device["userCode"], decision="deny",
                       client_name="fast-poller")
    time.sleep(device.get("interval", 5) + 5)  # slow_down added 5 s to the interval (RFC 8628 §3.5)
    with pytest.raises(oidc.exceptions.AccessDeniedException) as denied:
        oidc.create_token(**poll)
    assert denied.value.response["error"] == "access_denied"


def test_token_endpoint_refuses_wrong_client_secret_and_unknown_grant(portico_aws):
    portico = portico_aws
    oidc = oidc_client(portico)
    registration = oidc.register_client(clientName="wrong-secret", clientType="public")
    device = oidc.start_device_authorization(clientId=registration["clientId"],
                                             clientSecret=registration["clientSecret"], startUrl=portico.url("/start"))
    with pytest.raises(oidc.exceptions.InvalidClientException):
        oidc.create_token(clientId=registration["clientId"], clientSecret="not the secret",
                          grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=device["deviceCode"])
    with pytest.raises(oidc.exceptions.UnsupportedGrantTypeException):
        oidc.create_token(clientId=registration["clientId"], clientSecret=registration["clientSecret"],
                          grantType="password")
