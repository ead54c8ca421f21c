"""Themenradar: matching newly public records, the pages to manage radars."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartiersnetz.accounts.tests.factories import UserFactory
from quartiersnetz.alliances.models import Alliance
from quartiersnetz.alliances.tests.factories import AllianceFactory
from quartiersnetz.events.models import Event
from quartiersnetz.events.tests.factories import EventFactory
from quartiersnetz.notifications import news
from quartiersnetz.notifications.models import Delivery, Notification, Radar
from quartiersnetz.notifications.radar import (
    clean_filters,
    distance_km,
    filters_from_query,
    notify_matches,
    on_published,
    radar_preview,
)
from quartiersnetz.places.models import Municipality
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import DraftPracticeFactory, PracticeFactory
from quartiersnetz.projects.models import Project
from quartiersnetz.projects.tests.factories import ProjectFactory, PublicProjectFactory
from quartiersnetz.publications.models import Publication
from quartiersnetz.publications.tests.factories import PublicationFactory
from quartiersnetz.taxonomy.models import Approach, SpatialField

pytestmark = pytest.mark.django_db

HERNE = "05916000"
RADAR = Notification.Kind.RADAR_MATCH


def place(ags: str, lat: float, lon: float) -> Municipality:
    municipality = Municipality.objects.get(ags=ags)
    Municipality.objects.filter(pk=municipality.pk).update(latitude=lat, longitude=lon)
    municipality.refresh_from_db()
    return municipality


def radar(user=None, **values) -> Radar:
    values.setdefault("name", "Radar")
    values.setdefault("record_types", list(Radar.RecordType.values))
    return Radar.objects.create(user=user or UserFactory(), **values)


def matched(record_type: str) -> set[tuple[int, str]]:
    return set(
        Notification.objects.filter(kind=RADAR, subject_type=record_type).values_list(
            "radar_id", "subject_id"
        )
    )


# --- Matching -----------------------------------------------------------------------------------


def test_text_query_matches_only_records_with_the_words():
    hit = PracticeFactory(title="Leerstand wird Nachbarschaftsladen")
    miss = PracticeFactory(title="Stadtgarten", summary="Beete", description="Gemüse")
    r = radar(q="Nachbarschaftsladen")
    other = radar(q="Kaufhaus")

    assert notify_matches("practice", [hit.pk, miss.pk]) == 1

    assert matched("practice") == {(r.pk, str(hit.pk))}
    notification = Notification.objects.get(radar=r)
    assert notification.recipient_id == r.user_id
    assert notification.title == hit.title
    assert notification.url == hit.get_absolute_url()
    assert not Notification.objects.filter(radar=other).exists()


def test_a_filter_of_each_kind_decides():
    quarters = SpatialField.objects.get(slug="quarters")
    centres = SpatialField.objects.get(slug="centres")
    practice_in = PracticeFactory(spatial_field=quarters)
    practice_out = PracticeFactory(spatial_field=centres)
    event_in = EventFactory(spatial_field=centres)
    event_out = EventFactory(spatial_field=quarters)
    publication_in = PublicationFactory(kind=Publication.Kind.INTERVIEW)
    publication_out = PublicationFactory(kind=Publication.Kind.IMPULSE)
    project_in = PublicProjectFactory(phase=Project.Phase.TRIAL)
    project_out = PublicProjectFactory(phase=Project.Phase.DEVELOPMENT)
    alliance_in = AllianceFactory(status=Alliance.Status.FORMING)
    alliance_out = AllianceFactory(status=Alliance.Status.ACTIVE)
    r = radar(
        filters={
            "practice": {"spatial_field": "quarters"},
            "event": {"spatial_field": "centres"},
            "publication": {"kind": "interview"},
            "project": {"phase": "trial"},
            "alliance": {"status": "forming"},
        }
    )

    for record_type, records in (
        ("practice", (practice_in, practice_out)),
        ("event", (event_in, event_out)),
        ("publication", (publication_in, publication_out)),
        ("project", (project_in, project_out)),
        ("alliance", (alliance_in, alliance_out)),
    ):
        notify_matches(record_type, [record.pk for record in records])
        assert matched(record_type) == {(r.pk, str(records[0].pk))}, record_type


def test_radius_in_and_out():
    herne = place(HERNE, 51.5386, 7.2257)
    bochum = place("05911000", 51.4818, 7.2162)  # about 6 km from Herne
    munich = place("09162000", 48.1372, 11.5755)  # about 490 km
    near = PracticeFactory(municipality=bochum)
    far = PracticeFactory(municipality=munich)
    r = radar(municipality=herne, radius_km=20)

    notify_matches("practice", [near.pk, far.pk])

    assert matched("practice") == {(r.pk, str(near.pk))}
    assert 5 < distance_km(51.5386, 7.2257, 51.4818, 7.2162) < 8


def test_a_radar_with_a_place_never_matches_publications():
    herne = place(HERNE, 51.5386, 7.2257)
    publication = PublicationFactory()
    radar(municipality=herne, radius_km=50)

    assert notify_matches("publication", [publication.pk]) == 0


def test_uncovered_kinds_do_not_match():
    event = EventFactory()
    radar(record_types=["practice", "project"])

    assert notify_matches("event", [event.pk]) == 0
    assert not Notification.objects.exists()


def test_hidden_and_draft_records_never_match():
    draft = DraftPracticeFactory()
    draft_event = EventFactory(state=Event.State.DRAFT)
    hidden = AllianceFactory(is_hidden=True)
    private = ProjectFactory(state=Project.State.AWAITING_CONSENT)
    unpublished = PublicationFactory(is_published=False)
    radar()

    total = (
        notify_matches("practice", [draft.pk])
        + notify_matches("event", [draft_event.pk])
        + notify_matches("alliance", [hidden.pk])
        + notify_matches("project", [private.pk])
        + notify_matches("publication", [unpublished.pk])
    )

    assert total == 0
    assert not Notification.objects.exists()


def test_matching_is_idempotent():
    practice = PracticeFactory()
    radar()

    assert notify_matches("practice", [practice.pk]) == 1
    assert notify_matches("practice", [practice.pk]) == 0
    assert Notification.objects.filter(kind=RADAR).count() == 1


def test_query_count_is_bounded_by_the_distinct_searches():
    practices = [PracticeFactory() for _ in range(5)]
    for _ in range(10):
        radar(q="Treffpunkt")  # one shared search
    for _ in range(10):
        radar()  # no search: no query of its own

    with CaptureQueriesContext(connection) as queries:
        made = notify_matches("practice", [p.pk for p in practices])

    assert made == 100
    # radars, records, one search, count before, insert, count after (+ savepoint noise)
    assert len(queries) <= 8


def test_the_listener_is_registered_with_news():
    assert on_published in news._published_listeners


def test_filters_keep_only_allowed_names():
    cleaned = clean_filters(
        {
            "practice": {"state": "05", "evil": "x", "sort": "newest"},
            "publication": {"kind": "interview", "q": "x"},
            "unknown": {"state": "05"},
        },
        ["practice", "publication"],
    )
    assert cleaned == {"practice": {"state": "05"}, "publication": {"kind": "interview"}}
    assert filters_from_query({"state": "05", "sort": "x"}) == {
        kind: {"state": "05"} for kind in ("practice", "event", "project", "alliance")
    }


def test_preview_lists_current_public_matches():
    herne = place(HERNE, 51.5386, 7.2257)
    hit = PracticeFactory(title="Kulturort im Kaufhaus", municipality=herne)
    DraftPracticeFactory(title="Kulturort im Entwurf", municipality=herne)
    r = radar(q="Kulturort", municipality=herne, radius_km=10)

    assert [m.title for m in radar_preview(r, 5)] == [hit.title]


# --- Pages --------------------------------------------------------------------------------------


def page_urls(pk: int) -> list[str]:
    return [
        reverse("notifications:radars"),
        reverse("notifications:radar_create"),
        reverse("notifications:radar_edit", args=[pk]),
        reverse("notifications:radar_delete", args=[pk]),
    ]


def test_permission_matrix(client):
    owner = UserFactory()
    r = radar(owner)
    for url in page_urls(r.pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), url

    client.force_login(UserFactory())
    for url in page_urls(r.pk)[2:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x"}).status_code == 404, url
    assert Radar.objects.filter(pk=r.pk, name="Radar").exists()

    client.force_login(owner)
    for url in page_urls(r.pk):
        assert client.get(url).status_code == 200, url


def form_data(**values):
    data = {
        "name": "Leerstand",
        "q": "Leerstand",
        "record_types": ["practice", "event"],
        "municipality": "",
        "radius_km": "",
        "delivery": Delivery.DAILY,
        "filters": "",
    }
    data.update(values)
    return data


def test_create_from_a_list_query_string(client, user):
    client.force_login(user)
    approach = Approach.objects.order_by("pk").first()
    url = reverse("notifications:radar_create")
    url += f"?typ=practice&q=Leerstand&state=05&approach={approach.slug}&status=planning&sort=x"
    response = client.get(url)
    content = response.content.decode()
    assert 'value="Leerstand"' in content
    # The filters in words, as the list shows them (not their codes).
    assert "Bundesland: Nordrhein-Westfalen" in content
    assert f"Handlungsansatz: {approach.label}" in content
    assert f"Status: {Practice.Status.PLANNING.label}" in content
    form = response.context["form"]
    filters = json.loads(form["filters"].value())
    assert filters == {"practice": {"approach": approach.slug, "state": "05", "status": "planning"}}
    assert form["record_types"].value() == ["practice"]

    response = client.post(
        reverse("notifications:radar_create"),
        form_data(record_types=["practice"], filters=json.dumps(filters)),
    )
    assert response.status_code == 302
    saved = Radar.objects.get(user=user)
    assert saved.filters == filters
    assert saved.delivery == Delivery.DAILY


def test_form_errors(client, user):
    client.force_login(user)
    url = reverse("notifications:radar_create")

    response = client.post(url, form_data(radius_km="20"))
    assert "Bitte geben Sie einen Ort an" in response.content.decode()

    response = client.post(url, form_data(record_types=[]))
    assert "mindestens eine Art" in response.content.decode()

    response = client.post(url, form_data(radius_km="500", municipality=HERNE))
    assert response.status_code == 400
    assert not Radar.objects.exists()

    for _ in range(Radar.MAX_PER_USER):
        radar(user)
    response = client.post(url, form_data())
    assert "bereits 20 Themenradare" in response.content.decode()
    assert Radar.objects.filter(user=user).count() == Radar.MAX_PER_USER


def test_place_and_radius_are_saved_and_edited(client, user):
    client.force_login(user)
    client.post(
        reverse("notifications:radar_create"), form_data(municipality=HERNE, radius_km="25")
    )
    saved = Radar.objects.get(user=user)
    assert saved.municipality.ags == HERNE
    assert saved.radius_km == 25

    response = client.post(
        reverse("notifications:radar_edit", args=[saved.pk]),
        form_data(name="Neu", municipality="", radius_km=""),
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.municipality, saved.radius_km) == ("Neu", None, None)


def test_delete_asks_then_deletes(client, user):
    r = radar(user)
    notify_matches("practice", [PracticeFactory().pk])
    client.force_login(user)
    url = reverse("notifications:radar_delete", args=[r.pk])
    assert "löschen" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Radar.objects.filter(pk=r.pk).exists()
    # The notifications stay, without their radar.
    assert Notification.objects.filter(kind=RADAR, radar__isnull=True).count() == 1


def test_list_shows_summary_and_latest_matches(client, user, django_assert_max_num_queries):
    practice = PracticeFactory(title="Treffpunkt Ladenlokal")
    for n in range(3):
        radar(user, name=f"Radar {n}", q="Treffpunkt")
    notify_matches("practice", [practice.pk])
    client.force_login(user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:radars"))

    content = response.content.decode()
    assert "Radar 2" in content
    assert "Suchbegriffe: Treffpunkt" in content
    assert practice.title in content


def test_follows_and_notifications_pages_link_to_the_radar(client, user):
    client.force_login(user)
    url = reverse("notifications:radars")
    for page in ("notifications:follows", "notifications:list"):
        assert f'href="{url}"' in client.get(reverse(page)).content.decode()


# --- "Als Themenradar speichern" on the lists ---------------------------------------------------

LISTS = [
    ("practices:list", "practice", "q=Laden&state=05&sort=newest", ["q=Laden", "state=05"]),
    ("events:list", "event", "q=Laden&zeitraum=kommend", ["q=Laden", "zeitraum=kommend"]),
    ("publications:list", "publication", "kind=interview", ["kind=interview"]),
    ("projects:list", "project", "q=Laden&phase=trial", ["q=Laden", "phase=trial"]),
    ("alliances:list", "alliance", "q=Laden&status=active", ["q=Laden", "status=active"]),
]


@pytest.mark.parametrize(("name", "record_type", "query", "expected"), LISTS)
def test_lists_offer_saving_the_search_to_members(client, user, name, record_type, query, expected):
    url = f"{reverse(name)}?{query}"
    assert "Als Themenradar speichern" not in client.get(url).content.decode()

    client.force_login(user)
    response = client.get(url)
    content = response.content.decode()
    assert "Als Themenradar speichern" in content
    link = response.context["list_actions"][0].data
    assert link.startswith(reverse("notifications:radar_create") + f"?typ={record_type}")
    for part in expected:
        assert part in link
    assert "sort=" not in link
    # The link leads to a form prefilled with that search.
    form = client.get(link).context["form"]
    assert form["record_types"].value() == [record_type]


# --- "Neu für Sie" on the start page ------------------------------------------------------------


def test_news_for_you_only_for_members(client, user, django_assert_max_num_queries):
    practice = PracticeFactory(title="Nachbarschaftsladen am Markt")
    radar(user, q="Nachbarschaftsladen")
    notify_matches("practice", [practice.pk])
    assert "Neu für Sie" not in client.get("/").content.decode()

    client.force_login(user)
    client.get("/")  # fill the start page's caches
    with CaptureQueriesContext(connection) as one:
        content = client.get("/").content.decode()
    assert "Neu für Sie" in content
    assert "Nachbarschaftsladen am Markt" in content
    assert reverse("notifications:radars") in content
    assert reverse("notifications:list") in content
    # One query of its own, however many notifications there are.
    sqls = [q["sql"] for q in one.captured_queries]
    listing = [sql for sql in sqls if "notifications_notification" in sql and "COUNT" not in sql]
    assert len(listing) == 1
    more = [PracticeFactory(title=f"Nachbarschaftsladen {n}") for n in range(6)]
    notify_matches("practice", [p.pk for p in more])
    client.get("/")  # the new practices changed the cached parts
    with django_assert_max_num_queries(len(sqls)):
        client.get("/")


def test_news_for_you_puts_unread_first_and_shows_five(client, user):
    from django.utils import timezone

    for n in range(7):
        Notification.objects.create(
            recipient=user,
            kind=Notification.Kind.PRACTICE_PUBLISHED,
            subject_type="practice",
            subject_id=str(n),
            title=f"Eintrag {n}",
            read_at=timezone.now() if n >= 3 else None,
        )
    client.force_login(user)
    shown = [n.title for n in client.get("/").context["news_for_you"]]
    assert shown == ["Eintrag 2", "Eintrag 1", "Eintrag 0", "Eintrag 6", "Eintrag 5"]


def test_news_for_you_invites_when_empty(client, user):
    client.force_login(user)
    content = client.get("/").content.decode()
    assert "legen Sie einen Themenradar" in content


def test_publishing_a_practice_reaches_a_matching_radar_through_the_news(curator):
    from quartiersnetz.notifications import tasks
    from quartiersnetz.practices import services as practice_services
    from quartiersnetz.practices.tests.factories import SubmittedPracticeFactory

    practice = SubmittedPracticeFactory(title="Zwischennutzung im Kaufhaus")
    fan = radar(q="Zwischennutzung", record_types=["practice"])
    radar(q="Kleingarten", record_types=["practice"])

    practice_services.practice_publish(practice=practice, curator=curator)
    tasks.handle_waiting_news()

    assert matched("practice") == {(fan.pk, str(practice.pk))}


def test_edit_page_previews_current_matches_with_bounded_queries(
    client, user, django_assert_max_num_queries
):
    from quartiersnetz.events.services import event_search_text

    PracticeFactory(title="Kulturort im Kaufhaus")
    event = EventFactory(title="Werkstatt Kulturort")
    Event.objects.filter(pk=event.pk).update(search_text=event_search_text(event))
    r = radar(user, q="Kulturort")
    client.force_login(user)

    with django_assert_max_num_queries(15):
        content = client.get(reverse("notifications:radar_edit", args=[r.pk])).content.decode()

    assert "Kulturort im Kaufhaus" in content
    assert "Werkstatt Kulturort" in content


def test_two_matching_radars_of_one_person_give_one_notification():
    practice = PracticeFactory(title="Leerstand im Zentrum")
    owner = UserFactory()
    first = radar(owner, q="Leerstand")
    radar(owner, q="Zentrum")

    assert notify_matches("practice", [practice.pk]) == 1
    assert Notification.objects.get(recipient=owner).radar_id == first.pk
