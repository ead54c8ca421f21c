"""The curation services: create, update, submit, return, publish, rate, restore, images."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from quartiersnetz.actors.models import Membership
from quartiersnetz.actors.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.practices import services
from quartiersnetz.practices.models import Practice, PracticeActor, PracticeRating, ReviewComment
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeFactory,
    PracticeRatingFactory,
    ReturnedPracticeFactory,
    SubmittedPracticeFactory,
)
from quartiersnetz.taxonomy.models import (
    ActionField,
    Approach,
    Method,
    PracticeKind,
    PracticeType,
    SpatialField,
)

pytestmark = pytest.mark.django_db


def png_upload(size=(800, 600), fmt="PNG", name="bild.png"):
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def content(**overrides):
    kind = PracticeKind.objects.get(slug="format")
    data = {
        "kind": kind,
        "type": PracticeType.objects.filter(kind=kind).first(),
        "title": "Theater im Leerstand Süd",
        "summary": "Ein Ensemble bespielt leere Läden.",
        "description": "## Ausgangslage\n\nLeere Läden.\n\n## Vorgehen\n\nTheater.",
        "spatial_field": SpatialField.objects.get(slug="centres"),
        "action_fields": list(ActionField.objects.all()[:1]),
        "approaches": list(Approach.objects.all()[:2]),
        "methods": list(Method.objects.all()[:1]),
        "start_year": 2021,
    }
    data.update(overrides)
    return data


@pytest.fixture
def author():
    return MembershipFactory(role=Membership.Role.EDITOR).user


@pytest.fixture
def org(author):
    return author.memberships.get().organisation


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the e-mail tasks) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


# Create and update ----------------------------------------------------------------------------


def test_create_makes_a_draft_with_unique_readable_slug(author, org):
    partner = OrganisationFactory(name="Kulturamt")
    first = services.practice_create(
        user=author, organisation=org, data=content(), actors=[(partner.pk, "funder")]
    )
    second = services.practice_create(user=author, organisation=org, data=content())
    assert first.state == Practice.State.DRAFT
    assert first.slug == "theater-im-leerstand-sued"
    assert second.slug == "theater-im-leerstand-sued-2"
    assert first.created_by == author
    assert first.organisation == org
    assert first.methods.count() == 1
    assert first.approaches.count() == 2
    assert list(first.roles.values_list("actor__name", "role")) == [("Kulturamt", "funder")]
    assert actions() == ["practice.create", "practice.create"]


def test_create_records_exactly_one_revision_with_m2m_and_user(author, org):
    practice = services.practice_create(user=author, organisation=org, data=content())
    revisions = list(practice.history.all())
    assert len(revisions) == 1
    record = revisions[0]
    assert record.history_type == "+"
    assert record.history_user == author
    assert record.history_change_reason == "angelegt"
    assert record.approaches.count() == 2


def test_create_avoids_reserved_path_segments(author, org):
    practice = services.practice_create(user=author, organisation=org, data=content(title="Neu"))
    assert practice.slug == "neu-2"


def test_create_only_for_own_organisation_or_profile(author):
    foreign = OrganisationFactory()
    with pytest.raises(ValidationError) as exc:
        services.practice_create(user=author, organisation=foreign, data=content())
    assert "eigenen Organisationen" in str(exc.value)
    assert not Practice.objects.exists()
    person = PersonFactory(user=author)
    practice = services.practice_create(user=author, organisation=person, data=content())
    assert practice.organisation == person


def test_create_rejects_type_of_another_kind(author, org):
    data = content(type=PracticeType.objects.filter(kind__slug="strategy").first())
    with pytest.raises(ValidationError) as exc:
        services.practice_create(user=author, organisation=org, data=data)
    assert "type" in exc.value.error_dict
    assert not Practice.objects.exists()


def test_create_rejects_hidden_or_unknown_involved_actors(author, org):
    hidden = OrganisationFactory(is_hidden=True)
    with pytest.raises(ValidationError):
        services.practice_create(
            user=author, organisation=org, data=content(), actors=[(hidden.pk, "partner")]
        )
    assert not Practice.objects.exists()


def test_update_records_one_revision_with_who_and_what(author, org):
    practice = services.practice_create(user=author, organisation=org, data=content())
    editor = MembershipFactory(organisation=org).user
    partner = OrganisationFactory(name="Stadtwerke")
    before = Practice.objects.get(pk=practice.pk).updated
    services.practice_update(
        practice=practice,
        user=editor,
        data=content(title="Theater im Leerstand", methods=[]),
        actors=[(partner.pk, "partner")],
    )
    practice.refresh_from_db()
    assert practice.title == "Theater im Leerstand"
    assert practice.slug == "theater-im-leerstand-sued"  # stable
    assert practice.methods.count() == 0
    assert practice.updated > before
    revisions = list(practice.history.order_by("history_id"))
    assert len(revisions) == 2
    assert revisions[-1].history_user == editor
    assert revisions[-1].history_change_reason == "geändert"
    entry = AuditEntry.objects.filter(action="practice.update").get()
    assert entry.user == editor
    assert entry.changes["title"] == ["Theater im Leerstand Süd", "Theater im Leerstand"]
    assert entry.changes["involved_actors"] == [[], ["Stadtwerke (Partner)"]]
    assert "methods" in entry.changes


def test_update_without_changes_records_nothing(author, org):
    practice = services.practice_create(user=author, organisation=org, data=content())
    services.practice_update(practice=practice, user=author, data=content(), actors=[])
    assert practice.history.count() == 1
    assert actions() == ["practice.create"]


def test_update_of_published_record_is_a_new_revision(author, org):
    practice = PracticeFactory(organisation=org)
    count = practice.history.count()
    services.practice_update(practice=practice, user=author, data={"summary": "Neu gefasst."})
    practice.refresh_from_db()
    assert practice.state == Practice.State.PUBLISHED
    assert practice.history.count() == count + 1
    assert practice.history.first().summary == "Neu gefasst."


def test_update_may_move_to_another_own_organisation_only(author, org):
    practice = DraftPracticeFactory(organisation=org)
    other_own = MembershipFactory(user=author).organisation
    services.practice_update(practice=practice, user=author, data={}, organisation=other_own)
    practice.refresh_from_db()
    assert practice.organisation == other_own
    with pytest.raises(ValidationError):
        services.practice_update(
            practice=practice, user=author, data={}, organisation=OrganisationFactory()
        )


# Workflow -----------------------------------------------------------------------------------


def test_submit_from_draft_notifies_curators(author, org, curator, mailoutbox, commit):
    practice = DraftPracticeFactory(organisation=org, title="Ladenkino")
    with commit():
        services.practice_submit(practice=practice, user=author)
    practice.refresh_from_db()
    assert practice.state == Practice.State.SUBMITTED
    assert practice.submitted_at is not None
    entry = AuditEntry.objects.get(action="practice.submit")
    assert entry.user == author
    assert entry.changes == {"state": ["draft", "submitted"]}
    assert practice.history.first().history_change_reason == "eingereicht"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [curator.email]
    assert mail.subject == "Zur Prüfung eingereicht: Ladenkino"
    assert org.name in mail.body
    assert f"/praxis/{practice.slug}/pruefen/" in mail.body


def test_resubmit_after_return(author, org, curator, mailoutbox, commit):
    practice = ReturnedPracticeFactory(organisation=org)
    with commit():
        services.practice_submit(practice=practice, user=author)
    practice.refresh_from_db()
    assert practice.state == Practice.State.SUBMITTED
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("factory", [SubmittedPracticeFactory, PracticeFactory])
def test_submit_refuses_submitted_and_published(author, org, factory, mailoutbox):
    practice = factory(organisation=org)
    with pytest.raises(ValidationError) as exc:
        services.practice_submit(practice=practice, user=author)
    assert "Nur Entwürfe und zurückgegebene Praxisbeispiele" in exc.value.messages[0]
    assert Practice.objects.get(pk=practice.pk).state == practice.state
    assert not AuditEntry.objects.exists()
    assert mailoutbox == []


def test_submit_needs_a_description(author, org):
    practice = DraftPracticeFactory(organisation=org, description="  ")
    with pytest.raises(ValidationError) as exc:
        services.practice_submit(practice=practice, user=author)
    assert "description" in exc.value.error_dict
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.DRAFT


def test_return_needs_comment_and_mails_authors(author, org, curator, mailoutbox, commit):
    other_member = MembershipFactory(organisation=org).user
    practice = SubmittedPracticeFactory(organisation=org, title="Ladenkino")
    with pytest.raises(ValidationError) as exc:
        services.practice_return(practice=practice, curator=curator, comment="   ")
    assert "comment" in exc.value.error_dict
    assert Practice.objects.get(pk=practice.pk).state == Practice.State.SUBMITTED

    with commit():
        services.practice_return(
            practice=practice, curator=curator, comment="Bitte die Finanzierung ergänzen."
        )
    practice.refresh_from_db()
    assert practice.state == Practice.State.RETURNED
    note = ReviewComment.objects.get(practice=practice)
    assert (note.author, note.transition, note.text) == (
        curator,
        "returned",
        "Bitte die Finanzierung ergänzen.",
    )
    entry = AuditEntry.objects.get(action="practice.return")
    assert entry.changes["comment"] == "Bitte die Finanzierung ergänzen."
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == sorted([author.email, other_member.email])
    assert mail.subject == "Bitte überarbeiten: Ladenkino"
    assert "Bitte die Finanzierung ergänzen." in mail.body
    assert f"/praxis/{practice.slug}/bearbeiten/" in mail.body


def test_publish_sets_date_and_mails_authors(author, org, curator, mailoutbox, commit):
    practice = SubmittedPracticeFactory(organisation=org, title="Ladenkino")
    with commit():
        services.practice_publish(practice=practice, curator=curator, comment="Sehr anschaulich!")
    practice.refresh_from_db()
    assert practice.state == Practice.State.PUBLISHED
    assert practice.published_at is not None
    assert ReviewComment.objects.get(practice=practice).transition == "published"
    entry = AuditEntry.objects.get(action="practice.publish")
    assert entry.user == curator
    assert entry.changes["state"] == ["submitted", "published"]
    mail = mailoutbox[0]
    assert mail.to == [author.email]
    assert mail.subject == "Veröffentlicht: Ladenkino"
    assert "Sehr anschaulich!" in mail.body
    assert f"/praxis/{practice.slug}/" in mail.body


def test_publish_without_comment_stores_no_comment(author, org, curator, mailoutbox, commit):
    practice = SubmittedPracticeFactory(organisation=org)
    with commit():
        services.practice_publish(practice=practice, curator=curator)
    assert not ReviewComment.objects.exists()
    assert len(mailoutbox) == 1
    assert "Hinweise der Kuration" not in mailoutbox[0].body


def test_expert_profile_author_gets_the_mail(curator, mailoutbox, commit):
    person = PersonFactory()
    practice = SubmittedPracticeFactory(organisation=person)
    with commit():
        services.practice_publish(practice=practice, curator=curator)
    assert mailoutbox[0].to == [person.user.email]


@pytest.mark.parametrize(
    "factory", [DraftPracticeFactory, ReturnedPracticeFactory, PracticeFactory]
)
@pytest.mark.parametrize("decision", ["publish", "return"])
def test_decisions_only_on_submitted(curator, factory, decision, mailoutbox):
    practice = factory()
    decide = (
        (lambda: services.practice_publish(practice=practice, curator=curator))
        if decision == "publish"
        else (lambda: services.practice_return(practice=practice, curator=curator, comment="x"))
    )
    with pytest.raises(ValidationError) as exc:
        decide()
    assert "Nur eingereichte Praxisbeispiele" in exc.value.messages[0]
    assert Practice.objects.get(pk=practice.pk).state == practice.state
    assert not ReviewComment.objects.exists()
    assert not AuditEntry.objects.exists()
    assert mailoutbox == []


def test_publication_keeps_first_publication_date(curator):
    practice = SubmittedPracticeFactory()
    services.practice_publish(practice=practice, curator=curator)
    first = Practice.objects.get(pk=practice.pk).published_at
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.SUBMITTED)
    services.practice_publish(practice=practice, curator=curator)
    assert Practice.objects.get(pk=practice.pk).published_at == first


# Ratings ------------------------------------------------------------------------------------


def test_rating_sets_means_of_present_criteria(curator):
    practice = PracticeFactory()
    before = Practice.objects.get(pk=practice.pk).updated
    services.practice_rate(
        practice=practice,
        curator=curator,
        ratings={
            "novelty": (5, "Neu in der Region."),
            "co_creation": (4, "Viele Beteiligte."),
            "local_impact": (None, ""),
            "transferability": (3, "Braucht Räume."),
        },
    )
    practice.refresh_from_db()
    assert practice.innovation_score == Decimal("4.5")
    assert practice.transfer_score == Decimal("3.0")
    assert practice.updated > before
    assert PracticeRating.objects.filter(practice=practice).count() == 3
    assert set(PracticeRating.objects.values_list("rated_by", flat=True)) == {curator.pk}
    entry = AuditEntry.objects.get(action="practice.rate")
    assert entry.changes["novelty"] == [None, 5]
    assert entry.changes["innovation_score"] == "4.5"


def test_rating_rounds_and_removes(curator):
    practice = PracticeFactory()
    PracticeRatingFactory(practice=practice, criterion="relevance", score=4)
    services.practice_rate(
        practice=practice,
        curator=curator,
        ratings={
            "novelty": (5, "a"),
            "co_creation": (4, "b"),
            "local_impact": (4, "c"),
            "relevance": (None, ""),
        },
    )
    practice.refresh_from_db()
    assert practice.innovation_score == Decimal("4.3")
    assert practice.transfer_score is None
    assert not PracticeRating.objects.filter(criterion="relevance").exists()


def test_rating_needs_reason_and_valid_score(curator):
    practice = PracticeFactory()
    with pytest.raises(ValidationError) as exc:
        services.practice_rate(practice=practice, curator=curator, ratings={"novelty": (4, " ")})
    assert exc.value.error_dict["novelty"][0].message == "Bitte begründen Sie die Bewertung."
    with pytest.raises(ValidationError):
        services.practice_rate(practice=practice, curator=curator, ratings={"novelty": (6, "x")})
    assert not PracticeRating.objects.exists()
    assert not AuditEntry.objects.exists()


def test_rating_refused_for_drafts(curator):
    with pytest.raises(ValidationError):
        services.practice_rate(
            practice=DraftPracticeFactory(), curator=curator, ratings={"novelty": (4, "x")}
        )
    assert not PracticeRating.objects.exists()


# Restore ------------------------------------------------------------------------------------


def test_restore_brings_back_fields_and_m2m_as_new_revision(author, org, curator):
    practice = services.practice_create(user=author, organisation=org, data=content())
    first = practice.history.get()
    original_approaches = set(practice.approaches.values_list("pk", flat=True))
    services.practice_update(
        practice=practice,
        user=author,
        data=content(title="Anders", description="Ganz anders.", approaches=[]),
    )
    services.practice_restore(practice=practice, user=curator, history_id=first.history_id)
    practice.refresh_from_db()
    assert practice.title == "Theater im Leerstand Süd"
    assert practice.description.startswith("## Ausgangslage")
    assert set(practice.approaches.values_list("pk", flat=True)) == original_approaches
    assert practice.state == Practice.State.DRAFT
    latest = practice.history.first()
    assert latest.history_user == curator
    assert latest.history_change_reason == f"Version {first.history_id} wiederhergestellt"
    assert practice.history.count() == 3
    entry = AuditEntry.objects.get(action="practice.restore")
    assert entry.changes["history_id"] == first.history_id
    assert entry.changes["title"] == ["Anders", "Theater im Leerstand Süd"]


def test_restore_keeps_workflow_state(author, org, curator):
    practice = services.practice_create(user=author, organisation=org, data=content())
    first = practice.history.get()
    services.practice_submit(practice=practice, user=author)
    services.practice_publish(practice=practice, curator=curator)
    services.practice_restore(practice=practice, user=curator, history_id=first.history_id)
    practice.refresh_from_db()
    assert practice.state == Practice.State.PUBLISHED
    assert practice.published_at is not None


def test_restore_refuses_revision_of_another_practice(curator):
    practice, other = PracticeFactory(), PracticeFactory()
    with pytest.raises(ValidationError):
        services.practice_restore(
            practice=practice, user=curator, history_id=other.history.first().history_id
        )


# Images -------------------------------------------------------------------------------------


def test_image_is_reencoded_as_png(author, org):
    practice = DraftPracticeFactory(organisation=org)
    picture = services.practice_image_add(
        practice=practice,
        user=author,
        image=png_upload((4000, 2000), "JPEG", "foto.jpg"),
        alt_text="Menschen vor einem Laden",
        credit="Foto: Initiative",
    )
    with picture.image.open("rb") as handle:
        image = Image.open(handle)
        assert image.format == "PNG"
        assert max(image.size) == services.IMAGE_MAX_EDGE
    assert picture.position == 0
    second = services.practice_image_add(
        practice=practice, user=author, image=png_upload(), alt_text="Hof", credit="privat"
    )
    assert second.position == 1
    assert actions() == ["practice.image_add", "practice.image_add"]


def test_image_of_a_draft_has_an_address_that_the_slug_does_not_give_away(author, org, client):
    """Images lie in the public uploads folder; a draft's stays private by its unguessable name."""
    practice = DraftPracticeFactory(organisation=org)
    picture = services.practice_image_add(
        practice=practice, user=author, image=png_upload(), alt_text="Hof", credit="privat"
    )
    assert re.fullmatch(
        rf"practices/\d{{4}}/{practice.slug[:40]}-[0-9a-f]{{16}}\.png", picture.image.name
    )
    assert not picture.image.storage.exists(f"practices/{timezone.now().year}/{practice.slug}.png")
    response = client.get(picture.image.url)  # served to whoever knows the address
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    response.close()


def test_image_needs_alt_text_and_an_image(author, org):
    practice = DraftPracticeFactory(organisation=org)
    with pytest.raises(ValidationError) as exc:
        services.practice_image_add(
            practice=practice,
            user=author,
            image=SimpleUploadedFile("x.png", b"not an image"),
            alt_text=" ",
            credit="x",
        )
    assert set(exc.value.error_dict) == {"alt_text", "image"}
    assert not practice.images.exists()


def test_image_remove(author, org):
    practice = DraftPracticeFactory(organisation=org)
    picture = services.practice_image_add(
        practice=practice, user=author, image=png_upload(), alt_text="Hof", credit="privat"
    )
    services.practice_image_remove(image=picture, user=author)
    assert not practice.images.exists()
    assert actions()[-1] == "practice.image_remove"


def test_involved_actor_rows_are_replaced(author, org):
    a, b = OrganisationFactory(), OrganisationFactory()
    practice = services.practice_create(
        user=author, organisation=org, data=content(), actors=[(a.pk, "partner")]
    )
    services.practice_update(
        practice=practice, user=author, data={}, actors=[(a.pk, "funder"), (b.pk, "partner")]
    )
    assert set(PracticeActor.objects.values_list("actor_id", "role")) == {
        (a.pk, "funder"),
        (b.pk, "partner"),
    }
