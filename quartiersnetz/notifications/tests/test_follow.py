"""Folgen: the follow button on detail pages, follow/unfollow, the list of follows, permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.alliances.tests.factories import AllianceFactory
from quartiersnetz.core.testing import count_queries
from quartiersnetz.events.tests.factories import EventFactory, SeriesFactory
from quartiersnetz.notifications import actions, services
from quartiersnetz.notifications.models import Follow
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.projects.tests.factories import PublicProjectFactory
from quartiersnetz.taxonomy.models import ActionField

pytestmark = pytest.mark.django_db

FOLLOW_URL = reverse("notifications:follow")
LIST_URL = reverse("notifications:follows")


@pytest.fixture(autouse=True)
def _actions():
    actions.register()


@pytest.fixture
def user():
    return UserFactory()


def follow(client, target, key, value="1", **extra):
    return client.post(FOLLOW_URL, {"target": target, "key": key, "follow": value, **extra})


def test_services_are_idempotent(user):
    actor = OrganisationFactory()
    services.follow_create(user=user, target="actor", key=str(actor.pk))
    services.follow_create(user=user, target="actor", key=str(actor.pk))
    assert Follow.objects.filter(user=user).count() == 1
    assert services.follow_delete(user=user, target="actor", key=str(actor.pk)) is True
    assert services.follow_delete(user=user, target="actor", key=str(actor.pk)) is False
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("factory", "target"),
    [
        (OrganisationFactory, "actor"),
        (AllianceFactory, "alliance"),
        (PublicProjectFactory, "project"),
        (PracticeFactory, "practice"),
        (EventFactory, "event"),
        (SeriesFactory, "series"),
    ],
)
def test_button_on_detail_page_follows_and_unfollows(client, user, factory, target):
    obj = factory()
    url = obj.get_absolute_url()
    client.force_login(user)
    html = client.get(url).content.decode()
    title = getattr(obj, "title", None) or obj.name
    assert f'aria-label="{title} folgen"' in html
    assert ">Folgen<" in html
    response = follow(client, target, str(obj.pk), next=url)
    assert response.status_code == 302
    assert response["Location"] == url
    assert Follow.objects.filter(user=user, target=target, key=str(obj.pk)).exists()
    html = client.get(url).content.decode()
    assert f'aria-label="{title} nicht mehr folgen"' in html
    follow(client, target, str(obj.pk), value="0", next=url)
    assert not Follow.objects.filter(user=user).exists()


def test_button_is_per_user_although_page_fragments_are_cached(client, user):
    actor = OrganisationFactory(name="Stadtteilbüro")
    other = UserFactory()
    services.follow_create(user=user, target="actor", key=str(actor.pk))
    client.force_login(user)
    assert (
        "Stadtteilbüro nicht mehr folgen" in client.get(actor.get_absolute_url()).content.decode()
    )
    client.force_login(other)
    html = client.get(actor.get_absolute_url()).content.decode()
    assert 'aria-label="Stadtteilbüro folgen"' in html
    assert "nicht mehr folgen" not in html


def test_anonymous_sees_no_button_and_cannot_follow(client):
    actor = OrganisationFactory(name="Stadtteilbüro")
    assert "Stadtteilbüro folgen" not in client.get(actor.get_absolute_url()).content.decode()
    response = follow(client, "actor", str(actor.pk))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Follow.objects.exists()
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_hidden_or_draft_records_cannot_be_followed(client, user):
    client.force_login(user)
    hidden = OrganisationFactory(is_hidden=True)
    draft = PracticeFactory(state=Practice.State.DRAFT)
    assert follow(client, "actor", str(hidden.pk)).status_code == 404
    assert follow(client, "practice", str(draft.pk)).status_code == 404
    assert follow(client, "actor", "999999").status_code == 404
    assert follow(client, "nonsense", "1").status_code == 404
    assert follow(client, "state", "99").status_code == 404
    assert not Follow.objects.exists()


def test_follow_redirect_ignores_foreign_next(client, user):
    actor = OrganisationFactory()
    client.force_login(user)
    response = follow(client, "actor", str(actor.pk), next="https://evil.example/")
    assert response["Location"] == LIST_URL


def test_get_of_follow_url_not_allowed(client, user):
    client.force_login(user)
    assert client.get(FOLLOW_URL).status_code == 405


def test_list_shows_only_own_follows_and_hides_titles_of_hidden_records(client, user):
    mine = OrganisationFactory(name="Meine Initiative")
    later_hidden = OrganisationFactory(name="Geheime Initiative")
    theirs = OrganisationFactory(name="Fremde Initiative")
    services.follow_create(user=user, target="actor", key=str(mine.pk))
    services.follow_create(user=user, target="actor", key=str(later_hidden.pk))
    services.follow_create(user=UserFactory(), target="actor", key=str(theirs.pk))
    later_hidden.is_hidden = True
    later_hidden.save()
    client.force_login(user)
    html = client.get(LIST_URL).content.decode()
    assert "Meine Initiative" in html
    assert "Fremde Initiative" not in html
    assert "Geheime Initiative" not in html
    assert "(nicht mehr öffentlich)" in html


def test_follow_topic_and_state_from_list(client, user):
    field = ActionField.objects.order_by("pk").first()
    client.force_login(user)
    response = client.post(LIST_URL, {"action_field": field.pk, "state": "05"})
    assert response.status_code == 302
    assert set(Follow.objects.filter(user=user).values_list("target", "key")) == {
        ("action_field", str(field.pk)),
        ("state", "05"),
    }
    html = client.get(LIST_URL).content.decode()
    assert field.name in html
    assert "Nordrhein-Westfalen" in html
    # Nothing chosen: an error, nothing stored.
    response = client.post(LIST_URL, {})
    assert response.status_code == 400
    assert "Bitte wählen Sie ein Thema oder ein Bundesland." in response.content.decode()


def test_list_query_count_is_constant(client, user):
    client.force_login(user)
    services.follow_create(user=user, target="actor", key=str(OrganisationFactory().pk))
    services.follow_create(user=user, target="alliance", key=str(AllianceFactory().pk))
    few = count_queries(client, LIST_URL)
    for _ in range(5):
        services.follow_create(user=user, target="actor", key=str(OrganisationFactory().pk))
        services.follow_create(user=user, target="alliance", key=str(AllianceFactory().pk))
    assert count_queries(client, LIST_URL) == few


@pytest.mark.parametrize("url", ["/konto/folge-ich/", "/konto/benachrichtigungen/einstellungen/"])
def test_the_forms_use_the_sites_form_markup(client, user, url):
    """KERN classes on every select (no overflow on a phone) and worded empty choices."""
    client.force_login(user)
    html = client.get(url).content.decode()
    assert "<select" in html
    assert html.count("<select") == html.count('class="kern-form-input__select"')
    assert "---------" not in html
