"""Encode every public record for the search by meaning (search/semantic.py).

Run after `demo_data`, `scale_data` or a restore, so that no web process has to encode the
whole collection in its background thread; afterwards only changed texts are encoded (by the
worker). Encodes about 70 texts a second on one core.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from quartiersnetz.search import semantic


class Command(BaseCommand):
    help = "Encode every public record for the search by meaning (embedding file cache)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = semantic.warm()
        self.stdout.write(
            f"{count} records embedded for the search by meaning "
            f"in {time.monotonic() - started:.1f} s."
        )
