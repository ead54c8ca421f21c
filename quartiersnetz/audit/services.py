"""Writing to the audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from quartiersnetz.accounts.models import User

from .models import AuditEntry


def audit_log(
    *,
    user: User | None,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry: who (user), what (action, changes), on what (target)."""
    entry = AuditEntry(user=user, action=action, changes=changes or {})
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
        entry.object_repr = str(target)[:300]
    entry.save()
    return entry


def audit_value(value: Any) -> Any:
    """A value as it is stored in an entry's changes: numbers and booleans kept, others as text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def apply_changes(
    obj: models.Model,
    fields: Iterable[str],
    data: dict[str, Any],
    *,
    display: Callable[[Any], Any] = audit_value,
    assign_fk_id: bool = False,
) -> dict[str, Any]:
    """Set `fields` of `obj` from `data`; return {field: [old, new]} (via `display`) for the log.

    Fields missing from `data` are left alone. A foreign key counts as changed when its id
    changes; its old object is read only then. With `assign_fk_id` the new id is assigned
    (`<field>_id`), otherwise the new object itself.
    """
    changes: dict[str, Any] = {}
    for name in fields:
        if name not in data:
            continue
        field = obj._meta.get_field(name)
        new = data[name]
        if isinstance(field, models.ForeignKey):
            old_id = getattr(obj, field.attname)
            new_id = new.pk if isinstance(new, models.Model) else new
            if old_id != new_id:
                old = getattr(obj, name) if old_id is not None else None
                changes[name] = [display(old), display(new)]
                if assign_fk_id:
                    setattr(obj, field.attname, new_id)
                else:
                    setattr(obj, name, new)
            continue
        old = getattr(obj, name)
        if old != new:
            changes[name] = [display(old), display(new)]
            setattr(obj, name, new)
    return changes
