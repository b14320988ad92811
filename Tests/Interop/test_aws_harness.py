"""The harness test_aws_cli.py stands on, checked without Portico: moto in server mode answers STS, and each AWS
client (Debian's CLI v2 2.9 through model files in its HOME, boto3 and the CLI v1 through AWS_ENDPOINT_URL_*,
aws-sso-util through botocore) sends its SSO-OIDC, portal and STS calls to loopback with the path prefix kept.

The recording stub is http.server, which (unlike Werkzeug's dev server) keeps the portal API's underscore
header `x-amz-sso_bearer_token`."""
import hashlib
import http.server
import json
import os
import subprocess
import threading
import time

import boto3
import botocore
import pytest
from botocore.config import Config

import aws_clients
from aws_clients import CLI_V1, CLI_V2, REGION, unsigned_saml_response

ACCOUNT, ROLE, SESSION = "200000000003", "PowerUserAccess", "ben.carter@example.com"
CALLER = ('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
          '<Arn>arn:aws:iam::123456789012:user/stub</Arn><UserId>STUB</UserId><Account>123456789012</Account>'
          '</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>'
          '</GetCallerIdentityResponse>')


class RecordingStub:
    """Answers every request with something each client parses, and records (method, path, headers, body)."""

    def __init__(self):
        self.requests = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                stub.requests.append((self.command, self.path, dict(self.headers), body))
                if self.path.startswith("/sts"):
                    payload, kind = CALLER, "text/xml"
                elif self.path.startswith("/aws/oidc/client/register"):
                    payload, kind = json.dumps({"clientId": "c", "clientSecret": "s", "clientIdIssuedAt": 1,
                                                "clientSecretExpiresAt": 4102444800}), "application/json"
                elif self.path.startswith("/aws/portal/federation/credentials"):
                    payload, kind = json.dumps({"roleCredentials": {
                        "accessKeyId": "ASIASTUB", "secretAccessKey": "secret", "sessionToken": "token",
                        "expiration": int(time.time() + 3600) * 1000}}), "application/json"
                elif self.path.startswith("/aws/oidc/device_authorization"):
                    self.send_response(400)
                    self.send_header("x-amzn-ErrorType", "InvalidRequestException")
                    payload, kind = json.dumps({"error": "invalid_request"}), "application/json"
                else:
                    payload, kind = json.dumps({"accountList": [{"accountId": ACCOUNT, "accountName": "shop-dev",
                                                                 "emailAddress": "a@example.com"}]}), "application/json"
                if not self.path.startswith("/aws/oidc/device_authorization"):
                    self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload.encode())))
                self.end_headers()
                self.wfile.write(payload.encode())

            do_GET = do_POST = do_HEAD = answer

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self):
        return [(method, path.split("?")[0]) for method, path, _, _ in self.requests]


@pytest.fixture
def stub():
    server = RecordingStub()
    yield server
    server.server.shutdown()


def run(command, env, check=True):
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 or not check, result.stderr
    return result


def test_moto_answers_assume_role_with_saml_and_get_caller_identity(moto_sts, tmp_path):
    sts = boto3.session.Session(region_name=REGION).client(
        "sts", endpoint_url=moto_sts.url, config=Config(signature_version=botocore.UNSIGNED))
    answer = sts.assume_role_with_saml(
        RoleArn="arn:aws:iam::%s:role/%s" % (ACCOUNT, ROLE),
        PrincipalArn="arn:aws:iam::%s:saml-provider/Portico" % ACCOUNT,
        SAMLAssertion=unsigned_saml_response(ACCOUNT, ROLE, SESSION, duration=7200))
    credentials = answer["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert answer["AssumedRoleUser"]["Arn"] == "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, ROLE, SESSION)

    # The same credentials, through Debian's CLI v2 pointed at moto by its models directory.
    env = aws_clients.cli_v2_env(tmp_path, "http://127.0.0.1:9/aws/oidc", "http://127.0.0.1:9/aws/portal", moto_sts.url)
    env |= {"AWS_ACCESS_KEY_ID": credentials["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
            "AWS_SESSION_TOKEN": credentials["SessionToken"]}
    identity = json.loads(run([CLI_V2, "sts", "get-caller-identity", "--output", "json"], env).stdout)
    assert identity["Arn"] == "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, ROLE, SESSION)
    assert identity["Account"] == ACCOUNT


def test_cli_v2_models_send_each_service_under_its_path_prefix(stub, tmp_path):
    env = aws_clients.cli_v2_env(tmp_path, stub.url + "/aws/oidc", stub.url + "/aws/portal", stub.url + "/sts")
    accounts = json.loads(run([CLI_V2, "sso", "list-accounts", "--access-token", "X", "--region", REGION,
                               "--output", "json"], env).stdout)
    assert accounts["accountList"][0]["accountId"] == ACCOUNT
    run([CLI_V2, "sso-oidc", "register-client", "--client-name", "c", "--client-type", "public"], env)
    run([CLI_V2, "sts", "get-caller-identity"], env | {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
                                                       "AWS_SECRET_ACCESS_KEY": "secret"})
    assert stub.paths() == [("GET", "/aws/portal/assignment/accounts"), ("POST", "/aws/oidc/client/register"),
                            ("POST", "/sts")]
    assert stub.requests[0][2]["x-amz-sso_bearer_token"] == "X"
    assert "aws-cli/2.9" in stub.requests[0][2]["User-Agent"]


def test_botocore_and_cli_v1_keep_the_path_prefix_of_the_endpoint_variables(stub, tmp_path, monkeypatch):
    env = aws_clients.cli_v1_env(tmp_path, stub.url + "/aws/oidc", stub.url + "/aws/portal", stub.url + "/sts")
    run([CLI_V1, "sso", "list-accounts", "--access-token", "V1"], env)
    run([CLI_V1, "sso-oidc", "register-client", "--client-name", "c", "--client-type", "public"], env)
    for key in [key for key in os.environ if key.startswith("AWS_")]:
        monkeypatch.delenv(key)
    for key, value in aws_clients.botocore_env(tmp_path, stub.url + "/aws/oidc", stub.url + "/aws/portal",
                                               stub.url + "/sts").items():
        monkeypatch.setenv(key, value)
    session = boto3.session.Session()
    session.client("sso").list_accounts(accessToken="BOTO3")
    session.client("sso-oidc").register_client(clientName="c", clientType="public")
    session.client("sts", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret").get_caller_identity()
    assert stub.paths() == [("GET", "/aws/portal/assignment/accounts"), ("POST", "/aws/oidc/client/register")] * 2 \
        + [("POST", "/sts")]
    assert [headers.get("x-amz-sso_bearer_token") for _, _, headers, _ in stub.requests] == \
        ["V1", None, "BOTO3", None, None]
    assert "aws-cli/1." in stub.requests[0][2]["User-Agent"]


def test_aws_sso_util_login_goes_to_the_endpoint_variables(stub, tmp_path):
    """aws-sso-util has no endpoint option of its own; its botocore session reads AWS_ENDPOINT_URL_SSO_OIDC. The
    stub refuses StartDeviceAuthorization, so the login stops there, having shown where it went."""
    env = aws_clients.aws_sso_util_env(tmp_path, stub.url + "/aws/oidc", stub.url + "/aws/portal")
    result = subprocess.run([aws_clients.AWS_SSO_UTIL, "login", "--headless", "--sso-start-url",
                             stub.url + "/start", "--sso-region", REGION], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    assert stub.paths() == [("POST", "/aws/oidc/client/register"), ("POST", "/aws/oidc/device_authorization")]
    assert json.loads(stub.requests[1][3])["startUrl"] == stub.url + "/start"


def test_current_cli_v2_uses_a_cached_token_for_any_start_url_but_logs_in_only_at_an_aws_owned_one(stub, tmp_path):
    """AWS CLI v2 2.38.5 (from aws-cdk-asset-awscli-v2): credentials for an sso-session profile come from the token
    cache and the portal API with no look at the start URL; `aws sso login` refuses an http start URL outright
    (and an https one not on an AWS-owned host after one HEAD), and takes an AWS-owned-looking one without any
    request to it, going straight to AWS_ENDPOINT_URL_SSO_OIDC. A proxy on a closed loopback port stands guard so
    that nothing could leave loopback."""
    cli = aws_clients.current_cli_v2()
    start_url = stub.url + "/start"
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "config").write_text(
        "[sso-session portico]\nsso_start_url = %s\nsso_region = %s\n\n[profile dev]\nsso_session = portico\n"
        "sso_account_id = %s\nsso_role_name = %s\nregion = %s\n" % (start_url, REGION, ACCOUNT, ROLE, REGION))
    cache = tmp_path / ".aws" / "sso" / "cache" / (hashlib.sha1(b"portico").hexdigest() + ".json")
    cache.parent.mkdir(parents=True)
    later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    cache.write_text(json.dumps({"startUrl": start_url, "region": REGION, "accessToken": "CACHED",
                                 "expiresAt": later}))
    env = aws_clients.botocore_env(tmp_path, stub.url + "/aws/oidc", stub.url + "/aws/portal", stub.url + "/sts")
    env |= {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    assert "aws-cli/2.38." in run([cli, "--version"], env).stdout
    run([cli, "sts", "get-caller-identity", "--profile", "dev"], env)
    assert stub.paths() == [("GET", "/aws/portal/federation/credentials"), ("POST", "/sts")]
    assert stub.requests[0][2]["x-amz-sso_bearer_token"] == "CACHED"

    refused = run([cli, "sso", "login", "--no-browser", "--sso-session", "portico"], env, check=False)
    assert refused.returncode != 0 and "must use the https scheme" in refused.stderr
    assert len(stub.requests) == 2

    config = (tmp_path / ".aws" / "config").read_text()
    (tmp_path / ".aws" / "config").write_text(config.replace(start_url, "https://portico-test.awsapps.com/start"))
    login = run([cli, "sso", "login", "--use-device-code", "--no-browser", "--sso-session", "portico"], env,
                check=False)
    assert login.returncode != 0  # the stub refuses StartDeviceAuthorization
    assert stub.paths()[2:] == [("POST", "/aws/oidc/client/register"), ("POST", "/aws/oidc/device_authorization")]
    assert json.loads(stub.requests[3][3])["startUrl"] == "https://portico-test.awsapps.com/start"
