"""Vorhaben: local projects accompanied by the initiative (models land with the project pages)."""
