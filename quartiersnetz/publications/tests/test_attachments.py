"""Attachments: added through the service, listed on the detail page, served as downloads."""

import pytest

from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.publications import services
from quartiersnetz.publications.models import Attachment

from .factories import AttachmentFactory, PublicationFactory
from .pdfs import simple_pdf, upload

pytestmark = pytest.mark.django_db


def test_attachment_add_stores_under_a_random_name_and_writes_an_audit_entry(curator):
    publication = PublicationFactory()
    data = simple_pdf(4)
    attachment = services.attachment_add(
        user=curator,
        publication=publication,
        upload=upload(data, "Ergebnisse der Werkstatt.pdf"),
        title="Ergebnisse",
    )
    assert attachment.file_name == "ergebnisse-der-werkstatt.pdf"
    assert attachment.file.name.startswith("publications/")
    assert "werkstatt" not in attachment.file.name  # unguessable storage name
    assert attachment.size == len(data)
    assert attachment.page_count == 4
    assert attachment.uploaded_by == curator
    assert attachment.position == 0
    entry = AuditEntry.objects.get(action="attachment.add")
    assert entry.user == curator
    assert entry.object_id == str(publication.pk)
    assert entry.changes["file_name"] == "ergebnisse-der-werkstatt.pdf"
    second = services.attachment_add(
        user=curator, publication=publication, upload=upload(data), title=""
    )
    assert second.position == 1
    assert second.title == "zehn-erfolgsfaktoren.pdf"


def test_attachment_add_refuses_a_fake_pdf_and_stores_nothing(curator):
    from django.core.exceptions import ValidationError

    from .pdfs import PNG_BYTES

    publication = PublicationFactory()
    with pytest.raises(ValidationError):
        services.attachment_add(
            user=curator, publication=publication, upload=upload(PNG_BYTES), title="Bild"
        )
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(action="attachment.add").exists()


def test_attachment_update_and_remove_write_audit_entries(
    curator, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    services.attachment_update(
        user=curator, attachment=attachment, data={"title": "Neuer Titel", "position": 3}
    )
    entry = AuditEntry.objects.get(action="attachment.update")
    assert entry.changes["title"][1] == "Neuer Titel"
    assert entry.changes["position"] == [0, 3]
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(user=curator, attachment=attachment)
    assert not Attachment.objects.exists()
    assert not storage.exists(name)
    assert AuditEntry.objects.filter(action="attachment.remove").count() == 1


def test_detail_lists_attachments_with_pdf_size_and_pages(client):
    attachment = AttachmentFactory(title="Zehn Erfolgsfaktoren", description="Die Langfassung.")
    html = client.get(attachment.publication.get_absolute_url()).content.decode()
    url = attachment.get_absolute_url()
    assert url == (
        f"/impulse/{attachment.publication.slug}/anhang/{attachment.pk}/dokumentation.pdf"
    )
    assert f'href="{url}" type="application/pdf"' in html
    assert "Zehn Erfolgsfaktoren <span" in html
    assert "(PDF, " in html
    assert "2 Seiten)" in html
    assert "Die Langfassung." in html


def test_download_has_content_type_disposition_and_length(client):
    attachment = AttachmentFactory()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dokumentation.pdf"'
    assert response["Content-Length"] == str(len(body)) == str(attachment.size)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "public, max-age=3600"


def test_download_with_umlaut_name_is_ascii_safe(client):
    attachment = AttachmentFactory(file_name="uebersicht-strasse.pdf")
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="uebersicht-strasse.pdf"'


def test_download_refuses_wrong_name_wrong_publication_and_post(client):
    attachment = AttachmentFactory()
    other = PublicationFactory()
    base = f"/impulse/{attachment.publication.slug}/anhang/{attachment.pk}/"
    assert client.get(base + "anders.pdf").status_code == 404
    assert (
        client.get(f"/impulse/{other.slug}/anhang/{attachment.pk}/dokumentation.pdf").status_code
        == 404
    )
    assert (
        client.get(f"/impulse/{attachment.publication.slug}/anhang/999999/x.pdf").status_code == 404
    )
    assert client.post(attachment.get_absolute_url()).status_code == 405


def test_attachments_of_unpublished_publications_are_not_public(client, user, curator):
    attachment = AttachmentFactory(publication__is_published=False)
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 404
    client.force_login(curator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_missing_file_is_404_not_500(client):
    attachment = AttachmentFactory()
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(attachment.get_absolute_url()).status_code == 404
