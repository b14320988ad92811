/// `portico-sso-login.py`: a dependency-free Python 3 script that signs in to Portico with the device flow and
/// writes botocore's token cache, for AWS CLI v2 2.35.13 and later, whose `aws sso login` refuses a start
/// URL outside AWS (aws/aws-cli#10457).
///
/// Only the login is refused: the CLI's credential path (botocore's `SSOTokenProvider` and
/// `SSOCredentialFetcher`) reads `~/.aws/sso/cache/<sha1(session name)>.json` and calls the portal API
/// without looking at the start URL's host. So the script does the login's part, exactly as `aws sso login`
/// would leave it: the access token, the refresh token and the client registration, so that the CLI and the
/// SDKs refresh the token themselves. It holds no secret; each copy has one server's base URL baked in, so a
/// copy can only ever talk to the Portico that served it.
package enum AWSCLILoginScript {
    /// The file name people save it under.
    package static let fileName = "portico-sso-login.py"

    /// The script for the Portico at `baseURL`, with `region` as the default `--region`.
    package static func text(baseURL: String, region: String = AWSCLIConfig.defaultRegion) -> String {
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let region = AWSCLIConfig.isRegionName(region) ? region : AWSCLIConfig.defaultRegion
        return
            source
            .replacing("@@BASE_URL@@", with: pythonLiteral(trimmed))
            .replacing("@@REGION@@", with: pythonLiteral(region))
    }

    /// `text` as a Python string literal: printable ASCII as is, `"` and `\` escaped, anything else as
    /// `\uXXXX` (or `\UXXXXXXXX`), so no value can end the literal or the line.
    static func pythonLiteral(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case " "..."~": literal.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16)
                literal +=
                    scalar.value > 0xFFFF
                    ? "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                    : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return literal + "\""
    }

    /// The script with `@@BASE_URL@@` and `@@REGION@@` where the values go.
    private static let source = #"""
        #!/usr/bin/env python3
        """Sign in to Portico for the AWS CLI and SDKs, without a long-lived key.

        AWS CLI v2 2.35.13 and later refuse `aws sso login` for a start URL outside AWS. Every other part of the
        CLI still works with Portico: a profile with `sso_session = portico` reads the token this script caches
        (~/.aws/sso/cache/<sha1 of the session name>.json, the file `aws sso login` would write), exchanges it
        for role credentials through Portico, and refreshes it by itself until the session ends.

        Usage:
            python3 portico-sso-login.py              sign in (opens the browser; approve the code shown here)
            python3 portico-sso-login.py --no-browser sign in on a machine without a browser
            python3 portico-sso-login.py --logout     end the session and delete the cached token

        Needs Python 3.8 or later and nothing else. BASE_URL below is the Portico that served this copy.
        """
        import argparse
        import datetime
        import hashlib
        import ipaddress
        import json
        import os
        import socket
        import ssl
        import sys
        import time
        import urllib.error
        import urllib.parse
        import urllib.request
        import webbrowser

        BASE_URL = @@BASE_URL@@
        DEFAULT_REGION = @@REGION@@
        DEFAULT_SESSION = "portico"
        START_URL = BASE_URL + "/start"
        OIDC_ENDPOINT = BASE_URL + "/aws/oidc"
        PORTAL_ENDPOINT = BASE_URL + "/aws/portal"
        DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
        SCOPES = ["sso:account:access"]
        TIMEOUT_SECONDS = 30
        # botocore's own format for the cache file's times
        TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
        # AWS's exception names, for an answer that carries only the x-amzn-ErrorType header
        ERROR_CODES = {
            "AuthorizationPendingException": "authorization_pending",
            "SlowDownException": "slow_down",
            "ExpiredTokenException": "expired_token",
            "AccessDeniedException": "access_denied",
            "UnauthorizedException": "unauthorized",
        }


        class LoginError(Exception):
            """A failure to report in one line, without a traceback."""


        class APIError(LoginError):
            def __init__(self, status, code, description):
                self.status = status
                self.code = code
                super().__init__("Portico answered HTTP %d %s%s" % (status, code, ": " + description if description else ""))


        class _NoRedirects(urllib.request.HTTPRedirectHandler):
            """A redirect could carry a secret to another host; Portico's APIs never redirect."""

            def redirect_request(self, req, fp, code, msg, headers, newurl):
                return None


        def _opener():
            # TLS is verified (the default context); AWS_CA_BUNDLE is honoured as the AWS CLI honours it.
            context = ssl.create_default_context(cafile=os.environ.get("AWS_CA_BUNDLE") or None)
            return urllib.request.build_opener(_NoRedirects, urllib.request.HTTPSHandler(context=context))


        def _is_loopback(host):
            if host is None:
                return False
            if host == "localhost":
                return True
            try:
                return ipaddress.ip_address(host).is_loopback
            except ValueError:
                return False


        def check_base_url():
            parsed = urllib.parse.urlsplit(BASE_URL)
            if parsed.scheme == "https" or (parsed.scheme == "http" and _is_loopback(parsed.hostname)):
                return
            raise LoginError("refusing to send credentials to %s: Portico must be reached over https" % BASE_URL)


        def call(url, body=None, token=None):
            """POSTs `body` as JSON and returns the JSON answer ({} for an empty one)."""
            headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "portico-sso-login/1"}
            if token is not None:
                headers["x-amz-sso_bearer_token"] = token
            data = json.dumps(body if body is not None else {}).encode("utf-8")
            request = urllib.request.Request(url, data=data, headers=headers, method="POST")
            try:
                with _opener().open(request, timeout=TIMEOUT_SECONDS) as response:
                    raw = response.read()
            except urllib.error.HTTPError as error:
                raw = error.read()
                try:
                    payload = json.loads(raw.decode("utf-8"))
                except ValueError:
                    payload = {}
                if not isinstance(payload, dict):
                    payload = {}
                exception = (error.headers.get("x-amzn-ErrorType") or "").split(":")[0]
                code = payload.get("error") or ERROR_CODES.get(exception) or exception or "error"
                description = payload.get("error_description") or payload.get("message") or ""
                raise APIError(error.code, str(code), str(description)[:300])
            except urllib.error.URLError as error:
                raise LoginError("cannot reach %s: %s" % (url, error.reason))
            except (OSError, ValueError) as error:
                raise LoginError("cannot reach %s: %s" % (url, error))
            if not raw.strip():
                return {}
            try:
                answer = json.loads(raw.decode("utf-8"))
            except ValueError:
                raise LoginError("%s did not answer with JSON; is %s Portico?" % (url, BASE_URL))
            if not isinstance(answer, dict):
                raise LoginError("%s answered with something other than a JSON object" % url)
            return answer


        def require(answer, *names):
            missing = [name for name in names if answer.get(name) in (None, "")]
            if missing:
                raise LoginError("Portico's answer lacks %s" % ", ".join(missing))
            return answer


        def cache_path(session):
            digest = hashlib.sha1(session.encode("utf-8")).hexdigest()
            return os.path.join(os.path.expanduser("~"), ".aws", "sso", "cache", digest + ".json")


        def write_cache(path, entry):
            directory = os.path.dirname(path)
            os.makedirs(directory, mode=0o700, exist_ok=True)
            os.chmod(directory, 0o700)
            temporary = "%s.%d.tmp" % (path, os.getpid())
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                    json.dump(entry, file)
                os.replace(temporary, path)
            except BaseException:
                if os.path.exists(temporary):
                    os.remove(temporary)
                raise


        def utc_text(moment):
            return moment.astimezone(datetime.timezone.utc).strftime(TIME_FORMAT)


        def login(session, region, open_browser):
            client_name = "portico-sso-login on %s" % (socket.gethostname() or "this machine")
            registration = require(
                call(OIDC_ENDPOINT + "/client/register", {
                    "clientName": client_name[:100], "clientType": "public", "grantTypes": [DEVICE_GRANT, "refresh_token"],
                    "scopes": SCOPES}),
                "clientId", "clientSecret", "clientSecretExpiresAt")
            client = {"clientId": registration["clientId"], "clientSecret": registration["clientSecret"]}
            authorization = require(
                call(OIDC_ENDPOINT + "/device_authorization", dict(client, startUrl=START_URL)),
                "deviceCode", "userCode", "verificationUri")
            address = authorization.get("verificationUriComplete") or authorization["verificationUri"]
            print("Approve this sign-in in your browser, signed in to Portico:")
            print("  %s" % address)
            print("Check that the page shows this code: %s" % authorization["userCode"])
            sys.stdout.flush()
            if open_browser:
                try:
                    webbrowser.open(address)
                except Exception:
                    pass

            interval = max(int(authorization.get("interval") or 5), 1)
            deadline = time.monotonic() + int(authorization.get("expiresIn") or 600)
            while True:
                time.sleep(interval)
                try:
                    token = call(OIDC_ENDPOINT + "/token", dict(client, grantType=DEVICE_GRANT, deviceCode=authorization["deviceCode"]))
                    break
                except APIError as error:
                    if error.code == "authorization_pending":
                        pass
                    elif error.code == "slow_down":
                        interval += 5
                    elif error.code == "expired_token":
                        raise LoginError("the code expired before it was approved; run this again")
                    elif error.code == "access_denied":
                        raise LoginError("the sign-in was denied in the browser")
                    else:
                        raise
                if time.monotonic() > deadline:
                    raise LoginError("the code expired before it was approved; run this again")
            require(token, "accessToken", "expiresIn")

            now = datetime.datetime.now(datetime.timezone.utc)
            entry = {
                "startUrl": START_URL,
                "region": region,
                "accessToken": token["accessToken"],
                "expiresAt": utc_text(now + datetime.timedelta(seconds=int(token["expiresIn"]))),
                "clientId": registration["clientId"],
                "clientSecret": registration["clientSecret"],
                "registrationExpiresAt": utc_text(
                    datetime.datetime.fromtimestamp(int(registration["clientSecretExpiresAt"]), datetime.timezone.utc)),
            }
            if token.get("refreshToken"):
                entry["refreshToken"] = token["refreshToken"]
            path = cache_path(session)
            write_cache(path, entry)
            print("Signed in to Portico until %s (renewed by the CLI and SDKs while you use it)." % entry["expiresAt"])
            print("Token cached in %s for [sso-session %s]; try: aws sts get-caller-identity --profile NAME" % (path, session))


        def logout(session):
            path = cache_path(session)
            if not os.path.exists(path):
                print("Not signed in: %s does not exist." % path)
                return
            try:
                with open(path, encoding="utf-8") as file:
                    token = json.load(file).get("accessToken")
            except (OSError, ValueError, AttributeError):
                token = None
            problem = None
            if token:
                try:
                    call(PORTAL_ENDPOINT + "/logout", token=token)
                except APIError as error:
                    # An ended or expired session is what logging out wants.
                    if error.status != 401:
                        problem = error
                except LoginError as error:
                    problem = error
            os.remove(path)
            if problem is not None:
                raise LoginError("deleted the cached token, but Portico could not end the session (%s); end it on %s/me/sessions"
                                 % (problem, BASE_URL))
            print("Signed out of Portico; deleted %s." % path)


        def main(argv=None):
            parser = argparse.ArgumentParser(description="Sign in to Portico (%s) for the AWS CLI and SDKs." % BASE_URL)
            parser.add_argument("--logout", action="store_true", help="end the session and delete the cached token")
            parser.add_argument("--no-browser", action="store_true", help="print the address instead of opening a browser")
            parser.add_argument("--sso-session", default=DEFAULT_SESSION, metavar="NAME",
                                help="the [sso-session NAME] of your ~/.aws/config (default: %(default)s)")
            parser.add_argument("--region", default=DEFAULT_REGION, help="its sso_region (default: %(default)s)")
            arguments = parser.parse_args(argv)
            try:
                check_base_url()
                if arguments.logout:
                    logout(arguments.sso_session)
                else:
                    login(arguments.sso_session, arguments.region, not arguments.no_browser)
                return 0
            except KeyboardInterrupt:
                print("portico-sso-login: interrupted", file=sys.stderr)
                return 130
            except LoginError as error:
                print("portico-sso-login: %s" % error, file=sys.stderr)
                return 1
            except OSError as error:
                print("portico-sso-login: %s" % error, file=sys.stderr)
                return 1


        if __name__ == "__main__":
            sys.exit(main())
        """#
}
