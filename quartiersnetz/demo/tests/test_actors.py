"""The sample-data commands demo_data and scale_data: profiles and accounts
(quartiersnetz/demo/actors.py, quartiersnetz/demo/scale/actors.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from quartiersnetz.accounts.models import User
from quartiersnetz.accounts.rules import CURATOR_GROUP
from quartiersnetz.actors.models import Actor, Membership, actor_search_text
from quartiersnetz.actors.tests.factories import OrganisationFactory
from quartiersnetz.demo import actors as demo_data
from quartiersnetz.demo.scale.actors import generate
from quartiersnetz.places.models import SizeClass, State
from quartiersnetz.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _snapshot() -> list[tuple]:
    return list(
        Actor.objects.filter(is_sample=True)
        .order_by("kind", "name")
        .values_list(
            "kind", "name", "slug", "sector__slug", "municipality__ags", "summary", "description",
            "offers", "seeks", "website", "contact_email", "search_text",
        )
    )  # fmt: skip


@pytest.fixture
def demo(db):
    return _run("demo_data")


def test_demo_data_covers_sectors_states_and_size_classes(demo):
    samples = Actor.objects.filter(is_sample=True)
    organisations = samples.filter(kind=Actor.Kind.ORGANISATION)
    assert 60 <= organisations.count() <= 80
    assert 15 <= samples.filter(kind=Actor.Kind.PERSON).count() <= 20
    assert set(organisations.values_list("sector__slug", flat=True)) == set(
        Sector.objects.values_list("slug", flat=True)
    )
    assert set(organisations.values_list("municipality__state", flat=True)) == set(State.values)
    assert set(samples.values_list("municipality__size_class", flat=True)) == set(SizeClass.values)
    for actor in samples.prefetch_related("spatial_fields", "action_fields", "approaches"):
        assert actor.offers
        assert actor.seeks
        assert actor.description.count("\n- ") >= 2
        assert actor.spatial_fields.all()
        assert actor.action_fields.all()
        assert actor.search_text == actor_search_text(actor)


def test_demo_data_marks_samples_and_keeps_real_profiles(demo):
    # The organisations seeded by the migrations stay real, unclaimed profiles.
    assert Actor.objects.filter(is_sample=False, is_unclaimed=True).count() >= 1
    assert not Actor.objects.filter(is_sample=True, is_unclaimed=True).exists()
    # Every profile the command created is a sample; the profile page says so.
    assert not Actor.objects.filter(is_sample=False, is_unclaimed=False).exists()
    actor = Actor.objects.filter(is_sample=True).first()
    assert actor is not None
    assert "Beispieldaten" in Client().get(actor.get_absolute_url()).content.decode()


def test_demo_data_accounts(demo):
    for text in (demo_data.DEMO_EMAIL, demo_data.DEMO_PASSWORD, demo_data.CURATOR_EMAIL,
                 demo_data.CURATOR_PASSWORD):  # fmt: skip
        assert text in demo
    usable = [u.email for u in User.objects.all() if u.has_usable_password()]
    assert sorted(usable) == sorted([demo_data.DEMO_EMAIL, demo_data.CURATOR_EMAIL])
    demo_user = User.objects.get(email=demo_data.DEMO_EMAIL)
    assert demo_user.check_password(demo_data.DEMO_PASSWORD)
    validate_password(demo_data.DEMO_PASSWORD, demo_user)
    curator = User.objects.get(email=demo_data.CURATOR_EMAIL)
    assert curator.check_password(demo_data.CURATOR_PASSWORD)
    validate_password(demo_data.CURATOR_PASSWORD, curator)
    assert curator.groups.filter(name=CURATOR_GROUP).exists()
    # The demo login owns sample organisations; some experts are public members.
    owned = Membership.objects.filter(user=demo_user, role=Membership.Role.OWNER)
    assert owned.count() == len(demo_data.DEMO_OWNED)
    assert all(m.organisation.is_sample for m in owned)
    assert Membership.objects.filter(is_public=True, user__expert_profile__is_sample=True).exists()
    assert Membership.objects.filter(is_public=False).exists()


def test_demo_login_works(demo, client):
    response = client.post(
        reverse("account_login"),
        {"login": demo_data.DEMO_EMAIL, "password": demo_data.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_demo_data_is_idempotent_and_deterministic(demo):
    before = _snapshot()
    counts = (User.objects.count(), Membership.objects.count())
    output = _run("demo_data")
    assert "0 Organisationen, 0 Expertenprofile, 0 Mitgliedschaften und 0 Konten" in output
    assert _snapshot() == before
    assert (User.objects.count(), Membership.objects.count()) == counts


def test_demo_data_is_not_confused_by_scale_records_of_the_same_name():
    planned = demo_data.Planner().organisations()
    OrganisationFactory(name=planned[1].name, slug="burgerstiftung-x-s1-7", is_sample=True)
    output = _run("demo_data")
    assert f"{len(planned)} Organisationen" in output
    assert "0 Profile waren schon vorhanden" in output


def test_scale_data_creates_n_deterministically():
    output = _run("scale_data", "--organisations", "40", "--persons", "5", "--seed", "7")
    assert "40 Organisationen und 5 Expertenprofile" in output
    samples = Actor.objects.filter(is_sample=True)
    assert samples.filter(kind=Actor.Kind.ORGANISATION).count() == 40
    assert samples.filter(kind=Actor.Kind.PERSON).count() == 5
    first = _snapshot()
    for actor in samples.select_related("municipality"):
        assert actor.search_text == actor_search_text(actor)
    assert Actor.spatial_fields.through.objects.filter(actor__is_sample=True).count() >= 45

    # Running again with the same seed adds nothing; growing N adds only the new tail.
    assert generate(organisations=40, persons=5, seed=7) == {
        "organisations": 0, "persons": 0, "skipped": 45,
    }  # fmt: skip
    assert _snapshot() == first
    assert generate(organisations=50, seed=7)["organisations"] == 10

    # The same seed gives the same records on a fresh database …
    samples.delete()
    generate(organisations=40, persons=5, seed=7)
    assert _snapshot() == first
    # … and another seed gives other ones.
    samples.delete()
    generate(organisations=40, persons=5, seed=8)
    assert _snapshot() != first
