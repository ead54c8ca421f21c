"""Sample explicit connections between the sample actors, then one recomputation of the network.

Most connections join actors of different sectors in the same Bundesland (the platform's point:
bridging sectors), a few are still waiting for confirmation — one of them addressed to an
organisation of the demo login, so signing in as demo@quartiersnetz.example shows a proposal to
answer. The sample actors have no members who could act through the services, so the rows are
written directly (marked as proposed by nobody); everything else the network shows is derived
from the sample practices, projects and Werkstätten by `network.recompute`.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.network.models import Connection
from quartiersnetz.network.tasks import recompute_network

SEED = 20261204
CONFIRMED = 60
PROPOSED = 6
MESSAGES = [
    "Wir haben uns bei der Perspektiven-Werkstatt kennengelernt und würden gern "
    "weiter zusammenarbeiten.",
    "Ihr Projekt zur Zwischennutzung passt gut zu unserem Leerstandsmanagement.",
    "Wir planen einen Quartiersspaziergang und suchen Partner vor Ort.",
    "",
    "",
]
KINDS = [Connection.Kind.WORKS_WITH] * 3 + [Connection.Kind.KNOWS] * 2 + [Connection.Kind.MEMBER_OF]


def _candidate_pairs(actors: list[Actor], rng: random.Random) -> list[tuple[Actor, Actor]]:
    pairs = []
    for index, a in enumerate(actors):
        for b in actors[index + 1 :]:
            if a.sector_id == b.sector_id:
                continue
            same_state = (
                a.municipality is not None
                and b.municipality is not None
                and a.municipality.state == b.municipality.state
            )
            if same_state or rng.random() < 0.01:
                pairs.append((a, b))
    rng.shuffle(pairs)
    return pairs


def load(*, demo_user: User) -> dict[str, int]:
    """Add the sample connections (once) and recompute the network."""
    created = 0
    if not Connection.objects.filter(from_actor__is_sample=True).exists():
        rng = random.Random(SEED)  # noqa: S311 - reproducible sample data
        actors = list(
            Actor.objects.filter(is_sample=True, is_hidden=False)
            .select_related("municipality")
            .order_by("slug")
        )
        pairs = _candidate_pairs(actors, rng)
        now = timezone.now()
        rows = []
        for index, (a, b) in enumerate(pairs[: CONFIRMED + PROPOSED]):
            if rng.random() < 0.5:
                a, b = b, a
            confirmed = index < CONFIRMED
            when = now - timedelta(days=rng.randint(3, 300))
            rows.append(
                Connection(
                    from_actor=a,
                    to_actor=b,
                    kind=rng.choice(KINDS),
                    status=Connection.Status.CONFIRMED if confirmed else Connection.Status.PROPOSED,
                    message=rng.choice(MESSAGES),
                    confirmed_at=when if confirmed else None,
                )
            )
        own = list(
            Actor.objects.filter(memberships__user=demo_user, is_sample=True).order_by("slug")
        )
        if own:
            others = [
                a
                for a in actors
                if a.pk not in {o.pk for o in own} and a.sector_id != own[0].sector_id
            ]
            if others:
                rows.append(
                    Connection(
                        from_actor=rng.choice(others),
                        to_actor=own[0],
                        kind=Connection.Kind.WORKS_WITH,
                        message="Wir würden gern gemeinsam einen Leerstand in der Innenstadt "
                        "bespielen – passt das zu Ihnen?",
                    )
                )
        Connection.objects.bulk_create(rows, ignore_conflicts=True)
        created = len(rows)
    result = recompute_network.call(force=True)
    return {"created": created, "edges": int(result.get("edges", 0))}
