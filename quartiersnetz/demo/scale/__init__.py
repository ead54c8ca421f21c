"""Synthetic benchmark data of `manage.py scale_data`, one module per domain."""
