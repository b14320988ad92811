"""The per-account AWS setup downloads checked by tools we did not write: AWS's own CloudFormation linter
(cfn-lint, which validates every resource property against AWS's resource specifications) for the template,
and `sh -n` for the CLI script, which the real AWS CLI also runs, twice and after a change, against moto."""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile

import boto3
from lxml import etree

from aws_clients import CLI_V1, VENV_BIN
from conftest import ADMIN_EMAIL, MotoSTS
from test_console_federation import apply_directory_file
from test_sign_in import sign_in

ACCOUNT = "210987654321"
DIRECTORY = {
    "accounts": [{"id": ACCOUNT, "name": "setup-check", "email": "aws+setup@example.com", "ou": "root/service/app/prod",
                  "environment": "prod"}],
    "permission_sets": [
        {"name": "ReadOnlyAccess", "description": "Read everything", "session_duration": "PT8H",
         "managed_policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]},
        {"name": "Deployer", "session_duration": "PT1H", "managed_policies": ["arn:aws:iam::aws:policy/PowerUserAccess"],
         "inline_policy": {"Version": "2012-10-17",
                           "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}},
    ],
    "assignments": [
        {"account": ACCOUNT, "permission_set": "ReadOnlyAccess", "user": ADMIN_EMAIL},
        {"account": ACCOUNT, "permission_set": "Deployer", "user": ADMIN_EMAIL},
    ],
}


def test_cfn_lint_accepts_the_cloudformation_template(portico_with_admin, http):
    apply_directory_file(portico_with_admin, DIRECTORY)
    assert sign_in(portico_with_admin, http).status_code == 303
    response = http.get(portico_with_admin.url(f"/admin/accounts/{ACCOUNT}/aws-setup.json"))
    assert response.status_code == 200
    template = response.json()
    roles = {r["Properties"]["RoleName"]: r["Properties"] for r in template["Resources"].values()
             if r["Type"] == "AWS::IAM::Role"}
    assert set(roles) == {"ReadOnlyAccess", "Deployer"}
    assert roles["ReadOnlyAccess"]["MaxSessionDuration"] == 28800
    metadata = template["Resources"]["SAMLProvider"]["Properties"]["SamlMetadataDocument"]
    assert etree.fromstring(metadata.encode()).get("entityID").endswith("/saml/metadata")

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        file.write(response.text)
    try:
        lint = subprocess.run([os.path.join(os.path.dirname(sys.executable), "cfn-lint"), "--regions", "us-east-1", "--", file.name],
                              capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(file.name)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_cli_script_is_valid_shell(portico_with_admin, http):
    apply_directory_file(portico_with_admin, DIRECTORY)
    assert sign_in(portico_with_admin, http).status_code == 303
    response = http.get(portico_with_admin.url(f"/admin/accounts/{ACCOUNT}/aws-setup.sh"))
    assert response.status_code == 200
    assert "aws iam create-saml-provider" in response.text
    check = subprocess.run(["sh", "-n"], input=response.text, capture_output=True, text=True, timeout=10)
    assert check.returncode == 0, check.stderr


JUMP = "310987654321"
MEMBER = "320987654321"
JUMP_DIRECTORY = {
    "accounts": [
        {"id": JUMP, "name": "jump", "email": "aws+jump@example.com"},
        {"id": MEMBER, "name": "member", "email": "aws+member@example.com", "via": {"account": JUMP, "role": "PorticoJump"}},
    ],
    "permission_sets": DIRECTORY["permission_sets"],
    "assignments": [
        {"account": JUMP, "permission_set": "ReadOnlyAccess", "user": ADMIN_EMAIL},
        {"account": MEMBER, "permission_set": "ReadOnlyAccess", "user": ADMIN_EMAIL},
        {"account": MEMBER, "permission_set": "Deployer", "user": ADMIN_EMAIL},
    ],
}


def cfn_lint(text):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        file.write(text)
    try:
        return subprocess.run([os.path.join(os.path.dirname(sys.executable), "cfn-lint"), "--regions", "us-east-1", "--", file.name],
                              capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(file.name)


def test_cfn_lint_accepts_the_templates_of_a_jump_account_and_an_account_reached_through_it(portico_with_admin, http):
    """The member's roles trust the jump account's role (for the switch Portico tagged the sign-in for); the
    jump account's role may assume exactly those roles. Both templates pass AWS's own linter."""
    apply_directory_file(portico_with_admin, JUMP_DIRECTORY)
    assert sign_in(portico_with_admin, http).status_code == 303

    member = http.get(portico_with_admin.url(f"/admin/accounts/{MEMBER}/aws-setup.json"))
    assert member.status_code == 200
    resources = member.json()["Resources"]
    assert "SAMLProvider" not in resources
    roles = {r["Properties"]["RoleName"]: r["Properties"] for r in resources.values()}
    assert set(roles) == {"ReadOnlyAccess", "Deployer"}
    statement = roles["Deployer"]["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"AWS": f"arn:aws:iam::{JUMP}:role/PorticoJump"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalTag/PorticoSwitchRole": f"{MEMBER}/Deployer"}}
    lint = cfn_lint(member.text)
    assert lint.returncode == 0, lint.stdout + lint.stderr

    jump = http.get(portico_with_admin.url(f"/admin/accounts/{JUMP}/aws-setup.json"))
    assert jump.status_code == 200
    resources = jump.json()["Resources"]
    assert "SAMLProvider" in resources
    roles = {r["Properties"]["RoleName"]: r["Properties"] for r in resources.values() if r["Type"] == "AWS::IAM::Role"}
    assert set(roles) == {"ReadOnlyAccess", "PorticoJump"}
    switch = next(p for p in roles["PorticoJump"]["Policies"] if p["PolicyName"] == "portico-switch-role")
    assert switch["PolicyDocument"]["Statement"][0]["Resource"] == [f"arn:aws:iam::{MEMBER}:role/Deployer",
                                                                    f"arn:aws:iam::{MEMBER}:role/ReadOnlyAccess"]
    assert roles["PorticoJump"]["MaxSessionDuration"] == 28800
    lint = cfn_lint(jump.text)
    assert lint.returncode == 0, lint.stdout + lint.stderr

    script = http.get(portico_with_admin.url(f"/admin/accounts/{MEMBER}/aws-setup.sh"))
    check = subprocess.run(["sh", "-n"], input=script.text, capture_output=True, text=True, timeout=10)
    assert check.returncode == 0, check.stderr


def test_cfn_lint_accepts_the_provisioning_bootstrap_template(portico_with_admin, http):
    """The StackSet template for the role Portico assumes in each account passes AWS's own linter, and its
    role is not one the reconciler would consider its own."""
    assert sign_in(portico_with_admin, http).status_code == 303
    response = http.get(portico_with_admin.url("/admin/aws/bootstrap.json"))
    assert response.status_code == 200
    template = response.json()
    assert "service-managed permissions" in template["Description"]
    role = template["Resources"]["ProvisioningRole"]["Properties"]
    assert role["RoleName"] == "PorticoProvisioning"
    assert role["Tags"] == [{"Key": "portico:bootstrap", "Value": "true"}]
    lint = cfn_lint(response.text)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_provisioning_bootstrap_script_is_valid_shell(portico_with_admin, http):
    """Checked with `sh -n` like the per-account script (neither is run against moto here)."""
    assert sign_in(portico_with_admin, http).status_code == 303
    response = http.get(portico_with_admin.url("/admin/aws/bootstrap.sh"))
    assert response.status_code == 200
    assert "aws iam put-role-policy --role-name 'PorticoProvisioning'" in response.text
    check = subprocess.run(["sh", "-n"], input=response.text, capture_output=True, text=True, timeout=10)
    assert check.returncode == 0, check.stderr


def run_setup_script(script, moto):
    """Runs the downloaded script with the AWS CLI v1 of this virtual environment against `moto`, with a HOME
    of its own, test credentials and every endpoint pointing at moto, so nothing can reach AWS."""
    home = tempfile.mkdtemp(prefix="aws-setup-")
    try:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("AWS_") and key.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
        env |= {"PATH": "%s:/usr/bin:/bin" % VENV_BIN, "HOME": home, "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_ENDPOINT_URL": moto.url, "AWS_ENDPOINT_URL_IAM": moto.url, "AWS_ENDPOINT_URL_STS": moto.url,
                "AWS_CONFIG_FILE": os.path.join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials")}
        with open(os.path.join(home, "aws-setup.sh"), "w") as file:
            file.write(script)
        return subprocess.run(["sh", "aws-setup.sh"], cwd=home, env=env, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def role_state(iam, name):
    """What the script sets on a role: trust, description, maximum session, managed and inline policies."""
    role = iam.get_role(RoleName=name)["Role"]
    trust = role["AssumeRolePolicyDocument"]
    inline = {policy: iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
              for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]}
    return {"trust": json.loads(trust) if isinstance(trust, str) else trust, "description": role.get("Description"),
            "max": role["MaxSessionDuration"],
            "managed": sorted(p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]),
            "inline": {key: json.loads(value) if isinstance(value, str) else value for key, value in inline.items()}}


def test_the_cli_script_runs_again_after_assignments_change_and_brings_iam_up_to_date(portico_with_admin, http):
    """The real AWS CLI runs the script against moto: first it creates, then, run again unchanged, it changes
    nothing and fails on nothing that exists; after the directory changes (and someone edited IAM by hand) the
    new script brings the provider and every role back to what Portico says."""
    apply_directory_file(portico_with_admin, DIRECTORY)
    assert sign_in(portico_with_admin, http).status_code == 303
    moto = MotoSTS({"MOTO_IAM_LOAD_MANAGED_POLICIES": "true", "MOTO_ACCOUNT_ID": ACCOUNT}, pin_account=False)
    try:
        iam = boto3.client("iam", endpoint_url=moto.url, region_name="us-east-1", aws_access_key_id="testing",
                           aws_secret_access_key="testing")
        provider_arn = f"arn:aws:iam::{ACCOUNT}:saml-provider/Portico"
        first = http.get(portico_with_admin.url(f"/admin/accounts/{ACCOUNT}/aws-setup.sh")).text
        for attempt in range(2):
            ran = run_setup_script(first, moto)
            assert ran.returncode == 0, "run %d: %s" % (attempt + 1, ran.stderr)
            assert "EntityAlreadyExists" not in ran.stderr
            assert [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]] == [provider_arn]
            deployer, reader = role_state(iam, "Deployer"), role_state(iam, "ReadOnlyAccess")
            assert deployer["max"] == 3600 and reader["max"] == 28800
            assert deployer["managed"] == ["arn:aws:iam::aws:policy/PowerUserAccess"]
            assert reader["managed"] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
            assert deployer["inline"] == {"Deployer-inline": DIRECTORY["permission_sets"][1]["inline_policy"]}
            assert reader["inline"] == {} and reader["description"] == "Read everything"
            statement = deployer["trust"]["Statement"][0]
            assert statement["Principal"] == {"Federated": provider_arn}
            assert statement["Action"] == ["sts:AssumeRoleWithSAML", "sts:TagSession"]
        metadata = iam.get_saml_provider(SAMLProviderArn=provider_arn)["SAMLMetadataDocument"]
        assert etree.fromstring(metadata.encode()).get("entityID").endswith("/saml/metadata")

        # Someone edits IAM by hand (the provider's metadata, a trust policy, an inline policy); then the directory changes: Deployer loses PowerUser and its inline policy,
        # gains ReadOnly, lasts 2 hours; ReadOnlyAccess is described anew; a third set is assigned.
        iam.update_saml_provider(SAMLProviderArn=provider_arn, SAMLMetadataDocument=metadata.replace("/saml/metadata", "/stale"))
        iam.update_assume_role_policy(RoleName="Deployer", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                                                     "Action": "sts:AssumeRole"}]}))
        iam.put_role_policy(RoleName="ReadOnlyAccess", PolicyName="hand-made",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        changed = copy.deepcopy(DIRECTORY)
        deployer_set = changed["permission_sets"][1]
        deployer_set.update(session_duration="PT2H", managed_policies=["arn:aws:iam::aws:policy/ReadOnlyAccess"])
        del deployer_set["inline_policy"]
        changed["permission_sets"][0]["description"] = "Read everything, touch nothing"
        changed["permission_sets"].append({"name": "Billing", "session_duration": "PT4H",
                                           "managed_policies": ["arn:aws:iam::aws:policy/job-function/Billing"]})
        changed["assignments"].append({"account": ACCOUNT, "permission_set": "Billing", "user": ADMIN_EMAIL})
        apply_directory_file(portico_with_admin, changed)
        second = http.get(portico_with_admin.url(f"/admin/accounts/{ACCOUNT}/aws-setup.sh")).text
        assert second != first
        for attempt in range(2):
            ran = run_setup_script(second, moto)
            assert ran.returncode == 0, "run %d: %s" % (attempt + 1, ran.stderr)
            deployer, reader, billing = (role_state(iam, name) for name in ("Deployer", "ReadOnlyAccess", "Billing"))
            assert deployer["max"] == 7200
            assert deployer["managed"] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
            assert deployer["inline"] == {}
            assert deployer["trust"]["Statement"][0]["Principal"] == {"Federated": provider_arn}
            assert reader["description"] == "Read everything, touch nothing"
            assert reader["inline"] == {}
            assert billing["max"] == 14400
            assert billing["managed"] == ["arn:aws:iam::aws:policy/job-function/Billing"]
            assert [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]] == [provider_arn]
            assert iam.get_saml_provider(SAMLProviderArn=provider_arn)["SAMLMetadataDocument"] == metadata
    finally:
        moto.stop()
