"""The routers of the open-data API (decision 0012), one module per kind of record."""
