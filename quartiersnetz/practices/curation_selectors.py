"""Reads of the curation workflow: own practices, review queue, conversation, revisions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor, Membership

from .models import Practice, PracticeImage, PracticeRating, ReviewComment
from .selectors import author_actor_ids

# Fields never shown in a revision diff (bookkeeping of the history itself).
DIFF_EXCLUDED = ("id", "search_text", "updated", "created")
# Text fields whose change is shown line by line.
LONG_TEXT_FIELDS = frozenset(
    f.name for f in Practice._meta.concrete_fields if isinstance(f, models.TextField)
)


def author_actors(user: User) -> QuerySet[Actor]:
    """The profiles the user may write practices for: their organisations and expert profile."""
    if not user.is_authenticated:
        return Actor.objects.none()
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return Actor.objects.filter(Q(pk__in=organisations) | Q(user=user))


def my_practices(user: User) -> QuerySet[Practice]:
    """Practices of the user's organisations and expert profile, recently changed first."""
    return (
        Practice.objects.filter(organisation_id__in=author_actor_ids(user))
        .select_related("organisation", "kind", "type")
        .annotate(open_comments=Count("review_comments"))
        .order_by("-updated", "-id")
    )


def review_queue() -> QuerySet[Practice]:
    """Submitted practices, the longest waiting first."""
    return (
        Practice.objects.filter(state=Practice.State.SUBMITTED)
        .select_related("organisation", "kind", "type", "municipality")
        .order_by("submitted_at", "id")
    )


def review_queue_count() -> int:
    return Practice.objects.filter(state=Practice.State.SUBMITTED).count()


def practice_for_edit(slug: str) -> Practice | None:
    related = ("organisation", "kind", "type", "spatial_field", "municipality", "adapted_from")
    return (
        Practice.objects.select_related(*related)
        .prefetch_related("action_fields", "approaches__action_field", "methods")
        .filter(slug=slug)
        .first()
    )


def review_comments(practice: Practice) -> QuerySet[ReviewComment]:
    return practice.review_comments.select_related("author").order_by("created", "id")


def practice_images(practice: Practice) -> QuerySet[PracticeImage]:
    return practice.images.order_by("position", "id")


def practice_ratings(practice: Practice) -> dict[str, PracticeRating]:
    return {r.criterion: r for r in practice.ratings.select_related("rated_by")}


def involved_actors(practice: Practice) -> list[Any]:
    return list(practice.roles.select_related("actor").order_by("role", "actor__name"))


# Revisions ----------------------------------------------------------------------------------


def practice_revisions(practice: Practice) -> QuerySet[Any]:
    """All revisions of a practice, newest first, with the user who made each."""
    return practice.history.select_related("history_user").order_by("-history_date", "-history_id")


def practice_revision(practice: Practice, history_id: int) -> Any | None:
    return practice_revisions(practice).filter(history_id=history_id).first()


def previous_revision(record: Any) -> Any | None:
    return (
        type(record)
        .objects.filter(id=record.id)
        .filter(
            Q(history_date__lt=record.history_date)
            | Q(history_date=record.history_date, history_id__lt=record.history_id)
        )
        .order_by("-history_date", "-history_id")
        .first()
    )


def history_type_label(history_type: str) -> str:
    return {
        "+": _("angelegt"),
        "~": _("geändert"),
        "-": _("gelöscht"),
    }.get(history_type, history_type)


@dataclass
class LineChange:
    kind: str  # "equal", "delete", "insert"
    text: str


@dataclass
class FieldChange:
    name: str
    label: str
    old: str = ""
    new: str = ""
    lines: list[LineChange] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.lines:
            return "text"
        if self.removed or self.added:
            return "set"
        return "value"


def _value_label(name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    model_field = Practice._meta.get_field(name)
    choices = getattr(model_field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return str(value)


def line_diff(old: str, new: str) -> list[LineChange]:
    """A line-by-line diff (difflib) of two texts; unchanged lines are kept for context."""
    result: list[LineChange] = []
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(LineChange("equal", line) for line in old_lines[i1:i2])
            continue
        if tag in ("delete", "replace"):
            result.extend(LineChange("delete", line) for line in old_lines[i1:i2])
        if tag in ("insert", "replace"):
            result.extend(LineChange("insert", line) for line in new_lines[j1:j2])
    return result


def _m2m_labels(rows: list[dict[str, Any]], name: str) -> list[str]:
    related: Any = Practice._meta.get_field(name).related_model
    column = related._meta.model_name
    return sorted(str(row.get(column)) for row in rows)


def revision_changes(record: Any, previous: Any | None) -> list[FieldChange]:
    """What changed from `previous` to `record`, field by field (m2m fields included).

    The first revision is compared with an empty record: every filled field is "new".
    """
    labels = {
        f.name: str(getattr(f, "verbose_name", f.name))
        for f in Practice._meta.get_fields()
        if f.concrete or f.many_to_many
    }
    if previous is None:
        return _initial_changes(record, labels)
    delta = record.diff_against(previous, excluded_fields=DIFF_EXCLUDED, foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        name = change.field
        item = FieldChange(name=name, label=labels.get(name, name))
        if name in {f.name for f in Practice._meta.many_to_many}:
            old, new = _m2m_labels(change.old, name), _m2m_labels(change.new, name)
            item.removed = [v for v in old if v not in new]
            item.added = [v for v in new if v not in old]
        elif name in LONG_TEXT_FIELDS:
            item.lines = line_diff(change.old or "", change.new or "")
        else:
            item.old = _value_label(name, change.old)
            item.new = _value_label(name, change.new)
        changes.append(item)
    return changes


def _initial_changes(record: Any, labels: dict[str, str]) -> list[FieldChange]:
    changes = []
    for model_field in Practice._meta.concrete_fields:
        name = model_field.name
        if name in DIFF_EXCLUDED or not model_field.editable:
            continue
        value = getattr(record, model_field.attname, None)
        if value in (None, ""):
            continue
        if isinstance(model_field, models.ForeignKey):
            fk_model: Any = model_field.related_model
            value = fk_model._default_manager.filter(pk=value).first() or value
        item = FieldChange(name=name, label=labels.get(name, name))
        if name in LONG_TEXT_FIELDS:
            item.lines = line_diff("", str(value))
        else:
            item.new = _value_label(name, value)
        changes.append(item)
    for m2m in Practice._meta.many_to_many:
        if m2m.name == "involved_actors":
            continue
        m2m_model: Any = m2m.related_model
        column = str(m2m_model._meta.model_name)
        values = sorted(
            str(getattr(row, column)) for row in getattr(record, m2m.name).select_related(column)
        )
        if values:
            changes.append(FieldChange(name=m2m.name, label=labels[m2m.name], added=values))
    return sorted(changes, key=lambda c: c.name)
