"""Allianzen vor Ort: local cross-sector partnerships of actors in a place."""
