"""Passende Partner pages: list, JSON, dismissal, profile section, permissions, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartiersnetz.actors.models import Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.core.testing import count_queries
from quartiersnetz.network import partner_sections
from quartiersnetz.network.models import DismissedSuggestion, Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sections():
    # NetworkConfig.ready() registers them; registering again is harmless and keeps them.
    partner_sections.register()


def suggest(actor, *others):
    for rank, other in enumerate(others, start=1):
        Suggestion.objects.create(
            target_kind="actor",
            target_id=actor.pk,
            suggested=other,
            rank=rank,
            score=1.0 / rank,
            reasons=[{"code": "new_sector", "sector": ""}],
        )


@pytest.fixture
def actor():
    return OrganisationFactory(name="Ziel")


@pytest.fixture
def others():
    return [OrganisationFactory(name=f"Partner {i}") for i in range(4)]


def test_list_shows_ranked_sentences(client, actor, others):
    suggest(actor, *others)
    response = client.get(reverse("network:partners", args=[actor.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Partner 0") < html.index("Partner 3")
    assert "Aus einem Bereich, mit dem Sie noch nicht verbunden sind." in html
    assert "nicht mehr vorschlagen" not in html  # anonymous: no dismiss buttons


def test_json_shape_and_order(client, actor, others):
    suggest(actor, *others)
    data = client.get(reverse("network:partners_json", args=[actor.slug])).json()
    assert [r["name"] for r in data["recommendations"]] == [o.name for o in others]
    assert set(data["recommendations"][0]) == {"slug", "name", "sector", "score", "reason"}
    assert data["recommendations"][0]["sector"] == "Stiftungen"


def test_hidden_actor_404_and_never_shown(client, actor, others):
    suggest(actor, *others)
    others[0].is_hidden = True
    others[0].save()
    data = client.get(reverse("network:partners_json", args=[actor.slug])).json()
    assert "Partner 0" not in [r["name"] for r in data["recommendations"]]
    actor.is_hidden = True
    actor.save()
    assert client.get(reverse("network:partners", args=[actor.slug])).status_code == 404
    assert client.get(reverse("network:partners_json", args=[actor.slug])).status_code == 404


def test_no_personal_data_without_consent(client, actor, others):
    member = MembershipFactory(organisation=others[0], is_public=False)
    suggest(actor, *others)
    for name in ("network:partners", "network:partners_json"):
        body = client.get(reverse(name, args=[actor.slug])).content.decode()
        assert member.user.email not in body
        assert member.user.display_name not in body


def dismiss_url(actor, other):
    return reverse("network:partner_dismiss", args=[actor.slug, other.slug])


@pytest.mark.parametrize(
    ("who", "status", "dismissed"),
    [
        ("anonymous", 403, False),
        ("other", 403, False),
        ("member", 302, True),
        ("curator", 302, True),
    ],
)
def test_dismiss_permission_matrix(client, actor, others, curator, who, status, dismissed):
    suggest(actor, *others)
    if who == "member":
        client.force_login(MembershipFactory(organisation=actor, role=Membership.Role.EDITOR).user)
    elif who == "other":
        client.force_login(MembershipFactory(organisation=others[1]).user)
    elif who == "curator":
        client.force_login(curator)
    response = client.post(dismiss_url(actor, others[0]))
    assert response.status_code == status
    assert DismissedSuggestion.objects.filter(actor=actor).exists() is dismissed


def test_dismiss_removes_now_and_page_lists_buttons(client, actor, others):
    suggest(actor, *others)
    client.force_login(MembershipFactory(organisation=actor).user)
    page = client.get(reverse("network:partners", args=[actor.slug])).content.decode()
    assert "Partner 0 nicht mehr vorschlagen" in page
    response = client.post(dismiss_url(actor, others[0]), follow=True)
    assert "Partner 0 wird Ihnen nicht mehr vorgeschlagen." in response.content.decode()
    names = [r.actor.name for r in response.context["recommendations"]]
    assert "Partner 0" not in names
    # Even a stale row (written before the dismissal) is not shown.
    suggest(actor, others[0])
    data = client.get(reverse("network:partners_json", args=[actor.slug])).json()
    assert "Partner 0" not in [r["name"] for r in data["recommendations"]]


def test_dismiss_needs_post(client, actor, others):
    client.force_login(MembershipFactory(organisation=actor).user)
    assert client.get(dismiss_url(actor, others[0])).status_code == 405


def test_profile_section_top_three(client, actor, others):
    suggest(actor, *others)
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "Passende Partner" in html
    assert "Partner 2" in html
    assert "Partner 3" not in html
    assert reverse("network:partners", args=[actor.slug]) in html


def test_query_counts_constant(client, actor):
    first = [OrganisationFactory() for _ in range(2)]
    suggest(actor, *first)
    urls = [
        reverse("network:partners", args=[actor.slug]),
        reverse("network:partners_json", args=[actor.slug]),
    ]
    before = [count_queries(client, url) for url in urls]
    Suggestion.objects.all().delete()
    suggest(actor, *first, *[OrganisationFactory() for _ in range(8)])
    assert [count_queries(client, url) for url in urls] == before


def test_suggestions_one_query_joining_the_suggested_actor(actor, others):
    """Visibility is checked on the joined actor row, not by listing every public actor in a
    subquery (which grew with the number of actors: bench/network.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quartiersnetz.network.partner_selectors import actor_suggestions

    suggest(actor, *others)
    others[1].is_hidden = True
    others[1].save()
    with CaptureQueriesContext(connection) as ctx:
        names = [item.actor.name for item in actor_suggestions(actor)]
    assert names == ["Partner 0", "Partner 2", "Partner 3"]
    assert len(ctx.captured_queries) == 1
    assert 'IN (SELECT U0."id" FROM "actors_actor"' not in ctx.captured_queries[0]["sql"]


def test_list_cached_for_visitors_until_a_change(client, actor, others):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    suggest(actor, *others[:2])
    url = reverse("network:partners", args=[actor.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:  # the actor and the version only
        html = client.get(url).content.decode()
    assert "Partner 1" in html
    assert len(ctx.captured_queries) == 2
    assert not any('FROM "network_suggestion"' in q["sql"] for q in ctx.captured_queries)
    others[1].name = "Umbenannt"
    others[1].save()
    suggest(actor, others[3])
    html = client.get(url).content.decode()
    assert "Partner 3" in html
    assert "Umbenannt" in html


def test_list_of_an_editor_is_not_the_visitors_fragment(client, actor, others):
    suggest(actor, *others)
    url = reverse("network:partners", args=[actor.slug])
    client.get(url)  # fills the visitors' fragment
    editor = MembershipFactory(organisation=actor, role=Membership.Role.OWNER).user
    client.force_login(editor)
    assert "nicht mehr vorschlagen" in client.get(url).content.decode()
