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
