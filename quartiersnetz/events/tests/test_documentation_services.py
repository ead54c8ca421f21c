"""The documentation services: summary, outcomes, presented practices, recommendations, PDFs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from quartiersnetz.audit.models import AuditEntry
from quartiersnetz.events import documentation_services
from quartiersnetz.events.models import AgendaItem, Event, EventDocument
from quartiersnetz.events.practice_links import events_presenting
from quartiersnetz.events.tests.factories import AgendaItemFactory, EventFactory
from quartiersnetz.practices.models import Practice
from quartiersnetz.practices.tests.factories import (
    DraftPracticeFactory,
    PracticeFactory,
)
from quartiersnetz.publications.tests.factories import RecommendationFactory
from quartiersnetz.publications.tests.pdfs import simple_pdf

pytestmark = pytest.mark.django_db


def past_event(**kwargs) -> Event:
    start = timezone.now() - dt.timedelta(days=2)
    return EventFactory(start=start, end=start + dt.timedelta(hours=4), **kwargs)


def test_document_links_both_ways(curator):
    event = past_event()
    in_programme = PracticeFactory()
    only_presented = PracticeFactory()
    item = AgendaItemFactory(event=event, start=event.start, end=event.end, practice=in_programme)
    recommendation = RecommendationFactory()
    documentation_services.event_document(
        event=event,
        user=curator,
        documentation="## Ergebnisse\n\nViel gelernt.",
        outcomes={item.pk: "Drei Ideen für den Leerstand."},
        practices=[in_programme, only_presented],
        recommendations=[recommendation],
    )
    event.refresh_from_db()
    assert event.documented_at is not None
    first_documented = event.documented_at
    assert set(event.presented_practices.all()) == {in_programme, only_presented}
    assert list(event.recommendations.all()) == [recommendation]
    assert AgendaItem.objects.get(pk=item.pk).outcome == "Drei Ideen für den Leerstand."
    assert list(events_presenting(only_presented)) == [event]
    assert list(events_presenting(in_programme)) == [event]
    # documented_at is set once.
    documentation_services.event_document(event=event, user=curator, documentation="Neu")
    event.refresh_from_db()
    assert event.documented_at == first_documented
    assert AuditEntry.objects.filter(action="event.document").count() == 2


def test_document_refuses_unpublished_practices_and_future_events(curator):
    event = past_event()
    with pytest.raises(ValidationError):
        documentation_services.event_document(
            event=event, user=curator, documentation="x", practices=[DraftPracticeFactory()]
        )
    future = EventFactory()
    with pytest.raises(ValidationError):
        documentation_services.event_document(event=future, user=curator, documentation="x")
    draft = past_event(state=Event.State.DRAFT)
    with pytest.raises(ValidationError):
        documentation_services.event_document(event=draft, user=curator, documentation="x")
    assert not Event.objects.filter(documented_at__isnull=False).exists()


def test_document_add_and_remove(curator, django_capture_on_commit_callbacks):
    event = past_event()
    upload = SimpleUploadedFile("Ergebnisse (Werkstatt).pdf", simple_pdf(3), "application/pdf")
    document = documentation_services.event_document_add(
        event=event, user=curator, upload=upload, title="Ergebnisprotokoll"
    )
    assert document.pages == 3
    assert document.size == len(simple_pdf(3))
    assert document.file.name.endswith(".pdf")
    name, storage = document.file.name, document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        documentation_services.event_document_remove(document=document, user=curator)
    assert not EventDocument.objects.exists()
    assert not storage.exists(name)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"event.document_add", "event.document_remove"} <= actions


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        ("notiz.txt", simple_pdf(1)),
        ("seite.pdf", b"<html><body>kein PDF</body></html>"),
    ],
)
def test_document_add_rejects_non_pdf(curator, name, content):
    event = past_event()
    with pytest.raises(ValidationError) as exc:
        documentation_services.event_document_add(
            event=event, user=curator, upload=SimpleUploadedFile(name, content)
        )
    assert "file" in exc.value.message_dict
    assert not EventDocument.objects.exists()


def test_practice_state_is_checked_at_documentation_time(curator):
    event = past_event()
    practice = PracticeFactory()
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.DRAFT)
    practice.refresh_from_db()
    with pytest.raises(ValidationError):
        documentation_services.event_document(
            event=event, user=curator, documentation="", practices=[practice]
        )
