"""Issue 20 with the built binary and a real HTTP client: bounds applied from a directory file with
`portico apply` while the server runs, an account owner who sees only what the bounds allow and is refused
(403, nothing written) for a crafted POST outside them or a vendor, and `portico export` writing the bounds
back as applied."""
import json
import os
import subprocess
import tempfile

from conftest import ADMIN_EMAIL, portico_binary
from test_admin_forms import Forms
from test_sign_in import sign_in

ACCOUNT = "111111111111"
OWNER_PASSWORD = "owner interop password"
BOUNDS = [
    {"account": ACCOUNT, "groups": False, "permission_sets": ["InteropReadOnly"], "users": "organisation"},
    {"groups": True, "ou": "root/service", "permission_sets": ["InteropAdmin", "InteropReadOnly"], "users": "all"},
]
DIRECTORY = {
    "settings": {"organisation_domains": ["example.com"]},
    "users": [
        {"email": ADMIN_EMAIL, "display_name": "Interop Admin", "admin": True},
        {"email": "carol@example.com", "display_name": "Carol Owner", "password": OWNER_PASSWORD},
        {"email": "bob@example.com", "display_name": "Bob"},
        {"email": "pat@partner.example", "display_name": "Pat Vendor"},
    ],
    "groups": [{"name": "interop-developers", "members": ["bob@example.com"]}],
    "accounts": [{"id": ACCOUNT, "name": "interop-prod", "email": "aws+prod@example.com", "ou": "root/service/app",
                  "owners": ["carol@example.com"]}],
    "permission_sets": [{"name": "InteropReadOnly"}, {"name": "InteropAdmin"}],
    "owner_bounds": BOUNDS,
}


def run(portico, *arguments):
    return subprocess.run([portico_binary(), *arguments], env=dict(os.environ, PORTICO_DATA_DIR=portico.data_dir),
                          capture_output=True, text=True, timeout=60)


def assignment_form(html):
    [form] = [f for f in Forms(html).forms if (f["action"] or "").endswith(f"/admin/accounts/{ACCOUNT}/assignments")]
    return form


def test_an_owner_is_held_to_the_bounds_a_directory_file_sets(portico_with_admin, http):
    portico = portico_with_admin
    with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
        json.dump(DIRECTORY, file)
        file.flush()
        applied = run(portico, "apply", file.name)
    assert applied.returncode == 0, applied.stderr
    assert f"create owner bounds account:{ACCOUNT}" in applied.stdout

    # The admin's form offers both permission sets; the owner's only the one the bounds allow, and no groups.
    with http.__class__() as admin:
        assert sign_in(portico, admin).status_code == 303
        every_set = assignment_form(admin.get(portico.url(f"/admin/accounts/{ACCOUNT}")).text)["choices"]["permission_set"]
    assert sign_in(portico, http, "carol@example.com", OWNER_PASSWORD).status_code == 303
    page = http.get(portico.url(f"/admin/accounts/{ACCOUNT}"))
    assert page.status_code == 200
    assert ("As an owner you may grant InteropReadOnly only to users of the organisation (addresses at example.com), "
            "not to groups. These bounds are set for this account.") in page.text
    form = assignment_form(page.text)
    [read_only] = form["choices"]["permission_set"]
    [admin_set] = every_set - {read_only}
    assert "group" not in form["names"] and "users" in form["names"]

    def add(fields):
        return http.post(portico.url(form["action"]), data=form["hidden"] + fields, allow_redirects=False)

    crafted = add([("users", "carol@example.com"), ("permission_set", admin_set)])
    assert crafted.status_code == 403
    assert "Owners of this account may not grant InteropAdmin." in crafted.text
    vendor = add([("users", "pat@partner.example"), ("permission_set", read_only)])
    assert vendor.status_code == 403
    assert "pat@partner.example is not a user of the organisation" in vendor.text
    granted = add([("users", "bob@example.com"), ("permission_set", read_only)])
    assert granted.status_code == 303

    exported = run(portico, "export")
    assert exported.returncode == 0, exported.stderr
    directory = json.loads(exported.stdout)
    assert directory["owner_bounds"] == BOUNDS
    assert [(a["permission_set"], a["user"]) for a in directory["assignments"] if a["account"] == ACCOUNT] == [
        ("InteropReadOnly", "bob@example.com")]
