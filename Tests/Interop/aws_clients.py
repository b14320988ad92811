"""Points AWS's own clients at Portico (and at a moto server standing in for STS), and nowhere else.

Three kinds of client, pointed three ways:
- botocore 1.44 (boto3), the PyPI AWS CLI v1 (its own vendored botocore) and aws-sso-util read the per-service
  endpoint variables AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_STS; a path prefix in
  them (`/aws/portal`) is kept, the operation's path is appended to it.
- Debian 12's AWS CLI v2 2.9.19 (/usr/bin/aws) predates those variables and `[services]` sections (2.13). It
  does load service data from `~/.aws/models/<service>/<api-version>/` before its own, so an endpoint rule set
  there whose only rule returns a fixed URL sends every call of that service to it, path prefix kept.
  `write_cli_v2_models` writes those rule sets.
- Every client gets a HOME of its own with no credentials, no instance metadata and no proxy.

Each client is run by absolute path: CLI_V2 is Debian's, CLI_V1 the one in this virtual environment."""
import json
import os
import pathlib
import sys

CLI_V2 = "/usr/bin/aws"
VENV_BIN = pathlib.Path(sys.executable).parent
CLI_V1 = str(VENV_BIN / "aws")
AWS_SSO_UTIL = str(VENV_BIN / "aws-sso-util")
MOTO_SERVER = str(VENV_BIN / "moto_server")

REGION = "us-east-1"

# Service name in the models directory -> the API version directory CLI v2 2.9 (and botocore) use.
MODEL_VERSIONS = {"sso": "2019-06-10", "sso-oidc": "2019-06-10", "sts": "2011-06-15"}

# Variables from the caller's environment that could send a client elsewhere or hand it credentials.
_DROPPED_PREFIXES = ("AWS_",)
_DROPPED = {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "BOTO_CONFIG"}


def endpoint_rule_set(url):
    """An endpoint rule set (version 1.0) that answers `url` for every region, unless the caller gave an explicit
    endpoint (`--endpoint-url`), which still wins. The parameters are the ones every AWS rule set declares, so
    the built-ins the CLI fills in (region, FIPS, dual-stack) are accepted."""
    return {
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": False, "type": "String"},
            "UseDualStack": {"builtIn": "AWS::UseDualStack", "required": True, "default": False, "type": "Boolean"},
            "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": True, "default": False, "type": "Boolean"},
            "Endpoint": {"builtIn": "SDK::Endpoint", "required": False, "type": "String"},
            # STS's rule set also declares this one; unused here, declared so the CLI's built-in is accepted.
            "UseGlobalEndpoint": {"builtIn": "AWS::STS::UseGlobalEndpoint", "required": True, "default": False,
                                  "type": "Boolean"},
        },
        "rules": [
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
             "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}, "headers": {}}, "type": "endpoint"},
            {"conditions": [], "endpoint": {"url": url, "properties": {}, "headers": {}}, "type": "endpoint"},
        ],
    }


def write_cli_v2_models(home, oidc_url, portal_url, sts_url):
    """Writes HOME/.aws/models/{sso-oidc,sso,sts}/<version>/endpoint-rule-set-1.json so that /usr/bin/aws 2.9
    sends sso-oidc calls to `oidc_url` (e.g. B/aws/oidc), sso calls to `portal_url` (B/aws/portal) and STS calls
    to `sts_url` (moto). Only the rule set is written: the service model itself still comes from the CLI."""
    for service, url in (("sso-oidc", oidc_url), ("sso", portal_url), ("sts", sts_url)):
        directory = pathlib.Path(home, ".aws", "models", service, MODEL_VERSIONS[service])
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "endpoint-rule-set-1.json").write_text(json.dumps(endpoint_rule_set(url), indent=1))


def _base_env(home):
    home = str(home)
    pathlib.Path(home, ".aws").mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(_DROPPED_PREFIXES) and key not in _DROPPED}
    env.update({
        "HOME": home,
        "AWS_CONFIG_FILE": os.path.join(home, ".aws", "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, ".aws", "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_STS_REGIONAL_ENDPOINTS": "regional",
        "AWS_PAGER": "",
        "AWS_CLI_AUTO_PROMPT": "off",
        "AWS_MAX_ATTEMPTS": "1",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        # A client that wants a browser (aws-sso-util without --headless) runs `true` instead of opening one.
        "BROWSER": "true",
    })
    return env


def _endpoint_env(oidc_url, portal_url, sts_url):
    pairs = (("AWS_ENDPOINT_URL_SSO_OIDC", oidc_url), ("AWS_ENDPOINT_URL_SSO", portal_url), ("AWS_ENDPOINT_URL_STS", sts_url))
    return {key: value for key, value in pairs if value}


def botocore_env(home, oidc_url=None, portal_url=None, sts_url=None):
    """For boto3 / botocore (in this process or a child), and for anything built on them (aws-sso-util). A URL
    left out sets no variable: the config file's `[services]` section (from /me/aws-config) must then point that
    service at loopback."""
    return _base_env(home) | _endpoint_env(oidc_url, portal_url, sts_url)


def cli_v1_env(home, oidc_url=None, portal_url=None, sts_url=None):
    """For .venv/bin/aws (AWS CLI v1, vendored botocore): the same variables as botocore."""
    return botocore_env(home, oidc_url, portal_url, sts_url)


def aws_sso_util_env(home, oidc_url, portal_url, sts_url=None):
    """aws-sso-util 4.33 creates every client through a botocore session, so the endpoint variables reach it. It
    reads no `sso_session`: its profiles carry sso_start_url and sso_region themselves (legacy form)."""
    return botocore_env(home, oidc_url, portal_url, sts_url)


def cli_v2_env(home, oidc_url, portal_url, sts_url):
    """For /usr/bin/aws (2.9.19): models in HOME; the endpoint variables too, for a CLI v2 ≥ 2.13 in its place
    (they win over the rule set there and name the same URLs)."""
    write_cli_v2_models(home, oidc_url, portal_url, sts_url)
    return _base_env(home) | _endpoint_env(oidc_url, portal_url, sts_url)


def portico_urls(base_url):
    """(oidc, portal) endpoint URLs of a Portico whose base URL is `base_url`."""
    return base_url + "/aws/oidc", base_url + "/aws/portal"


def unsigned_saml_response(account_id, role_name, session_name, duration=3600, provider="Portico"):
    """base64 of an unsigned samlp:Response that moto's AssumeRoleWithSAML accepts: it checks no signature,
    needs RoleSessionName, reads SessionDuration and the account from Role, and fails (HTTP 500) on an
    AttributeStatement with a single Attribute or an Attribute with several values, so there are three, one
    value each."""
    import base64
    from xml.sax.saxutils import escape
    role = "arn:aws:iam::%s:role/%s,arn:aws:iam::%s:saml-provider/%s" % (account_id, role_name, account_id, provider)
    attributes = "".join(
        '<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/%s"><saml:AttributeValue>%s'
        '</saml:AttributeValue></saml:Attribute>' % (name, escape(str(value)))
        for name, value in (("Role", role), ("RoleSessionName", session_name), ("SessionDuration", duration)))
    document = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_response" Version="2.0" '
        'IssueInstant="2026-01-01T00:00:00Z"><saml:Issuer>http://127.0.0.1/</saml:Issuer>'
        '<saml:Assertion ID="_assertion" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">'
        '<saml:Issuer>http://127.0.0.1/</saml:Issuer><saml:Subject><saml:NameID>%s</saml:NameID></saml:Subject>'
        '<saml:AttributeStatement>%s</saml:AttributeStatement></saml:Assertion></samlp:Response>'
        % (escape(session_name), attributes))
    return base64.b64encode(document.encode()).decode()


CURRENT_CLI_V2_CARRIER = "aws-cdk-asset-awscli-v2"


def current_cli_v2():
    """The path of a current AWS CLI v2 (2.38.5), unpacked once into the virtual environment from the zip that
    aws-cdk-asset-awscli-v2's wheel carries (package/lib/layer.zip inside its jsii tarball). The package is not
    imported (that would need jsii and node). zipfile drops permissions and symlinks; the CLI needs neither beyond
    its two executables."""
    import importlib.metadata
    import tarfile
    import zipfile
    tarball = next(file for file in importlib.metadata.files(CURRENT_CLI_V2_CARRIER) if file.name.endswith(".jsii.tgz"))
    target = VENV_BIN.parent / ("aws-cli-v2-" + importlib.metadata.version(CURRENT_CLI_V2_CARRIER))
    found = sorted(target.glob("awscli/v2/2.*/dist/aws"))
    if not found:
        staging = target.with_suffix(".partial")
        import shutil
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        with tarfile.open(tarball.locate()) as archive:
            layer = archive.extractfile("package/lib/layer.zip")
            zipfile.ZipFile(layer).extractall(staging)
        for executable in staging.glob("awscli/v2/2.*/dist/aws*"):
            if executable.name in ("aws", "aws_completer"):
                executable.chmod(0o755)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
        found = sorted(target.glob("awscli/v2/2.*/dist/aws"))
    return str(found[-1])
