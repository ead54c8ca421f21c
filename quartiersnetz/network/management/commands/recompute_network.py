"""Recompute the whole network synchronously: edges, figures and suggestions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quartiersnetz.network.tasks import recompute_network


class Command(BaseCommand):
    help = "Recompute the network's edges, figures and partner suggestions now (no queue)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Skip when nothing the network reads has changed since the last run.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = recompute_network.call(force=not options["if_changed"])
        if result.get("skipped"):
            self.stdout.write("network unchanged, nothing recomputed")
            return
        self.stdout.write(
            "network recomputed: {edges} edges, {figures} figures, {suggestions} suggestions "
            "in {seconds} s".format(**result)
        )
