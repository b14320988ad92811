"""SCIM 2.0 (issue 15) as others speak it: scim2-tester's compliance checks, a user and group life cycle
driven by scim2-client's models, and a replay of the requests Microsoft Entra ID sends, whose effect is
then checked where it matters, in a person's browser session on `/start`.

Every server here runs on a port chosen beforehand, so that `meta.location` and the members' `$ref`
(built from the default base URL) name the port the server listens on."""
import json
import subprocess
import uuid

import httpx2
import requests
from scim2_client import SCIMClientException
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import (Email, EnterpriseUser, Group, GroupMember, Name, PatchOp, PatchOperation, ResourceType,
                          SCIMException, ScimProvider, SearchRequest, User)
from scim2_tester import Status, check_server

from conftest import ADMIN_EMAIL, portico_binary
from test_admin_forms import created_id, submit
from test_console_federation import apply_directory_file
from test_sign_in import sign_in

SCIM = "application/scim+json"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def scim_token(portico, name="entra"):
    """A bearer token from `portico scim-token create`, which prints it alone on its third line."""
    created = subprocess.run([portico_binary(), "scim-token", "create", "--name", name, "--data-dir", portico.data_dir],
                             capture_output=True, text=True, timeout=30, check=True)
    token = created.stdout.splitlines()[2]
    assert token.startswith("portico_scim_"), created.stdout
    return token


# ---------------------------------------------------------------------------------------------------------
# scim2-tester

def member_display_filled_in(expected, actual):
    """Portico answers each member with its `display` (the user's display name), a sub-attribute it publishes
    as readOnly in /Schemas; scim2-tester patched members without one and compares them field by field."""
    if not isinstance(expected, list) or not isinstance(actual, list) or len(expected) != len(actual):
        return False
    return all(e.display is None and a.display and e.model_dump() == a.model_copy(update={"display": None}).model_dump()
               for e, a in zip(expected, actual))


# Two departures Portico makes on purpose, each checked to be exactly that and nothing more:
# - every Portico user has a name to show, so removing `displayName` gives back the one Portico derives
#   (`name.formatted`, given and family name, else `userName`) instead of leaving the user nameless;
# - every Portico user is active or not, so removing `active` disables the user (the safe reading of an
#   unassigned `active`) and reads back as `false`.
def derived_display_name(result, data):
    return (result.resource_type == "User" and result.title == "check_remove_attribute" and data.get("urn") == "displayName"
            and isinstance(data.get("modify_actual"), str) and data.get("modify_actual"))


def active_removed_disables(result, data):
    return (result.resource_type == "User" and result.title == "check_remove_attribute" and data.get("urn") == "active"
            and data.get("modify_actual") is False)


def explained(result):
    """Why an ERROR is the tester's or a deliberate departure of Portico's, or None."""
    data = result.data if isinstance(result.data, dict) else {}
    expected = data.get("expected")
    actual = data.get("modify_actual", data.get("actual"))
    if result.resource_type == "Group" and data.get("urn") == "members" and member_display_filled_in(expected, actual):
        return "member display filled in"
    if derived_display_name(result, data):
        return "a removed displayName is derived again"
    if active_removed_disables(result, data):
        return "a removed active disables"
    return None


def test_scim2_tester_finds_no_violation(portico_on_known_port, capsys):
    portico = portico_on_known_port
    token = scim_token(portico)
    with httpx2.Client(base_url=portico.url("/scim/v2/"), headers={"Authorization": "Bearer " + token}, timeout=30) as http:
        results = check_server(SyncSCIMClient(http))

    counts = {status: 0 for status in Status}
    for result in results:
        counts[result.status] += 1
    failures = [r for r in results if r.status in (Status.ERROR, Status.CRITICAL)]
    known = [(r, explained(r)) for r in failures if explained(r)]
    unexplained = [r for r in failures if not explained(r)]
    with capsys.disabled():
        print("\nscim2-tester: " + ", ".join(f"{count} {status.name.lower()}" for status, count in counts.items() if count)
              + f" ({len(known)} of the errors explained: "
              + ", ".join(sorted({f"{r.resource_type} {r.title}: {why}" for r, why in known})) + ")")
        for result in unexplained:
            print(f"  {result.status.name} {result.resource_type or ''} {result.title}: {result.reason}")
    assert counts[Status.SUCCESS] > 50, "scim2-tester ran fewer checks than it should: %r" % counts
    assert not unexplained, "\n".join(f"{r.resource_type} {r.title}: {r.reason}" for r in unexplained)


# ---------------------------------------------------------------------------------------------------------
# scim2-client

EnterpriseUserResource = User[EnterpriseUser]


def scim_client(http):
    provider = ScimProvider(models=[User, EnterpriseUser, Group], resource_types=[
        ResourceType.from_resource(EnterpriseUserResource), ResourceType.from_resource(Group)])
    client = SyncSCIMClient(http, provider=provider)
    client.discover()  # what /ServiceProviderConfig says: ETags, so every write carries If-Match
    return client


def test_scim2_client_drives_a_user_and_a_group_through_their_lives(portico_on_known_port):
    portico = portico_on_known_port
    token = scim_token(portico)
    with httpx2.Client(base_url=portico.url("/scim/v2/"), headers={"Authorization": "Bearer " + token}, timeout=30) as http:
        scim = scim_client(http)
        assert scim.provider.config.etag.supported and scim.provider.config.patch.supported

        user = EnterpriseUserResource(
            user_name="grace@example.com", display_name="Grace Hopper", external_id="entra-0001", active=True,
            name=Name(given_name="Grace", family_name="Hopper"), emails=[Email(value="grace@example.com", type="work", primary=True)])
        user[EnterpriseUser] = EnterpriseUser(department="Navy", employee_number="1906")
        created = scim.create(user)
        assert created.id and created.meta.version and created.meta.resource_type == "User"
        assert created.meta.location == portico.url(f"/scim/v2/Users/{created.id}")
        assert (created.user_name, created.display_name, created.external_id, created.active) == (
            "grace@example.com", "Grace Hopper", "entra-0001", True)
        assert (created.name.given_name, created.name.family_name) == ("Grace", "Hopper")
        assert created[EnterpriseUser].department == "Navy" and created[EnterpriseUser].employee_number == "1906"

        found = scim.query(EnterpriseUserResource, query_parameters=SearchRequest(filter='userName eq "GRACE@example.com"'))
        assert found.total_results == 1, "userName is case-insensitive (RFC 7643 §4.1.1)"
        [listed] = found.resources
        assert listed.id == created.id
        assert scim.query(EnterpriseUserResource, query_parameters=SearchRequest(
            filter='userName eq "nobody@example.com"')).total_results == 0

        listed.display_name = "Rear Admiral Hopper"
        listed[EnterpriseUser].department = "Computing"
        replaced = scim.replace(listed)
        assert replaced.display_name == "Rear Admiral Hopper" and replaced[EnterpriseUser].department == "Computing"
        assert replaced.meta.version != created.meta.version
        # The copy read before the replace is now stale: its If-Match no longer holds (RFC 7644 §3.14).
        listed.display_name = "Lost update"
        try:
            scim.replace(listed)
            raise AssertionError("a replace with a stale If-Match was accepted")
        except (SCIMException, SCIMClientException) as error:
            assert "412" in repr(error) or getattr(getattr(error, "source", None), "status_code", None) == 412, repr(error)

        patched = scim.modify(EnterpriseUserResource, created.id, PatchOp[EnterpriseUserResource](operations=[
            PatchOperation(op=PatchOperation.Op.replace_, path="name.givenName", value="Amazing Grace"),
            PatchOperation(op=PatchOperation.Op.add, path="title", value="Commodore"),
            PatchOperation(op=PatchOperation.Op.replace_, path=f"{ENTERPRISE}:costCenter", value="CC-42"),
        ]))
        assert patched.name.given_name == "Amazing Grace" and patched.name.family_name == "Hopper"
        assert patched.title == "Commodore" and patched[EnterpriseUser].cost_center == "CC-42"
        assert patched.display_name == "Rear Admiral Hopper"

        group = scim.create(Group(display_name="navy-computing", external_id="entra-group-1",
                                  members=[GroupMember(value=created.id)]))
        assert group.id and group.display_name == "navy-computing"
        read = scim.query(Group, group.id)
        assert [(m.value, m.display, m.type) for m in read.members] == [(created.id, "Rear Admiral Hopper", "User")]
        assert read.members[0].ref == portico.url(f"/scim/v2/Users/{created.id}")
        member_of = scim.query(EnterpriseUserResource, created.id)
        assert [(g.value, g.display) for g in member_of.groups] == [(group.id, "navy-computing")]

        scim.modify(Group, group.id, PatchOp[Group](operations=[
            PatchOperation(op=PatchOperation.Op.remove, path=f'members[value eq "{created.id}"]')]))
        assert not scim.query(Group, group.id).members
        assert not scim.query(EnterpriseUserResource, created.id).groups

        scim.delete(Group, group.id)
        scim.delete(EnterpriseUserResource, created.id)
        for kind, id in [("Groups", group.id), ("Users", created.id)]:
            gone = http.get(f"{kind}/{id}")
            assert gone.status_code == 404
            assert gone.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


# ---------------------------------------------------------------------------------------------------------
# Microsoft Entra ID, replayed

ACCOUNT_ID, ROLE = "210987654321", "EntraReadOnly"
LOCAL_EMAIL, LOCAL_PASSWORD = "kim@example.com", "kim's interop password"
GROUP_NAME = "aws-entra-readers"


class Entra:
    """What Microsoft Entra's provisioning service sends, as its documentation shows it: the bearer token,
    `application/scim+json` bodies, and the request shapes of "Tutorial: Develop and plan provisioning for a
    SCIM endpoint" and "Known issues and resolutions with SCIM 2.0 protocol compliance"."""

    def __init__(self, portico, token):
        self.base = portico.url("/scim/v2")
        self.http = requests.Session()
        self.http.headers.update({"Authorization": "Bearer " + token, "Accept": SCIM})

    def get(self, path, **params):
        return self.http.get(self.base + path, params=params, timeout=30)

    def send(self, method, path, body):
        if body is None:
            return self.http.request(method, self.base + path, timeout=30)
        return self.http.request(method, self.base + path, data=json.dumps(body),
                                 headers={"Content-Type": SCIM + "; charset=utf-8"}, timeout=30)

    def patch(self, path, *operations):
        return self.send("PATCH", path, {"schemas": [PATCH_OP], "Operations": list(operations)})

    def find(self, path, filter, **params):
        """The query Entra makes before every create, to match on userName or displayName."""
        response = self.get(path, filter=filter, **params)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith(SCIM)
        listing = response.json()
        assert listing["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
        assert listing["totalResults"] == len(listing["Resources"])
        return listing["Resources"]


def entra_user(user_name, email, given, family, external_id, department):
    """POST /Users as the tutorial's "Create User" shows it (with Entra's default enterprise mappings)."""
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "externalId": external_id,
        "userName": user_name,
        "active": True,
        "displayName": f"{given} {family}",
        "emails": [{"primary": True, "type": "work", "value": email}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": f"{given} {family}", "familyName": family, "givenName": given},
        "roles": [],
        ENTERPRISE: {"department": department, "employeeNumber": external_id[-4:]},
    }


def start_page(portico, session):
    return session.get(portico.url("/start"), allow_redirects=False)


def holds_role(page):
    return f"/start/console?account_id={ACCOUNT_ID}&amp;role_name={ROLE}" in page.text


def test_entra_provisioning_replayed_changes_what_a_signed_in_person_may_use(portico_on_known_port, http):
    portico = portico_on_known_port
    # A person who already signs in with a password; SPEC §8: a users section must name the admin too.
    apply_directory_file(portico, {"users": [
        {"email": ADMIN_EMAIL, "display_name": "Interop Admin", "admin": True},
        {"email": LOCAL_EMAIL, "display_name": "Kim Local", "password": LOCAL_PASSWORD}]})
    entra = Entra(portico, scim_token(portico, "entra"))

    # "Test connection": a query for a user that does not exist.
    assert entra.find("/Users", f'userName eq "{uuid.uuid4()}"') == []

    # A new user: match on userName (nothing), then create.
    assert entra.find("/Users", 'userName eq "nora@example.com"') == []
    created = entra.send("POST", "/Users", entra_user("nora@example.com", "nora@example.com", "Nora", "Quist",
                                                      "3c9e6a1d-0000-4000-8000-000000000001", "Finance"))
    assert created.status_code == 201, created.text
    nora = created.json()
    assert created.headers["Location"] == nora["meta"]["location"] == portico.url(f"/scim/v2/Users/{nora['id']}")
    assert created.headers["ETag"] == nora["meta"]["version"]
    assert (nora["userName"], nora["displayName"], nora["active"], nora["externalId"]) == (
        "nora@example.com", "Nora Quist", True, "3c9e6a1d-0000-4000-8000-000000000001")
    assert nora[ENTERPRISE]["department"] == "Finance"
    assert [e["value"] for e in nora["emails"]] == ["nora@example.com"]
    # A retry of the same create (Entra retries on timeouts) is a 409 uniqueness, not a second user.
    again = entra.send("POST", "/Users", entra_user("Nora@Example.com", "nora@example.com", "Nora", "Quist", "x", "Finance"))
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness", again.text

    # A guest: Entra's userName for a B2B guest is the UPN with #EXT#, the real address in emails.
    guest_name = "alice_gmail.com#EXT#@tenant.onmicrosoft.com"
    assert entra.find("/Users", f'userName eq "{guest_name}"') == []
    created = entra.send("POST", "/Users", entra_user(guest_name, "alice@gmail.com", "Alice", "Guest",
                                                      "3c9e6a1d-0000-4000-8000-000000000002", "Partners"))
    assert created.status_code == 201, created.text
    guest = created.json()
    assert guest["userName"] == guest_name
    [found] = entra.find("/Users", f'userName eq "{guest_name}"')
    assert found["id"] == guest["id"] and found["emails"][0]["value"] == "alice@gmail.com"

    # The person who already signs in: matched by userName, then updated, which adopts them.
    [kim] = entra.find("/Users", f'userName eq "{LOCAL_EMAIL}"')
    adopted = entra.patch(f"/Users/{kim['id']}",
                          {"op": "Add", "path": "externalId", "value": "3c9e6a1d-0000-4000-8000-000000000003"},
                          {"op": "Replace", "path": "displayName", "value": "Kim Entra"})
    assert adopted.status_code == 200, adopted.text
    assert adopted.json()["externalId"] == "3c9e6a1d-0000-4000-8000-000000000003"

    # A group: match on displayName without members, then create with Entra's extra schema.
    assert entra.find("/Groups", f'displayName eq "{GROUP_NAME}"', excludedAttributes="members") == []
    created = entra.send("POST", "/Groups", {
        "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", "displayName": GROUP_NAME, "meta": {"resourceType": "Group"},
        "members": [],
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"]})
    assert created.status_code == 201, created.text
    group = created.json()
    assert group["displayName"] == GROUP_NAME and group["externalId"] == "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"
    [listed] = entra.find("/Groups", f'displayName eq "{GROUP_NAME}"', excludedAttributes="members")
    assert listed["id"] == group["id"] and "members" not in listed

    # An admin gives that group a role, through the admin pages.
    with requests.Session() as admin:
        assert sign_in(portico, admin).status_code == 303
        set_id = created_id(submit(portico, admin, "/admin/permission-sets/new", [
            ("name", ROLE), ("description", "Read everything"), ("session_duration", "PT1H"), ("relay_state", ""),
            ("managed_policies", "arn:aws:iam::aws:policy/ReadOnlyAccess"), ("inline_policy", ""), ("tags", "")]),
            "/admin/permission-sets/")
        assert created_id(submit(portico, admin, "/admin/accounts/new", [
            ("id", ACCOUNT_ID), ("name", "entra-interop"), ("email", "aws+entra@example.com"), ("ou", "root/interop"),
            ("environment", "dev"), ("owners", "")]), "/admin/accounts/") == ACCOUNT_ID
        assigned = submit(portico, admin, f"/admin/accounts/{ACCOUNT_ID}",
                          [("users", ""), ("group", group["id"]), ("permission_set", set_id)])
        assert assigned.status_code == 303, assigned.text
        adopted_page = admin.get(portico.url(f"/admin/users/{kim['id']}")).text
        assert "<dt>Source</dt><dd>Provisioned by SCIM from your identity provider</dd>" in adopted_page
        guest_page = admin.get(portico.url(f"/admin/users/{guest['id']}")).text
        assert "<dt>Contact email</dt><dd>alice@gmail.com</dd>" in guest_page

    # Kim signs in with the password they had; nothing yet on /start.
    assert sign_in(portico, http, email=LOCAL_EMAIL, password=LOCAL_PASSWORD).status_code == 303
    page = start_page(portico, http)
    assert page.status_code == 200 and not holds_role(page)

    # Entra adds both users to the group, one PATCH each, as it does.
    for user_id in [kim["id"], nora["id"]]:
        added = entra.patch(f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": [{"$ref": None, "value": user_id}]})
        assert added.status_code in (200, 204), added.text
    read = entra.get(f"/Groups/{group['id']}")
    assert sorted(m["value"] for m in read.json()["members"]) == sorted([kim["id"], nora["id"]])
    assert "members" not in entra.get(f"/Groups/{group['id']}", excludedAttributes="members").json()
    assert holds_role(start_page(portico, http)), "the role Kim holds through the SCIM group is on /start"

    # Attribute changes in Entra's shapes: capitalised Replace, a filtered path, the extension, a sub-attribute.
    changed = entra.patch(f"/Users/{nora['id']}",
                          {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "nora.quist@example.com"},
                          {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Treasury"},
                          {"op": "Replace", "path": "name.givenName", "value": "Eleonora"})
    assert changed.status_code == 200, changed.text
    nora = changed.json()
    assert [(e["value"], e.get("type"), e.get("primary")) for e in nora["emails"]] == [("nora.quist@example.com", "work", True)]
    assert nora[ENTERPRISE]["department"] == "Treasury"
    assert nora["name"] == {"formatted": "Nora Quist", "givenName": "Eleonora", "familyName": "Quist"}
    assert nora["userName"] == "nora@example.com", "changing the work address does not change the sign-in name"
    # The same with aadOptscim062020 in the tenant URL, as the known-issues page shows it: the filtered path in
    # an operation of its own, the rest in one replace without a path whose keys are paths.
    changed = entra.patch(f"/Users/{nora['id']}",
                          {"op": "replace", "path": 'emails[type eq "work"].value', "value": "eleonora@example.com"},
                          {"op": "replace", "value": {"displayName": "Eleonora Quist", "name.givenName": "Eleonora",
                                                      "name.familyName": "Quist-Berg", f"{ENTERPRISE}:employeeNumber": "7001"}})
    assert changed.status_code == 200, changed.text
    nora = changed.json()
    assert nora["displayName"] == "Eleonora Quist" and nora["name"]["familyName"] == "Quist-Berg"
    assert [e["value"] for e in nora["emails"]] == ["eleonora@example.com"]
    assert nora[ENTERPRISE] == {"department": "Treasury", "employeeNumber": "7001"}

    # Removing a member, first as Entra does by default (a value list), then as RFC 7644 says (a filter).
    removed = entra.patch(f"/Groups/{group['id']}", {"op": "Remove", "path": "members", "value": [{"value": kim["id"]}]})
    assert removed.status_code in (200, 204), removed.text
    assert [m["value"] for m in entra.get(f"/Groups/{group['id']}").json()["members"]] == [nora["id"]]
    page = start_page(portico, http)
    assert page.status_code == 200 and not holds_role(page), "the role is gone on the next /start"
    assert entra.patch(f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": [{"value": kim["id"]}]}).ok
    assert holds_role(start_page(portico, http))
    removed = entra.patch(f"/Groups/{group['id']}", {"op": "Remove", "path": f'members[value eq "{kim["id"]}"]'})
    assert removed.status_code in (200, 204), removed.text
    page = start_page(portico, http)
    assert page.status_code == 200 and not holds_role(page)

    # Disabling, with the boolean as the string Entra sends: the session ends on its next request.
    disabled = entra.patch(f"/Users/{kim['id']}", {"op": "Replace", "path": "active", "value": "False"})
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["active"] is False
    # /start answers a visitor without a session with its sign-in intro, a page that needs one with a redirect.
    refused = start_page(portico, http)
    assert refused.status_code == 200 and "<title>Sign in · Portico</title>" in refused.text and not holds_role(refused)
    refused = http.get(portico.url("/me/sessions"), allow_redirects=False)
    assert refused.status_code == 303 and refused.headers["Location"].startswith("/login"), (refused.status_code, refused.headers)
    with requests.Session() as again:
        denied = sign_in(portico, again, email=LOCAL_EMAIL, password=LOCAL_PASSWORD)
        assert denied.status_code == 200 and "portico_session" not in again.cookies

    # Deprovisioning: delete the user; the group keeps its other members.
    assert entra.send("DELETE", f"/Users/{nora['id']}", None).status_code == 204
    assert entra.get(f"/Users/{nora['id']}").status_code == 404
    assert entra.get(f"/Groups/{group['id']}").json().get("members", []) == []

    # What Portico recorded: every change by the token's name, and the guest's real address beside the UPN.
    with requests.Session() as admin:
        assert sign_in(portico, admin).status_code == 303
        events = [json.loads(line) for line in admin.get(portico.url("/admin/audit.jsonl")).text.splitlines()]
    by_scim = [e for e in events if e["actor"] == "scim:entra"]
    assert {e["action"] for e in by_scim} >= {"user.create", "user.update", "user.delete", "group.create"}
    [guest_created] = [e for e in by_scim if e["action"] == "user.create" and e["target"] == guest["id"]]
    assert guest_created["details"]["after"]["contact_email"] == "alice@gmail.com"
    assert guest_created["details"]["after"]["email"] == guest_name
    [ended] = [e for e in by_scim if e["action"] == "user.update" and e["target"] == kim["id"] and "sessions_ended" in e["details"]]
    assert ended["details"]["sessions_ended"] == 1
