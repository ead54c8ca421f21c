"""Every URL × (anonymous, member of another actor, member of a member actor, lead member,
curator): the status each gets for GET and POST."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other", "member", "lead", "curator"]
LOGIN = "login"

# (url name, needs member pk, method): expected per role
MATRIX = {
    ("list", False, "get"): [200, 200, 200, 200, 200],
    ("feed", False, "get"): [200, 200, 200, 200, 200],
    ("found", False, "get"): [LOGIN, 200, 200, 200, 403],
    ("detail", False, "get"): [200, 200, 200, 200, 200],
    ("edit", False, "get"): [LOGIN, 403, 403, 200, 200],
    ("invite", False, "get"): [LOGIN, 403, 403, 200, 200],
    ("join", False, "get"): [LOGIN, 200, 403, 403, 403],
    ("accept", True, "post"): [LOGIN, 403, 403, 302, 302],
    ("decline", True, "post"): [LOGIN, 403, 403, 302, 302],
    ("leave", True, "post"): [LOGIN, 403, 302, 403, 403],
    ("remove", True, "post"): [LOGIN, 403, 403, 302, 302],
}


@pytest.mark.parametrize("key", list(MATRIX), ids=[k[0] for k in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, key, role):
    name, with_member, method = key
    expected = MATRIX[key][ROLES.index(role)]
    if name in ("accept", "decline"):
        # A pending request to join by a third organisation.
        from quartiersnetz.actors.tests.factories import OrganisationFactory

        from .factories import MemberFactory

        target = MemberFactory(
            alliance=world.alliance, actor=OrganisationFactory(), alliance_consented_at=None
        )
    else:
        target = world.member
    args = [world.alliance.slug] if name not in ("list", "feed", "found") else []
    if with_member:
        args.append(target.pk)
    url = reverse(f"alliances:{name}", args=args)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/konto/" in response["Location"] or "login" in response["Location"]
    else:
        assert response.status_code == expected


def test_hidden_alliance_is_404_for_outsiders(client, world):
    world.alliance.is_hidden = True
    world.alliance.save()
    for role in ("other",):
        client.force_login(world.users[role])
        for name in ("detail", "edit", "invite", "join"):
            assert (
                client.get(reverse(f"alliances:{name}", args=[world.alliance.slug])).status_code
                == 404
            )


# The pages to link records and to change members' roles: (url name, method, POST data from
# the world) → expected per role. The member of a member actor may open the members page (to
# describe its own organisation's role) but not the links page.
def _linked_project(world):
    from quartiersnetz.projects.tests.factories import PublicProjectFactory

    project = PublicProjectFactory()
    world.alliance.projects.add(project)
    return project


MANAGE_MATRIX = {
    "links get": ("links", "get", lambda w: {}, [LOGIN, 403, 403, 200, 200]),
    "link": ("links", "post", lambda w: _link_data(), [LOGIN, 403, 403, 302, 302]),
    "unlink": (
        "unlink",
        "post",
        lambda w: {"kind": "projects", "record": _linked_project(w).pk},
        [LOGIN, 403, 403, 302, 302],
    ),
    "members get": ("members", "get", lambda w: {}, [LOGIN, 403, 200, 200, 200]),
    # The own words of the member actor's membership: its members and the managers.
    "member own words": (
        "members",
        "post",
        lambda w: {"member": w.member.pk, "role": "partner", "role_text": "neu"},
        [LOGIN, 403, 302, 302, 302],
    ),
    # Another membership (the lead's): not among the member's memberships on the page.
    "member role": (
        "members",
        "post",
        lambda w: {"member": w.lead.pk, "role": "enabler", "is_lead": "on"},
        [LOGIN, 403, 404, 302, 302],
    ),
}


def _link_data():
    from quartiersnetz.projects.tests.factories import PublicProjectFactory

    return {"kind": "projects", "record": PublicProjectFactory().pk}


@pytest.mark.parametrize("key", list(MANAGE_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_manage_matrix(client, world, key, role):
    name, method, data, statuses = MANAGE_MATRIX[key]
    expected = statuses[ROLES.index(role)]
    url = reverse(f"alliances:{name}", args=[world.alliance.slug])
    payload = data(world)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = getattr(client, method)(url, payload) if method == "post" else client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/konto/" in response["Location"] or "login" in response["Location"]
    else:
        assert response.status_code == expected


def test_member_changes_only_own_words(client, world):
    client.force_login(world.users["member"])
    response = client.post(
        reverse("alliances:members", args=[world.alliance.slug]),
        {"member": world.member.pk, "role": "curator", "is_lead": "on", "role_text": "Räume"},
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.role_text == "Räume"
    assert world.member.role == "partner"
    assert world.member.is_lead is False


def test_hidden_alliance_pages_are_404_for_outsiders(client, world):
    world.alliance.is_hidden = True
    world.alliance.save()
    client.force_login(world.users["other"])
    for name in ("links", "members"):
        url = reverse(f"alliances:{name}", args=[world.alliance.slug])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    url = reverse("alliances:unlink", args=[world.alliance.slug])
    assert client.post(url, {"kind": "projects", "record": 1}).status_code == 404
    client.force_login(world.users["lead"])
    assert client.get(reverse("alliances:links", args=[world.alliance.slug])).status_code == 200
