"""Every write to publications goes through a service that writes an audit entry."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quartiersnetz.actors.tests.factories import MembershipFactory, OrganisationFactory
from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications import services
from quartiersnetz.publications.models import Attachment, Publication, Recommendation

from .factories import AttachmentFactory, PublicationFactory, RecommendationFactory
from .pdfs import simple_pdf, upload

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_publication_create_update_publish_unpublish_are_audited(curator):
    author = OrganisationFactory(name="Stadtlabor")
    publication = services.publication_create(
        user=curator,
        data={"kind": "impulse", "title": "Mehr Grün für die Innenstadt", "summary": "Kurz."},
        author_organisations=[author],
    )
    assert publication.slug == "mehr-gruen-fuer-die-innenstadt"
    assert not publication.is_published
    assert publication.published_on == timezone.localdate()
    assert list(publication.author_organisations.all()) == [author]

    services.publication_update(
        user=curator,
        publication=publication,
        data={"summary": "Länger.", "title": publication.title},
    )
    update = AuditEntry.objects.get(action="publication.update")
    assert update.changes == {"summary": ["Kurz.", "Länger."]}

    services.publication_update(user=curator, publication=publication, data={"summary": "Länger."})
    assert AuditEntry.objects.filter(action="publication.update").count() == 1  # no-op: no entry

    services.publication_publish(user=curator, publication=publication)
    services.publication_publish(user=curator, publication=publication)  # idempotent
    publication.refresh_from_db()
    assert publication.is_published
    services.publication_unpublish(user=curator, publication=publication)
    publication.refresh_from_db()
    assert not publication.is_published
    assert actions() == [
        "publication.create",
        "publication.update",
        "publication.publish",
        "publication.unpublish",
    ]
    assert all(e.user == curator for e in AuditEntry.objects.all())


def test_reserved_and_duplicate_slugs(curator):
    with pytest.raises(ValidationError):
        services.publication_create(
            user=curator,
            data={"kind": "impulse", "title": "X", "slug": "handlungsempfehlungen"},
        )
    first = services.publication_create(
        user=curator, data={"kind": "impulse", "title": "Handlungsempfehlungen"}
    )
    assert first.slug == "handlungsempfehlungen-2"
    second = services.publication_create(
        user=curator, data={"kind": "impulse", "title": "Handlungsempfehlungen"}
    )
    assert second.slug == "handlungsempfehlungen-3"


def test_recommendation_save_and_delete_are_audited(curator):
    publication = PublicationFactory()
    rec = services.recommendation_save(
        user=curator, publication=publication, number=1, title="Räume öffnen"
    )
    services.recommendation_save(
        user=curator,
        publication=publication,
        number=1,
        title="Räume öffnen und teilen",
        recommendation=rec,
    )
    with pytest.raises(ValidationError):  # numbers are unique per publication
        services.recommendation_save(user=curator, publication=publication, number=1, title="X")
    services.recommendation_delete(user=curator, recommendation=rec)
    assert not Recommendation.objects.exists()
    assert actions() == ["recommendation.create", "recommendation.update", "recommendation.delete"]
    assert AuditEntry.objects.get(action="recommendation.update").changes == {
        "title": ["Räume öffnen", "Räume öffnen und teilen"]
    }


def test_recommendation_link_practices_records_added_and_removed(curator):
    rec = RecommendationFactory()
    a, b = PracticeFactory(), PracticeFactory(state=Practice.State.DRAFT)
    c = PracticeFactory()
    services.recommendation_link_practices(user=curator, recommendation=rec, practices=[a, b])
    services.recommendation_link_practices(user=curator, recommendation=rec, practices=[a, b])
    services.recommendation_link_practices(user=curator, recommendation=rec, practices=[b, c])
    entries = list(AuditEntry.objects.filter(action="recommendation.link_practices").order_by("id"))
    assert len(entries) == 2  # the unchanged second call writes nothing
    assert entries[0].changes == {"added": sorted([a.pk, b.pk]), "removed": []}
    assert entries[1].changes == {"added": [c.pk], "removed": [a.pk]}
    assert set(rec.practices.all()) == {b, c}
    assert set(c.recommendations.all()) == {rec}


def test_publication_delete_removes_files_after_commit(curator, django_capture_on_commit_callbacks):
    attachment = AttachmentFactory()
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_delete(user=curator, publication=attachment.publication)
    assert not Attachment.objects.exists()
    assert not storage.exists(name)
    assert actions() == ["publication.delete"]


def test_publication_submit_creates_an_unpublished_contribution_with_pdf():
    membership = MembershipFactory()
    user, org = membership.user, membership.organisation
    publication = services.publication_submit(
        user=user,
        organisation=org,
        data={"kind": "impulse", "title": "Unser Impuls", "summary": "Worum es geht."},
        upload=upload(simple_pdf(1), "impuls.pdf"),
    )
    assert not publication.is_published
    assert publication.submitted_by == user
    assert publication.submitted_for == org
    assert list(publication.author_organisations.all()) == [org]
    assert publication.attachments.get().file_name == "impuls.pdf"
    assert actions() == ["publication.submit", "attachment.add"]
    assert publication not in Publication.objects.published()


def test_publication_submit_refuses_foreign_organisations_and_rolls_back_on_bad_pdf():
    membership = MembershipFactory()
    with pytest.raises(ValidationError):
        services.publication_submit(
            user=membership.user,
            organisation=OrganisationFactory(),
            data={"kind": "impulse", "title": "Fremd", "summary": "x"},
        )
    with pytest.raises(ValidationError):
        services.publication_submit(
            user=membership.user,
            organisation=membership.organisation,
            data={"kind": "impulse", "title": "Mit kaputtem PDF", "summary": "x"},
            upload=upload(b"not a pdf", "x.pdf"),
        )
    assert not Publication.objects.filter(title__in=["Fremd", "Mit kaputtem PDF"]).exists()
    assert not AuditEntry.objects.exists()


def test_publishing_a_submission_dates_it_today(curator):
    membership = MembershipFactory()
    publication = services.publication_submit(
        user=membership.user,
        organisation=membership.organisation,
        data={"kind": "impulse", "title": "Spät veröffentlicht", "summary": "x"},
    )
    Publication.objects.filter(pk=publication.pk).update(published_on=datetime.date(2020, 1, 1))
    publication = services.publication_publish(user=curator, publication=publication)
    assert publication.published_on != datetime.date(2020, 1, 1)
    entry = AuditEntry.objects.get(action="publication.publish")
    assert entry.changes["published_on"][0] == "2020-01-01"
