"""Stub: filled in by the endpoint's author (see api/endpoints/practices.py for the pattern)."""

from ninja import Router

router = Router(tags=["connections"])
