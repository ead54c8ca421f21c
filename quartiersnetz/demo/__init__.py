"""Invented sample data ("Beispieldaten") and synthetic benchmark data: the top layer.

One module per domain (`actors`, `practices`, `events`, `projects`) builds the records of
`manage.py demo_data`; `scale/<domain>.py` the bulk records of `manage.py scale_data`. This app
may import every other app; no other app imports it (call the commands by name instead).
"""
