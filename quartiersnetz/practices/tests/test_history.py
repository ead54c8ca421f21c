"""Revisions: who changed what, field-by-field diffs (m2m and line diffs), restoring."""

from __future__ import annotations

import pytest

from quartiersnetz.actors.models import Membership
from quartiersnetz.actors.tests.factories import MembershipFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.practices import curation_selectors as selectors
from quartiersnetz.practices import services
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.taxonomy.models import Method, PracticeKind, PracticeType, SpatialField

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return MembershipFactory(role=Membership.Role.EDITOR).user


@pytest.fixture
def practice(author):
    org = author.memberships.get().organisation
    kind = PracticeKind.objects.get(slug="place")
    return services.practice_create(
        user=author,
        organisation=org,
        data={
            "kind": kind,
            "type": PracticeType.objects.filter(kind=kind).first(),
            "title": "Kulturbahnhof",
            "summary": "Ein Bahnhof wird Kulturort.",
            "description": "Zeile eins\nZeile zwei\nZeile drei",
            "spatial_field": SpatialField.objects.get(slug="small_towns"),
            "methods": list(Method.objects.order_by("pk")[:1]),
            "status": "planning",
        },
    )


def change(practice, user, **data):
    return services.practice_update(practice=practice, user=user, data=data)


def test_line_diff():
    lines = selectors.line_diff("a\nb\nc", "a\nB\nc\nd")
    assert [(line.kind, line.text) for line in lines] == [
        ("equal", "a"),
        ("delete", "b"),
        ("insert", "B"),
        ("equal", "c"),
        ("insert", "d"),
    ]


def test_revision_changes_fields_m2m_choices_and_text(practice, author):
    new_method = Method.objects.order_by("pk")[1]
    change(
        practice,
        author,
        title="Kulturbahnhof Süd",
        status="established",
        description="Zeile eins\nZeile 2\nZeile drei",
        methods=[new_method],
    )
    record = practice.history.order_by("-history_id").first()
    previous = selectors.previous_revision(record)
    changes = {c.name: c for c in selectors.revision_changes(record, previous)}
    assert set(changes) == {"title", "status", "description", "methods"}
    assert (changes["title"].old, changes["title"].new) == ("Kulturbahnhof", "Kulturbahnhof Süd")
    assert changes["title"].label == "Titel"
    assert (changes["status"].old, changes["status"].new) == ("in Planung", "verstetigt")
    assert [(x.kind, x.text) for x in changes["description"].lines] == [
        ("equal", "Zeile eins"),
        ("delete", "Zeile zwei"),
        ("insert", "Zeile 2"),
        ("equal", "Zeile drei"),
    ]
    old_method = Method.objects.order_by("pk")[0]
    assert changes["methods"].removed == [str(old_method)]
    assert changes["methods"].added == [str(new_method)]


def test_first_revision_lists_the_initial_content(practice):
    record = practice.history.get()
    changes = {c.name: c for c in selectors.revision_changes(record, None)}
    assert changes["title"].new == "Kulturbahnhof"
    assert changes["methods"].added
    assert changes["state"].new == "Entwurf"


def test_history_page_lists_date_user_and_reason(client, practice, author, curator):
    services.practice_submit(practice=practice, user=author)
    services.practice_return(practice=practice, curator=curator, comment="Mehr Details")
    client.force_login(author)
    html = client.get(f"/praxis/{practice.slug}/versionen/").content.decode()
    for reason in ("angelegt", "eingereicht", "zurückgegeben"):
        assert reason in html
    assert author.public_name in html
    assert curator.public_name in html
    assert "Frühere Versionen können dort wiederhergestellt werden." not in html


def test_revision_page_shows_accessible_diff(client, practice, author):
    change(practice, author, description="Zeile eins\nZeile 2\nZeile drei", title="Neu")
    record = practice.history.order_by("-history_id").first()
    client.force_login(author)
    html = client.get(f"/praxis/{practice.slug}/versionen/{record.history_id}/").content.decode()
    assert '<del><span class="kern-sr-only">entfernt: </span>Zeile zwei</del>' in html
    assert '<ins><span class="kern-sr-only">hinzugefügt: </span>Zeile 2</ins>' in html
    assert "<span>Zeile eins</span>" in html
    assert "Kulturbahnhof</del> → <ins>" in html
    # Authors see revisions but cannot restore them.
    assert "Version wiederherstellen" not in html


def test_edit_through_the_page_records_the_request_user(client, practice, author):
    editor = MembershipFactory(organisation=practice.organisation).user
    client.force_login(editor)
    data = {
        "organisation": practice.organisation_id,
        "kind": practice.kind_id,
        "type": practice.type_id,
        "title": "Kulturbahnhof am Gleis",
        "summary": practice.summary,
        "description": practice.description,
        "spatial_field": practice.spatial_field_id,
        "status": practice.status,
        "licence": practice.licence,
        "methods": list(practice.methods.values_list("pk", flat=True)),
        "beteiligte-TOTAL_FORMS": "0",
        "beteiligte-INITIAL_FORMS": "0",
        "beteiligte-MIN_NUM_FORMS": "0",
        "beteiligte-MAX_NUM_FORMS": "50",
    }
    assert client.post(f"/praxis/{practice.slug}/bearbeiten/", data).status_code == 302
    latest = practice.history.order_by("-history_id").first()
    assert latest.history_user == editor
    assert latest.title == "Kulturbahnhof am Gleis"
    assert practice.history.count() == 2


def test_curator_restores_a_revision(client, practice, author, curator):
    first = practice.history.get()
    change(practice, author, title="Verschlimmbessert", methods=[])
    client.force_login(curator)
    page = client.get(f"/praxis/{practice.slug}/versionen/{first.history_id}/").content.decode()
    assert "Version wiederherstellen" in page
    response = client.post(
        f"/praxis/{practice.slug}/versionen/{first.history_id}/wiederherstellen/"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/praxis/{practice.slug}/versionen/"
    practice.refresh_from_db()
    assert practice.title == "Kulturbahnhof"
    assert practice.methods.count() == 1
    assert practice.history.count() == 3
    assert AuditEntry.objects.filter(action="practice.restore", user=curator).exists()
    html = client.get(response["Location"]).content.decode()
    assert "wurde als neue Version wiederhergestellt" in html
    assert f"Version {first.history_id} wiederhergestellt" in html


def test_revision_of_another_practice_is_404(client, practice, curator):
    other = PracticeFactory()
    foreign_id = other.history.first().history_id
    client.force_login(curator)
    assert client.get(f"/praxis/{practice.slug}/versionen/{foreign_id}/").status_code == 404
    before = Practice.history.count()
    response = client.post(f"/praxis/{practice.slug}/versionen/{foreign_id}/wiederherstellen/")
    assert response.status_code == 302
    assert Practice.history.count() == before
    assert not AuditEntry.objects.filter(action="practice.restore").exists()


def test_restore_needs_post(client, practice, curator):
    first = practice.history.get()
    client.force_login(curator)
    url = f"/praxis/{practice.slug}/versionen/{first.history_id}/wiederherstellen/"
    assert client.get(url).status_code == 405


def test_rating_and_transitions_are_revisions(practice, author, curator):
    services.practice_submit(practice=practice, user=author)
    services.practice_rate(practice=practice, curator=curator, ratings={"novelty": (4, "gut")})
    services.practice_publish(practice=practice, curator=curator)
    reasons = list(
        practice.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["angelegt", "eingereicht", "bewertet", "veröffentlicht"]


# Admin --------------------------------------------------------------------------------------


def test_curator_admin_pages_and_read_only_history(client, practice, author, staff_curator):
    change(practice, author, title="Zweite Fassung")
    client.force_login(staff_curator)
    base = f"/verwaltung/practices/practice/{practice.pk}"
    for url in (
        "/verwaltung/practices/practice/",
        f"{base}/change/",
        f"{base}/history/",
        "/verwaltung/practices/reviewcomment/",
    ):
        assert client.get(url).status_code == 200, url
    first = practice.history.order_by("history_id").first()
    revision_url = f"{base}/history/{first.history_id}/"
    assert client.get(revision_url).status_code == 200
    before = practice.history.count()
    assert client.post(revision_url, {"title": "x"}).status_code == 403
    assert practice.history.count() == before
    assert Practice.objects.get(pk=practice.pk).title == "Zweite Fassung"


def test_migration_grants_curators_the_practice_permissions(curator):
    perms = curator.get_group_permissions()
    assert {
        "practices.view_practice",
        "practices.change_practice",
        "practices.review_practice",
        "practices.rate_practice",
        "practices.view_historicalpractice",
    } <= perms
    assert "practices.delete_practice" not in perms


def test_history_page_query_count_is_constant(
    client, practice, author, django_assert_max_num_queries
):
    client.force_login(author)
    change(practice, author, title="Zwei")
    with django_assert_max_num_queries(20) as few:
        client.get(f"/praxis/{practice.slug}/versionen/")
    for n in range(12):
        change(practice, MembershipFactory(organisation=practice.organisation).user, title=f"T{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/praxis/{practice.slug}/versionen/")
