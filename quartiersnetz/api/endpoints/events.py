"""Stub: filled in by the endpoint's author (see api/endpoints/practices.py for the pattern)."""

from ninja import Router

events_router = Router(tags=["events"])
series_router = Router(tags=["series"])
