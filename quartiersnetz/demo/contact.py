"""Sample conversations (contact between actors) for the demo login's inbox.

Sample actors from other sectors wrote to the demo user's organisations: one thread still
unread, one answered by the demo login (both sides wrote: the thread offers a connection), one
older that the demo login wrote itself. The sample actors have no members who could act through
the services, so the rows are written directly (authored by nobody on the sample side); the
demo login's own messages name it as their author.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.contact.models import Message, ReadState, Thread

# (subject, [(from the demo side?, days ago, text)], read by the demo login?)
THREADS: list[tuple[str, list[tuple[bool, int, str]], bool]] = [
    (
        "Leerstand in der Fußgängerzone gemeinsam bespielen?",
        [
            (
                False,
                2,
                "Guten Tag,\n\nwir haben Ihr Profil auf der Perspektiven-Werkstatt gesehen. In "
                "unserer Fußgängerzone stehen drei Ladenlokale leer; die Eigentümer wären zu einer "
                "Zwischennutzung bereit. Hätten Sie Interesse, das mit uns zu entwickeln?\n\n"
                "Unsere Ideen stehen hier: [Konzeptskizze](https://example.org/konzept-leerstand)",
            ),
        ],
        False,
    ),
    (
        "Erfahrungen mit dem Verfügungsfonds",
        [
            (
                False,
                12,
                "Hallo, Sie haben im Quartiersmanagement einen Verfügungsfonds aufgebaut. Wie "
                "haben Sie die Vergabejury zusammengesetzt? Wir stehen gerade am Anfang.",
            ),
            (
                True,
                10,
                "Gern! Bei uns entscheiden fünf Personen aus der Nachbarschaft und zwei aus "
                "Vereinen, für je ein Jahr. Die Geschäftsordnung schicken wir Ihnen gern – "
                "sollen wir telefonieren?",
            ),
            (False, 9, "Das wäre sehr hilfreich. Nächste Woche Dienstag am Vormittag?"),
        ],
        True,
    ),
    (
        "Einladung zur Praxiswerkstatt im Frühjahr",
        [
            (
                True,
                40,
                "Wir bereiten eine Praxiswerkstatt zur Belebung von Erdgeschosszonen vor und "
                "würden Ihr Projekt gern als Praxisinput vorstellen. Hätten Sie im April Zeit?",
            ),
        ],
        True,
    ),
]


def load(*, demo_user: User) -> dict[str, int]:
    """Add the sample threads (once) to the demo login's first organisation."""
    own = (
        Actor.objects.filter(memberships__user=demo_user, is_hidden=False).order_by("slug").first()
    )
    if own is None or Thread.objects.filter(recipient_actor=own, started_by=None).exists():
        return {"created": 0}
    others = list(
        Actor.objects.filter(is_sample=True, is_hidden=False, kind=Actor.Kind.ORGANISATION)
        .exclude(pk=own.pk)
        .exclude(sector_id=own.sector_id)
        .exclude(memberships__user=demo_user)
        .order_by("slug")[: len(THREADS)]
    )
    now = timezone.now()
    created = 0
    for other, (subject, messages, read) in zip(others, THREADS, strict=False):
        demo_starts = messages[0][0]
        last = now - timedelta(days=messages[-1][1])
        thread = Thread.objects.create(
            sender_actor=own if demo_starts else other,
            recipient_actor=other if demo_starts else own,
            started_by=demo_user if demo_starts else None,
            subject=subject,
            last_message_at=last,
        )
        for from_demo, days, text in messages:
            message = Message.objects.create(
                thread=thread,
                author=demo_user if from_demo else None,
                author_actor=own if from_demo else other,
                body=text,
            )
            Message.objects.filter(pk=message.pk).update(created=now - timedelta(days=days))
        Thread.objects.filter(pk=thread.pk).update(created=now - timedelta(days=messages[0][1]))
        if read:
            ReadState.objects.create(thread=thread, user=demo_user, read_at=last)
        created += 1
    return {"created": created}
