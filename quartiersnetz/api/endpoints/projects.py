"""Stub: filled in by the endpoint's author (see api/endpoints/practices.py for the pattern)."""

from ninja import Router

projects_router = Router(tags=["projects"])
learnings_router = Router(tags=["learnings"])
