"""The curation pages: write, save a draft, submit, review, return, publish, rate, images."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from quartiersnetz.actors.models import Membership
from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.practices.models import Practice, PracticeRating, ReviewComment
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeFactory,
    ReturnedPracticeFactory,
    SubmittedPracticeFactory,
)
from quartiersnetz.taxonomy.models import Approach, Method, PracticeKind, PracticeType, SpatialField

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return MembershipFactory(role=Membership.Role.EDITOR).user


@pytest.fixture
def org(author):
    return author.memberships.get().organisation


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def management(total=3, initial=0):
    return {
        "beteiligte-TOTAL_FORMS": str(total),
        "beteiligte-INITIAL_FORMS": str(initial),
        "beteiligte-MIN_NUM_FORMS": "0",
        "beteiligte-MAX_NUM_FORMS": "50",
    }


def form_data(org, **overrides):
    kind = PracticeKind.objects.get(slug="place")
    data = {
        "organisation": org.pk,
        "kind": kind.pk,
        "type": PracticeType.objects.filter(kind=kind).first().pk,
        "title": "Dritter Ort im Bahnhof",
        "summary": "Ein leerer Bahnhof wird Treffpunkt.",
        "description": "## Ausgangslage\n\nDer Bahnhof stand leer.",
        "municipality": "Herne",
        "spatial_field": SpatialField.objects.get(slug="small_towns").pk,
        "approaches": [a.pk for a in Approach.objects.all()[:2]],
        "methods": [Method.objects.first().pk],
        "status": "implementation",
        "licence": "cc-by-4.0",
        "start_year": "2022",
        **management(),
        "action": "speichern",
    }
    data.update(overrides)
    return data


# Create, save, submit -----------------------------------------------------------------------


def test_create_page_shows_fieldsets_and_both_buttons(client, author, org):
    client.force_login(author)
    html = client.get("/praxis/neu/").content.decode()
    assert html.count("<legend") >= 6
    assert "Einordnung" in html
    assert 'name="action" value="speichern"' in html
    assert 'name="action" value="einreichen"' in html
    assert org.name in html
    assert "CC BY-SA 4.0" in html
    assert 'name="beteiligte-0-actor"' in html


def test_create_without_profile_explains_what_to_do(client, user):
    client.force_login(user)
    response = client.get("/praxis/neu/")
    assert response.status_code == 200
    assert "Organisation eintragen" in response.content.decode()
    assert 'name="title"' not in response.content.decode()


def test_save_draft(client, author, org, mailoutbox, commit):
    partner = OrganisationFactory(name="Stadtwerke Herne")
    client.force_login(author)
    with commit():
        response = client.post(
            "/praxis/neu/",
            form_data(org, **{"beteiligte-0-actor": partner.name, "beteiligte-0-role": "funder"}),
        )
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/praxis/{practice.slug}/bearbeiten/"
    assert practice.state == Practice.State.DRAFT
    assert practice.municipality.name == "Herne"
    assert practice.approaches.count() == 2
    assert list(practice.roles.values_list("actor__name", "role")) == [
        ("Stadtwerke Herne", "funder")
    ]
    assert mailoutbox == []
    assert practice.history.get().history_user == author


def test_save_and_submit_in_one_step(client, author, org, curator, mailoutbox, commit):
    client.force_login(author)
    with commit():
        response = client.post("/praxis/neu/", form_data(org, action="einreichen"))
    assert response.status_code == 302
    assert response["Location"] == "/praxis/meine/"
    practice = Practice.objects.get()
    assert practice.state == Practice.State.SUBMITTED
    assert [m.to for m in mailoutbox] == [[curator.email]]


def test_submit_without_description_keeps_the_draft(client, author, org, mailoutbox):
    client.force_login(author)
    response = client.post("/praxis/neu/", form_data(org, description="", action="einreichen"))
    practice = Practice.objects.get()
    assert practice.state == Practice.State.DRAFT
    assert response["Location"] == f"/praxis/{practice.slug}/bearbeiten/"
    page = client.get(response["Location"]).content.decode()
    assert "aber nicht eingereicht" in page


def test_form_errors_are_german_and_keep_the_input(client, author, org):
    client.force_login(author)
    strategy_type = PracticeType.objects.filter(kind__slug="strategy").first()
    data = form_data(
        org,
        title="",
        type=strategy_type.pk,
        summary="Bleibt stehen",
        municipality="Gibtsnichtdorf",
        latitude="51.5",
        end_year="2010",
    )
    response = client.post("/praxis/neu/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben." in html
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert "gehört nicht zur Kategorie" in html
    assert html.count("gehört nicht zur Kategorie") == 2  # summary link + field, once each
    assert "Keine Gemeinde „Gibtsnichtdorf“ gefunden" in html
    assert "Bitte Breiten- und Längengrad zusammen angeben." in html
    assert "Bleibt stehen" in html
    assert 'value="Gibtsnichtdorf"' in html
    assert 'href="#id_title"' in html
    assert not Practice.objects.exists()


def test_duplicate_involved_actor_rows_are_an_error(client, author, org):
    partner = OrganisationFactory()
    client.force_login(author)
    data = form_data(
        org,
        **{
            "beteiligte-0-actor": partner.name,
            "beteiligte-0-role": "partner",
            "beteiligte-1-actor": partner.name,
            "beteiligte-1-role": "partner",
        },
    )
    response = client.post("/praxis/neu/", data)
    assert response.status_code == 400
    assert "Diese Beteiligung ist bereits eingetragen." in response.content.decode()
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Zwillingsverein", "Mehrere Profile heißen „Zwillingsverein“"),
        (
            "Zwillings",
            "Meinten Sie: „Zwillingsverein“ (zwilling-a), „Zwillingsverein“ (zwilling-b)",
        ),
        ("Gibtsnicht e. V.", "Kein Profil „Gibtsnicht e. V.“ gefunden."),
        ("Verborgen", "Kein Profil „Verborgen“ gefunden."),
    ],
)
def test_involved_actor_names_are_resolved_without_js(client, author, org, typed, message):
    OrganisationFactory(name="Zwillingsverein", slug="zwilling-a")
    OrganisationFactory(name="Zwillingsverein", slug="zwilling-b")
    OrganisationFactory(name="Verborgen", is_hidden=True)
    client.force_login(author)
    response = client.post("/praxis/neu/", form_data(org, **{"beteiligte-0-actor": typed}))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{typed}"' in html
    assert not Practice.objects.exists()


@pytest.mark.parametrize("typed", ["zwilling-b", "http://127.0.0.1:8000/mitwirkende/zwilling-b/"])
def test_involved_actor_by_address(client, author, org, typed):
    OrganisationFactory(name="Zwillingsverein", slug="zwilling-a")
    wanted = OrganisationFactory(name="Zwillingsverein", slug="zwilling-b")
    client.force_login(author)
    response = client.post("/praxis/neu/", form_data(org, **{"beteiligte-0-actor": typed}))
    assert response.status_code == 302
    assert Practice.objects.get().roles.get().actor == wanted


def test_edit_prefills_and_updates(client, author, org):
    practice = DraftPracticeFactory(organisation=org, title="Alter Titel")
    partner = OrganisationFactory()
    practice.roles.create(actor=partner, role="partner")
    client.force_login(author)
    html = client.get(f"/praxis/{practice.slug}/bearbeiten/").content.decode()
    assert 'value="Alter Titel"' in html
    assert f'name="beteiligte-0-actor" value="{partner.name}"' in html
    data = form_data(
        org,
        title="Neuer Titel",
        **management(total=4, initial=1),
        **{"beteiligte-0-actor": partner.name, "beteiligte-0-role": "partner",
           "beteiligte-0-DELETE": "on"},
    )  # fmt: skip
    response = client.post(f"/praxis/{practice.slug}/bearbeiten/", data)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Neuer Titel"
    assert practice.slug != "neuer-titel"
    assert not practice.roles.exists()


def test_edit_with_errors_shows_the_entered_values(client, author, org):
    practice = DraftPracticeFactory(organisation=org, title="Alter Titel")
    client.force_login(author)
    response = client.post(
        f"/praxis/{practice.slug}/bearbeiten/", form_data(org, title="Neu", summary="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Neu"' in html
    assert "„Alter Titel“ bearbeiten" in html
    assert Practice.objects.get(pk=practice.pk).title == "Alter Titel"


def test_submit_button_on_my_practices(client, author, org, curator, mailoutbox, commit):
    practice = ReturnedPracticeFactory(organisation=org)
    client.force_login(author)
    page = client.get("/praxis/meine/").content.decode()
    assert f'action="/praxis/{practice.slug}/einreichen/"' in page
    with commit():
        response = client.post(f"/praxis/{practice.slug}/einreichen/")
    assert response["Location"] == "/praxis/meine/"
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.SUBMITTED
    assert len(mailoutbox) == 1


def test_submit_twice_is_refused_with_a_message(client, author, org):
    practice = DraftPracticeFactory(organisation=org)
    client.force_login(author)
    client.post(f"/praxis/{practice.slug}/einreichen/")
    response = client.post(f"/praxis/{practice.slug}/einreichen/")
    assert response.status_code == 403  # no longer submittable
    assert AuditEntry.objects.filter(action="practice.submit").count() == 1


def test_submit_needs_post(client, author, org):
    practice = DraftPracticeFactory(organisation=org)
    client.force_login(author)
    assert client.get(f"/praxis/{practice.slug}/einreichen/").status_code == 405


def test_my_practices_lists_own_organisations_only(client, author, org):
    own = DraftPracticeFactory(organisation=org, title="Mein Entwurf")
    PracticeFactory(title="Fremdes Beispiel")
    client.force_login(author)
    html = client.get("/praxis/meine/").content.decode()
    assert own.title in html
    assert "Fremdes Beispiel" not in html
    assert "Entwurf" in html


def test_my_practices_query_count_is_constant(client, author, org, django_assert_max_num_queries):
    client.force_login(author)
    for _ in range(3):
        DraftPracticeFactory(organisation=org)
    with django_assert_max_num_queries(12) as few:
        client.get("/praxis/meine/")
    for _ in range(15):
        DraftPracticeFactory(organisation=org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/praxis/meine/")


# Review queue and decisions -----------------------------------------------------------------


def test_review_queue_oldest_first_with_org_and_waiting_time(client, curator):
    now = timezone.now()
    newer = SubmittedPracticeFactory(title="Neuer Antrag", submitted_at=now - timedelta(days=1))
    older = SubmittedPracticeFactory(title="Alter Antrag", submitted_at=now - timedelta(days=9))
    DraftPracticeFactory(title="Noch ein Entwurf")
    client.force_login(curator)
    html = client.get("/praxis/pruefung/").content.decode()
    assert html.index("Alter Antrag") < html.index("Neuer Antrag")
    assert "Noch ein Entwurf" not in html
    assert older.organisation.name in html
    assert "1\xa0Woche, 2\xa0Tage" in html
    assert f"/praxis/{newer.slug}/pruefen/" in html
    assert "2 Praxisbeispiele warten" in html


def test_review_queue_query_count_is_constant(client, curator, django_assert_max_num_queries):
    client.force_login(curator)
    for _ in range(2):
        SubmittedPracticeFactory()
    with django_assert_max_num_queries(12) as few:
        client.get("/praxis/pruefung/")
    for _ in range(15):
        SubmittedPracticeFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/praxis/pruefung/")


def test_review_page_shows_record_and_conversation(client, curator):
    practice = SubmittedPracticeFactory(description="## Ausgangslage\n\n*Leere* Läden")
    ReviewComment.objects.create(practice=practice, author=curator, text="Erste Rückfrage")
    client.force_login(curator)
    html = client.get(f"/praxis/{practice.slug}/pruefen/").content.decode()
    assert "<em>Leere</em>" in html
    assert "Erste Rückfrage" in html
    assert "Veröffentlichen" in html
    assert practice.organisation.name in html


def test_return_needs_a_comment_german_error(client, curator):
    practice = SubmittedPracticeFactory()
    client.force_login(curator)
    response = client.post(f"/praxis/{practice.slug}/pruefen/", {"decision": "return"})
    assert response.status_code == 400
    assert "was überarbeitet werden soll" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.SUBMITTED


def test_return_then_author_sees_comment(client, curator, author, org, mailoutbox, commit):
    practice = SubmittedPracticeFactory(organisation=org)
    client.force_login(curator)
    with commit():
        response = client.post(
            f"/praxis/{practice.slug}/pruefen/",
            {"decision": "return", "comment": "Bitte Fotos ergänzen."},
        )
    assert response["Location"] == "/praxis/pruefung/"
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.RETURNED
    assert "Bitte Fotos ergänzen." in mailoutbox[0].body
    client.force_login(author)
    html = client.get(f"/praxis/{practice.slug}/bearbeiten/").content.decode()
    assert "Bitte Fotos ergänzen." in html
    assert 'value="einreichen"' in html


def test_publish_from_review_page(client, curator, author, org, mailoutbox, commit):
    practice = SubmittedPracticeFactory(organisation=org)
    client.force_login(curator)
    with commit():
        client.post(f"/praxis/{practice.slug}/pruefen/", {"decision": "publish"})
    practice.refresh_from_db()
    assert practice.state == Practice.State.PUBLISHED
    assert mailoutbox[0].to == [author.email]


# Rating -------------------------------------------------------------------------------------


def test_rating_form(client, curator):
    practice = PracticeFactory()
    client.force_login(curator)
    html = client.get(f"/praxis/{practice.slug}/bewerten/").content.decode()
    assert "Neuartigkeit des Ansatzes" in html
    assert html.count('type="radio"') == 6 * 6
    response = client.post(
        f"/praxis/{practice.slug}/bewerten/",
        {"score_novelty": "5", "reason_novelty": "Neu.", "score_transferability": "2"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte begründen Sie die Bewertung „Übertragbarkeit“." in html
    assert not PracticeRating.objects.exists()
    response = client.post(
        f"/praxis/{practice.slug}/bewerten/",
        {
            "score_novelty": "5",
            "reason_novelty": "Neu.",
            "score_co_creation": "4",
            "reason_co_creation": "Offen.",
            "score_transferability": "2",
            "reason_transferability": "Braucht viel Geld.",
        },
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert str(practice.innovation_score) == "4.5"
    assert str(practice.transfer_score) == "2.0"
    html = client.get(f"/praxis/{practice.slug}/bewerten/").content.decode()
    assert "Braucht viel Geld." in html
    assert 'value="5" id="id_score_novelty_5" checked' in html


# Images -------------------------------------------------------------------------------------


def png_upload():
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 10, 10)).save(out, format="PNG")
    return SimpleUploadedFile("hof.png", out.getvalue(), content_type="image/png")


def test_images_upload_and_remove(client, author, org):
    practice = DraftPracticeFactory(organisation=org)
    client.force_login(author)
    response = client.post(
        f"/praxis/{practice.slug}/bilder/",
        {"image": png_upload(), "alt_text": "", "credit": "privat"},
    )
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not practice.images.exists()
    response = client.post(
        f"/praxis/{practice.slug}/bilder/",
        {"image": png_upload(), "alt_text": "Ein Innenhof", "credit": "privat"},
    )
    assert response.status_code == 302
    image = practice.images.get()
    html = client.get(f"/praxis/{practice.slug}/bilder/").content.decode()
    assert 'alt="Ein Innenhof"' in html
    client.post(f"/praxis/{practice.slug}/bilder/", {"remove": image.pk})
    assert not practice.images.exists()


def test_images_reject_non_images(client, author, org):
    practice = DraftPracticeFactory(organisation=org)
    client.force_login(author)
    response = client.post(
        f"/praxis/{practice.slug}/bilder/",
        {
            "image": SimpleUploadedFile("x.png", b"kein Bild"),
            "alt_text": "Hof",
            "credit": "privat",
        },
    )
    assert response.status_code == 400
    assert "kein lesbares Bild" in response.content.decode()


def test_image_of_another_practice_cannot_be_removed(client, author, org):
    practice = DraftPracticeFactory(organisation=org)
    foreign = PracticeFactory()
    image = foreign.images.create(image="practices/x.png", alt_text="x", credit="x")
    client.force_login(author)
    response = client.post(f"/praxis/{practice.slug}/bilder/", {"remove": image.pk})
    assert response.status_code == 404
    assert foreign.images.exists()


# Dashboards ---------------------------------------------------------------------------------


def test_dashboard_links(client, author):
    client.force_login(author)
    html = client.get("/konto/mein-bereich/").content.decode()
    assert "/praxis/meine/" in html
    assert "/praxis/neu/" in html


def test_curator_dashboard_links_the_queue(client, curator):
    client.force_login(curator)
    html = client.get("/kuration/").content.decode()
    assert "/praxis/pruefung/" in html


def test_involved_actor_hidden_since_stays_on_save(client, author, org):
    practice = DraftPracticeFactory(organisation=org)
    hidden = OrganisationFactory(name="Inzwischen verborgen", is_hidden=True)
    practice.roles.create(actor=hidden, role="partner")
    client.force_login(author)
    data = form_data(
        org,
        **management(total=4, initial=1),
        **{"beteiligte-0-actor": hidden.name, "beteiligte-0-role": "partner"},
    )
    response = client.post(f"/praxis/{practice.slug}/bearbeiten/", data)
    assert response.status_code == 302
    assert list(practice.roles.values_list("actor_id", flat=True)) == [hidden.pk]
