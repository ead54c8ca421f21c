"""All writes to Praxisbeispiele go through these functions (keyword-only, typed, atomic).

Revisions: django-simple-history records every save of a practice. The services
pause it while they change several things (fields, then the many-to-many fields)
and then save once, so that one user action makes exactly one revision that
knows who made it (`_history_user`) and why (`_change_reason`).

Involved actors (`PracticeActor`) and images are not part of the revision history;
their changes are written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.actors.rules import is_profile_editor
from quartiersnetz.audit.services import apply_changes, audit_log, audit_value
from quartiersnetz.core import news
from quartiersnetz.core.changes import announce
from quartiersnetz.core.images import reencode_image
from quartiersnetz.core.media import upload_name
from quartiersnetz.core.slugs import unique_slug

from . import tasks
from .models import (
    INNOVATION_CRITERIA,
    TRANSFER_CRITERIA,
    Practice,
    PracticeActor,
    PracticeImage,
    PracticeRating,
    RatingCriterion,
    ReviewComment,
)

# The fields an author edits (the form's fields besides organisation and the m2m fields).
CONTENT_FIELDS = (
    "kind", "type", "title", "summary", "description", "municipality", "latitude",
    "longitude", "spatial_field", "co_creation_level", "co_creation",
    "organisational_structure", "financing", "cultural_strategy",
    "self_sustaining_dynamics", "status", "start_year", "end_year", "sources", "licence",
    "adapted_from",
)  # fmt: skip
M2M_FIELDS = ("action_fields", "approaches", "methods")
# A restored revision brings back the content, never the workflow state, the dates of
# submission and publication, the ratings' means, the slug or the organisation.
RESTORED_FIELDS = CONTENT_FIELDS

# Path segments under /praxis/ that a practice slug must not shadow.
RESERVED_SLUGS = frozenset(
    {"neu", "meine", "pruefung", "typologie", "karte", "passt-zu-meinem-ort", "feed-atom"}
)
IMAGE_MAX_EDGE = 1600

# Change reasons stored with each revision (at most 100 characters).
REASON_CREATED = "angelegt"
REASON_UPDATED = "geändert"
REASON_SUBMITTED = "eingereicht"
REASON_RETURNED = "zurückgegeben"
REASON_PUBLISHED = "veröffentlicht"
REASON_RATED = "bewertet"
REASON_RESTORED = "Version %(id)s wiederhergestellt"


@contextmanager
def _history_paused(practice: Practice) -> Iterator[None]:
    """Record no revision for saves and m2m changes inside the block."""
    practice.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del practice.skip_history_when_saving  # type: ignore[attr-defined]


def _save_revision(
    practice: Practice, *, user: User | None, reason: str, update_fields: Sequence[str] = ()
) -> None:
    """Save the practice as one new revision by `user`, with `reason` as change reason."""
    practice._history_user = user  # type: ignore[attr-defined]
    practice._change_reason = reason[:100]  # type: ignore[attr-defined]
    if update_fields:
        practice.save(update_fields=[*update_fields, "updated", "terms", "search_text"])
    else:
        practice.save()


def _touch(practice_id: int) -> None:
    """Mark the practice as changed without a revision (images, involved actors)."""
    Practice.objects.filter(pk=practice_id).update(updated=timezone.now())


def _lock(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _set_m2m(practice: Practice, data: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    with _history_paused(practice):
        for name in M2M_FIELDS:
            if name not in data:
                continue
            manager = getattr(practice, name)
            old = sorted(str(o) for o in manager.all())
            new_objects = list(data[name])
            manager.set(new_objects)
            new = sorted(str(o) for o in new_objects)
            if old != new:
                changes[name] = [old, new]
    return changes


def _set_involved_actors(
    practice: Practice, actors: Iterable[tuple[int, str]] | None
) -> dict[str, Any]:
    """Replace the involved actors by `actors` ((actor id, role) pairs); return the change.

    Only visible profiles can be added; ones already involved may stay even if hidden since.
    """
    if actors is None:
        return {}
    wanted = {(int(actor_id), role) for actor_id, role in actors}
    existing = {
        (row.actor_id, row.role): row.pk for row in PracticeActor.objects.filter(practice=practice)
    }
    removed = set(existing) - wanted
    added = wanted - set(existing)
    known = {a for a, _r in existing}
    new_ids = {a for a, _r in added} - known
    visible = set(Actor.objects.visible().filter(pk__in=new_ids).values_list("pk", flat=True))
    if new_ids - visible or any(r not in PracticeActor.Role.values for _a, r in added):
        raise ValidationError(
            {"involved_actors": _("Unbekannte Mitwirkende oder Rolle bei den Beteiligten.")}
        )
    if removed:
        PracticeActor.objects.filter(pk__in=[existing[key] for key in removed]).delete()
    PracticeActor.objects.bulk_create(
        PracticeActor(practice=practice, actor_id=actor_id, role=role)
        for actor_id, role in sorted(added)
    )
    if not (removed or added):
        return {}
    names = dict(
        Actor.objects.filter(pk__in={a for a, _r in set(existing) | wanted}).values_list(
            "pk", "name"
        )
    )

    def labels(keys: set[tuple[int, str]]) -> list[str]:
        return sorted(f"{names.get(a, a)} ({PracticeActor.Role(r).label})" for a, r in keys)

    return {"involved_actors": [labels(set(existing)), labels(wanted)]}


def _check_author(user: User, organisation: Actor) -> None:
    if not is_profile_editor(user, organisation):
        raise ValidationError(
            {
                "organisation": _(
                    "Sie können Praxisbeispiele nur für Ihre eigenen Organisationen oder Ihr "
                    "Expertenprofil einreichen."
                )
            }
        )


# Writing ------------------------------------------------------------------------------------


@transaction.atomic
def practice_create(
    *,
    user: User,
    organisation: Actor,
    data: dict[str, Any],
    actors: Iterable[tuple[int, str]] | None = None,
) -> Practice:
    """Create a draft for one of the user's organisations (or their own expert profile)."""
    _check_author(user, organisation)
    practice = Practice(organisation=organisation, created_by=user, state=Practice.State.DRAFT)
    apply_changes(practice, CONTENT_FIELDS, data)
    practice.slug = unique_slug(
        practice.title,
        queryset=Practice.objects.all(),
        fallback="praxisbeispiel",
        reserved=RESERVED_SLUGS,
    )
    practice.full_clean()
    with _history_paused(practice):
        practice.save()
    _set_m2m(practice, data)
    _set_involved_actors(practice, actors)
    # One revision with the complete first state (fields and m2m) — the "created" revision.
    _save_revision(practice, user=user, reason=REASON_CREATED, update_fields=["title"])
    history = Practice.history
    latest = history.filter(id=practice.pk).order_by("-history_id").first()
    history.filter(history_id=latest.history_id).update(history_type="+")
    audit_log(
        user=user, action="practice.create", target=practice,
        changes={"organisation": organisation.name},
    )  # fmt: skip
    return practice


@transaction.atomic
def practice_update(
    *,
    practice: Practice,
    user: User,
    data: dict[str, Any],
    actors: Iterable[tuple[int, str]] | None = None,
    organisation: Actor | None = None,
) -> Practice:
    """Change the content; a change makes one new revision recording who changed what.

    The slug stays stable (links keep working) even if the title changes.
    """
    announce("practices")  # the network recomputes from this (core.changes)
    practice = _lock(practice)
    changes = apply_changes(practice, CONTENT_FIELDS, data)
    if organisation is not None and organisation.pk != practice.organisation_id:
        _check_author(user, organisation)
        changes["organisation"] = [practice.organisation.name, organisation.name]
        practice.organisation = organisation
    practice.full_clean()
    changes.update(_set_m2m(practice, data))
    changes.update(_set_involved_actors(practice, actors))
    if changes:
        _save_revision(practice, user=user, reason=REASON_UPDATED)
        audit_log(user=user, action="practice.update", target=practice, changes=changes)
    return practice


# Workflow -----------------------------------------------------------------------------------


@transaction.atomic
def practice_submit(*, practice: Practice, user: User) -> Practice:
    """Draft or returned → submitted; the curators are told by e-mail."""
    practice = _lock(practice)
    if practice.state not in (Practice.State.DRAFT, Practice.State.RETURNED):
        raise ValidationError(
            _(
                "Nur Entwürfe und zurückgegebene Praxisbeispiele können eingereicht werden "
                "(aktueller Stand: %(state)s)."
            )
            % {"state": practice.get_state_display()}
        )
    if not practice.description.strip():
        raise ValidationError(
            {"description": _("Bitte beschreiben Sie das Praxisbeispiel, bevor Sie es einreichen.")}
        )
    old = practice.state
    practice.state = Practice.State.SUBMITTED
    practice.submitted_at = timezone.now()
    _save_revision(
        practice, user=user, reason=REASON_SUBMITTED, update_fields=["state", "submitted_at"]
    )
    audit_log(
        user=user, action="practice.submit", target=practice,
        changes={"state": [old, practice.state]},
    )  # fmt: skip
    practice_id = practice.pk
    transaction.on_commit(lambda: tasks.send_practice_submitted.enqueue(practice_id))
    return practice


def _require_submitted(practice: Practice) -> None:
    if practice.state != Practice.State.SUBMITTED:
        raise ValidationError(
            _(
                "Nur eingereichte Praxisbeispiele können geprüft werden "
                "(aktueller Stand: %(state)s)."
            )
            % {"state": practice.get_state_display()}
        )


@transaction.atomic
def practice_return(*, practice: Practice, curator: User, comment: str) -> Practice:
    """Submitted → returned, with a required comment for the authors (sent by e-mail)."""
    announce("practices")  # the network recomputes from this (core.changes)
    practice = _lock(practice)
    _require_submitted(practice)
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Bitte schreiben Sie den Autor*innen, was noch zu tun ist.")}
        )
    practice.state = Practice.State.RETURNED
    _save_revision(practice, user=curator, reason=REASON_RETURNED, update_fields=["state"])
    note = ReviewComment.objects.create(
        practice=practice, author=curator, transition=Practice.State.RETURNED, text=comment
    )
    audit_log(
        user=curator, action="practice.return", target=practice,
        changes={"state": [Practice.State.SUBMITTED, practice.state], "comment": comment},
    )  # fmt: skip
    practice_id, note_id = practice.pk, note.pk
    transaction.on_commit(
        lambda: tasks.send_practice_decision.enqueue(practice_id, "returned", note_id)
    )
    return practice


@transaction.atomic
def practice_publish(*, practice: Practice, curator: User, comment: str = "") -> Practice:
    """Submitted → published (first publication date kept); the authors get an e-mail."""
    announce("practices")  # the network recomputes from this (core.changes)
    practice = _lock(practice)
    _require_submitted(practice)
    practice.state = Practice.State.PUBLISHED
    if practice.published_at is None:
        practice.published_at = timezone.now()
    _save_revision(
        practice, user=curator, reason=REASON_PUBLISHED, update_fields=["state", "published_at"]
    )
    comment = comment.strip()
    note_id: int | None = None
    if comment:
        note_id = ReviewComment.objects.create(
            practice=practice, author=curator, transition=Practice.State.PUBLISHED, text=comment
        ).pk
    changes: dict[str, Any] = {"state": [Practice.State.SUBMITTED, practice.state]}
    if comment:
        changes["comment"] = comment
    audit_log(user=curator, action="practice.publish", target=practice, changes=changes)
    news.record("practice_published", practice.pk)  # followers hear of it (decision 0011)
    practice_id = practice.pk
    transaction.on_commit(
        lambda: tasks.send_practice_decision.enqueue(practice_id, "published", note_id)
    )
    return practice


# Ratings ------------------------------------------------------------------------------------


def _mean(scores: list[int]) -> Decimal | None:
    if not scores:
        return None
    return (Decimal(sum(scores)) / Decimal(len(scores))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@transaction.atomic
def practice_rate(
    *,
    practice: Practice,
    curator: User,
    ratings: dict[str, tuple[int | None, str]],
) -> Practice:
    """Set (or, with score None, remove) the curator's score and reason per criterion.

    The practice's innovation and transfer scores become the means of the criteria
    that are rated (one decimal), or empty if none is.
    """
    practice = _lock(practice)
    if practice.state not in (Practice.State.SUBMITTED, Practice.State.PUBLISHED):
        raise ValidationError(
            _("Bewertet werden nur eingereichte und veröffentlichte Praxisbeispiele.")
        )
    errors: dict[str, Any] = {}
    for criterion, (score, reason) in ratings.items():
        if criterion not in RatingCriterion.values:
            errors[criterion] = _("Unbekanntes Kriterium.")
        elif score is not None and not 1 <= score <= 5:
            errors[criterion] = _("Die Bewertung muss zwischen 1 und 5 liegen.")
        elif score is not None and not reason.strip():
            errors[criterion] = _("Bitte begründen Sie die Bewertung.")
    if errors:
        raise ValidationError(errors)

    existing = {r.criterion: r for r in PracticeRating.objects.filter(practice=practice)}
    changes: dict[str, Any] = {}
    for criterion, (score, reason) in ratings.items():
        current = existing.get(criterion)
        if score is None:
            if current is not None:
                changes[criterion] = [current.score, None]
                current.delete()
                del existing[criterion]
            continue
        reason = reason.strip()
        if current is None:
            existing[criterion] = PracticeRating.objects.create(
                practice=practice, criterion=criterion, score=score, reason=reason,
                rated_by=curator,
            )  # fmt: skip
            changes[criterion] = [None, score]
        elif current.score != score or current.reason != reason:
            if current.score != score:
                changes[criterion] = [current.score, score]
            else:
                changes[criterion] = {"reason": "geändert"}
            current.score, current.reason, current.rated_by = score, reason, curator
            current.save()

    practice.innovation_score = _mean(
        [r.score for c, r in existing.items() if c in INNOVATION_CRITERIA]
    )
    practice.transfer_score = _mean(
        [r.score for c, r in existing.items() if c in TRANSFER_CRITERIA]
    )
    if changes:
        _save_revision(
            practice, user=curator, reason=REASON_RATED,
            update_fields=["innovation_score", "transfer_score"],
        )  # fmt: skip
        changes["innovation_score"] = audit_value(practice.innovation_score)
        changes["transfer_score"] = audit_value(practice.transfer_score)
        audit_log(user=curator, action="practice.rate", target=practice, changes=changes)
    return practice


# Revisions ----------------------------------------------------------------------------------


@transaction.atomic
def practice_restore(*, practice: Practice, user: User, history_id: int) -> Practice:
    """Bring back the content (fields and m2m) of an earlier revision as a new revision.

    Workflow state, dates, the ratings' means, slug and organisation stay as they are;
    related records deleted since then are left out.
    """
    announce("practices")  # the network recomputes from this (core.changes)
    practice = _lock(practice)
    record = practice.history.filter(history_id=history_id).first()
    if record is None:
        raise ValidationError(_("Diese Version gehört nicht zu diesem Praxisbeispiel."))
    data: dict[str, Any] = {}
    for name in RESTORED_FIELDS:
        field = Practice._meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101
        value = getattr(record, field.attname)
        if isinstance(field, models.ForeignKey):
            related: Any = field.related_model
            value = related._default_manager.filter(pk=value).first() if value else None
        data[name] = value
    for name in M2M_FIELDS:
        m2m_field = Practice._meta.get_field(name)
        related = m2m_field.related_model
        column = f"{get_m2m_reverse_field_name(m2m_field)}_id"
        ids = list(getattr(record, name).values_list(column, flat=True))
        data[name] = list(related._default_manager.filter(pk__in=ids))
    changes = apply_changes(practice, CONTENT_FIELDS, data)
    try:
        practice.full_clean()
    except ValidationError as exc:
        raise ValidationError(
            _("Diese Version kann nicht wiederhergestellt werden: %(errors)s")
            % {"errors": " ".join(exc.messages)}
        ) from exc
    changes.update(_set_m2m(practice, data))
    _save_revision(practice, user=user, reason=REASON_RESTORED % {"id": history_id})
    audit_log(
        user=user, action="practice.restore", target=practice,
        changes={"history_id": history_id, **changes},
    )  # fmt: skip
    return practice


# Images -------------------------------------------------------------------------------------


@transaction.atomic
def practice_image_add(
    *,
    practice: Practice,
    user: User,
    image: UploadedFile,
    alt_text: str,
    credit: str,
    caption: str = "",
) -> PracticeImage:
    """Check and re-encode an uploaded picture (PNG, no metadata) and attach it."""
    alt_text, credit, caption = alt_text.strip(), credit.strip(), caption.strip()
    errors: dict[str, Any] = {}
    if not alt_text:
        errors["alt_text"] = _(
            "Bitte beschreiben Sie, was auf dem Bild zu sehen ist (Alternativtext)."
        )
    if not credit:
        errors["credit"] = _("Bitte geben Sie an, von wem das Bild stammt.")
    try:
        content = reencode_image(image, max_edge=IMAGE_MAX_EDGE)
    except ValidationError as exc:
        errors["image"] = exc.messages
    if errors:
        raise ValidationError(errors)
    practice = _lock(practice)
    last = practice.images.aggregate(models.Max("position"))["position__max"]
    picture = PracticeImage(
        practice=practice, alt_text=alt_text, credit=credit, caption=caption,
        position=0 if last is None else last + 1,
    )  # fmt: skip
    picture.image.save(upload_name(practice.slug), content, save=False)
    picture.full_clean()
    picture.save()
    _touch(practice.pk)
    audit_log(
        user=user, action="practice.image_add", target=practice,
        changes={"image": picture.image.name, "alt_text": alt_text},
    )  # fmt: skip
    return picture


@transaction.atomic
def practice_image_remove(*, image: PracticeImage, user: User) -> None:
    practice = _lock(image.practice)
    name, alt_text = image.image.name, image.alt_text
    storage, path = image.image.storage, image.image.name
    image.delete()
    transaction.on_commit(lambda: storage.delete(path))
    _touch(practice.pk)
    audit_log(
        user=user, action="practice.image_remove", target=practice,
        changes={"image": name, "alt_text": alt_text},
    )  # fmt: skip
