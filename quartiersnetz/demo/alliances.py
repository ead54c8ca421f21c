"""Invented, realistic sample Allianzen for `demo_data` ("Beispieldaten").

Three alliances grown around sample Vorhaben: each takes its project's place and partners as
members and adds sample organisations of the same Bundesland from sectors the partners lack,
with the seed's roles (Kurator:in, Ermöglicher:in, Wegbereiter:in) or Partner:in. Linked are
the project, published practices and public events its members take part in, so links and
members agree. A fourth alliance has only a municipality and a culture member: the one that
lacks sectors. All memberships carry both consents (by the curator, as sample data).

Deterministic (ordered by slug) and idempotent: an alliance whose slug exists is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from quartiersnetz.accounts.models import User
from quartiersnetz.actors.models import Actor
from quartiersnetz.alliances.models import Alliance, AllianceMember
from quartiersnetz.events.models import Event
from quartiersnetz.practices.models import Practice
from quartiersnetz.projects.models import Project

Role = AllianceMember.Role
Origin = AllianceMember.Origin
# Roles in the order members are added: the founder curates, the next enable, ...
ROLE_ORDER = (Role.CURATOR, Role.ENABLER, Role.PATHFINDER, Role.PARTNER, Role.PARTNER)
ROLE_TEXTS = {
    "gebietskoerperschaften": "öffnet Türen in der Verwaltung und stellt Flächen bereit",
    "stiftungen": "fördert Erprobungen und trägt Anschubkosten",
    "stadt-immobilien-projektentwicklung": "bringt leerstehende Immobilien und Eigentümer ein",
    "zentren-quartiers-community-management": "kennt die Nachbarschaft und moderiert vor Ort",
    "kultur-soziokultur-kreativwirtschaft": "bespielt Räume mit Kunst und Kultur",
    "mittler-intermediaere": "vermittelt zwischen Verwaltung, Eigentümern und Initiativen",
    "verbaende-netzwerke-initiativen": "vernetzt Initiativen und bringt Ehrenamtliche mit",
}


@dataclass(frozen=True)
class AllianceSpec:
    slug: str
    name: str
    summary: str
    goals: str
    status: str
    founded: dt.date
    project: str  # the sample project it grows around
    extra_members: int  # sample organisations of other sectors from the same Bundesland
    only_sectors: tuple[str, ...] = ()  # restrict members to these sectors (the lacking one)


ALLIANCES = (
    AllianceSpec(
        slug="allianz-innenstadt-bremen",
        name="Allianz Lebendige Innenstadt Bremen",
        summary=(
            "Eigentümer, Kulturschaffende, Quartiersmanagement und Verwaltung bespielen "
            "gemeinsam leere Kaufhäuser und Ladenlokale in der Bremer Innenstadt."
        ),
        goals=(
            "- Leerstand in der Innenstadt binnen zwei Jahren halbieren\n"
            "- Zwischennutzungen mit einem Mustervertrag schnell möglich machen\n"
            "- Ein offenes Haus für die Nachbarschaft im ehemaligen Kaufhaus verstetigen"
        ),
        status=Alliance.Status.ACTIVE,
        founded=dt.date(2024, 3, 12),
        project="kaufhaus-der-nachbarschaft-bremen",
        extra_members=3,
    ),
    AllianceSpec(
        slug="campus-allianz-altenburg",
        name="Campus-Allianz Altenburg",
        summary=(
            "Stadt, Stiftung und Initiativen machen die Kleinstadt zum Campus: Wohnen, Lernen "
            "und Arbeiten in leeren Altstadthäusern."
        ),
        goals=(
            "Die Allianz will junge Menschen nach Altenburg holen. Dazu öffnen wir leere "
            "Altstadthäuser für **Probewohnen**, Werkstätten und Seminare und verbinden sie "
            "mit Hochschulen der Region."
        ),
        status=Alliance.Status.FORMING,
        founded=dt.date(2025, 9, 1),
        project="campus-altenburg",
        extra_members=2,
    ),
    AllianceSpec(
        slug="oststadt-buendnis-regensburg",
        name="Oststadt-Bündnis Regensburg",
        summary=(
            "Ein Mikroquartier wird zum Kern der Quartiersentwicklung: Wohnungswirtschaft, "
            "Soziokultur und Quartiersmanagement arbeiten an einem Strang."
        ),
        goals=(
            "- Erdgeschosse in der Oststadt für Nachbarschaftsnutzungen öffnen\n"
            "- Einen Quartiersfonds für kleine Projekte gründen"
        ),
        status=Alliance.Status.ACTIVE,
        founded=dt.date(2023, 11, 20),
        project="mikroquartier-oststadt-regensburg",
        extra_members=2,
    ),
    AllianceSpec(
        slug="kulturachse-rostock",
        name="Kulturachse Rostock",
        summary=(
            "Stadtverwaltung und Kulturträger wollen den alten Bahnhof als Dritten Ort "
            "beleben – es fehlen noch Eigentümer, Stiftungen und Quartiersakteure."
        ),
        goals="Den Kulturbahnhof dauerhaft als offenen Ort für Kultur und Nachbarschaft sichern.",
        status=Alliance.Status.FORMING,
        founded=dt.date(2026, 4, 8),
        project="kulturbahnhof-als-dritter-ort-rostock",
        extra_members=1,
        only_sectors=("gebietskoerperschaften", "kultur-soziokultur-kreativwirtschaft"),
    ),
)


def load(*, curator: User) -> dict[str, int]:
    """Add the sample alliances (idempotent); returns counts for the command's summary."""
    with transaction.atomic():
        return _load(curator=curator)


def _load(*, curator: User) -> dict[str, int]:
    counts = {"created": 0, "skipped": 0}
    existing = set(
        Alliance.objects.filter(slug__in=[s.slug for s in ALLIANCES]).values_list("slug", flat=True)
    )
    now = timezone.now()
    for spec in ALLIANCES:
        project = (
            Project.objects.public()
            .select_related("municipality")
            .filter(slug=spec.project)
            .first()
        )
        if spec.slug in existing or project is None:
            counts["skipped"] += 1
            continue
        members = _members(spec, project)
        if not members:
            counts["skipped"] += 1
            continue
        alliance = Alliance.objects.create(
            slug=spec.slug, name=spec.name, summary=spec.summary, goals=spec.goals,
            status=spec.status, founded=spec.founded, municipality=project.municipality,
            created_by=curator, is_sample=True,
        )  # fmt: skip
        for i, actor in enumerate(members):
            sector = actor.sector.slug if actor.sector else ""
            AllianceMember.objects.create(
                alliance=alliance, actor=actor, role=ROLE_ORDER[min(i, len(ROLE_ORDER) - 1)],
                role_text=ROLE_TEXTS.get(sector, ""), is_lead=i == 0,
                initiated_by=Origin.FOUNDED if i == 0 else Origin.INVITED,
                alliance_consented_at=now, alliance_consented_by=curator,
                actor_consented_at=now, actor_consented_by=curator,
            )  # fmt: skip
        ids = [a.pk for a in members]
        alliance.projects.add(project)
        alliance.practices.add(
            *Practice.objects.published()
            .filter(roles__actor__in=ids)
            .distinct()
            .order_by("slug")[:4]
        )
        alliance.events.add(
            *Event.objects.published()
            .filter(event_partners__actor__in=ids)
            .distinct()
            .order_by("start")[:3]
        )
        counts["created"] += 1
    return counts


def _members(spec: AllianceSpec, project: Project) -> list[Actor]:
    """The project's partners, then sample organisations of missing sectors nearby."""
    partners = list(
        Actor.objects.visible()
        .filter(project_roles__project=project, kind=Actor.Kind.ORGANISATION)
        .select_related("sector")
        .order_by("-project_roles__is_lead", "slug")
    )
    if spec.only_sectors:
        partners = [p for p in partners if p.sector and p.sector.slug in spec.only_sectors]
    covered = {p.sector_id for p in partners}
    extra = (
        Actor.objects.visible()
        .filter(
            kind=Actor.Kind.ORGANISATION,
            is_sample=True,
            municipality__state=project.municipality.state,
        )
        .exclude(pk__in=[p.pk for p in partners])
        .select_related("sector")
        .order_by("slug")
    )
    if spec.only_sectors:
        extra = extra.filter(sector__slug__in=spec.only_sectors)
    added: list[Actor] = []
    for actor in extra:
        if len(added) >= spec.extra_members:
            break
        if actor.sector_id not in covered or spec.only_sectors:
            covered.add(actor.sector_id)
            added.append(actor)
    return partners + added
