"""Issue 18 end to end: Portico keeps IAM in AWS accounts in sync itself, against moto in server mode standing in
for IAM and STS.

Portico's own credentials (`testing`) belong to moto's default account; for each enrolled account it assumes
`arn:aws:iam::<account>:role/PorticoProvisioning` (moto does not check the role exists), and moto files the IAM
calls made with those credentials under that account. The tests read each account back with boto3 and the
`x-moto-account-id` header, and drive Portico through the admin pages (enrol, "Sync now", the status on the
account page), `portico apply` beside the server, and `portico provision`."""
import html
import http.server
import json
import os
import queue
import re
import sqlite3
import subprocess
import threading
import time

import boto3
import pytest
import requests

from conftest import ADMIN_EMAIL, ADMIN_ENV, MotoSTS, Portico, free_port, portico_binary
from test_console_federation import apply_directory_file
from test_sign_in import csrf_field, sign_in

ALPHA, BRAVO, CHARLIE = "111111111111", "222222222222", "333333333333"
SIGN_IN_URL = "https://signin.aws.amazon.com/saml"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
SECURITY_AUDIT = "arn:aws:iam::aws:policy/SecurityAudit"
MANAGED_TAG = {"Key": "portico:managed", "Value": "true"}
AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true"}


def inline_policy(action):
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "Objects", "Effect": "Allow", "Action": action, "Resource": "arn:aws:s3:::interop-bucket/*"}]}


def directory(assignments, developer_action="s3:GetObject", extra_sets=(), settings=None):
    """Three accounts; Developer (two managed policies, an inline policy, PT4H, two tags) and Auditor (one
    managed policy, PT2H, no inline policy, no tags); `assignments` as (account, permission set) pairs, all to
    the admin."""
    file = {
        "accounts": [{"id": account, "name": name, "email": "aws+%s@example.com" % name, "ou": "root/interop",
                      "environment": "dev"}
                     for account, name in ((ALPHA, "alpha"), (BRAVO, "bravo"), (CHARLIE, "charlie"))],
        "permission_sets": [
            {"name": "Developer", "session_duration": "PT4H", "managed_policies": [READ_ONLY, S3_READ_ONLY],
             "inline_policy": inline_policy(developer_action), "tags": {"team": "platform", "cost-center": "42"}},
            {"name": "Auditor", "session_duration": "PT2H", "managed_policies": [SECURITY_AUDIT]},
            *extra_sets,
        ],
        "assignments": [{"account": account, "permission_set": name, "user": ADMIN_EMAIL} for account, name in assignments],
    }
    if settings is not None:
        file["settings"] = settings
    return file


FIRST = [(ALPHA, "Developer"), (ALPHA, "Auditor"), (BRAVO, "Developer"), (CHARLIE, "Developer")]


class Setup:
    """moto (IAM and STS, AWS managed policies loaded) and a Portico on a known port calling it."""

    def __init__(self):
        self.moto = MotoSTS({"MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}, pin_account=False)
        try:
            self.portico = Portico(ADMIN_ENV | AWS_ENV | {"PORTICO_LISTEN": "127.0.0.1:%d" % free_port(),
                                                          "PORTICO_AWS_ENDPOINT": self.moto.url + "/"},
                                   drop_prefixes=("AWS_",))
        except BaseException:
            self.moto.stop()
            raise
        self.http = requests.Session()
        assert sign_in(self.portico, self.http).status_code == 303

    def iam(self, account):
        """boto3's IAM client reading moto's `account`."""
        client = boto3.client("iam", endpoint_url=self.moto.url, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")

        def add_account(request, **_):
            request.headers["x-moto-account-id"] = account
        client.meta.events.register("before-send.iam.*", add_account)
        return client

    def apply(self, file):
        apply_directory_file(self.portico, file)

    def account_page(self, account):
        page = self.http.get(self.portico.url("/admin/accounts/%s" % account))
        assert page.status_code == 200, page.text
        return page.text

    def post(self, account, action, **fields):
        page = self.account_page(account)
        response = self.http.post(self.portico.url("/admin/accounts/%s/sync/%s" % (account, action)),
                                  data={"csrf": csrf_field(page), **fields}, allow_redirects=False)
        assert response.status_code == 303, response.text
        return response

    def enrol(self, account):
        self.post(account, "enable")

    def sync_now(self, account):
        self.post(account, "now")

    def status(self, account):
        """(label, message) of the account's own status on its page."""
        page = self.account_page(account)
        section = page[page.index('id="aws-sync"'):]
        label = re.search(r'<span class="badge sync-[a-z-]+">([^<]*)</span>', section)
        assert label, section[:2000]
        message = re.search(r'<p class="field-error" role="alert">(.*?)</p>', section, re.S)
        return html.unescape(label.group(1)), html.unescape(message.group(1)) if message else ""

    def wait_for_status(self, account, label, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            current = self.status(account)
            if current[0] == label:
                return current
            if time.monotonic() > deadline:
                raise AssertionError("account %s is %r, not %r, after %d s" % (account, current, label, timeout))
            time.sleep(0.5)

    def provision(self, *arguments):
        """`portico provision` beside the server; (exit code, stdout)."""
        done = subprocess.run(
            [portico_binary(), "provision", *arguments, "--data-dir", self.portico.data_dir,
             "--base-url", self.portico.base_url, "--aws-endpoint", self.moto.url + "/"],
            env=provision_env(), capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout + done.stderr

    def stop(self):
        self.http.close()
        try:
            assert self.portico.stop() == 0
        finally:
            self.moto.stop()


def provision_env():
    import os
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    return env | AWS_ENV


@pytest.fixture
def aws():
    setup = Setup()
    yield setup
    setup.stop()


def wait_until(check, timeout=15, what="the condition"):
    """Polls `check` (returns a truthy value when done) every half second."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("%s did not happen within %d s" % (what, timeout))
        time.sleep(0.5)


def role_names(iam):
    return sorted(role["RoleName"] for role in iam.list_roles()["Roles"])


def role(iam, name):
    try:
        return iam.get_role(RoleName=name)["Role"]
    except iam.exceptions.NoSuchEntityException:
        return None


def attached(iam, name):
    return sorted(policy["PolicyArn"] for policy in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"])


def inline_document(iam, name, policy):
    document = iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
    return json.loads(document) if isinstance(document, str) else document


def tags(iam, name):
    return {tag["Key"]: tag["Value"] for tag in iam.list_role_tags(RoleName=name)["Tags"]}


def snapshot(iam):
    """Everything the tests compare of an account's IAM: roles with trust policy, session duration, tags and
    policies, and the SAML providers with their metadata."""
    roles = {}
    for name in role_names(iam):
        found = role(iam, name)
        roles[name] = {
            "trust": found["AssumeRolePolicyDocument"], "max": found.get("MaxSessionDuration"),
            "description": found.get("Description"), "tags": tags(iam, name), "attached": attached(iam, name),
            "inline": {policy: inline_document(iam, name, policy)
                       for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]},
        }
    providers = {provider["Arn"]: iam.get_saml_provider(SAMLProviderArn=provider["Arn"])["SAMLMetadataDocument"]
                 for provider in iam.list_saml_providers()["SAMLProviderList"]}
    return {"roles": roles, "providers": providers}


def without_whitespace(text):
    return re.sub(r"\s+", "", text)


def assert_trust_policy(document, account):
    document = json.loads(document) if isinstance(document, str) else document
    [statement] = document["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"Federated": "arn:aws:iam::%s:saml-provider/Portico" % account}
    actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
    assert "sts:AssumeRoleWithSAML" in actions
    assert statement["Condition"] == {"StringEquals": {"SAML:aud": SIGN_IN_URL}}


def assert_developer(iam, account, action="s3:GetObject"):
    developer = role(iam, "Developer")
    assert developer is not None, "no Developer role in %s" % account
    assert developer["Path"] == "/"
    assert_trust_policy(developer["AssumeRolePolicyDocument"], account)
    assert developer["MaxSessionDuration"] == 4 * 3600
    assert attached(iam, "Developer") == sorted([READ_ONLY, S3_READ_ONLY])
    assert iam.list_role_policies(RoleName="Developer")["PolicyNames"] == ["Developer-inline"]
    assert inline_document(iam, "Developer", "Developer-inline") == inline_policy(action)
    assert tags(iam, "Developer") == {"team": "platform", "cost-center": "42", "portico:managed": "true"}


def assert_auditor(iam, account):
    auditor = role(iam, "Auditor")
    assert auditor is not None, "no Auditor role in %s" % account
    assert_trust_policy(auditor["AssumeRolePolicyDocument"], account)
    assert auditor["MaxSessionDuration"] == 2 * 3600
    assert attached(iam, "Auditor") == [SECURITY_AUDIT]
    assert iam.list_role_policies(RoleName="Auditor")["PolicyNames"] == []
    assert tags(iam, "Auditor") == {"portico:managed": "true"}


def assert_saml_provider(aws, iam, account):
    metadata = requests.get(aws.portico.url("/saml/metadata"), timeout=10).text
    providers = [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]]
    arn = "arn:aws:iam::%s:saml-provider/Portico" % account
    assert providers == [arn]
    document = iam.get_saml_provider(SAMLProviderArn=arn)["SAMLMetadataDocument"]
    assert without_whitespace(document) == without_whitespace(metadata)


def untagged_role(iam, name, trust_account="999999999999"):
    """A role someone made by hand: no portico:managed tag, a trust policy and a policy of its own."""
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % trust_account}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), Tags=[{"Key": "owner", "Value": "ops"}])
    iam.attach_role_policy(RoleName=name, PolicyArn=READ_ONLY)
    return snapshot(iam)["roles"][name]


# MARK: 1-3: assign, change, unassign; what Portico does not own


def test_assign_change_and_unassign_keep_the_roles_in_sync_and_leave_other_roles_alone(aws):
    alpha, bravo, charlie = aws.iam(ALPHA), aws.iam(BRAVO), aws.iam(CHARLIE)
    bystander = untagged_role(alpha, "Bystander")
    aws.apply(directory(FIRST))
    aws.enrol(ALPHA)
    aws.enrol(BRAVO)
    assert aws.wait_for_status(ALPHA, "In sync") == ("In sync", "")
    assert aws.wait_for_status(BRAVO, "In sync") == ("In sync", "")

    # 1. The provider and one role per permission set assigned there, as the template describes them.
    for account, iam in ((ALPHA, alpha), (BRAVO, bravo)):
        assert_saml_provider(aws, iam, account)
        assert_developer(iam, account)
    assert_auditor(alpha, ALPHA)
    assert role_names(alpha) == ["Auditor", "Bystander", "Developer"]
    assert role_names(bravo) == ["Developer"]
    # Charlie is assigned Developer but not enrolled: Portico does not touch it.
    assert role_names(charlie) == [] and charlie.list_saml_providers()["SAMLProviderList"] == []
    # A role without the tag with a name Portico does not need is untouched.
    assert snapshot(alpha)["roles"]["Bystander"] == bystander

    # 2. A changed inline policy reaches AWS by itself (the server notices the change; no Sync now).
    aws.apply(directory(FIRST, developer_action=["s3:GetObject", "s3:PutObject"]))
    for iam in (alpha, bravo):
        wait_until(lambda: inline_document(iam, "Developer", "Developer-inline")
                   == inline_policy(["s3:GetObject", "s3:PutObject"]), what="the inline policy update")
    assert_developer(alpha, ALPHA, ["s3:GetObject", "s3:PutObject"])
    assert aws.wait_for_status(ALPHA, "In sync", timeout=10)[0] == "In sync"

    # 3. Unassigned: the role is deleted, its policies first; the untagged role stays as it was.
    changed = [pair for pair in FIRST if pair != (ALPHA, "Auditor")]
    aws.apply(directory(changed, developer_action=["s3:GetObject", "s3:PutObject"]))
    wait_until(lambda: role(alpha, "Auditor") is None, what="the deletion of Auditor")
    assert role_names(alpha) == ["Bystander", "Developer"]
    assert snapshot(alpha)["roles"]["Bystander"] == bystander
    assert aws.wait_for_status(ALPHA, "In sync", timeout=10)[0] == "In sync"

    # A role without the tag whose name Portico needs: a conflict shown on the page; the role is untouched.
    squatter = untagged_role(bravo, "Auditor")
    aws.apply(directory(changed + [(BRAVO, "Auditor")], developer_action=["s3:GetObject", "s3:PutObject"]))
    label, message = aws.wait_for_status(BRAVO, "Failed", timeout=15)
    assert "role Auditor already exists and was not created by Portico" in message, message
    assert "portico:managed" in message
    assert snapshot(bravo)["roles"]["Auditor"] == squatter
    # The rest of that account and the other account are still as they should be.
    assert_developer(bravo, BRAVO, ["s3:GetObject", "s3:PutObject"])
    assert aws.status(ALPHA)[0] == "In sync"

    # `provision --dry-run` reports the conflict as a failure, and as nothing it would change.
    code, output = aws.provision("--dry-run", "--account", BRAVO)
    assert code == 1, output
    assert "account %s: failed" % BRAVO in output
    assert "  ! role Auditor already exists and was not created by Portico" in output
    assert "\n  role Auditor already exists" not in output, "a conflict is not a planned change"
    assert re.search(r"1 account, 0 changes planned, 1 failed", output), output


# MARK: 4: drift


def test_drift_made_in_aws_is_found_and_repaired_and_a_second_run_writes_nothing(aws):
    iam = aws.iam(ALPHA)
    aws.apply(directory(FIRST))
    aws.enrol(ALPHA)
    aws.wait_for_status(ALPHA, "In sync")
    assert_developer(iam, ALPHA)

    def drift():
        iam.detach_role_policy(RoleName="Developer", PolicyArn=READ_ONLY)
        foreign = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}]}
        iam.update_assume_role_policy(RoleName="Developer", PolicyDocument=json.dumps(foreign))
        assert attached(iam, "Developer") == [S3_READ_ONLY]

    drift()
    code, output = aws.provision()
    assert code == 0, output
    assert "account %s: changed" % ALPHA in output
    assert "  attach %s to Developer" % READ_ONLY in output
    assert "  update the trust policy of Developer" in output
    assert re.search(r"1 account, 2 changes made, 0 failed; \d+ AWS calls \(2 writes\)", output), output
    assert_developer(iam, ALPHA)
    assert_auditor(iam, ALPHA)

    code, output = aws.provision()
    assert code == 0, output
    assert "account %s: in sync" % ALPHA in output
    assert re.search(r"1 account, 0 changes made, 0 failed; \d+ AWS calls \(0 writes\)", output), output

    # The same drift, repaired by "Sync now" on the account page.
    drift()
    aws.sync_now(ALPHA)
    wait_until(lambda: attached(iam, "Developer") == sorted([READ_ONLY, S3_READ_ONLY]), what="Sync now's repair")
    wait_until(lambda: aws.status(ALPHA)[0] == "In sync", what="In sync after Sync now")
    assert_developer(iam, ALPHA)
    code, output = aws.provision("--account", ALPHA)
    assert code == 0 and "(0 writes)" in output, output


def test_the_periodic_drift_check_repairs_drift_by_itself(aws):
    """`provisioning_interval` at its shortest (PT1M): drift made in AWS is repaired without anyone asking."""
    iam = aws.iam(ALPHA)
    aws.apply(directory(FIRST, settings={"provisioning_interval": "PT1M"}))
    aws.enrol(ALPHA)
    aws.wait_for_status(ALPHA, "In sync")
    time.sleep(8)  # attempts the enrolment and the directory change started are over
    iam.detach_role_policy(RoleName="Developer", PolicyArn=READ_ONLY)
    assert attached(iam, "Developer") == [S3_READ_ONLY]
    wait_until(lambda: attached(iam, "Developer") == sorted([READ_ONLY, S3_READ_ONLY]), timeout=150,
               what="the drift check's repair")
    assert aws.status(ALPHA)[0] == "In sync"
    # The repair is the drift check's, as the audit log says, not a late attempt of the enrolment.
    with sqlite3.connect(os.path.join(aws.portico.data_dir, "portico.sqlite3")) as db:
        repairs = [json.loads(details) for (details,) in db.execute(
            "SELECT details FROM audit_events WHERE action = 'aws.sync' AND target = ?", (ALPHA,))]
    assert any(event["requested_by"] == "drift check" and "attach %s to Developer" % READ_ONLY in event["changes"]
               for event in repairs), repairs


# MARK: 5: a failing account, the webhook


class Webhook:
    """A loopback HTTP server collecting the JSON bodies posted to it."""

    def __init__(self):
        received = self.received = queue.Queue()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.put((self.path, self.headers.get("Content-Type"), json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/hooks/portico" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def next(self, timeout=20):
        try:
            return self.received.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("the webhook received nothing within %d s" % timeout) from None

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    server = Webhook()
    yield server
    server.stop()


MISSING_POLICY = "arn:aws:iam::%s:policy/DoesNotExist" % BRAVO
BROKEN = {"name": "Broken", "session_duration": "PT1H", "managed_policies": [MISSING_POLICY]}


def test_a_failing_account_is_shown_and_notified_and_the_others_stay_in_sync(aws, webhook):
    settings = {"notification_webhook_url": webhook.url}
    good = directory(FIRST, extra_sets=[BROKEN], settings=settings)
    aws.apply(good)
    aws.enrol(ALPHA)
    aws.enrol(BRAVO)
    aws.wait_for_status(ALPHA, "In sync")
    aws.wait_for_status(BRAVO, "In sync")
    assert webhook.received.empty()

    # The change that breaks Bravo: a permission set whose customer managed policy does not exist there.
    aws.apply(directory(FIRST + [(BRAVO, "Broken")], extra_sets=[BROKEN], settings=settings))
    label, message = aws.wait_for_status(BRAVO, "Failed", timeout=20)
    assert MISSING_POLICY in message, message
    path, content_type, body = webhook.next()
    assert path == "/hooks/portico" and content_type == "application/json"
    assert set(body) == {"text"}
    text = body["text"]
    assert BRAVO in text and "bravo" in text, text
    assert MISSING_POLICY in text, text
    assert "after assignment.create" in text and " by apply" in text, text

    # The other enrolled account is still in sync, and so is the rest of Bravo.
    assert aws.status(ALPHA) == ("In sync", "")
    assert_developer(aws.iam(ALPHA), ALPHA)
    assert_auditor(aws.iam(ALPHA), ALPHA)
    assert_developer(aws.iam(BRAVO), BRAVO)
    code, output = aws.provision()
    assert code == 1, output
    assert "account %s: in sync" % ALPHA in output and "account %s: failed" % BRAVO in output, output
    assert MISSING_POLICY in output

    # The bad assignment removed: Bravo recovers, the half-made role goes, and the webhook hears it.
    aws.apply(good)
    aws.wait_for_status(BRAVO, "In sync", timeout=20)
    _, _, body = webhook.next()
    assert BRAVO in body["text"] and "in sync again" in body["text"], body
    assert role(aws.iam(BRAVO), "Broken") is None
    assert webhook.received.empty()

    # Who made the change: here `portico apply` (the audit log's actor `apply`), not the admin who enrolled
    # the account days before.
    assert "by apply" in text, text


# MARK: 6: --dry-run


def test_dry_run_prints_the_plan_and_changes_nothing(aws):
    iam = aws.iam(ALPHA)
    aws.apply(directory(FIRST))
    aws.enrol(ALPHA)
    aws.wait_for_status(ALPHA, "In sync")
    # Drift the server would not notice before its drift check: a policy detached, a role deleted.
    iam.detach_role_policy(RoleName="Developer", PolicyArn=S3_READ_ONLY)
    iam.detach_role_policy(RoleName="Auditor", PolicyArn=SECURITY_AUDIT)
    iam.delete_role(RoleName="Auditor")
    before = snapshot(iam)

    code, output = aws.provision("--dry-run")
    assert code == 0, output
    assert "account %s: would change" % ALPHA in output
    for line in ("create role Auditor", "attach %s to Auditor" % SECURITY_AUDIT, "attach %s to Developer" % S3_READ_ONLY):
        assert "  " + line in output, output
    assert re.search(r"1 account, 3 changes planned, 0 failed; \d+ AWS calls \(0 writes\)", output), output
    assert snapshot(iam) == before
    assert role_names(aws.iam(BRAVO)) == []

    code, output = aws.provision("--dry-run", "--account", ALPHA)
    assert code == 0 and "account %s: would change" % ALPHA in output, output
    assert snapshot(iam) == before
