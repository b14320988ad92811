"""The per-account AWS setup downloads checked by tools we did not write: AWS's own CloudFormation linter
(cfn-lint, which validates every resource property against AWS's resource specifications) for the template,
and `sh -n` for the CLI script."""
import os
import subprocess
import sys
import tempfile

from lxml import etree

from conftest import ADMIN_EMAIL
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
