"""First-start set-up for `make run` (called after `migrate`).

The initiative's own data (taxonomy, municipalities, the organisations named in the seed text)
arrives with the migrations. On a database without any user account and without sample data,
this command adds the demo data (`demo_data`) so a newcomer sees a populated platform and can
log in with the documented demo accounts; on any other database it does nothing.

With production settings it never loads demo data unless `--demo` is given, because the demo
accounts have published passwords.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor


def is_production() -> bool:
    return str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production")


class Command(BaseCommand):
    help = "Lädt beim ersten Start die Beispieldaten (nur in eine leere Datenbank)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Beispieldaten auch mit Produktions-Einstellungen laden (Demo-Passwörter!).",
        )
        parser.add_argument("--no-demo", action="store_true", help="Keine Beispieldaten laden.")

    def handle(self, *args: Any, **options: Any) -> None:
        users = User.objects.count()
        samples = Actor.objects.filter(is_sample=True).count()
        if users or samples:
            self.stdout.write(
                f"bootstrap: Datenbank wird schon genutzt ({users} Konten, {samples} "
                "Beispielprofile) – nichts zu tun."
            )
            return
        if options["no_demo"] or (is_production() and not options["demo"]):
            self.stdout.write(
                "bootstrap: leere Datenbank; Beispieldaten werden hier nicht geladen "
                "(Produktion oder --no-demo). Ein erstes Konto: manage.py createsuperuser"
            )
            return
        self.stdout.write("bootstrap: leere Datenbank – lade Beispieldaten (demo_data) …")
        call_command("demo_data", stdout=self.stdout, stderr=self.stderr)
