"""Add invented, realistic sample organisations and expert profiles ("Beispieldaten").

    python manage.py demo_data          # or: make demo

Adds about 70 organisations from all seven sectors and all 16 Bundesländer (municipalities of
every size class from the official directory), 18 expert profiles with sample accounts, a
few memberships whose members agreed to be named, and 66 Praxisbeispiele with curator ratings,
adaptation chains and a small review queue (`quartiersnetz/demo/practices.py`). Every record
is marked `is_sample=True`; the profile page labels it "Beispieldaten". The output is
deterministic (fixed seed) and running the command again adds nothing. One module per domain
in quartiersnetz/demo/ (actors, practices, events, projects) generates the records.

Demo logins (the only sample accounts with a usable password; do not load sample data into a
public installation):

    demo@quartiersnetz.example      Gemeinsam-fuer-das-Quartier   owns two sample organisations
    kuration@quartiersnetz.example  Kuration-Gemeinsam-2026       group "Kuration", admin access
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from quartiersnetz.accounts.models import User
from quartiersnetz.demo import actors as actor_demo
from quartiersnetz.demo import alliances as alliance_demo
from quartiersnetz.demo import contact as contact_demo
from quartiersnetz.demo import events as event_demo
from quartiersnetz.demo import matching as matching_demo
from quartiersnetz.demo import network as network_demo
from quartiersnetz.demo import notifications as notification_demo
from quartiersnetz.demo import practices as practice_demo
from quartiersnetz.demo import projects as project_demo
from quartiersnetz.demo import publications as publication_demo
from quartiersnetz.demo.actors import CURATOR_EMAIL, CURATOR_PASSWORD, DEMO_EMAIL, DEMO_PASSWORD
from quartiersnetz.demo.bulk import update_statistics


class Command(BaseCommand):
    help = (
        "Fügt erfundene Beispiel-Organisationen und -Expertenprofile hinzu (als „Beispieldaten“ "
        f"markiert; idempotent). Demo-Login: {DEMO_EMAIL} / {DEMO_PASSWORD}; Kuration: "
        f"{CURATOR_EMAIL} / {CURATOR_PASSWORD}."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        news_before = notification_demo.last_news_id()
        with transaction.atomic():
            counts = actor_demo.load()
            practices = practice_demo.load(
                curator=User.objects.get(email=CURATOR_EMAIL),
                demo_user=User.objects.get(email=DEMO_EMAIL),
            )
            curator = User.objects.get(email=CURATOR_EMAIL)
            demo_user = User.objects.get(email=DEMO_EMAIL)
            publications = publication_demo.load(curator=curator, demo_user=demo_user)
            events = event_demo.load(curator=curator, demo_user=demo_user)
            projects = project_demo.load(curator=curator, demo_user=demo_user)
            publication_demo.link_examples(curator=curator)
            alliances = alliance_demo.load(curator=curator)
            matching_demo.load()
            conversations = contact_demo.load(demo_user=demo_user)
        update_statistics()
        # Last: the network is computed from everything above.
        network = network_demo.load(demo_user=demo_user)
        with transaction.atomic():
            # After everything it tells about; the build's own news is old news (no flood).
            notification_demo.mark_build_news_handled(news_before)
            notified = notification_demo.load(demo_user=demo_user)
        self.stdout.write(
            self.style.SUCCESS(
                "Beispieldaten: {organisations} Organisationen, {experts} Expertenprofile, "
                "{memberships} Mitgliedschaften und {users} Konten neu angelegt; "
                "{skipped} Profile waren schon vorhanden.".format(**counts)
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Praxisbeispiele: {practices} neu angelegt ({published} veröffentlicht, "
                "{ratings} bewertet); {skipped} waren schon vorhanden.".format(**practices)
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Impulse: {created} neu angelegt; {skipped} waren schon vorhanden.".format(
                    **publications
                )
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Werkstätten: {created} neu angelegt; {skipped} waren schon vorhanden.".format(
                    **events
                )
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Vorhaben: {created} neu angelegt; {skipped} waren schon vorhanden.".format(
                    **projects
                )
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Allianzen: {created} neu angelegt; {skipped} übersprungen.".format(**alliances)
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Netzwerk: {created} Verbindungen neu angelegt; {edges} Verbindungen "
                "insgesamt berechnet.".format(**network)
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Nachrichten: {created} Unterhaltungen neu angelegt.".format(**conversations)
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Benachrichtigungen: {follows} Folgen und {created} Benachrichtigungen "
                "für den Demo-Login.".format(**notified)
            )
        )
        self.stdout.write(f"Demo-Login:     {DEMO_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"Kuration-Login: {CURATOR_EMAIL} / {CURATOR_PASSWORD}")
