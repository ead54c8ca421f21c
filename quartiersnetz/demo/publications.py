"""Invented sample Handlungsempfehlungen and an Impulsbeitrag for `demo_data` ("Beispieldaten").

One sample paper of numbered Handlungsempfehlungen, written by the curators through the
services: each recommendation with its reasoning, action field and approach and linked to two
sample Praxisbeispiele; `link_examples` (after the sample Werkstätten and Vorhaben exist) links
each to a sample Werkstatt it was developed in and a public sample Vorhaben it is tried in. One
Impulsbeitrag submitted by the demo login for its organisation waits for the curators.

The seed's real publications are left exactly as they are: nothing here refers to them. Every
title says "(Beispiel)", every text starts with "Beispieldaten". Deterministic and idempotent:
a publication whose slug exists is skipped, links are only added where none exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.events.models import Event
from quartiersnetz.events.recommendation_links import recommendation_events_set
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project
from quartiersnetz.projects.recommendation_links import recommendation_projects_set
from quartiersnetz.publications import services
from quartiersnetz.publications.models import Publication, Recommendation
from quartiersnetz.taxonomy.models import ActionField, Approach

PAPER_SLUG = "beispiel-empfehlungen-aus-den-praxiswerkstaetten"
IMPULSE_TITLE = "Leerstand als Lernort (Beispiel)"


@dataclass(frozen=True)
class RecommendationSpec:
    title: str
    text: str
    reasoning: str
    approach: str  # slug of a seeded Handlungsansatz


RECOMMENDATIONS = [
    RecommendationSpec(
        "Leerstand zuerst auf Zeit öffnen",
        "Kommunen und Eigentümer:innen vereinbaren Zwischennutzungen mit klaren Fristen, bevor "
        "über den dauerhaften Umbau entschieden wird.",
        "In den Beispielen entstanden tragfähige Nutzungen dort, wo Räume früh und günstig "
        "erprobt werden konnten; die Werkstätten zeigten, dass Fristen Vertrauen schaffen.",
        "nutzungsmischung-handelsimmobilien",
    ),
    RecommendationSpec(
        "Eine Kümmerin oder einen Kümmerer vor Ort finanzieren",
        "Ein Transformationsmanagement mit Budget und Mandat hält Eigentümer:innen, Verwaltung "
        "und Initiativen zusammen.",
        "Wo eine Person ansprechbar war, kamen Vorhaben schneller von der Idee zum Prototyp; "
        "ohne sie verliefen Beteiligungsformate im Sande.",
        "transformationsmanagement",
    ),
    RecommendationSpec(
        "Kreative Orte als Netzwerkknoten verstehen",
        "Creative Places werden nicht nur als Flächen, sondern als Treffpunkte für lokale "
        "Netzwerke geplant und gefördert.",
        "Die vorgestellten Orte wirkten über ihre Räume hinaus, weil sie Akteur:innen aus "
        "Kultur, Handel und Nachbarschaft regelmäßig zusammenbrachten.",
        "creative-places",
    ),
    RecommendationSpec(
        "Im Mikroquartier beginnen",
        "Kleine, überschaubare Räume – eine Straße, ein Block – eignen sich als Kern "
        "aktivierender Quartiersentwicklung.",
        "In den Werkstätten berichteten Beteiligte, dass sichtbare Erfolge im Kleinen die "
        "Bereitschaft für größere Schritte weckten.",
        "mikroquartiere",
    ),
    RecommendationSpec(
        "Kleinstädte mit Hochschulen und Gründer:innen verbinden",
        "Kleinstädte öffnen Leerstände für Lehre, Forschung und Gründungen auf Zeit.",
        "Die Beispiele zeigen, dass Kooperationen mit Hochschulen neue Nutzer:innen in die "
        "Ortskerne bringen und eigene Dynamiken auslösen.",
        "kleinstadt-als-campus",
    ),
]


def load(*, curator: User, demo_user: User | None = None) -> dict[str, int]:
    with transaction.atomic():
        return _load(curator=curator, demo_user=demo_user)


def _load(*, curator: User, demo_user: User | None) -> dict[str, int]:
    created = skipped = 0
    if Publication.objects.filter(slug=PAPER_SLUG).exists():
        skipped += 1
    else:
        _paper(curator)
        created += 1
    if Publication.objects.filter(title=IMPULSE_TITLE, submitted_at__isnull=False).exists():
        skipped += 1
    elif demo_user is not None and _impulse(demo_user):
        created += 1
    return {"created": created, "skipped": skipped}


def _paper(curator: User) -> Publication:
    approaches = {a.slug: a for a in Approach.objects.select_related("action_field")}
    paper = services.publication_create(
        user=curator,
        data={
            "kind": Publication.Kind.RECOMMENDATIONS,
            "slug": PAPER_SLUG,
            "title": "Fünf Empfehlungen aus den Praxiswerkstätten (Beispiel)",
            "summary": (
                "Beispieldaten: Was die erfundenen Praxiswerkstätten über Leerstand, "
                "Kümmerer:innen, kreative Orte, Mikroquartiere und Kleinstädte gelernt haben."
            ),
            "body": "*Beispieldaten: Diese Handlungsempfehlungen sind erfunden.*",
            "action_field": ActionField.objects.order_by("position").first(),
            "is_published": True,
        },
    )
    practices = list(
        Practice.objects.filter(is_sample=True)
        .filter(Practice.PUBLIC.q())
        .order_by("slug")
        .only("id", "slug")
    )
    for number, spec in enumerate(RECOMMENDATIONS, start=1):
        approach = approaches.get(spec.approach)
        recommendation = services.recommendation_save(
            user=curator,
            publication=paper,
            number=number,
            title=spec.title,
            text=spec.text,
            extra={
                "reasoning": spec.reasoning,
                "approach": approach,
                "action_field": approach.action_field if approach else None,
            },
        )
        if practices:
            chosen = [practices[(2 * number) % len(practices)]]
            chosen.append(practices[(2 * number + 7) % len(practices)])
            services.recommendation_link_practices(
                user=curator, recommendation=recommendation, practices=chosen
            )
    return paper


def _impulse(demo_user: User) -> Publication | None:
    organisation = (
        Actor.objects.filter(memberships__user=demo_user, kind=Actor.Kind.ORGANISATION)
        .order_by("slug")
        .first()
    )
    if organisation is None:
        return None
    return services.publication_submit(
        user=demo_user,
        organisation=organisation,
        data={
            "kind": Publication.Kind.IMPULSE,
            "title": IMPULSE_TITLE,
            "summary": (
                "Beispieldaten: Wie ein leeres Ladenlokal ein Jahr lang zum Treffpunkt für "
                "Schulen, Handel und Nachbarschaft wurde – und was die Stadt daraus lernte."
            ),
            "body": "*Beispieldaten: Dieser Beitrag ist erfunden.*",
        },
    )


def link_examples(*, curator: User) -> int:
    """Give each sample recommendation a sample Werkstatt and a public sample Vorhaben (only
    where it has none yet); run after the sample events and projects. Returns links added."""
    recommendations = list(
        Recommendation.objects.filter(publication__slug=PAPER_SLUG).order_by("number")
    )
    events = list(Event.objects.filter(is_sample=True).filter(Event.PUBLIC.q()).order_by("slug"))
    projects = list(Project.objects.filter(is_sample=True).public().order_by("slug"))
    added = 0
    for i, recommendation in enumerate(recommendations):
        if events and not recommendation.events.exists():
            recommendation_events_set(
                user=curator, recommendation=recommendation, events=[events[i % len(events)]]
            )
            added += 1
        if projects and not recommendation.projects.exists():
            recommendation_projects_set(
                user=curator,
                recommendation=recommendation,
                projects=[projects[i % len(projects)]],
            )
            added += 1
    return added
