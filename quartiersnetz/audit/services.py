"""Writing to the audit log."""

from __future__ import annotations

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
