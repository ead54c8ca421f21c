"""Reads for the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEntry


def audit_entries(*, action: str = "") -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("user", "content_type")
    if action:
        qs = qs.filter(action=action)
    return qs.order_by("-created", "-id")


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
