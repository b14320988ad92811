"""Issue 5 end to end with a real HTTP client (requests): an admin builds access through the admin pages'
HTML forms only (each form, its action, its CSRF token and its choices read from the page), the member's
page shows the access that results, the audit log download holds every change by that admin, and
`portico export` prints the directory with all of it."""
import json
import os
import re
import subprocess
from html.parser import HTMLParser

from conftest import ADMIN_EMAIL, portico_binary
from test_sign_in import sign_in

PERMISSION_SET = "InteropReadOnly"
ACCOUNT_ID = "123456789012"
ACCOUNT_NAME = "interop-prod"
GROUP = "interop-developers"
MEMBERS = [("hanako@example.com", "山田 花子"), ("bob@example.com", "Bob \"the builder\" <b>")]


class Forms(HTMLParser):
    """Every form of a page: method, action, hidden values, the names of its fields and the values its
    options and checkboxes offer."""

    def __init__(self, html):
        super().__init__()
        self.forms = []
        self.select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"),
                               "hidden": [], "names": set(), "choices": {}})
            return
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "select":
            self.select = attrs.get("name")
            form["names"].add(self.select)
        elif tag == "option" and self.select:
            form["choices"].setdefault(self.select, set()).add(attrs.get("value"))
        elif tag in ("input", "textarea") and attrs.get("name"):
            name = attrs["name"]
            form["names"].add(name)
            if attrs.get("type") == "hidden":
                form["hidden"].append((name, attrs.get("value", "")))
            elif attrs.get("type") == "checkbox" and "value" in attrs:
                form["choices"].setdefault(name, set()).add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def submit(portico, http, page, fields):
    """Fills the page's one POST form that has every field in `fields` (picking only values it offers)
    and sends it to that form's action with its hidden fields, the CSRF token among them."""
    response = http.get(portico.url(page))
    assert response.status_code == 200, page
    names = {name for name, _ in fields}
    [form] = [f for f in Forms(response.text).forms if f["method"] == "post" and names <= f["names"]]
    assert any(name == "csrf" for name, _ in form["hidden"]), page
    for name, value in fields:
        if name in form["choices"]:
            assert value in form["choices"][name], (page, name, value)
    return http.post(portico.url(form["action"]), data=form["hidden"] + fields, allow_redirects=False)


def created_id(response, prefix):
    """The new item's id from the 303 to its page."""
    assert response.status_code == 303, response.text
    match = re.fullmatch(re.escape(prefix) + r"([^/?]+)\?done=created", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def test_an_admin_grants_access_through_the_forms_and_it_is_audited_and_exported(portico_with_admin, http):
    portico = portico_with_admin
    assert sign_in(portico, http).status_code == 303

    set_id = created_id(submit(portico, http, "/admin/permission-sets/new", [
        ("name", PERMISSION_SET), ("description", "Read everything"), ("session_duration", "PT2H"), ("relay_state", ""),
        ("managed_policies", "arn:aws:iam::aws:policy/ReadOnlyAccess"), ("inline_policy", ""), ("tags", "team=platform"),
    ]), "/admin/permission-sets/")
    assert created_id(submit(portico, http, "/admin/accounts/new", [
        ("id", ACCOUNT_ID), ("name", ACCOUNT_NAME), ("email", "aws+interop@example.com"), ("ou", "root/service/interop/prod"),
        ("environment", "prod"), ("owners", ""),
    ]), "/admin/accounts/") == ACCOUNT_ID
    user_ids = [created_id(submit(portico, http, "/admin/users/new", [
        ("email", email), ("display_name", name), ("given_name", ""), ("family_name", ""),
    ]), "/admin/users/") for email, name in MEMBERS]
    group_id = created_id(submit(portico, http, "/admin/groups/new", [("name", GROUP), ("description", "開発チーム")]),
                          "/admin/groups/")
    added = submit(portico, http, f"/admin/groups/{group_id}", [("emails", "\r\n".join(email for email, _ in MEMBERS))])
    assert added.status_code == 303
    assert added.headers["Location"] == f"/admin/groups/{group_id}?done=members-added&added=2&skipped=0"
    assigned = submit(portico, http, f"/admin/accounts/{ACCOUNT_ID}",
                      [("users", ""), ("group", group_id), ("permission_set", set_id)])
    assert assigned.status_code == 303
    assert assigned.headers["Location"] == f"/admin/accounts/{ACCOUNT_ID}?done=assignments-added&added=1&skipped=0"

    # A member's page: the pair, and that it comes through the group.
    page = http.get(portico.url(f"/admin/users/{user_ids[1]}")).text
    access = page.split('id="effective-access"', 1)[1].split('id="direct-assignments"', 1)[0]
    assert f'<a href="/admin/accounts/{ACCOUNT_ID}">{ACCOUNT_NAME}</a>' in access
    assert f'<a href="/admin/permission-sets/{set_id}">{PERMISSION_SET}</a>' in access
    assert f'<li>group <a href="/admin/groups/{group_id}">{GROUP}</a></li>' in access
    assert "direct assignment" not in access
    assert "Bob &quot;the builder&quot; &lt;b&gt;" in page

    # The audit log download: each change, by the admin.
    download = http.get(portico.url("/admin/audit.jsonl"))
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/x-ndjson"
    events = [json.loads(line) for line in download.text.splitlines()]
    # What the server did itself at its first start (the SAML signing key) is the system's, not the admin's.
    boot = [event for event in events if event["actor"] == "system"]
    assert [event["action"] for event in boot] == ["saml.key.create"]
    changes = {(event["action"], event["target"]): event for event in events
               if not event["action"].startswith("auth.") and event["actor"] != "system"}
    assert all(event["actor"] == ADMIN_EMAIL for event in changes.values())
    assert changes[("permission_set.create", set_id)]["details"]["after"]["session_duration"] == "PT2H"
    assert changes[("account.create", ACCOUNT_ID)]["details"]["after"]["name"] == ACCOUNT_NAME
    for (email, name), user_id in zip(MEMBERS, user_ids):
        assert changes[("user.create", user_id)]["details"]["after"]["display_name"] == name
    assert changes[("group.create", group_id)]["details"]["after"]["description"] == "開発チーム"
    assert sorted(changes[("group.members.add", group_id)]["details"]["added"]) == sorted(email for email, _ in MEMBERS)
    assignment = changes[("assignment.create", f"{ACCOUNT_ID} {PERMISSION_SET} group:{GROUP}")]
    assert assignment["details"]["group"] == GROUP and assignment["details"]["by"] == "admin"
    assert len(changes) == 7

    # `portico export` on the same data directory, while the server runs.
    exported = subprocess.run([portico_binary(), "export"], env=dict(os.environ, PORTICO_DATA_DIR=portico.data_dir),
                              capture_output=True, text=True, timeout=60)
    assert exported.returncode == 0, exported.stderr
    directory = json.loads(exported.stdout)
    [permission_set] = [p for p in directory["permission_sets"] if p["name"] == PERMISSION_SET]
    assert permission_set["session_duration"] == "PT2H"
    assert permission_set["managed_policies"] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    assert permission_set["tags"] == {"team": "platform"}
    [account] = [a for a in directory["accounts"] if a["id"] == ACCOUNT_ID]
    assert (account["name"], account["ou"], account["environment"]) == (ACCOUNT_NAME, "root/service/interop/prod", "prod")
    users = {user["email"]: user for user in directory["users"]}
    for email, name in MEMBERS:
        assert users[email]["display_name"] == name
    [group] = [g for g in directory["groups"] if g["name"] == GROUP]
    assert sorted(group["members"]) == sorted(email for email, _ in MEMBERS)
    assert {"account": ACCOUNT_ID, "permission_set": PERMISSION_SET, "group": GROUP} in directory["assignments"]
