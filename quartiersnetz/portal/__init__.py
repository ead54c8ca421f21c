"""The top floor: pages and commands that combine several apps.

The start page (the taxonomy and the number of participants), the own area `/konto/mein-bereich/`
(account settings, memberships, expert profile), the curators' area `/kuration/` (what waits for
a curator in actors, practices and events, and the audit log) and `manage.py bootstrap`. This app
may import every app below it; no app imports it (they address its pages by URL name, which keep
the namespaces they always had: `core:home`, `accounts:dashboard`, `audit:dashboard`, `audit:log`).
"""
