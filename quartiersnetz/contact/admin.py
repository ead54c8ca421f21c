"""Operators see blocks, reports and writing suspensions; the messages themselves stay out of the
admin (personal data read only by the two sides; reported ones in the curators' area)."""

from __future__ import annotations

from django.contrib import admin

from .models import Block, Report, Suspension


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin[Block]):
    list_display = ("actor", "blocked_actor", "created")
    raw_id_fields = ("actor", "blocked_actor", "created_by")
    list_select_related = ("actor", "blocked_actor")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ("pk", "created", "resolved_at")
    list_filter = ("resolved_at",)
    raw_id_fields = ("message", "reporter", "resolved_by")


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin[Suspension]):
    list_display = ("user", "created", "lifted_at")
    raw_id_fields = ("user", "created_by")
    list_select_related = ("user",)
