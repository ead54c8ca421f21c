"""The curators' admin writes through the services, so every change has an audit entry."""

import pytest

from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.practices.tests.factories import PracticeFactory
from quartiersnetz.publications.models import Attachment, Publication, Recommendation

from .factories import AttachmentFactory, PublicationFactory, RecommendationFactory
from .pdfs import PNG_BYTES, simple_pdf, upload

pytestmark = pytest.mark.django_db

ADMIN = "/verwaltung/publications/publication/"


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def base_data(**overrides) -> dict:
    data = {
        "kind": "recommendations",
        "title": "Zehn Faktoren für Zentren",
        "slug": "zehn-faktoren-fuer-zentren",
        "summary": "Kurz.",
        "body": "",
        "action_field": "",
        "author_names": "",
        "published_on": "2024-05-01",
        **management("recommendations", 0),
        **management("attachments", 0),
    }
    data.update(overrides)
    return data


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_admin_add_with_recommendation_practices_and_pdf_is_audited(client, staff_curator):
    practice = PracticeFactory()
    data = base_data(
        is_published="on",
        **management("recommendations", 1),
        **{
            "recommendations-0-number": "1",
            "recommendations-0-title": "Räume öffnen",
            "recommendations-0-text": "",
            "recommendations-0-practices": str(practice.pk),
        },
        **management("attachments", 1),
        **{
            "attachments-0-upload": upload(simple_pdf(2), "Langfassung.pdf"),
            "attachments-0-title": "Langfassung",
            "attachments-0-description": "",
            "attachments-0-position": "0",
        },
    )
    response = client.post(ADMIN + "add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    publication = Publication.objects.get(slug="zehn-faktoren-fuer-zentren")
    assert publication.is_published
    rec = publication.recommendations.get()
    assert list(rec.practices.all()) == [practice]
    attachment = publication.attachments.get()
    assert attachment.file_name == "langfassung.pdf"
    assert attachment.page_count == 2
    assert attachment.uploaded_by == staff_curator
    assert actions() == [
        "publication.create",
        "publication.publish",
        "recommendation.create",
        "recommendation.link_practices",
        "attachment.add",
    ]
    assert all(e.user == staff_curator for e in AuditEntry.objects.all())


def test_admin_refuses_a_fake_pdf_in_the_inline(client, staff_curator):
    data = base_data(
        **management("attachments", 1),
        **{
            "attachments-0-upload": upload(PNG_BYTES, "bild.pdf"),
            "attachments-0-title": "Bild",
            "attachments-0-description": "",
            "attachments-0-position": "0",
        },
    )
    response = client.post(ADMIN + "add/", data)
    assert response.status_code == 200
    assert "kein lesbares PDF" in response.content.decode()
    assert not Publication.objects.filter(slug="zehn-faktoren-fuer-zentren").exists()
    assert not AuditEntry.objects.exists()


def test_admin_change_updates_deletes_and_relinks_through_services(client, staff_curator):
    publication = PublicationFactory(
        kind=Publication.Kind.RECOMMENDATIONS, slug="zehn-faktoren-fuer-zentren", is_published=True
    )
    keep = RecommendationFactory(publication=publication, number=1, title="Alt")
    drop = RecommendationFactory(publication=publication, number=2, title="Weg")
    attachment = AttachmentFactory(publication=publication, title="Alt-PDF")
    p1, p2 = PracticeFactory(), PracticeFactory()
    keep.practices.set([p1])
    data = base_data(
        summary="Neu.",
        **management("recommendations", 2, 2),
        **{
            "recommendations-0-id": str(keep.pk),
            "recommendations-0-publication": str(publication.pk),
            "recommendations-0-number": "1",
            "recommendations-0-title": "Neu",
            "recommendations-0-text": "",
            "recommendations-0-practices": f"{p1.pk},{p2.pk}",
            "recommendations-1-id": str(drop.pk),
            "recommendations-1-publication": str(publication.pk),
            "recommendations-1-number": "2",
            "recommendations-1-title": "Weg",
            "recommendations-1-text": "",
            "recommendations-1-practices": "",
            "recommendations-1-DELETE": "on",
        },
        **management("attachments", 1, 1),
        **{
            "attachments-0-id": str(attachment.pk),
            "attachments-0-publication": str(publication.pk),
            "attachments-0-title": "Neu-PDF",
            "attachments-0-description": "",
            "attachments-0-position": "0",
        },
    )  # is_published omitted: the checkbox is cleared → unpublish
    response = client.post(f"{ADMIN}{publication.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    publication.refresh_from_db()
    assert publication.summary == "Neu."
    assert not publication.is_published
    assert list(Recommendation.objects.filter(publication=publication)) == [keep]
    keep.refresh_from_db()
    assert keep.title == "Neu"
    assert set(keep.practices.all()) == {p1, p2}
    assert Attachment.objects.get().title == "Neu-PDF"
    assert set(actions()) == {
        "publication.update",
        "publication.unpublish",
        "recommendation.delete",
        "recommendation.update",
        "recommendation.link_practices",
        "attachment.update",
    }


def test_admin_actions_publish_and_unpublish(client, staff_curator):
    draft = PublicationFactory(is_published=False)
    response = client.post(
        ADMIN, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.is_published
    client.post(ADMIN, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published
    assert actions() == ["publication.publish", "publication.unpublish"]


def test_admin_lists_submissions_and_shows_the_pdf_inline(client, staff_curator):
    attachment = AttachmentFactory(publication__is_published=False)
    assert client.get(ADMIN + "?submitted_at__isempty=0").status_code == 200
    html = client.get(f"{ADMIN}{attachment.publication.pk}/change/").content.decode()
    assert "attachments-0-upload" in html
    assert "dokumentation.pdf" in html
