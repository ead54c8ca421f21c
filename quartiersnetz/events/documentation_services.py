"""Curator writes to the documentation of a Werkstatt that has taken place.

The summary, an outcome per agenda item, the practices presented, the recommendations the
event fed, and PDF documents. Only published events that have begun are documented.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.audit.services import audit_log
from quartiersnetz.core import news
from quartiersnetz.practices.models import Practice
from quartiersnetz.publications.models import Recommendation
from quartiersnetz.publications.pdf import validate_pdf_upload

from .models import AgendaItem, Event, EventDocument
from .services import audit_display, event_search_text, lock_event, touch_event


def _require_documentable(event: Event) -> None:
    if event.state != Event.State.PUBLISHED:
        raise ValidationError(
            _("Dokumentiert werden nur veröffentlichte Veranstaltungen, die stattgefunden haben.")
        )
    if event.start > timezone.now():
        raise ValidationError(
            _("Die Veranstaltung hat noch nicht begonnen; dokumentieren Sie sie danach.")
        )


@transaction.atomic
def event_document(
    *,
    event: Event,
    user: User | None,
    documentation: str,
    outcomes: dict[int, str] | None = None,
    practices: Iterable[Practice] | None = None,
    recommendations: Iterable[Recommendation] | None = None,
) -> Event:
    """Write the documentation: summary, an outcome per agenda item, the (published) practices
    presented and the recommendations the event fed. The first time sets documented_at."""
    event = lock_event(event)
    _require_documentable(event)
    changes: dict[str, Any] = {}
    documentation = documentation.strip()
    if documentation != event.documentation:
        changes["documentation"] = "geändert" if event.documentation else "angelegt"
        event.documentation = documentation
    if outcomes:
        items = {i.pk: i for i in AgendaItem.objects.filter(event=event, pk__in=list(outcomes))}
        if set(outcomes) - set(items):
            raise ValidationError(_("Ein Programmpunkt gehört nicht zu dieser Veranstaltung."))
        for pk, text in outcomes.items():
            text = text.strip()
            if items[pk].outcome != text:
                items[pk].outcome = text
                items[pk].save(update_fields=["outcome", "updated"])
                changes.setdefault("outcomes", []).append(pk)
    if practices is not None:
        chosen = list(practices)
        if any(not Practice.PUBLIC.holds(p) for p in chosen):
            raise ValidationError(
                {"practices": _("Nur veröffentlichte Praxisbeispiele können verknüpft werden.")}
            )
        old = set(event.presented_practices.values_list("pk", flat=True))
        new = {p.pk for p in chosen}
        if old != new:
            event.presented_practices.set(sorted(new))
            changes["presented_practices"] = {
                "added": sorted(new - old), "removed": sorted(old - new)
            }  # fmt: skip
    if recommendations is not None:
        old = set(event.recommendations.values_list("pk", flat=True))
        new = {r.pk for r in recommendations}
        if old != new:
            event.recommendations.set(sorted(new))
            changes["recommendations"] = {"added": sorted(new - old), "removed": sorted(old - new)}
    first = event.documented_at is None
    if first:
        event.documented_at = timezone.now()
        changes["documented_at"] = audit_display(event.documented_at)
        news.record("event_documentation", event.pk)  # followers hear of it (decision 0011)
    if changes:
        event.search_text = event_search_text(event)
        event.save(update_fields=["documentation", "documented_at", "search_text", "updated"])
        audit_log(user=user, action="event.document", target=event, changes=changes)
    return event


@transaction.atomic
def event_document_add(
    *, event: Event, user: User | None, upload: UploadedFile, title: str = ""
) -> EventDocument:
    """Attach a PDF to the documentation after checking its content, size and name."""
    event = lock_event(event)
    _require_documentable(event)
    try:
        info = validate_pdf_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = EventDocument(
        event=event,
        title=title.strip() or info.file_name,
        size=info.size,
        pages=info.page_count,
    )
    document.file.save(info.file_name, ContentFile(info.data), save=False)
    try:
        document.full_clean(exclude=["file"])
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    touch_event(event.pk)
    audit_log(
        user=user, action="event.document_add", target=event,
        changes={"document": document.pk, "title": document.title, "size": document.size},
    )  # fmt: skip
    return document


@transaction.atomic
def event_document_remove(*, document: EventDocument, user: User | None) -> None:
    """Delete the record; the stored file goes once the transaction has committed."""
    event = lock_event(document.event)
    changes = {"document": document.pk, "title": document.title}
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))
    touch_event(event.pk)
    audit_log(user=user, action="event.document_remove", target=event, changes=changes)
