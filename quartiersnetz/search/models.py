"""No Django models: the index lives in database objects made by its migrations (schema.py).

This module exists so that Django sends this app the `post_migrate` signal, on which
`apps._ensure_search_index` repairs index parts a later migration dropped.
"""
