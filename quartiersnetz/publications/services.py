"""All writes to publications, attachments and recommendations (keyword-only, atomic, audited)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.audit.services import apply_changes, audit_log
from quartiersnetz.core import news
from quartiersnetz.core.slugs import unique_slug
from quartiersnetz.practices.models import Practice

from .models import Attachment, Publication, Recommendation
from .pdf import validate_pdf_upload

PUBLICATION_FIELDS = (
    "kind", "title", "slug", "summary", "body", "action_field", "author_names",
    "published_on", "is_summary_only",
)  # fmt: skip
ATTACHMENT_FIELDS = ("title", "description", "position")

# Path segments under /impulse/ that a publication slug must not shadow.
RESERVED_SLUGS = frozenset({"handlungsempfehlungen", "einreichen", "feed-atom", "anhang"})


def _as_text(value: Any) -> Any:
    """Like `audit_value`, but floats as text (the audit entries of publications keep this)."""
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


def _set_authors(publication: Publication, authors: Iterable[Actor] | None) -> dict[str, Any]:
    if authors is None:
        return {}
    authors = list(authors)
    old = sorted(str(a) for a in publication.author_organisations.all())
    publication.author_organisations.set(authors)
    new = sorted(str(a) for a in authors)
    return {"author_organisations": [old, new]} if old != new else {}


@transaction.atomic
def publication_create(
    *,
    user: User | None,
    data: dict[str, Any],
    author_organisations: Iterable[Actor] | None = None,
) -> Publication:
    """Create a publication (unpublished unless data says is_published=True)."""
    publication = Publication()
    apply_changes(publication, PUBLICATION_FIELDS, data, display=_as_text, assign_fk_id=True)
    if not publication.published_on:
        publication.published_on = timezone.localdate()
    if not publication.slug:
        publication.slug = unique_slug(
            publication.title,
            queryset=Publication.objects.all(),
            fallback="beitrag",
            reserved=RESERVED_SLUGS,
        )
    elif publication.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("Dieser Kurzname ist reserviert.")})
    publication.is_published = bool(data.get("is_published", False))
    publication.full_clean()
    publication.save()
    _set_authors(publication, author_organisations)
    audit_log(
        user=user,
        action="publication.create",
        target=publication,
        changes={"is_published": publication.is_published},
    )
    if publication.is_published:
        news.record("publication_published", publication.pk)  # decision 0011
    return publication


@transaction.atomic
def publication_update(
    *,
    user: User | None,
    publication: Publication,
    data: dict[str, Any],
    author_organisations: Iterable[Actor] | None = None,
) -> Publication:
    """Change the fields of a publication; publishing has its own services."""
    changes = apply_changes(
        publication, PUBLICATION_FIELDS, data, display=_as_text, assign_fk_id=True
    )
    if "slug" in changes and publication.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("Dieser Kurzname ist reserviert.")})
    publication.full_clean()
    publication.save()
    changes.update(_set_authors(publication, author_organisations))
    if changes:
        audit_log(user=user, action="publication.update", target=publication, changes=changes)
    return publication


@transaction.atomic
def publication_publish(
    *, user: User | None, publication: Publication, published_on: datetime.date | None = None
) -> Publication:
    """Make a publication public (list, detail, feeds). A submission gets today's date."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.is_published:
        return publication
    changes: dict[str, Any] = {"is_published": [False, True]}
    if published_on is None and publication.submitted_at is not None:
        published_on = timezone.localdate()
    if published_on is not None and published_on != publication.published_on:
        changes["published_on"] = [str(publication.published_on), str(published_on)]
        publication.published_on = published_on
    publication.is_published = True
    publication.returned_at = None
    publication.save()
    audit_log(user=user, action="publication.publish", target=publication, changes=changes)
    news.record("publication_published", publication.pk)  # followers hear of it (decision 0011)
    return publication


@transaction.atomic
def publication_return(*, user: User | None, publication: Publication, note: str) -> Publication:
    """A curator returns a submission to its submitter with a note instead of publishing it.
    The submitter sees the note on the page and may submit it again after changing it."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Bitte schreiben Sie, was noch fehlt.")})
    if publication.is_published:
        raise ValidationError(_("Eine veröffentlichte Veröffentlichung wird nicht zurückgegeben."))
    if publication.submitted_at is None:
        raise ValidationError(_("Nur eingereichte Beiträge können zurückgegeben werden."))
    publication.review_note = note
    publication.returned_at = timezone.now()
    publication.full_clean()
    publication.save()
    audit_log(user=user, action="publication.return", target=publication, changes={"note": note})
    return publication


@transaction.atomic
def publication_resubmit(
    *, user: User, publication: Publication, data: dict[str, Any]
) -> Publication:
    """The submitter changes a returned submission and hands it in again for review."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.submitted_by_id != user.pk or publication.is_published:
        raise PermissionDenied
    fields = ("title", "summary", "body", "action_field", "author_names")
    changes = apply_changes(
        publication,
        fields,
        {k: v for k, v in data.items() if k in fields},
        display=_as_text,
        assign_fk_id=True,
    )
    publication.returned_at = None
    publication.submitted_at = timezone.now()
    publication.full_clean()
    publication.save()
    audit_log(user=user, action="publication.resubmit", target=publication, changes=changes)
    return publication


@transaction.atomic
def publication_unpublish(*, user: User | None, publication: Publication) -> Publication:
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not publication.is_published:
        return publication
    publication.is_published = False
    publication.save()
    audit_log(
        user=user,
        action="publication.unpublish",
        target=publication,
        changes={"is_published": [True, False]},
    )
    return publication


@transaction.atomic
def publication_delete(*, user: User | None, publication: Publication) -> None:
    """Delete a publication with its recommendations and attachments (files after commit)."""
    names = [(a.file.storage, a.file.name) for a in publication.attachments.all() if a.file.name]
    audit_log(
        user=user,
        action="publication.delete",
        target=publication,
        changes={"slug": publication.slug, "title": publication.title},
    )
    publication.delete()
    for storage, name in names:
        transaction.on_commit(partial(storage.delete, name))


@transaction.atomic
def publication_submit(
    *,
    user: User,
    organisation: Actor,
    data: dict[str, Any],
    upload: UploadedFile | None = None,
) -> Publication:
    """A network partner submits a contribution for its organisation; curators publish it."""
    if not user.memberships.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("Sie können nur für Ihre eigenen Organisationen einreichen.")}
        )
    fields = ("kind", "title", "summary", "body", "action_field", "author_names")
    publication = Publication(
        submitted_by=user,
        submitted_for=organisation,
        submitted_at=timezone.now(),
        published_on=timezone.localdate(),
        is_published=False,
    )
    apply_changes(
        publication,
        fields,
        {k: v for k, v in data.items() if k in fields},
        display=_as_text,
        assign_fk_id=True,
    )
    publication.slug = unique_slug(
        publication.title,
        queryset=Publication.objects.all(),
        fallback="beitrag",
        reserved=RESERVED_SLUGS,
    )
    publication.full_clean()
    publication.save()
    publication.author_organisations.set([organisation])
    audit_log(
        user=user,
        action="publication.submit",
        target=publication,
        changes={"organisation": str(organisation)},
    )
    if upload is not None:
        attachment_add(
            user=user,
            publication=publication,
            upload=upload,
            title=data.get("attachment_title") or publication.title,
        )
    return publication


@transaction.atomic
def attachment_add(
    *,
    user: User | None,
    publication: Publication,
    upload: UploadedFile,
    title: str,
    description: str = "",
    position: int | None = None,
) -> Attachment:
    """Attach a PDF after checking its content, size and name (raises ValidationError)."""
    info = validate_pdf_upload(upload)
    if position is None:
        last = publication.attachments.aggregate(m=Max("position"))["m"]
        position = 0 if last is None else last + 1
    attachment = Attachment(
        publication=publication,
        title=title.strip() or info.file_name,
        description=description,
        size=info.size,
        page_count=info.page_count,
        uploaded_by=user,
        position=position,
        file_name=info.file_name,
    )
    attachment.file.save(info.file_name, ContentFile(info.data), save=False)
    try:
        attachment.full_clean(exclude=["file"])
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    audit_log(
        user=user,
        action="attachment.add",
        target=publication,
        changes={
            "attachment": attachment.pk,
            "title": attachment.title,
            "file_name": attachment.file_name,
            "size": attachment.size,
        },
    )
    return attachment


@transaction.atomic
def attachment_update(
    *, user: User | None, attachment: Attachment, data: dict[str, Any]
) -> Attachment:
    changes = apply_changes(
        attachment, ATTACHMENT_FIELDS, data, display=_as_text, assign_fk_id=True
    )
    if changes:
        attachment.full_clean(exclude=["file"])
        attachment.save()
        changes["attachment"] = attachment.pk
        audit_log(
            user=user, action="attachment.update", target=attachment.publication, changes=changes
        )
    return attachment


@transaction.atomic
def attachment_remove(*, user: User | None, attachment: Attachment) -> None:
    """Delete the record; the stored file goes once the transaction has committed."""
    publication = attachment.publication
    changes = {"attachment": attachment.pk, "title": attachment.title}
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))
    audit_log(user=user, action="attachment.remove", target=publication, changes=changes)


RECOMMENDATION_FIELDS = ("number", "title", "text", "reasoning", "action_field", "approach")


@transaction.atomic
def recommendation_save(
    *,
    user: User | None,
    publication: Publication,
    number: int,
    title: str,
    text: str = "",
    recommendation: Recommendation | None = None,
    extra: dict[str, Any] | None = None,
) -> Recommendation:
    """Create or change a numbered recommendation of a publication. `extra` may carry
    "reasoning", "action_field" and "approach" (keys left out stay as they are)."""
    data: dict[str, Any] = {"number": number, "title": title, "text": text}
    data.update({k: v for k, v in (extra or {}).items() if k in RECOMMENDATION_FIELDS[3:]})
    if recommendation is None:
        recommendation = Recommendation(publication=publication)
        apply_changes(
            recommendation, RECOMMENDATION_FIELDS, data, display=_as_text, assign_fk_id=True
        )
        recommendation.full_clean()
        recommendation.save()
        audit_log(
            user=user,
            action="recommendation.create",
            target=recommendation,
            changes={"publication": publication.pk, "number": number},
        )
        return recommendation
    if recommendation.publication_id != publication.pk:
        raise ValidationError(_("Die Empfehlung gehört zu einer anderen Veröffentlichung."))
    changes = apply_changes(
        recommendation, RECOMMENDATION_FIELDS, data, display=_as_text, assign_fk_id=True
    )
    if changes:
        recommendation.full_clean()
        recommendation.save()
        audit_log(user=user, action="recommendation.update", target=recommendation, changes=changes)
    return recommendation


def recommendation_next_number(publication: Publication) -> int:
    last = publication.recommendations.aggregate(m=Max("number"))["m"]
    return 1 if last is None else last + 1


@transaction.atomic
def recommendation_delete(*, user: User | None, recommendation: Recommendation) -> None:
    audit_log(
        user=user,
        action="recommendation.delete",
        target=recommendation.publication,
        changes={"number": recommendation.number, "title": recommendation.title},
    )
    recommendation.delete()


@transaction.atomic
def recommendation_links_set(
    *,
    user: User | None,
    recommendation: Recommendation,
    through: type[Model],
    column: str,
    ids: Iterable[int],
    action: str,
) -> set[int]:
    """Link exactly the records `ids` to the recommendation in the many-to-many table `through`
    (its foreign keys: `recommendation` and `column`, e.g. "event_id"), audited as `action` with
    the ids added and removed. Returns the ids whose link changed (for the caller to mark those
    records changed); nothing is written when the set stays the same.

    The one shape of every "what does this recommendation link to" relation: its practices
    (here), the Werkstätten it was developed in (events) and the Vorhaben it is tried in
    (projects), which those apps own because they are above publications."""
    rows = through._default_manager.filter(recommendation=recommendation)
    new_ids = set(ids)
    old_ids = set(rows.values_list(column, flat=True))
    added, removed = sorted(new_ids - old_ids), sorted(old_ids - new_ids)
    if not added and not removed:
        return set()
    rows.filter(**{f"{column}__in": removed}).delete()
    through._default_manager.bulk_create(
        [through(recommendation=recommendation, **{column: pk}) for pk in added]
    )
    audit_log(
        user=user,
        action=action,
        target=recommendation,
        changes={"added": added, "removed": removed},
    )
    return {*added, *removed}


@transaction.atomic
def recommendation_link_practices(
    *, user: User | None, recommendation: Recommendation, practices: Iterable[Practice]
) -> Recommendation:
    """Set the practices that show this recommendation. Drafts may be linked in advance;
    the public pages only ever list published ones."""
    changed = recommendation_links_set(
        user=user,
        recommendation=recommendation,
        through=Recommendation.practices.through,
        column="practice_id",
        ids=[p.pk for p in practices],
        action="recommendation.link_practices",
    )
    if changed:
        Recommendation.objects.filter(pk=recommendation.pk).update(updated=timezone.now())
    return recommendation
